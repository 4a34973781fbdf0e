import { supernetEdges } from '../../../src/space/index.js';
import type { CellArchitecture, CellSpace } from '../../../src/space/api.js';
import { genotypeEdgeOps, type FixedNetwork } from '../../../src/supernet/index.js';

/** A float64 NHWC feature map of one image. */
interface Map64 {
  h: number;
  w: number;
  c: number;
  v: Float64Array;
}

/** TensorFlow's 'same' padding before the first row: half the total, rounded down. */
const padBefore = (size: number, k: number, s: number) => Math.floor(Math.max((Math.ceil(size / s) - 1) * s + k - size, 0) / 2);

/** Convolution with an HWIO filter (TensorFlow layout), 'same' padding. */
function conv(x: Map64, f: Float64Array, k: number, cOut: number, stride: number): Map64 {
  const h = Math.ceil(x.h / stride);
  const w = Math.ceil(x.w / stride);
  const top = padBefore(x.h, k, stride);
  const left = padBefore(x.w, k, stride);
  const v = new Float64Array(h * w * cOut);
  for (let i = 0; i < h; i++)
    for (let j = 0; j < w; j++)
      for (let a = 0; a < k; a++)
        for (let b = 0; b < k; b++) {
          const y = i * stride + a - top;
          const z = j * stride + b - left;
          if (y < 0 || z < 0 || y >= x.h || z >= x.w) continue;
          for (let ci = 0; ci < x.c; ci++) {
            const xv = x.v[(y * x.w + z) * x.c + ci]!;
            const base = ((a * k + b) * x.c + ci) * cOut;
            for (let co = 0; co < cOut; co++) v[(i * w + j) * cOut + co]! += xv * f[base + co]!;
          }
        }
  return { h, w, c: cOut, v };
}

/** Average pooling, 'same' padding, padded cells left out of the count (TensorFlow's rule). */
function avgPool(x: Map64, k: number, stride: number): Map64 {
  const h = Math.ceil(x.h / stride);
  const w = Math.ceil(x.w / stride);
  const top = padBefore(x.h, k, stride);
  const left = padBefore(x.w, k, stride);
  const v = new Float64Array(h * w * x.c);
  for (let i = 0; i < h; i++)
    for (let j = 0; j < w; j++)
      for (let c = 0; c < x.c; c++) {
        let sum = 0;
        let n = 0;
        for (let a = 0; a < k; a++)
          for (let b = 0; b < k; b++) {
            const y = i * stride + a - top;
            const z = j * stride + b - left;
            if (y < 0 || z < 0 || y >= x.h || z >= x.w) continue;
            sum += x.v[(y * x.w + z) * x.c + c]!;
            n++;
          }
        v[(i * w + j) * x.c + c] = sum / n;
      }
  return { h, w, c: x.c, v };
}

const add = (a: Map64, b: Map64): Map64 => ({ ...a, v: a.v.map((x, i) => x + b.v[i]!) });

/**
 * R = 1^T f(1) of an NB201 fixed network in float64, BatchNorm removed, ReLU
 * the identity (every value is non-negative), with the given absolute weights.
 */
function flow(fixed: FixedNetwork, weights: ReadonlyMap<string, Float64Array>, image: readonly [number, number, number]): number {
  const space = fixed.space as CellSpace;
  const skeleton = fixed.skeleton as { cellsPerStage: number; channels: number; classes: number };
  const cell = (fixed.genotype as CellArchitecture).cells.normal!;
  const ops = genotypeEdgeOps(space, cell).map((list) => list.map((k) => space.ops[k]!));
  const edges = supernetEdges(space);
  const w = (name: string) => weights.get(name)!;
  let width = skeleton.channels;
  let h = conv(
    { h: image[0], w: image[1], c: image[2], v: new Float64Array(image[0] * image[1] * image[2]).fill(1) },
    w('stem.conv.weight'),
    3,
    width,
    1,
  );
  let index = 0;
  for (let stage = 0; stage < 3; stage++) {
    if (stage > 0) {
      const p = `cells.${index++}`;
      const main = conv(conv(h, w(`${p}.conv_a.conv.weight`), 3, width * 2, 2), w(`${p}.conv_b.conv.weight`), 3, width * 2, 1);
      h = add(main, conv(avgPool(h, 2, 2), w(`${p}.downsample.weight`), 1, width * 2, 1));
      width *= 2;
    }
    for (let i = 0; i < skeleton.cellsPerStage; i++) {
      const p = `cells.${index++}.edges`;
      const nodes = [h];
      for (let node = 1; node <= space.nodes; node++) {
        let sum: Map64 = { ...h, v: new Float64Array(h.v.length) };
        edges.forEach((edge, e) => {
          if (edge.to !== node) return;
          const x = nodes[edge.from]!;
          for (const op of ops[e]!) {
            if (op === 'nor_conv_3x3') sum = add(sum, conv(x, w(`${p}.${e}.${op}.conv.weight`), 3, width, 1));
            else if (op === 'nor_conv_1x1') sum = add(sum, conv(x, w(`${p}.${e}.${op}.conv.weight`), 1, width, 1));
            else if (op === 'skip_connect') sum = add(sum, x);
            else if (op === 'avg_pool_3x3') sum = add(sum, avgPool(x, 3, 1));
          }
        });
        nodes.push(sum);
      }
      h = nodes[nodes.length - 1]!;
    }
  }
  const pixels = h.h * h.w;
  const classifier = w('classifier.weight');
  const bias = weights.get('classifier.bias');
  let r = 0;
  for (let k = 0; k < skeleton.classes; k++) {
    let logit = bias?.[k] ?? 0;
    for (let c = 0; c < width; c++) {
      let mean = 0;
      for (let q = 0; q < pixels; q++) mean += h.v[q * width + c]!;
      logit += (mean / pixels) * classifier[c * skeleton.classes + k]!;
    }
    r += logit;
  }
  return r;
}

/**
 * Synflow S = sum over weights theta of theta * dR/dtheta in float64 without
 * any gradient: R is linear in each weight tensor (a tensor sits at most
 * once on any path), so a tensor's share sum(theta * dR/dtheta) is exactly
 * R minus R with that tensor zeroed (Euler's theorem for degree-1 functions).
 */
export function synflow64(fixed: FixedNetwork, image: readonly [number, number, number]): number {
  const weights = new Map(
    fixed.network
      .namedParameters()
      .filter(([name]) => name.endsWith('.weight') || name.endsWith('.bias'))
      .map(([name, v]) => [name, Float64Array.from(v.dataSync(), Math.abs)] as const),
  );
  const full = flow(fixed, weights, image);
  let total = 0;
  for (const [name, value] of weights) {
    if (!name.endsWith('.weight')) continue;
    total += full - flow(fixed, new Map([...weights, [name, new Float64Array(value.length)]]), image);
  }
  return total;
}
