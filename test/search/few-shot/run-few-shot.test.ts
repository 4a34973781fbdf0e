import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../../cells/index.js';
import { readCheckpoint } from '../../../src/checkpoint/index.js';
import { FewShotEstimator } from '../../../src/estimators/few-shot.js';
import { SupernetEstimator } from '../../../src/estimators/index.js';
import { readFewShotManifest, runFewShot } from '../../../src/search/few-shot/index.js';
import { continuedConfig } from '../../../src/search/restricted/continued-config.js';
import { registerRestrictedSpos } from '../../../src/search/restricted/index.js';
import { runSearch } from '../../../src/search/index.js';
import { openFinishedRun } from '../../../src/runs/finished-run.js';
import { parseGenotype } from '../../../src/space/index.js';
import { expectNasError } from '../../helpers/expect-nas-error.js';
import { runCli } from '../../helpers/run-cli.js';
import { buildTinyTable } from '../../helpers/tiny-table.js';

const root = mkdtempSync(join(tmpdir(), 'nas-few-shot-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const table = join(root, 'tiny.json');
const parent = join(root, 'parent');
const fewShot = join(root, 'few-shot');
const nb201 = spaceByName('nb201');
const ops: readonly string[] = nb201.kind === 'cell' ? nb201.ops : [];

/** The values of every supernet tensor (`weight.` and `buffer.`) of a checkpoint, by name. */
async function supernetValues(file: string): Promise<Map<string, number[]>> {
  const loaded = await readCheckpoint(file);
  return new Map([...loaded.tensors].filter(([name]) => /^(weight|buffer)\./.test(name)).map(([name, t]) => [name, [...t.values]]));
}

/** A tiny table (its split is the data) and a one-epoch de-isomorphic SPOS parent on it, then a one-epoch few-shot split of it. */
beforeAll(async () => {
  const built = await buildTinyTable(table, 6, 1);
  expect(built.code, built.err).toBe(0);
  const searched = await runCli(
    'search',
    'spos',
    '--data-from-table',
    table,
    '--epochs',
    '1',
    '--batch-size',
    '30',
    '--unique-paths',
    'true',
    '--out',
    parent,
  );
  expect(searched.code, searched.err).toBe(0);
  const split = await runCli('few-shot', '--from', parent, '--split-edges', '0', '--epochs', '1', '--out', fewShot);
  expect(split.code, split.err).toBe(0);
  expect(split.out).toContain('5 sub-supernets split on edge(s) 0, 1 epoch(s) each from 1 parent epoch(s): 6 epochs of steps');
}, 240_000);

describe('few-shot supernets (nas few-shot)', () => {
  it("a sub-supernet starts as a copy of the parent's weights (initialWeights, stopped before its first step)", async () => {
    registerRestrictedSpos();
    const run = openFinishedRun(parent);
    const config = continuedConfig(run, {
      epochs: 1,
      seed: 'copy',
      weightLr: 0.01,
      restriction: { splitEdges: [0], splitOps: ['none'], keep: [] },
    });
    const out = join(root, 'copy');
    const result = await runSearch(config, { out, initialWeights: run.checkpointFile, shouldStop: () => true });
    expect(result.stopped).toBe(true);
    const [mine, theirs] = [await supernetValues(join(out, 'checkpoint.nas')), await supernetValues(run.checkpointFile)];
    expect(mine.size).toBeGreaterThan(10);
    expect([...mine.keys()].sort()).toEqual([...theirs.keys()].sort());
    for (const [name, values] of mine) expect(values, name).toEqual(theirs.get(name));
  });

  it('each sub-supernet trains only architectures holding its op: the ops it never runs keep the parent weights', async () => {
    const manifest = readFewShotManifest(fewShot);
    expect(manifest.members.map((m) => m.ops[0])).toEqual([...ops]);
    const theirs = await supernetValues(join(parent, 'checkpoint.nas'));
    const conv3 = 'weight.cells.0.edges.0.nor_conv_3x3.conv.weight';
    const none = await supernetValues(join(fewShot, 'op-none', 'checkpoint.nas'));
    const trained = await supernetValues(join(fewShot, 'op-nor_conv_3x3', 'checkpoint.nas'));
    expect(none.get(conv3)).toEqual(theirs.get(conv3));
    expect(trained.get(conv3)).not.toEqual(theirs.get(conv3));
    for (const member of manifest.members) {
      const header = JSON.parse(readFileSync(join(fewShot, member.dir, 'config.json'), 'utf8')) as { config: Record<string, unknown> };
      expect(header.config).toMatchObject({
        strategy: 'spos-restricted',
        options: { splitEdges: [0], splitOps: member.ops, uniquePaths: true },
      });
      // The epoch log counts the ops each step ran: on edge 0 (row 0) only the member's op.
      const log = readFileSync(join(fewShot, member.dir, 'log.jsonl'), 'utf8')
        .trim()
        .split('\n');
      const sampled = (JSON.parse(log.at(-1)!) as { sampled: Record<string, number[][]> }).sampled;
      const edge0 = Object.values(sampled)[0]![0]!;
      expect(edge0.filter((n) => n > 0).length).toBe(1);
      expect(edge0[ops.indexOf(member.ops[0]!)]).toBeGreaterThan(0);
    }
  });

  it('scores an architecture with the sub-supernet that holds it, and nas bias takes the run as one supernet', async () => {
    const estimator = await FewShotEstimator.load(fewShot);
    const member = await SupernetEstimator.load(join(fewShot, 'op-avg_pool_3x3'));
    try {
      const g = parseGenotype(nb201, '|avg_pool_3x3~0|+|nor_conv_1x1~0|skip_connect~1|+|none~0|nor_conv_3x3~1|nor_conv_3x3~2|');
      expect(estimator.memberOf(g)).toBeDefined();
      expect((await estimator.estimate(g)).score).toBe((await member.estimate(g)).score);
      const other = parseGenotype(nb201, '|skip_connect~0|+|nor_conv_1x1~0|skip_connect~1|+|none~0|nor_conv_3x3~1|nor_conv_3x3~2|');
      expect(estimator.memberOf(other)).not.toBe(estimator.memberOf(g));
    } finally {
      estimator.dispose();
      member.dispose();
    }
    const study = await runCli(
      'bias',
      '--supernet',
      fewShot,
      '--truth',
      `table:${table}`,
      '--within-table',
      table,
      '-k',
      '6',
      '--unique',
      '--bootstrap',
      '50',
      '--out',
      join(root, 'bias'),
    );
    expect(study.code, study.err).toBe(0);
    expect(study.out).toMatch(/^few-shot:few-shot: Kendall tau /m);
    // A black-box search takes it as supernet:DIR.
    const random = await runCli('random', '--estimator', `supernet:${fewShot}`, '--budget', '3', '--out', join(root, 'random'));
    expect(random.code, random.err).toBe(0);
  });

  it('a stopped few-shot run resumes at the sub-supernet it was in and keeps the finished ones', async () => {
    const out = join(root, 'stopped');
    let polls = 0;
    // Stops inside the second sub-supernet (each polls once per step, 4 steps, plus once before it starts).
    const first = await runFewShot({ parent, splitEdges: [0], epochs: 1, out, shouldStop: () => ++polls > 7 });
    expect(first.stopped).toBe(true);
    expect(existsSync(join(out, 'op-none', 'result.json'))).toBe(true);
    expect(existsSync(join(out, 'op-skip_connect', 'checkpoint.nas'))).toBe(true);
    expect(existsSync(join(out, 'op-skip_connect', 'result.json'))).toBe(false);
    const resumed = await runCli('few-shot', '--resume', out);
    expect(resumed.code, resumed.err).toBe(0);
    for (const m of readFewShotManifest(out).members) expect(existsSync(join(out, m.dir, 'result.json'))).toBe(true);
  });

  it('bad input is one line, and nothing is written', async () => {
    await expectNasError(() => runFewShot({ parent, splitEdges: [6], epochs: 1, out: join(root, 'bad1') }), 'edge 6 is not an edge');
    expect(existsSync(join(root, 'bad1'))).toBe(false);
    await expectNasError(
      () => runFewShot({ parent: join(root, 'nope'), splitEdges: [0], epochs: 1, out: join(root, 'bad2') }),
      'no such file',
    );
    await expectNasError(() => FewShotEstimator.load(parent), 'cannot read few-shot run');
    const r = await runCli('few-shot', '--from', parent, '--split-edges', 'a', '--epochs', '1', '--out', join(root, 'bad3'));
    expect(r.code).not.toBe(0);
    expect(r.err.trim().split('\n')).toHaveLength(1);
  });
});
