import { chmodSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic, writeFileAtomicSync } from '../../src/checkpoint/index.js';
import { expectNasError } from '../helpers/expect-nas-error.js';
import { useTempDir } from './temp-dir.js';

const dir = useTempDir();
const isRoot = process.getuid?.() === 0;

const writers = [
  ['writeFileAtomic', writeFileAtomic],
  ['writeFileAtomicSync', async (path: string, data: string | Uint8Array) => writeFileAtomicSync(path, data)],
] as const;

describe.each(writers)('%s', (_, write) => {
  it('writes a new file and replaces an existing one, leaving no temp file', async () => {
    const file = join(dir(), 'out.json');
    await write(file, '{"a":1}');
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}');
    await write(file, Uint8Array.of(1, 2, 3));
    expect(Array.from(readFileSync(file))).toEqual([1, 2, 3]);
    expect(readdirSync(dir())).toEqual(['out.json']);
  });

  it('fails in one line naming the path when the parent is a file (fails even for root)', async () => {
    writeFileSync(join(dir(), 'parent'), 'not a directory');
    const file = join(dir(), 'parent', 'out.json');
    const message = await expectNasError(() => write(file, 'x'), `cannot write ${file}: `, '(ENOTDIR)');
    expect(message).not.toContain('.tmp-');
    expect(readdirSync(dir())).toEqual(['parent']);
  });

  it('fails in one line for a missing directory', async () => {
    const file = join(dir(), 'missing', 'out.json');
    await expectNasError(() => write(file, 'x'), `cannot write ${file}: no such file or directory (ENOENT)`);
  });

  it('removes its temp file when the final rename fails, after the data was written', async () => {
    // Renaming a file over a non-empty directory fails (EISDIR) for root too.
    const target = join(dir(), 'target');
    mkdirSync(target);
    writeFileSync(join(target, 'keep'), 'old');
    await expectNasError(() => write(target, 'new'), `cannot write ${target}: `);
    expect(readdirSync(dir())).toEqual(['target']);
    expect(readFileSync(join(target, 'keep'), 'utf8')).toBe('old');
  });

  it.skipIf(isRoot)('names permission denied in a read-only directory', async () => {
    const locked = join(dir(), 'locked');
    mkdirSync(locked);
    chmodSync(locked, 0o500);
    try {
      await expectNasError(() => write(join(locked, 'out'), 'x'), `cannot write ${join(locked, 'out')}: permission denied (EACCES)`);
    } finally {
      chmodSync(locked, 0o700);
    }
  });
});
