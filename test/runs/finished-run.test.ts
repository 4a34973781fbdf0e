import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { resolveGenotypeArg } from '../../src/cli/genotype-arg.js';
import { writeCheckpoint } from '../../src/checkpoint/index.js';
import { createRng } from '../../src/random/index.js';
import { appendEpoch, openFinishedRun, runFile, supernetFromConfig } from '../../src/runs/index.js';
import { writeRunConfig } from '../../src/runs/open-run.js';
import { resolveSearchConfig, type SearchConfig } from '../../src/search/index.js';
import { canonicalString, genotypeFromJson, genotypeToJson, sampleGenotype } from '../../src/space/index.js';
import type { Genotype } from '../../src/space/api.js';
import { spaceByName } from '../../cells/index.js';
import { useTempDir } from '../checkpoint/temp-dir.js';
import { expectNasErrorSync } from '../helpers/expect-nas-error.js';

const tmp = useTempDir();
const results = join(import.meta.dirname, '..', '..', 'docs', 'results');
const nb201 = spaceByName('nb201');

function searchConfig(): SearchConfig {
  const c = resolveSearchConfig({ strategy: 'spos', space: 'nb201', channels: 4, layers: 1, seed: 9 });
  return { ...c, skeleton: { ...c.skeleton, inputChannels: 1, classes: 10 } };
}

/**
 * A two-epoch SPOS run directory as runSearch leaves it: config.json, a log
 * line per epoch (the genotype derived then, sampled-op counts), a snapshot
 * after epoch 1, the last checkpoint, and (when finished) genotype.json.
 */
async function writeRun(finished: boolean): Promise<{ dir: string; derived: Genotype[]; config: SearchConfig }> {
  const dir = join(tmp(), 'spos');
  mkdirSync(join(dir, 'snapshots'), { recursive: true });
  const config = searchConfig();
  await writeRunConfig(dir, 'search', config);
  const rng = createRng('finished-run');
  const derived = [sampleGenotype(nb201, rng), sampleGenotype(nb201, rng)];
  const supernet = supernetFromConfig(config);
  try {
    // Trained weights differ from the seeded initial ones: the first tensor holds 0.125 everywhere.
    const [, first] = supernet.namedTensors()[0]!;
    tf.tidy(() => first.assign(tf.fill(first.shape, 0.125)));
    for (const [epoch, g] of derived.entries()) {
      const rows = Array.from({ length: 6 }, (_, r) => (nb201.kind === 'cell' ? nb201.ops.map((_, k) => 10 * (epoch + 1) + r + k) : []));
      const record = { epoch, genotype: canonicalString(g), alphas: {}, sampled: { cell: rows } };
      appendEpoch(runFile(dir, 'log'), record);
      await writeCheckpoint(runFile(dir, 'checkpoint'), { config, epoch: epoch + 1, step: 0 }, supernet.namedTensors());
      if (epoch === 0) copyFileSync(runFile(dir, 'checkpoint'), join(dir, 'snapshots', 'epoch-1.nas'));
    }
  } finally {
    supernet.dispose();
  }
  if (finished) writeFileSync(runFile(dir, 'genotype'), `${genotypeToJson(derived[1]!)}\n`);
  return { dir, derived, config };
}

describe('openFinishedRun', () => {
  it('hands over a search run: kind, config, space, genotype, op usage, log, and its supernet with the checkpoint weights', async () => {
    const { dir, derived, config } = await writeRun(true);
    const run = openFinishedRun(dir);
    expect(run.kind).toBe('search');
    expect(run.dir).toBe(dir);
    expect(run.config).toEqual(config);
    expect(run.space.name).toBe('nb201');
    expect(run.epochs).toBe(2);
    expect(canonicalString(run.genotype!)).toBe(canonicalString(derived[1]!));
    expect(run.log.map((r) => r.epoch)).toEqual([0, 1]);
    expect(run.opUsage?.kind).toBe('sampled');
    expect(run.opUsage?.groups['cell']?.[0]?.[0]).toBe(20);
    const supernet = run.loadSupernet({ recomputeCells: false });
    const fresh = supernetFromConfig(config);
    try {
      const [name, restored] = supernet.namedTensors()[0]!;
      expect(new Set(restored.dataSync())).toEqual(new Set([0.125]));
      expect(fresh.namedTensors()[0]![0]).toBe(name);
      expect(new Set(fresh.namedTensors()[0]![1].dataSync()).size).toBeGreaterThan(1);
    } finally {
      supernet.dispose();
      fresh.dispose();
    }
  });

  it("opens a snapshot as its epoch's state: that epoch's derived genotype and op usage, the run's config", async () => {
    const { dir, derived } = await writeRun(true);
    const run = openFinishedRun(join(dir, 'snapshots', 'epoch-1.nas'));
    expect(run.dir).toBe(dir);
    expect(run.epochs).toBe(1);
    expect(canonicalString(run.genotype!)).toBe(canonicalString(derived[0]!));
    expect(run.opUsage?.groups['cell']?.[0]?.[0]).toBe(10);
    run.loadSupernet().dispose();
  });

  it('a stopped search has no genotype; a genotype argument naming it says so in one line', async () => {
    const { dir } = await writeRun(false);
    expect(openFinishedRun(dir).genotype).toBeNull();
    expectNasErrorSync(() => resolveGenotypeArg(dir), dir, 'derived no genotype');
  });

  it('a checkpoint copied away from its run brings its config in its meta', async () => {
    const { dir, config } = await writeRun(true);
    const alone = join(tmp(), 'alone', 'supernet.nas');
    mkdirSync(join(tmp(), 'alone'));
    copyFileSync(runFile(dir, 'checkpoint'), alone);
    const run = openFinishedRun(alone);
    expect(run.config).toEqual(config);
    expect(run.genotype).toBeNull();
    run.loadSupernet().dispose();
  });

  it('opens a committed pre-header search run without its checkpoint: genotype, log and op usage; the weights are gone, said in one line', () => {
    const dir = join(results, 'darts-fmnist-2000');
    const run = openFinishedRun(dir, `supernet ${dir}`);
    const saved = genotypeFromJson(spaceByName('darts'), readFileSync(join(dir, 'genotype.json'), 'utf8'));
    expect(canonicalString(run.genotype!)).toBe(canonicalString(saved));
    expect(run.epochs).toBe(10);
    expect(run.opUsage?.kind).toBe('weights');
    expect(Object.keys(run.opUsage!.groups)).toEqual(['normal', 'reduce']);
    expect(canonicalString(resolveGenotypeArg(dir).genotype)).toBe(canonicalString(saved));
    expectNasErrorSync(() => run.loadSupernet(), `supernet ${dir}`, 'has no checkpoint.nas');
  });

  it('refuses what is not a search run in one line', async () => {
    const retrain = join(results, 'retrain-fmnist-c16');
    expectNasErrorSync(
      () => openFinishedRun(retrain, `--inherit ${retrain}`),
      `--inherit ${retrain}`,
      'is a retrain run, not a search run',
    );
    expectNasErrorSync(() => openFinishedRun(join(tmp(), 'none'), 'supernet X'), 'supernet X: no such file or directory');
    const junk = join(tmp(), 'junk.nas');
    writeFileSync(junk, 'not a checkpoint');
    expectNasErrorSync(() => openFinishedRun(junk), junk);
  });
});
