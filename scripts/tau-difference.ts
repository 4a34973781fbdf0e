/**
 * Is one supernet's ranking better than another's on the same architectures?
 * The paired bootstrap of the difference in Kendall tau-b against the truth:
 * each resample draws architectures with replacement and computes both taus
 * on the same draw, so the noise the two rankings share (the truth's, the
 * pool's) cancels; the separate intervals of `nas bias` overlap far more
 * than the difference is uncertain. Each argument is `DIR#NAME`, a scorer of
 * the bias study in DIR (`nas bias --out DIR`); both studies must have scored
 * the same architectures against the same truth. 1,000 resamples, seeded.
 * Usage: npx tsx scripts/tau-difference.ts A_DIR#A_NAME B_DIR#B_NAME
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BiasReport } from '../src/analysis/index.js';
import { bootstrapCI, kendallTauB } from '../src/analysis/stats/index.js';
import { createRng } from '../src/random/index.js';

const [a, b] = process.argv.slice(2);
if (a === undefined || b === undefined) throw new Error('usage: tau-difference.ts A_DIR#A_NAME B_DIR#B_NAME');

/** A scorer's scores and the truth's, by architecture, over the study's uniform draw. */
function scores(spec: string): { readonly name: string; readonly truth: Map<string, number>; readonly score: Map<string, number> } {
  const [dir, name] = spec.split('#') as [string, string | undefined];
  if (name === undefined) throw new Error(`'${spec}' is not DIR#NAME`);
  const report = JSON.parse(readFileSync(join(dir, 'bias.json'), 'utf8')) as BiasReport;
  const uniform = report.architectures.filter((x) => x.source === 'uniform');
  const value = (x: (typeof uniform)[number], n: string) => {
    const v = x.scores[n];
    if (v === undefined || v === null) throw new Error(`${dir} has no score of ${n} for ${x.genotype}`);
    return v;
  };
  return {
    name,
    truth: new Map(uniform.map((x) => [x.genotype, value(x, report.truth)])),
    score: new Map(uniform.map((x) => [x.genotype, value(x, name)])),
  };
}

const [first, second] = [scores(a), scores(b)];
const archs = [...first.truth.keys()];
if (archs.length !== second.truth.size || archs.some((g) => second.truth.get(g) !== first.truth.get(g)))
  throw new Error('the two studies did not score the same architectures against the same truth');
const truth = archs.map((g) => first.truth.get(g)!);
const [x, y] = [archs.map((g) => first.score.get(g)!), archs.map((g) => second.score.get(g)!)];
const pick = (v: readonly number[], idx: readonly number[]) => idx.map((i) => v[i]!);
const diff = bootstrapCI((idx) => kendallTauB(pick(x, idx), pick(truth, idx)) - kendallTauB(pick(y, idx), pick(truth, idx)), archs.length, {
  samples: 1000,
  rng: createRng('tau-difference'),
});
const f = (v: number) => v.toFixed(3);
console.log(
  `${first.name} - ${second.name}: Kendall tau ${f(kendallTauB(x, truth))} - ${f(kendallTauB(y, truth))} = ${f(diff.estimate)} [${f(diff.low)}, ${f(diff.high)}] over ${archs.length} architectures (paired bootstrap, 95%)`,
);
