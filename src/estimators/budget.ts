import { NasError } from '../errors.js';
import type { Budget } from './api.js';

/**
 * The epochs a budget asks of an estimator whose recipe trains `maxEpochs`:
 * a positive integer no larger than the recipe's (a larger one would need
 * another schedule, so it is refused in one line rather than extrapolated).
 */
export function budgetEpochs(estimator: string, budget: Budget | undefined, maxEpochs: number): number {
  if (budget === undefined) return maxEpochs;
  const { epochs } = budget;
  if (!(Number.isInteger(epochs) && epochs >= 1))
    throw new NasError(`${estimator}: a budget must be a positive whole number of epochs, got ${epochs}`);
  if (epochs > maxEpochs) throw new NasError(`${estimator}: a budget of ${epochs} epochs is above the recipe's ${maxEpochs}`);
  return epochs;
}
