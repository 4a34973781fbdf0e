import { describe, expect, it } from 'vitest';
import { dartsAugment } from '../../src/retrain/index.js';

/** One 4x4 single-channel image with pixel (y, x) = 10 y + x + 1 (none is 0). */
function image(): Float32Array {
  return Float32Array.from({ length: 16 }, (_, i) => 10 * Math.floor(i / 4) + (i % 4) + 1);
}

const run = (options: Parameters<typeof dartsAugment>[0], step = 0) => {
  const pixels = image();
  dartsAugment(options, 'seed')(pixels, [1, 4, 4, 1], { step, black: [-1] });
  return Array.from(pixels);
};

describe('DARTS augmentation', () => {
  it('is off when every part is off', () => {
    expect(run({ cropPadding: 0, flip: false, cutout: 0 })).toEqual(Array.from(image()));
  });

  it('crops a shifted window of the padded image (padding is black) and is the same for the same step', () => {
    const seen = new Set<string>();
    for (let step = 0; step < 40; step++) {
      const out = run({ cropPadding: 1, flip: false, cutout: 0 }, step);
      expect(out).toEqual(run({ cropPadding: 1, flip: false, cutout: 0 }, step));
      // Every pixel is an original pixel or black; the interior 2x2 always survives somewhere.
      for (const v of out) expect(v === -1 || image().includes(v)).toBe(true);
      seen.add(out.join());
    }
    expect(seen.size).toBe(9);
  });

  it('flips rows left to right, about half of the time', () => {
    const outs = Array.from({ length: 200 }, (_, step) => run({ cropPadding: 0, flip: true, cutout: 0 }, step));
    const flipped = outs.filter((o) => o[0] === 4);
    for (const o of flipped) expect(o.slice(0, 4)).toEqual([4, 3, 2, 1]);
    expect(flipped.length).toBeGreaterThan(70);
    expect(flipped.length).toBeLessThan(130);
  });

  it('cutout zeroes one square, clipped at the border', () => {
    for (let step = 0; step < 20; step++) {
      const out = run({ cropPadding: 0, flip: false, cutout: 2 }, step);
      const zeros = out.map((v, i) => (v === 0 ? i : -1)).filter((i) => i >= 0);
      expect(zeros.length).toBeLessThanOrEqual(4);
      expect(zeros.length).toBeGreaterThanOrEqual(1);
    }
  });
});
