import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  appendEpoch,
  appendLedger,
  ledgerRecords,
  readLedger,
  readLog,
  resumeLedger,
  truncateLedger,
  truncateLog,
} from '../../src/runs/index.js';
import { useTempDir } from '../checkpoint/temp-dir.js';
import { expectNasError, expectNasErrorSync } from '../helpers/expect-nas-error.js';

const tmp = useTempDir();

/** A ledger of `n` records `{ epoch: i, v: 10 * i }`, written by appends. */
function written(n: number): string {
  const file = join(tmp(), 'log.jsonl');
  for (let i = 0; i < n; i++) appendLedger(file, { epoch: i, v: 10 * i });
  return file;
}

/** What a kill in the middle of appending record `{ epoch: n }` leaves: a last line with no newline. */
function killedWhileAppending(n: number): string {
  const file = written(n);
  writeFileSync(file, `${readFileSync(file, 'utf8')}{"epoch":${n},"v":`);
  return file;
}

describe('ledger', () => {
  it('reads back what was appended, in order, with line numbers; an absent file has no records', () => {
    const file = written(3);
    const { lines, cutLine } = readLedger<{ epoch: number; v: number }>(file);
    expect(lines.map((l) => l.record)).toEqual([
      { epoch: 0, v: 0 },
      { epoch: 1, v: 10 },
      { epoch: 2, v: 20 },
    ]);
    expect(lines.map((l) => l.line)).toEqual([1, 2, 3]);
    expect(cutLine).toBeNull();
    expect(ledgerRecords(join(tmp(), 'none.jsonl'))).toEqual([]);
  });

  it('drops a last line cut short by a kill, and resuming truncates it away so appends continue cleanly', () => {
    const file = killedWhileAppending(2);
    const read = readLedger<{ epoch: number }>(file);
    expect(read.lines.map((l) => l.record.epoch)).toEqual([0, 1]);
    expect(read.cutLine).toBe(3);
    // readLog used to throw here; it reads the ledger the same way now.
    expect(readLog(file).map((r) => r.epoch)).toEqual([0, 1]);
    expect(resumeLedger(file).map((l) => l.line)).toEqual([1, 2]);
    expect(readFileSync(file, 'utf8')).toBe('{"epoch":0,"v":0}\n{"epoch":1,"v":10}\n');
    appendLedger(file, { epoch: 2, v: 20 });
    expect(readLedger(file)).toEqual({ lines: expect.any(Array), cutLine: null });
    expect(ledgerRecords<{ epoch: number }>(file).map((r) => r.epoch)).toEqual([0, 1, 2]);
  });

  it('a corrupt line before the last one is a one-line NasError naming the file and the line', async () => {
    const file = written(4);
    const lines = readFileSync(file, 'utf8').split('\n');
    lines[1] = '{"epoch":1,"v"';
    writeFileSync(file, lines.join('\n'));
    await expectNasError(() => readLedger(file), file, 'line 2', 'damaged');
    await expectNasError(() => resumeLedger(file), file, 'line 2');
    await expectNasError(() => readLog(file), file, 'line 2');
    // Nothing was rewritten.
    expect(readFileSync(file, 'utf8')).toBe(lines.join('\n'));
  });

  it('a last line that ends with a newline was written whole: if it is not a record, the file is damaged', () => {
    const file = written(2);
    writeFileSync(file, `${readFileSync(file, 'utf8')}{"epoch":2\n`);
    expectNasErrorSync(() => readLedger(file), file, 'line 3');
  });

  it('a line that is JSON but not an object is not a record', () => {
    const file = written(2);
    writeFileSync(file, `${readFileSync(file, 'utf8')}[1,2]\n`);
    expectNasErrorSync(() => readLedger(file), file, 'line 3', 'not a JSON object');
  });

  it('truncates to the first N records, and a resumed run keeps the epochs before its checkpoint', () => {
    const file = killedWhileAppending(5);
    expect(truncateLedger(file, 3).map((l) => l.record)).toEqual([
      { epoch: 0, v: 0 },
      { epoch: 1, v: 10 },
      { epoch: 2, v: 20 },
    ]);
    expect(readFileSync(file, 'utf8').split('\n')).toHaveLength(4);
    truncateLog(file, 1);
    expect(readLog(file).map((r) => r.epoch)).toEqual([0]);
    appendEpoch(file, { epoch: 1 });
    expect(readLog(file).map((r) => r.epoch)).toEqual([0, 1]);
    expectNasErrorSync(() => truncateLedger(file, -1), 'whole number');
  });

  it('resuming an absent ledger creates it empty', () => {
    const file = join(tmp(), 'scores.jsonl');
    expect(resumeLedger(file)).toEqual([]);
    expect(readFileSync(file, 'utf8')).toBe('');
  });
});
