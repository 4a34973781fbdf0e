import type { ChainArchitecture, ChainSpace } from './api.js';
import { fail, plural, readArray, readChoice, readObject } from './fields.js';

/** Reads an untrusted chain genotype: one `{ op, width }` per layer of the space's depth, each a choice the space offers. */
export function validateChain(space: ChainSpace, value: unknown): ChainArchitecture {
  const record = readObject(value, 'genotype', ['kind', 'space', 'layers']);
  const layers = readArray(record.layers, 'genotype.layers');
  if (layers.length !== space.depth) {
    fail('genotype.layers', `${plural(layers.length, 'layer')}, the ${space.name} space has depth ${space.depth}`);
  }
  return {
    kind: 'chain',
    space: space.name,
    layers: layers.map((layer, i) => {
      const path = `genotype.layers[${i}]`;
      const fields = readObject(layer, path, ['op', 'width']);
      return {
        op: readChoice(fields.op, `${path}.op`, 'op', space.ops),
        width: readChoice(fields.width, `${path}.width`, 'width', space.widths),
      };
    }),
  };
}
