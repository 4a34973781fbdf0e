import type { Dataset } from '../data/api.js';
import { NasError } from '../errors.js';

/** Row `o` holds the share of each input pixel in output pixel `o` when `from` pixels become `to` (box filter with fractional overlap). */
function areaWeights(from: number, to: number): Float64Array[] {
  const scale = from / to;
  return Array.from({ length: to }, (_, o) => {
    const row = new Float64Array(from);
    const [start, end] = [o * scale, (o + 1) * scale];
    for (let i = Math.floor(start); i < Math.min(from, Math.ceil(end)); i++) row[i] = (Math.min(end, i + 1) - Math.max(start, i)) / scale;
    return row;
  });
}

/**
 * Every image of `dataset` resampled to `size` x `size` by area averaging
 * (each output pixel the mean of the input area it covers), as the
 * ImageNet16-120 images of NAS-Bench-201 were made small (Chrabaszcz et al.
 * 2017 use box resizing). Pixels stay uint8. The same size is returned as is.
 */
export function resizeArea(dataset: Dataset, size: number): Dataset {
  if (!Number.isInteger(size) || size < 1) throw new NasError(`--image-size must be a positive integer, got ${size}`);
  const { height: h, width: w, channels: c, count } = dataset;
  if (size === h && size === w) return dataset;
  if (size > h || size > w) throw new NasError(`--image-size ${size} is larger than the ${dataset.name} images (${h}x${w})`);
  const wy = areaWeights(h, size);
  const wx = areaWeights(w, size);
  const images = new Uint8Array(count * size * size * c);
  const rows = new Float64Array(size * w * c);
  for (let n = 0; n < count; n++) {
    const src = n * h * w * c;
    rows.fill(0);
    for (let oy = 0; oy < size; oy++) {
      const weights = wy[oy]!;
      for (let y = 0; y < h; y++) {
        const a = weights[y]!;
        if (a === 0) continue;
        for (let k = 0; k < w * c; k++) rows[oy * w * c + k]! += a * dataset.images[src + y * w * c + k]!;
      }
    }
    const dst = n * size * size * c;
    for (let oy = 0; oy < size; oy++) {
      for (let ox = 0; ox < size; ox++) {
        const weights = wx[ox]!;
        for (let ch = 0; ch < c; ch++) {
          let v = 0;
          for (let x = 0; x < w; x++) if (weights[x] !== 0) v += weights[x]! * rows[oy * w * c + x * c + ch]!;
          images[dst + (oy * size + ox) * c + ch] = Math.min(255, Math.max(0, Math.round(v)));
        }
      }
    }
  }
  return { ...dataset, name: `${dataset.name}/${size}px`, images, height: size, width: size };
}
