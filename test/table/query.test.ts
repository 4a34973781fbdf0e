import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NB201_SPACE } from '../../cells/index.js';
import { computationKey, parseGenotype } from '../../src/space/index.js';
import { queryTable, tableCsv, type TableFile } from '../../src/table/index.js';
import { expectNasErrorSync } from '../helpers/expect-nas-error.js';
import { fakeRun, writeFakeTable } from '../helpers/fake-table.js';
import { runCli } from '../helpers/run-cli.js';

const root = mkdtempSync(join(tmpdir(), 'nas-table-query-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Node 1's output feeds nothing (none~1 twice), so its op does not change the computation.
const DEAD = (op: string) => `|${op}~0|+|nor_conv_3x3~0|none~1|+|skip_connect~0|none~1|nor_conv_1x1~2|`;
const A = DEAD('nor_conv_3x3');
const B = '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|skip_connect~0|nor_conv_3x3~1|nor_conv_3x3~2|';
const C = '|avg_pool_3x3~0|+|none~0|none~1|+|none~0|none~1|avg_pool_3x3~2|';

const { file, table } = writeFakeTable(root, 't', [
  fakeRun(A, 1, 80, 79),
  fakeRun(A, 2, 82, 81),
  fakeRun(B, 1, 85, 84),
  fakeRun(B, 2, 85, 84),
  fakeRun(C, 1, 70, 71),
]);

describe('queryTable', () => {
  it("answers with the row's means, its val rank and test percentile among the table's architectures", () => {
    const [b, a, c] = queryTable(NB201_SPACE, file, table, [B, A, C]);
    expect(b).toMatchObject({ arch: B, key: B, valRank: 1, testPercentile: (100 * 2) / 3, of: 3 });
    expect(a).toMatchObject({ key: A, valRank: 2, testPercentile: 100 / 3 });
    expect(a!.entry).toMatchObject({ val: 81, test: 80 });
    expect(a!.entry.runs!.map((r) => r.seed)).toEqual([1, 2]);
    expect(c).toMatchObject({ valRank: 3, testPercentile: 0 });
  });

  it('answers an architecture the table lacks by its twin of the same computation, and says which', () => {
    const twin = DEAD('avg_pool_3x3');
    expect(computationKey(NB201_SPACE, parseGenotype(NB201_SPACE, twin))).toBe(computationKey(NB201_SPACE, parseGenotype(NB201_SPACE, A)));
    const [answer] = queryTable(NB201_SPACE, file, table, [twin]);
    expect(answer).toMatchObject({ arch: twin, key: A });
  });

  it('an architecture the table lacks, or one not of the space, is a one-line error naming it', () => {
    const missing = '|nor_conv_1x1~0|+|nor_conv_1x1~0|nor_conv_1x1~1|+|nor_conv_1x1~0|nor_conv_1x1~1|nor_conv_1x1~2|';
    expectNasErrorSync(() => queryTable(NB201_SPACE, file, table, [A, missing]), missing, 'holds 3', 'nas table add');
    expectNasErrorSync(() => queryTable(NB201_SPACE, file, table, ['|conv~0|']), "'|conv~0|'", 'nb201');
  });
});

describe('tableCsv', () => {
  it('writes one row per run with the entry costs; --curves adds every epoch; unrecorded values are empty', () => {
    const lines = tableCsv(table).trimEnd().split('\n');
    expect(lines[0]).toBe('arch,seed,val,test,train_loss,seconds,cpu_seconds,params,mult_adds');
    expect(lines).toHaveLength(6);
    const rows = lines.slice(1).map((l) => l.split(','));
    expect(rows.map((r) => `${r[0]} ${r[1]}`)).toEqual(
      Object.keys(table.archs).flatMap((k) => table.archs[k]!.runs.map((r) => `${k} ${r.seed}`)),
    );
    const a2 = rows.find((r) => r[0] === A && r[1] === '2')!;
    expect(a2.slice(2)).toEqual(['82', '81', '0.5', '12', '', String(A.length), String(1000 * A.length)]);

    const curves = tableCsv(table, { curves: true }).trimEnd().split('\n');
    const header = curves[0]!.split(',');
    expect(header.slice(9)).toEqual([
      'train_loss_e1',
      'train_loss_e2',
      'val_e1',
      'val_e2',
      'test_e1',
      'test_e2',
      'val_loss_e1',
      'val_loss_e2',
    ]);
    const a1 = curves.find((l) => l.startsWith(`${A},1,`))!.split(',');
    expect(a1.slice(9)).toEqual(['1', '0.5', '70', '80', '69', '79', '0.9', '']);
  });

  it('quotes a field with a comma or a quote (RFC 4180)', () => {
    const odd: TableFile = { ...table, archs: { 'a,"b"': table.archs[C]! } };
    expect(tableCsv(odd).split('\n')[1]!.startsWith('"a,""b""",1,')).toBe(true);
  });
});

describe('nas table query / export', () => {
  it('query prints the answer (and --json the same as JSON); a missing architecture is one line and a non-zero exit', async () => {
    const text = await runCli('table', 'query', file, DEAD('avg_pool_3x3'));
    expect(text.code).toBe(0);
    expect(text.out).toContain(`answered by ${A}, the same computation`);
    expect(text.out).toContain('val 81.00%  test 80.00%  (mean of 2 seed(s))');
    expect(text.out).toContain('val rank 2 of 3');
    const json = await runCli('table', 'query', file, B, '--json');
    expect(JSON.parse(json.out)).toMatchObject([
      { arch: B, table_key: B, val_rank: 1, val: 85, test: 84, runs: [{ seed: 1 }, { seed: 2 }] },
    ]);
    const bad = await runCli('table', 'query', file, '|nor_conv_1x1~0|+|none~0|none~1|+|none~0|none~1|none~2|');
    expect(bad.code).not.toBe(0);
    expect(bad.out).toBe('');
    expect(bad.err.trim().split('\n')).toHaveLength(1);
  });

  it('query reads a plain NAS-Bench-201-shaped table too; ops of another space, or --space against the header, are one line', async () => {
    const plain = join(root, 'plain.json');
    writeFileSync(plain, JSON.stringify({ ops: NB201_SPACE.ops, archs: { [B]: { val: 90, test: 89 }, [C]: { val: 60, test: 61 } } }));
    const answer = await runCli('table', 'query', plain, C);
    expect(answer.code).toBe(0);
    expect(answer.out.split('\n')).toEqual([C, '  val 60.00%  test 61.00%', '  val rank 2 of 2; test above 0.0% of the table']);
    const otherOps = join(root, 'other.json');
    writeFileSync(otherOps, JSON.stringify({ ops: ['conv'], archs: {} }));
    for (const [args, part] of [
      [[otherOps, C], 'has ops [conv]'],
      [[file, C, '--space', 'darts'], 'is of the nb201 space, not darts'],
    ] as const) {
      const bad = await runCli('table', 'query', ...args);
      expect(bad.code).not.toBe(0);
      expect(bad.err).toContain(part);
      expect(bad.err.trim().split('\n')).toHaveLength(1);
    }
  });

  it('export --out writes the CSV and will not replace a file without --force', async () => {
    const csv = join(root, 't.csv');
    expect((await runCli('table', 'export', file, '--out', csv)).code).toBe(0);
    expect(readFileSync(csv, 'utf8')).toBe(tableCsv(table));
    writeFileSync(csv, 'keep me\n');
    const refused = await runCli('table', 'export', file, '--out', csv, '--curves');
    expect(refused.code).not.toBe(0);
    expect(refused.err).toContain('--force');
    expect(readFileSync(csv, 'utf8')).toBe('keep me\n');
    expect((await runCli('table', 'export', file, '--out', csv, '--curves', '--force')).code).toBe(0);
    expect(readFileSync(csv, 'utf8')).toBe(tableCsv(table, { curves: true }));
    expect((await runCli('table', 'export', file)).out).toBe(tableCsv(table).trimEnd());
    const missing = await runCli('table', 'export', join(root, 'none.json'), '--out', join(root, 'n.csv'));
    expect(missing.code).not.toBe(0);
    expect(existsSync(join(root, 'n.csv'))).toBe(false);
  });
});
