import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { COMPARE_FILES, runCompare, snapshotEpochs, type CompareSettings } from '../../src/compare/index.js';
import { readTable } from '../../src/table/index.js';
import { spaceByName } from '../../cells/index.js';
import { TableEstimator } from '../../src/estimators/index.js';
import { canonicalString, parseGenotype } from '../../src/space/index.js';
import { expectNasError } from '../helpers/expect-nas-error.js';
import { inProcessNas } from '../helpers/in-process-nas.js';
import { runCli } from '../helpers/run-cli.js';
import { buildTinyTable } from '../helpers/tiny-table.js';

const root = mkdtempSync(join(tmpdir(), 'nas-compare-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const table = join(root, 'tiny.json');
const nb201 = spaceByName('nb201');
const pending = '|none~0|+|none~0|none~1|+|none~0|none~1|avg_pool_3x3~2|';

/** A tiny table on the shipped subset: 8 architectures, 2 seeds, 1 epoch, 8x8 images, C=4 N=1. */
beforeAll(async () => {
  const built = await buildTinyTable(table, 8, 2);
  expect(built.code, built.err).toBe(0);
  // As a build stopped part-way leaves it: a plan with an architecture not trained yet.
  expect(readTable(table).archs[pending]).toBeUndefined();
  appendFileSync(join(root, 'tiny.ledger.jsonl'), `${JSON.stringify({ kind: 'plan', archs: [pending], seeds: [1, 2] })}\n`);
}, 300_000);

const settings = (): CompareSettings => ({
  table,
  seeds: 1,
  methods: ['darts-1', 'spos', 'random', 'evolution'],
  epochs: 2,
  queries: 3,
  batchSize: 30,
  tauArchs: 6,
  tauSnapshots: 1,
  bootstrap: 50,
});

describe('nas compare: the table of methods on one table', () => {
  it('runs each method, looks its architecture up in the table, resumes a stopped comparison without repeating a step', async () => {
    const out = join(root, 'cmp');
    const first: string[][] = [];
    const ledger = join(out, COMPARE_FILES.ledger);
    const lines = () => (existsSync(ledger) ? readFileSync(ledger, 'utf8').trim().split('\n').filter(Boolean).length : 0);
    // Stopped after three steps (the DARTS search, its lookup and its tau), as a kill between steps would leave it.
    const stopped = await runCompare(settings(), { out, nas: inProcessNas(first), shouldStop: () => lines() >= 3 });
    expect(stopped).toMatchObject({ stopped: true, done: 3, total: 11 });
    expect(first.map((a) => a[0])).toEqual(['search']);
    // A kill cuts the last line short: it is dropped on resume.
    appendFileSync(ledger, '{"step":"search","meth');
    const second: string[][] = [];
    const outcome = await runCompare(null, { out, resume: true, nas: inProcessNas(second) });
    expect(outcome.stopped).toBe(false);
    if (outcome.stopped) return;
    // The finished DARTS steps were not repeated: SPOS's search and evolution, then the two table searches.
    expect(second.map((a) => `${a[0]} ${a[1]}`)).toEqual(['search spos', 'evolve --estimator', 'random --estimator', 'evolve --estimator']);
    expect(second[3]).toContain('--within-table');
    const r = outcome.results;
    expect(r.methods.map((m) => m.method)).toEqual(['darts-1', 'spos', 'random', 'evolution']);
    const truth = readTable(table).archs;
    for (const m of r.methods) {
      expect(m.seeds).toBe(1);
      const entry = truth[m.genotypes[0]!];
      expect(entry, `${m.method} picked ${m.genotypes[0]}, which the table now holds`).toBeDefined();
      expect(m.test.mean).toBeCloseTo(entry!.test, 10);
      expect(m.percentile.mean).toBeGreaterThanOrEqual(0);
      expect(m.percentile.mean).toBeLessThan(100);
      expect(m.seconds.mean).toBeGreaterThan(0);
    }
    // Table searches pick only what the table held; tau belongs to supernets only.
    expect(r.methods.filter((m) => m.kind === 'table').every((m) => m.grown === 0)).toBe(true);
    expect(r.methods.find((m) => m.method === 'random')!.tau).toBeNull();
    const darts = r.methods.find((m) => m.method === 'darts-1')!;
    expect(darts.tau!.per_seed[0]!.low).toBeLessThanOrEqual(darts.tau!.per_seed[0]!.high);
    // The first seed's search kept its snapshots: tau after epoch 1 of 2 as well.
    expect(darts.tau_snapshots!.map((s) => s.epoch)).toEqual([1]);
    expect(first[0]).toContain('--snapshots');
    const random = r.methods.find((m) => m.method === 'random')!;
    for (const m of r.methods) expect(m.beats_random).toBe(m.method === 'random' ? null : m.test.mean - random.test.mean > random.test.std);
    expect(r.optimum.val).toBe(Math.max(...Object.values(truth).map((e) => e.val)));
    expect(r.ceiling).not.toBeNull();
    // Training the picks into the table trained them only, not the rest of the stopped build's plan.
    if (!r.methods.some((m) => m.genotypes.includes(pending))) expect(truth[pending]).toBeUndefined();
    expect(r.methods.reduce((n, m) => n + m.grown, 0)).toBe(Object.keys(truth).length - 8);
    expect(JSON.parse(readFileSync(join(out, COMPARE_FILES.results), 'utf8'))).toEqual(JSON.parse(JSON.stringify(r)));

    // Resuming a finished comparison runs nothing and prints the table; nas report shows it as an HTML table.
    const again = await runCli('compare', '--resume', out);
    expect(again.code, again.err).toBe(0);
    expect(again.out).toMatch(/^darts-1 +1 /m);
    expect(again.out).toMatch(/^table optimum \(best val\)/m);
    expect(again.out).toMatch(/^rule: a method beats random search when/m);
    const report = await runCli('report', out);
    expect(report.code, report.err).toBe(0);
    const html = readFileSync(report.out.trim(), 'utf8');
    expect(html).toContain('<th>beats random</th>');
    expect(html).toContain('<td>evolution</td>');

    // So does --table-grow: the table estimator trains the asked architecture, not the stopped build's plan.
    const asked = parseGenotype(nb201, '|skip_connect~0|+|none~0|none~1|+|none~0|none~1|avg_pool_3x3~2|');
    expect(readTable(table).archs[canonicalString(asked)]).toBeUndefined();
    await new TableEstimator(nb201, table, { grow: true }).estimate(asked);
    expect(readTable(table).archs[canonicalString(asked)]).toBeDefined();
    if (!r.methods.some((m) => m.genotypes.includes(pending))) expect(readTable(table).archs[pending]).toBeUndefined();

    // nas bias --within-table draws only the table's architectures and leaves out a preferred one the table lacks.
    const study = join(root, 'bias-within');
    const bias = await runCli(
      'bias',
      '--supernet',
      join(out, 'runs', 'spos-s0'),
      '--truth',
      `table:${table}`,
      '--within-table',
      table,
      '-k',
      '5',
      '--unique',
      '--bootstrap',
      '20',
      '--out',
      study,
    );
    expect(bias.code, bias.err).toBe(0);
    const drawn = JSON.parse(readFileSync(join(study, 'architectures.json'), 'utf8')) as { genotype: string }[];
    const now = readTable(table).archs;
    expect(drawn.length).toBeGreaterThanOrEqual(5);
    for (const a of drawn) expect(now[a.genotype], a.genotype).toBeDefined();
  }, 600_000);

  it('picks snapshot epochs evenly before the last', () => {
    expect(snapshotEpochs(10, 3)).toEqual([3, 5, 8]);
    expect(snapshotEpochs(1, 3)).toEqual([]);
    expect(snapshotEpochs(4, 0)).toEqual([]);
  });

  it('bad input is one line and leaves nothing behind', async () => {
    const nas = inProcessNas([]);
    await expectNasError(
      () => runCompare({ ...settings(), methods: ['darts-1', 'dartz'] }, { out: join(root, 'b1'), nas }),
      "unknown method 'dartz'",
    );
    await expectNasError(
      () => runCompare({ ...settings(), seeds: 0 }, { out: join(root, 'b2'), nas }),
      '--seeds must be a whole number >= 1, got 0',
    );
    const nb201Shaped = join(root, 'plain.json');
    writeFileSync(nb201Shaped, JSON.stringify({ ops: ['none'], archs: {} }));
    await expectNasError(
      () => runCompare({ ...settings(), table: nb201Shaped }, { out: join(root, 'b3'), nas }),
      'is not a table built by nas table build',
    );
    for (const dir of ['b1', 'b2', 'b3']) expect(existsSync(join(root, dir))).toBe(false);
    await expectNasError(() => runCompare(null, { out: join(root, 'none'), resume: true, nas }), 'has no settings.json');
    // A damaged ledger line (not the last) is one line naming the file and the line.
    const out = join(root, 'damaged');
    const stopped = await runCompare(settings(), { out, nas, shouldStop: () => true });
    expect(stopped.stopped).toBe(true);
    writeFileSync(join(out, COMPARE_FILES.ledger), 'garbage\n{"step":"lookup"}\n');
    await expectNasError(() => runCompare(null, { out, resume: true, nas }), 'ledger.jsonl: line 1 is not a JSON record');
    writeFileSync(join(out, COMPARE_FILES.ledger), '{"step":"lookup","method":"gdas","seed":0}\n');
    await expectNasError(() => runCompare(null, { out, resume: true, nas }), 'line 1 (gdas/0/lookup) is no step of this comparison');
    writeFileSync(join(out, COMPARE_FILES.settings), '{}');
    await expectNasError(() => runCompare(null, { out, resume: true, nas }), 'settings.json holds no comparison settings');
    const clash = await runCli('compare', '--resume', out, '--seeds', '2');
    expect(clash.err.trim().split('\n')).toEqual(['nas: --resume continues the comparison with its own settings; drop --seeds']);
    const cli = await runCli('compare', '--out', join(root, 'b4'));
    expect(cli.code).not.toBe(0);
    expect(cli.err.trim().split('\n')).toEqual(['nas: nas compare needs --table FILE (or --resume DIR)']);
  });
});
