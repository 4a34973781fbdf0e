import { MultiObjectiveEvolution, type Objective, createRng } from '../../src/index.js';
import { ConvCountEstimator, cellOps } from './add-estimator.js';

/** An objective a multi-objective search trades off against the score: the cell's skip connections, fewer better. */
export const SKIPS: Objective = {
  name: 'skips',
  direction: 'min',
  measure: async (genotype) => cellOps(genotype).filter((op) => op === 'skip_connect').length,
};

/** NSGA-II over the estimator's score and the objective: the Pareto front of 40 queries. */
export async function paretoFrontWithSkips(seed: string) {
  const search = new MultiObjectiveEvolution([SKIPS], { population: 8 });
  await search.run(new ConvCountEstimator(), 40, createRng(seed));
  return search.front;
}
