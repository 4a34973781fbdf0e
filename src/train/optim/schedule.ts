import { NasError } from '../../errors.js';

/**
 * The learning rate of epoch `epoch` (0-based) under cosine annealing
 * (Loshchilov & Hutter, SGDR, 2017, eq. 5 without restarts), as PyTorch's
 * `CosineAnnealingLR(T_max=epochs, eta_min=lrMin)` gives it when stepped
 * once per epoch, which is how the DARTS search and retraining use it:
 *
 * `lrMin + (lrMax - lrMin) * (1 + cos(pi * epoch / epochs)) / 2`
 *
 * This is the scheduler's closed form; its recursive `step()` agrees to
 * rounding. Epoch 0 is `lrMax`; `lrMin` is reached at `epoch = epochs`, one
 * past the last epoch of a run, so the last epoch still trains a little.
 */
export function cosineLr(epoch: number, epochs: number, lrMax: number, lrMin: number): number {
  if (!Number.isInteger(epochs) || epochs < 1) throw new NasError(`cosine schedule needs a whole number of epochs >= 1, got ${epochs}`);
  if (!Number.isFinite(epoch) || epoch < 0) throw new NasError(`cosine schedule epoch must be a finite number >= 0, got ${epoch}`);
  if (!Number.isFinite(lrMax) || !Number.isFinite(lrMin))
    throw new NasError(`cosine schedule learning rates must be finite, got ${lrMax} and ${lrMin}`);
  return lrMin + ((lrMax - lrMin) * (1 + Math.cos((Math.PI * epoch) / epochs))) / 2;
}
