import type { SimdKernels } from './simd-module.js';
import { floatView, type WasmHeapBackend } from './wasm-heap.js';

/** Pixels reduced in float32 by one SIMD call, by default; the partial sums are totalled in doubles. */
const CHUNK = 64;

/** One reduction pass: adds into `acc` (a heap address) over pixels `[start, start + count)`; `constants` is the heap copy of `constants`. */
export type ChunkReduce = (simd: SimdKernels, pass: number, start: number, count: number, acc: number, constants: number) => void;

/**
 * Per-channel totals of `passes` reductions over the pixels of an NHWC
 * tensor (`channels` a multiple of 4): each pass runs on chunks of `chunk`
 * pixels, every chunk into its own zeroed float32 partial sum on a heap
 * scratch buffer, and the partial sums add up in doubles (float32 error of
 * `chunk`-term sums only; a larger chunk where `channels` is large, so the
 * totalling in JS stays cheap). `constants` (e.g. a vector of ones, or a
 * centre) are copied to the heap for the passes to read.
 */
export function channelTotals(
  b: WasmHeapBackend,
  simd: SimdKernels,
  pixels: number,
  channels: number,
  passes: number,
  constants: Float32Array,
  reduce: ChunkReduce,
  chunk = CHUNK,
): Float64Array[] {
  const chunks = Math.ceil(pixels / chunk);
  const partials = passes * chunks * channels;
  const scratch = b.makeOutput([partials + constants.length], 'float32');
  try {
    const heap = floatView(b, scratch, 'channelTotals').fill(0, 0, partials);
    heap.set(constants, partials);
    const constantsAt = heap.byteOffset + partials * 4;
    for (let q = 0; q < chunks; q++) {
      for (let pass = 0; pass < passes; pass++) {
        const acc = heap.byteOffset + (pass * chunks + q) * channels * 4;
        reduce(simd, pass, q * chunk, Math.min(chunk, pixels - q * chunk), acc, constantsAt);
      }
    }
    return Array.from({ length: passes }, (_, pass) => {
      const total = new Float64Array(channels);
      for (let i = pass * chunks * channels, end = i + chunks * channels; i < end; i += channels) {
        for (let c = 0; c < channels; c++) total[c] = total[c]! + heap[i + c]!;
      }
      return total;
    });
  } finally {
    b.disposeData(scratch.dataId);
  }
}
