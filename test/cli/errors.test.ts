import { describe, expect, it } from 'vitest';
import { reportError } from '../../src/cli/errors.js';
import { NasError } from '../../src/errors.js';

function report(error: unknown) {
  const lines: string[] = [];
  const code = reportError(error, (l) => lines.push(l));
  return { code, lines };
}

describe('reportError', () => {
  it('prints a user error as one line with its exit code', () => {
    expect(report(new NasError('bad --epochs'))).toEqual({ code: 2, lines: ['nas: bad --epochs'] });
  });

  it('names a wasm heap exhaustion and what to lower', () => {
    const error = new Error('memory access out of bounds');
    error.name = 'RuntimeError';
    const { code, lines } = report(error);
    expect(code).toBe(3);
    expect(lines).toEqual(['nas: the wasm heap (at most 4 GB) ran out (memory access out of bounds); lower --batch-size or --channels']);
  });

  it('reports anything else as an internal error in one line', () => {
    const { code, lines } = report(new TypeError('x is undefined\n    at f (file.ts:1:1)'));
    expect(code).toBe(1);
    expect(lines).toEqual(['nas: internal error: x is undefined']);
  });
});
