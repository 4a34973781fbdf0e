import { NasError } from '../errors.js';
import type { Budget, BudgetDimensions } from './api.js';

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

/** The dimensions besides epochs, each with its flag word (`nas hyperband --budget-dim`) and the unit an error names. */
export const BUDGET_DIMENSIONS = {
  images: { flag: 'images', unit: 'training images' },
  imageSize: { flag: 'image-size', unit: 'px image size' },
  channels: { flag: 'channels', unit: 'initial channels' },
} as const satisfies Record<keyof BudgetDimensions, { readonly flag: string; readonly unit: string }>;

export type BudgetDimension = keyof BudgetDimensions;

export const budgetDimensionNames = (): BudgetDimension[] => Object.keys(BUDGET_DIMENSIONS) as BudgetDimension[];

/** A dimension by its flag word (`images`, `image-size`, `channels`); an unknown one is a one-line error listing the known. */
export function budgetDimensionByFlag(flag: string): BudgetDimension {
  const found = budgetDimensionNames().find((d) => BUDGET_DIMENSIONS[d].flag === flag);
  if (found === undefined)
    throw new NasError(
      `unknown budget dimension '${flag}' (known: epochs, ${budgetDimensionNames()
        .map((d) => BUDGET_DIMENSIONS[d].flag)
        .join(', ')})`,
    );
  return found;
}

/**
 * The dimensions of `budget` that reduce the recipe's: each a positive whole
 * number no larger than the recipe's (`maxima`); one equal to the recipe's is
 * the recipe itself and is left out, so the full-fidelity training is one
 * run whatever way it was asked. A dimension the estimator cannot vary (no
 * maximum) or above the recipe's is a one-line `NasError`.
 */
export function reducedDimensions(estimator: string, budget: Budget | undefined, maxima: BudgetDimensions = {}): BudgetDimensions {
  const reduced: { -readonly [D in BudgetDimension]?: number } = {};
  for (const dim of budgetDimensionNames()) {
    const value = budget?.[dim];
    if (value === undefined) continue;
    const { unit } = BUDGET_DIMENSIONS[dim];
    const max = maxima[dim];
    if (max === undefined) {
      const varied = budgetDimensionNames().filter((d) => maxima[d] !== undefined);
      throw new NasError(
        `${estimator}: answers no budget in ${unit} (it varies epochs${varied.map((d) => `, ${BUDGET_DIMENSIONS[d].unit}`).join('')})`,
      );
    }
    if (!(Number.isInteger(value) && value >= 1))
      throw new NasError(`${estimator}: a budget of ${unit} must be a positive whole number, got ${value}`);
    if (value > max) throw new NasError(`${estimator}: a budget of ${value} ${unit} is above the recipe's ${max}`);
    if (value < max) reduced[dim] = value;
  }
  return reduced;
}

/**
 * For an estimator measured at one recipe only (a table): a budget's
 * dimension besides epochs is accepted when it is the recipe's own value,
 * else refused in one line naming what was recorded.
 */
export function recipeDimensionsOnly(estimator: string, budget: Budget | undefined, recipe: BudgetDimensions): void {
  for (const dim of budgetDimensionNames()) {
    const value = budget?.[dim];
    if (value === undefined || value === recipe[dim]) continue;
    const { unit } = BUDGET_DIMENSIONS[dim];
    throw new NasError(
      `${estimator} was measured at ${recipe[dim] ?? "its recipe's"} ${unit} only: it answers no budget of ${value} ${unit}`,
    );
  }
}

/** A run-directory suffix naming the reduced dimensions (`-i500-s14-c4`), empty for the recipe's: one training per distinct budget shape. */
export function dimensionsSuffix(reduced: BudgetDimensions): string {
  return [
    reduced.images !== undefined ? `-i${reduced.images}` : '',
    reduced.imageSize !== undefined ? `-s${reduced.imageSize}` : '',
    reduced.channels !== undefined ? `-c${reduced.channels}` : '',
  ].join('');
}

/** The dimensions besides epochs a budget sets (undefined when none): what a history line keeps beside the epochs. */
export function budgetDimensionsOf(budget: BudgetDimensions | undefined): BudgetDimensions | undefined {
  const set = budgetDimensionNames().filter((d) => budget?.[d] !== undefined);
  return set.length === 0 ? undefined : Object.fromEntries(set.map((d) => [d, budget![d]]));
}

/** A budget in words (`3 epochs, 500 training images`), for errors that name a query. */
export function describeBudget(epochs: number | undefined, dimensions: BudgetDimensions | undefined): string {
  const parts = budgetDimensionNames()
    .filter((d) => dimensions?.[d] !== undefined)
    .map((d) => `${dimensions![d]} ${BUDGET_DIMENSIONS[d].unit}`);
  return [...(epochs !== undefined ? [`${epochs} epochs`] : []), ...parts].join(', ');
}
