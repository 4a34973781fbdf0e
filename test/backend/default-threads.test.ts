import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_WASM_THREADS, requestedThreads } from '../../src/backend/index.js';
import { expectNasErrorSync } from '../helpers/expect-nas-error.js';

const saved = process.env['NAS_THREADS'];
afterEach(() => {
  if (saved === undefined) delete process.env['NAS_THREADS'];
  else process.env['NAS_THREADS'] = saved;
});

describe('wasm thread count', () => {
  it('defaults to one thread, whatever the core count (two threads measured up to 3x slower beside busy processes)', () => {
    delete process.env['NAS_THREADS'];
    expect(DEFAULT_WASM_THREADS).toBe(1);
    expect(requestedThreads()).toBe(1);
    process.env['NAS_THREADS'] = '';
    expect(requestedThreads()).toBe(1);
  });

  it('takes --threads first, then NAS_THREADS', () => {
    process.env['NAS_THREADS'] = '2';
    expect(requestedThreads()).toBe(2);
    expect(requestedThreads({ threads: 3 })).toBe(3);
    process.env['NAS_THREADS'] = 'many';
    expectNasErrorSync(() => requestedThreads(), "NAS_THREADS must be a positive integer, got 'many'");
  });
});
