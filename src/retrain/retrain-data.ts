import { dartsSplit, loadDataset, takeSubset, type Dataset } from '../data/index.js';
import { NasError } from '../errors.js';
import { resizeArea } from '../table/resize-area.js';
import type { RetrainConfig } from './config.js';

/**
 * Training and evaluation images: the test split, or with `holdout` images
 * held out of the training split (a seeded random draw) and never trained on.
 */
export async function retrainData(config: RetrainConfig): Promise<{ train: Dataset; test: Dataset }> {
  const dir = config.dataDir ?? undefined;
  let train = await loadDataset(config.dataset, 'train', dir);
  let test: Dataset;
  const holdout = config.holdout ?? null;
  if (holdout === null) {
    test = await loadDataset(config.dataset, 'test', dir);
  } else {
    if (holdout >= train.count)
      throw new NasError(`--holdout ${holdout} leaves no training images (the ${config.dataset} training split has ${train.count})`);
    // Half an image of margin: the split floors portion x count.
    const split = dartsSplit(train, (train.count - holdout + 0.5) / train.count, `${config.seed}/holdout`);
    [train, test] = [split.train, split.val];
  }
  // Resized after the draws, so a smaller image size trains and is scored on the same images.
  const size = (d: Dataset) => ((config.imageSize ?? null) === null ? d : resizeArea(d, config.imageSize!));
  return {
    train: size(
      config.trainLimit === null ? train : takeSubset(train, Math.min(config.trainLimit, train.count), `${config.seed}/train-subset`),
    ),
    test: size(config.testLimit === null ? test : takeSubset(test, Math.min(config.testLimit, test.count), `${config.seed}/test-subset`)),
  };
}
