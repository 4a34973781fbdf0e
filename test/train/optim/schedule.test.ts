import { describe, expect, it } from 'vitest';
import { cosineLr } from '../../../src/train/optim/index.js';
import { expectNasError } from './helpers.js';
import { TORCH_COSINE } from './torch-reference.js';

describe('cosineLr', () => {
  it("matches torch's CosineAnnealingLR(T_max=50, eta_min=0.001) stepped once per epoch, the DARTS schedule", () => {
    TORCH_COSINE.forEach((expected, epoch) => {
      expect(Math.abs(cosineLr(epoch, 50, 0.025, 0.001) - expected), `epoch ${epoch}`).toBeLessThanOrEqual(1e-12 * expected);
    });
  });

  it('starts at lrMax, passes the middle at half the epochs and reaches lrMin one past the last epoch', () => {
    expect(cosineLr(0, 7, 0.1, 0)).toBe(0.1);
    expect(cosineLr(3.5, 7, 0.1, 0.02)).toBeCloseTo(0.06, 15);
    expect(cosineLr(7, 7, 0.1, 0.02)).toBeCloseTo(0.02, 15);
  });

  it('refuses epochs that are not a positive whole number and a negative epoch', () => {
    expectNasError(() => cosineLr(0, 0, 0.1, 0), 'epochs', 'got 0');
    expectNasError(() => cosineLr(0, 2.5, 0.1, 0), 'epochs', '2.5');
    expectNasError(() => cosineLr(-1, 5, 0.1, 0), 'epoch', '-1');
    expectNasError(() => cosineLr(0, 5, Number.NaN, 0), 'finite');
  });
});
