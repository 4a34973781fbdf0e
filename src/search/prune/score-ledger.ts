import { NasError } from '../../errors.js';
import type { Estimator } from '../../estimators/api.js';
import { appendLedger, resumeLedger } from '../../runs/ledger.js';
import { yieldToEventLoop } from '../../runs/yield.js';
import { canonicalString } from '../../space/index.js';
import type { Genotype } from '../../space/api.js';

interface ScoreLine {
  readonly index: number;
  readonly genotype: string;
  readonly score: number;
  readonly cost: number;
}

/**
 * Score `genotypes` with `estimator`, one line per score appended to the
 * ledger `file` as it lands, so a stopped scoring resumes without paying for
 * a score twice. Returns the scores in order, or null when `shouldStop` ended
 * it first. A ledger line of another architecture is a one-line `NasError`.
 */
export async function scoreIntoLedger(
  file: string,
  estimator: Estimator,
  genotypes: readonly Genotype[],
  options: { readonly shouldStop?: () => boolean; readonly onScore?: (done: number, total: number) => void } = {},
): Promise<number[] | null> {
  const names = genotypes.map(canonicalString);
  const scores: (number | undefined)[] = names.map(() => undefined);
  for (const { record } of resumeLedger<ScoreLine>(file)) {
    if (names[record.index] !== record.genotype) throw new NasError(`${file}: a score of ${record.genotype} does not belong to this pool`);
    scores[record.index] = record.score;
  }
  let done = scores.filter((s) => s !== undefined).length;
  for (const [index, genotype] of genotypes.entries()) {
    if (scores[index] !== undefined) continue;
    await yieldToEventLoop();
    if (options.shouldStop?.()) return null;
    const { score, cost } = await estimator.estimate(genotype);
    appendLedger(file, { index, genotype: names[index]!, score, cost } satisfies ScoreLine);
    scores[index] = score;
    options.onScore?.(++done, genotypes.length);
  }
  return scores as number[];
}
