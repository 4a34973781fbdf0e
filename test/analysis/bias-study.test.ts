import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { estimatorScorer, opBias, runBiasStudy, type Scorer } from '../../src/analysis/index.js';
import { EstimateStopped, type Estimator } from '../../src/estimators/index.js';
import { createRng } from '../../src/random/index.js';
import { canonicalString, computationKey, parseGenotype, RestrictedSpace, sampleGenotype } from '../../src/space/index.js';
import type { CellArchitecture, Genotype } from '../../src/space/api.js';
import { expectNasError } from '../helpers/expect-nas-error.js';

const root = mkdtempSync(join(tmpdir(), 'nas-bias-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const nb201 = spaceByName('nb201');

const edges = (g: Genotype) => (g as CellArchitecture).cells.normal!.nodes.flat();
/** The "true" accuracy of the toy world: 3x3 convs help most, 1x1 some, a seeded jitter per architecture. */
const truthOf = (g: Genotype) => {
  const jitter = createRng(canonicalString(g))();
  return 60 + edges(g).reduce((s, e) => s + (e.op === 'nor_conv_3x3' ? 4 : e.op === 'nor_conv_1x1' ? 2 : 0), 0) + 2 * jitter;
};
const estimator = (name: string, score: (g: Genotype) => number): Estimator => ({
  name,
  space: nb201,
  estimate: async (g) => ({ score: score(g), cost: 1 }),
});

describe('weight-sharing bias study', () => {
  const truth = estimatorScorer('truth', estimator('truth', truthOf));
  const perfect = { scorer: estimatorScorer('perfect', estimator('perfect', truthOf)), preferred: [] };
  // Over-rates skip connections (they train fastest with shared weights) and ignores the jitter.
  const skipLover = {
    scorer: estimatorScorer(
      'skip-lover',
      estimator('skip-lover', (g) => truthOf(g) + 3 * edges(g).filter((e) => e.op === 'skip_connect').length),
    ),
    preferred: [parseGenotype(nb201, '|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|')],
  };

  it('a supernet that scores like the truth agrees perfectly; a biased one less, and its bias is on the op it over-rates', async () => {
    const out = join(root, 'study');
    const outcome = await runBiasStudy(nb201, [perfect, skipLover], truth, { k: 40, seed: 's', bootstrap: 200, out });
    expect(outcome.stopped).toBe(false);
    if (outcome.stopped) return;
    const r = outcome.report;
    expect(r.k).toBe(40);
    expect(r.architectures).toHaveLength(41); // 40 uniform + the all-skip cell
    const [p, s] = r.supernets;
    expect(p!.kendall_tau.estimate).toBeCloseTo(1, 12);
    expect(p!.spearman_rho.estimate).toBeCloseTo(1, 12);
    expect(p!.regret).toBe(0);
    expect(p!.top_k).toMatchObject({ k: 4, overlap: { estimate: 1 } });
    expect(s!.kendall_tau.estimate).toBeLessThan(0.9);
    expect(s!.kendall_tau.low).toBeLessThanOrEqual(s!.kendall_tau.estimate);
    expect(s!.kendall_tau.high).toBeGreaterThanOrEqual(s!.kendall_tau.estimate);
    expect(s!.op_bias[0]!.op).toBe('skip_connect');
    expect(s!.op_bias[0]!.bias).toBeGreaterThan(0);
    expect(s!.preferred[0]!.genotype).toMatch(/skip_connect~2/);
    expect(s!.preferred[0]!.rank).toBeGreaterThan(20); // the all-skip cell is poor in truth
    expect(r.cost).toEqual({ perfect: 41, 'skip-lover': 41, truth: 41 });
    expect(existsSync(join(out, 'bias.json'))).toBe(true);
  });

  it('resumes a stopped study without scoring anything twice, to the same report', async () => {
    const counting = (inner: Scorer): Scorer & { calls: number } => {
      const s = {
        name: inner.name,
        calls: 0,
        scoreAll: (gs: readonly Genotype[], on: (i: number, e: { score: number; cost: number }) => void, stop?: () => boolean) =>
          inner.scoreAll(
            gs,
            (i, e) => {
              s.calls++;
              on(i, e);
            },
            stop,
          ),
      };
      return s;
    };
    const whole = await runBiasStudy(nb201, [skipLover], truth, { k: 12, seed: 'r', bootstrap: 100, out: join(root, 'whole') });
    const out = join(root, 'stopped');
    const t1 = counting(truth);
    let asked = 0;
    // Polled before each score: 13 supernet scores, then 5 of the truth's.
    const stopped = await runBiasStudy(nb201, [skipLover], t1, {
      k: 12,
      seed: 'r',
      bootstrap: 100,
      out,
      shouldStop: () => ++asked > 13 + 5,
    });
    expect(stopped.stopped).toBe(true);
    expect(t1.calls).toBe(5);
    const t2 = counting(truth);
    const resumed = await runBiasStudy(nb201, [skipLover], t2, { k: 12, seed: 'r', bootstrap: 100, out, resume: true });
    expect(t2.calls).toBe(13 - 5);
    expect(resumed).toEqual(whole);
    expect(readFileSync(join(out, 'scores.jsonl'), 'utf8').trim().split('\n')).toHaveLength(26);
  });

  it('a truth stopped inside an estimate (a training that checkpointed) stops the study; resuming finishes it', async () => {
    let calls = 0;
    const stopping = estimatorScorer('truth', {
      name: 'truth',
      space: nb201,
      estimate: async (g) => {
        if (++calls === 3) throw new EstimateStopped(canonicalString(g));
        return { score: truthOf(g), cost: 1 };
      },
    });
    const out = join(root, 'stopped-inside');
    const first = await runBiasStudy(nb201, [perfect], stopping, { k: 6, seed: 'i', bootstrap: 20, out });
    expect(first).toEqual({ stopped: true, scored: 6 + 2 });
    const resumed = await runBiasStudy(nb201, [perfect], truth, { k: 6, seed: 'i', bootstrap: 20, out, resume: true });
    expect(resumed.stopped).toBe(false);
  });

  it('an off-process truth (a worker pool or queue) trains while the supernets are scored; in-process, after them', async () => {
    /** A truth that answers only once the test lets it, and tells whether it had started when the supernet began. */
    const gated = (offProcess: boolean) => {
      let started = false;
      let open!: () => void;
      const gate = new Promise<void>((r) => (open = r));
      const truthScorer: Scorer = {
        name: 'truth',
        offProcess,
        async scoreAll(gs, on) {
          started = true;
          await gate;
          gs.forEach((g, i) => on(i, { score: truthOf(g), cost: 1 }));
        },
      };
      const seen: boolean[] = [];
      const supernet: Scorer = {
        name: 'perfect',
        async scoreAll(gs, on) {
          seen.push(started);
          gs.forEach((g, i) => on(i, { score: truthOf(g), cost: 1 }));
          open();
        },
      };
      return { truthScorer, supernet, seen };
    };
    const off = gated(true);
    const a = await runBiasStudy(nb201, [{ scorer: off.supernet, preferred: [] }], off.truthScorer, {
      k: 5,
      seed: 'o',
      bootstrap: 20,
      out: join(root, 'off'),
    });
    expect(off.seen).toEqual([true]);
    expect(a.stopped).toBe(false);
    const inProcess = gated(false);
    const b = await runBiasStudy(nb201, [{ scorer: inProcess.supernet, preferred: [] }], inProcess.truthScorer, {
      k: 5,
      seed: 'o',
      bootstrap: 20,
      out: join(root, 'in'),
    });
    expect(inProcess.seen).toEqual([false]);
    expect(b).toEqual(a);
  });

  it("a synchronous supernet estimator lets an off-process truth's I/O run between its estimates", async () => {
    let ticks = 0;
    let scoring = true;
    const truthScorer: Scorer = {
      name: 'truth',
      offProcess: true,
      async scoreAll(gs, on) {
        // Stands for a pool's IPC: it moves only when the event loop turns.
        while (scoring) {
          await new Promise((r) => setImmediate(r));
          ticks++;
        }
        gs.forEach((g, i) => on(i, { score: truthOf(g), cost: 1 }));
      },
    };
    const seen: number[] = [];
    const busy = estimatorScorer('busy', {
      name: 'busy',
      space: nb201,
      estimate: async (g) => {
        seen.push(ticks);
        const until = performance.now() + 2;
        while (performance.now() < until); // synchronous work, like a supernet's forward passes
        // The truth stops once every estimate is in (not on a timer, which a loaded machine can outrun).
        if (seen.length === 6) scoring = false;
        return { score: truthOf(g), cost: 1 };
      },
    });
    const done = runBiasStudy(nb201, [{ scorer: busy, preferred: [] }], truthScorer, {
      k: 6,
      seed: 't',
      bootstrap: 20,
      out: join(root, 'ticks'),
    });
    expect((await done).stopped).toBe(false);
    expect(seen).toHaveLength(6);
    // Between any two estimates the event loop turned at least once.
    for (let i = 1; i < seen.length; i++) expect(seen[i]!).toBeGreaterThan(seen[i - 1]!);
  });

  it('a failing side of an off-process study stops the other and fails the study with its error', async () => {
    let stopSeen = false;
    const truthScorer: Scorer = {
      name: 'truth',
      offProcess: true,
      async scoreAll(gs, on, shouldStop) {
        for (let i = 0; i < gs.length; i++) {
          await new Promise((r) => setTimeout(r, 5));
          if (shouldStop?.()) {
            stopSeen = true;
            return;
          }
          on(i, { score: truthOf(gs[i]!), cost: 1 });
        }
      },
    };
    const broken = estimatorScorer('broken', {
      name: 'broken',
      space: nb201,
      estimate: async () => {
        throw new Error('supernet checkpoint unreadable');
      },
    });
    await expect(
      runBiasStudy(nb201, [{ scorer: broken, preferred: [] }], truthScorer, { k: 6, seed: 'f', bootstrap: 20, out: join(root, 'failing') }),
    ).rejects.toThrow('supernet checkpoint unreadable');
    expect(stopSeen).toBe(true);
  });

  it('within a pool (a partial table), draws only its architectures, each computation once, and no more than it holds', async () => {
    const rng = createRng('pool');
    const pool = Array.from({ length: 12 }, () => sampleGenotype(nb201, rng));
    const within = new RestrictedSpace(nb201, pool, 'a pool');
    const keys = new Set(pool.map((g) => computationKey(nb201, g)));
    const k = Number(within.count());
    const outcome = await runBiasStudy(nb201, [perfect], truth, {
      k,
      seed: 's',
      bootstrap: 50,
      unique: true,
      within,
      out: join(root, 'pool'),
    });
    expect(outcome.stopped).toBe(false);
    if (outcome.stopped) return;
    expect(outcome.report.k).toBe(k);
    expect(new Set(outcome.report.architectures.map((a) => computationKey(nb201, parseGenotype(nb201, a.genotype))))).toEqual(keys);
    await expectNasError(
      () => runBiasStudy(nb201, [perfect], truth, { k: k + 1, seed: 's', within, out: join(root, 'pool-over') }),
      `cannot draw ${k + 1} distinct architectures from the ${k} computations of a pool: it holds ${k}`,
    );
    const darts = spaceByName('darts');
    await expectNasError(
      () => runBiasStudy(darts, [perfect], truth, { k: 2, seed: 's', within, out: join(root, 'pool-space') }),
      'a study of the darts space cannot draw from the',
    );
  });

  it('refuses bad studies in one line', async () => {
    await expectNasError(() => runBiasStudy(nb201, [], truth, { k: 5, seed: 's', out: join(root, 'a') }), 'at least one supernet');
    await expectNasError(() => runBiasStudy(nb201, [perfect], truth, { k: 1, seed: 's', out: join(root, 'b') }), 'k >= 2');
    await expectNasError(
      () => runBiasStudy(nb201, [perfect, perfect], truth, { k: 5, seed: 's', out: join(root, 'c') }),
      "supernet 'perfect' is given twice",
    );
    await expectNasError(
      () => runBiasStudy(nb201, [perfect], truth, { k: 5, seed: 's', out: join(root, 'nope'), resume: true }),
      'has no architectures.json',
    );
  });

  it('op bias: the standardised over-rating of the architectures using each op, edge-weighted', () => {
    const g = (s: string) => parseGenotype(nb201, s);
    const a = g('|skip_connect~0|+|skip_connect~0|skip_connect~1|+|skip_connect~0|skip_connect~1|skip_connect~2|');
    const b = g('|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|');
    // Supernet ranks a over b, truth b over a: z-scores (+1, -1) vs (-1, +1), so a is over-rated by 2, b by -2.
    expect(opBias([a, b], [2, 1], [1, 2])).toEqual([
      { op: 'skip_connect', bias: 2, edges: 6 },
      { op: 'nor_conv_3x3', bias: -2, edges: 6 },
    ]);
  });
});
