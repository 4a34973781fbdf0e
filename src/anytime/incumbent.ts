import type { RecordedQuery } from '../black-box/index.js';
import type { AnytimePoint, AnytimeTrajectory } from './api.js';

/** The epochs a query's score stands for: a training stopped early's, a budget's, else the whole recipe. */
const fidelityOf = (q: RecordedQuery, maxEpochs: number) => q.stopped ?? q.budget ?? maxEpochs;

/**
 * The incumbent of a search after each of its queries, as a multi-fidelity
 * optimizer reports it (Falkner et al. 2018's BOHB code: the best
 * configuration at the largest budget evaluated so far), so that scores at
 * different fidelities are never compared: a query at a higher fidelity than
 * any before becomes the incumbent whatever its score; at the same fidelity
 * a higher score replaces it (ties keep the earlier). A training stopped early
 * counts at the epochs it trained, so its predicted score never wins over a
 * finished training. Each change of incumbent is a point at the cumulative
 * cost so far, valued by `truth` (the table's final val and test of that
 * architecture: what the search would hand back, not what it measured).
 */
export function incumbentTrajectory(
  history: readonly RecordedQuery[],
  maxEpochs: number,
  truth: (genotype: string) => { readonly val: number; readonly test: number },
): AnytimeTrajectory {
  const points: AnytimePoint[] = [];
  let spent = 0;
  let best: { fidelity: number; score: number; genotype: string } | null = null;
  for (const q of history) {
    spent += q.cost;
    const fidelity = fidelityOf(q, maxEpochs);
    if (best === null || fidelity > best.fidelity || (fidelity === best.fidelity && q.score > best.score)) {
      const changed = best?.genotype !== q.genotype;
      best = { fidelity, score: q.score, genotype: q.genotype };
      if (changed) points.push({ compute: spent, genotype: q.genotype, ...truth(q.genotype) });
    }
  }
  return { points, spent, queries: history.length };
}
