import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { supernetEdges } from '../../../src/space/index.js';
import type { CellSpace } from '../../../src/space/api.js';
import type { FixedNetwork } from '../../../src/supernet/index.js';

/** What scripts/synflow-reference.py reads: the network's shape, the edge numbering of parameter names, and per architecture a weight file. */
export interface ReferenceManifest {
  readonly image: readonly [number, number, number];
  readonly classes: number;
  readonly channels: number;
  readonly cellsPerStage: number;
  readonly edges: readonly { readonly index: number; readonly from: number; readonly to: number }[];
  readonly archs: { arch: string; file: string; tensors: { name: string; shape: number[]; offset: number }[] }[];
}

export function newManifest(
  space: CellSpace,
  skeleton: { channels: number; cellsPerStage: number; classes: number },
  image: readonly [number, number, number],
): ReferenceManifest {
  return {
    image,
    classes: skeleton.classes,
    channels: skeleton.channels,
    cellsPerStage: skeleton.cellsPerStage,
    edges: supernetEdges(space).map((e, index) => ({ index, from: e.from, to: e.to })),
    archs: [],
  };
}

/** Write the network's conv and linear weights (float32, little-endian, TensorFlow layouts) as `arch-<i>.bin` and list them in the manifest. */
export function dumpWeights(dir: string, manifest: ReferenceManifest, arch: string, net: FixedNetwork): void {
  const named = net.network.namedParameters().filter(([name]) => name.endsWith('.weight') || name.endsWith('.bias'));
  const total = named.reduce((n, [, v]) => n + v.size, 0);
  const values = new Float32Array(total);
  const tensors: { name: string; shape: number[]; offset: number }[] = [];
  let offset = 0;
  for (const [name, v] of named) {
    values.set(v.dataSync(), offset);
    tensors.push({ name, shape: v.shape, offset });
    offset += v.size;
  }
  const file = `arch-${manifest.archs.length}.bin`;
  writeFileSync(join(dir, file), new Uint8Array(values.buffer));
  manifest.archs.push({ arch, file, tensors });
}
