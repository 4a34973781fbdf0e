import { NasError } from '../../errors.js';
import type { ZcInput } from './api.js';

/**
 * Image shape and class count of the data sets NAS-Bench-201 and the
 * toolkit use, known without reading them, so the data-free proxies run
 * where the images are not at hand (ImageNet16-120: 16x16, 120 classes;
 * Dong & Yang 2020).
 */
export const ZC_INPUTS = {
  cifar10: { image: [32, 32, 3], classes: 10 },
  cifar100: { image: [32, 32, 3], classes: 100 },
  imagenet16: { image: [16, 16, 3], classes: 120 },
  'fashion-mnist': { image: [28, 28, 1], classes: 10 },
  mnist: { image: [28, 28, 1], classes: 10 },
} as const satisfies Record<string, ZcInput>;

export type ZcDatasetName = keyof typeof ZC_INPUTS;

/** The input of a data set by name; an unknown name is a one-line error listing the known ones. */
export function zcInput(dataset: string): ZcInput {
  const input = (ZC_INPUTS as Record<string, ZcInput>)[dataset];
  if (input === undefined)
    throw new NasError(`unknown dataset '${dataset}' for zero-cost proxies (known: ${Object.keys(ZC_INPUTS).join(', ')})`);
  return input;
}
