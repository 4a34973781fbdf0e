import type { BatchAugment } from '../data/index.js';
import { createRng, randomIndex } from '../random/index.js';

/** The DARTS retraining augmentation, each part switchable. */
export interface AugmentOptions {
  /** Random crop after zero-padding each side by this many pixels (DARTS: 4 on 32x32); 0 = off. */
  readonly cropPadding: number;
  /** Random horizontal flip with probability 1/2. */
  readonly flip: boolean;
  /** Cutout (DeVries & Taylor 2017): one square of this side, centred anywhere (clipped at the border), set to 0 after normalisation; 0 = off. */
  readonly cutout: number;
}

/**
 * `AugmentOptions` as a batch augmentation: per image, random crop of the
 * zero-padded image (padding holds the normalised value of a black pixel, as
 * torchvision pads before normalising), horizontal flip, then cutout. All
 * randomness comes from `${seed}/${step}`, so a resumed run augments the
 * same batches the same way.
 */
export function dartsAugment(options: AugmentOptions, seed: string): BatchAugment {
  const { cropPadding: pad, flip, cutout } = options;
  return (pixels, [n, h, w, c], { step, black }) => {
    if (pad === 0 && !flip && cutout === 0) return;
    const rng = createRng(`${seed}/${step}`);
    const image = h * w * c;
    const copy = new Float32Array(image);
    for (let k = 0; k < n; k++) {
      const offset = k * image;
      copy.set(pixels.subarray(offset, offset + image));
      const dy = pad > 0 ? randomIndex(rng, 2 * pad + 1) - pad : 0;
      const dx = pad > 0 ? randomIndex(rng, 2 * pad + 1) - pad : 0;
      const mirror = flip && rng() < 0.5;
      for (let y = 0; y < h; y++) {
        const sy = y + dy;
        for (let x = 0; x < w; x++) {
          // Crop, then flip: output (y, x) is the crop's (y, w-1-x) when mirrored.
          const sx = (mirror ? w - 1 - x : x) + dx;
          const inside = sy >= 0 && sy < h && sx >= 0 && sx < w;
          const to = offset + (y * w + x) * c;
          const from = (sy * w + sx) * c;
          for (let ch = 0; ch < c; ch++) pixels[to + ch] = inside ? copy[from + ch]! : black[ch]!;
        }
      }
      if (cutout > 0) {
        const cy = randomIndex(rng, h);
        const cx = randomIndex(rng, w);
        const half = Math.floor(cutout / 2);
        for (let y = Math.max(0, cy - half); y < Math.min(h, cy + cutout - half); y++) {
          for (let x = Math.max(0, cx - half); x < Math.min(w, cx + cutout - half); x++) {
            pixels.fill(0, offset + (y * w + x) * c, offset + (y * w + x + 1) * c);
          }
        }
      }
    }
  };
}
