import { match } from 'ts-pattern';
import type { Genotype } from '../../src/space/index.js';

/**
 * A genotype as a multiset of labelled decisions (`cell/normal/2/sep_conv_3x3~0`,
 * `layer/3/width=32`), so two genotypes differ by exactly one mutation when
 * one item of each differs.
 */
export function decisionItems(genotype: Genotype): string[] {
  return match(genotype)
    .with({ kind: 'cell' }, (g) =>
      Object.entries(g.cells).flatMap(([type, cell]) =>
        (cell?.nodes ?? []).flatMap((edges, k) => edges.map((e) => `cell/${type}/${k}/${e.op}~${e.from}`)),
      ),
    )
    .with({ kind: 'chain' }, (g) => g.layers.flatMap((layer, i) => [`layer/${i}/op=${layer.op}`, `layer/${i}/width=${layer.width}`]))
    .with({ kind: 'hierarchical' }, (g) =>
      g.levels.flatMap((motifs, l) =>
        motifs.flatMap((motif, i) => motif.nodes.flatMap((edges, k) => edges.map((e) => `motif/${l}/${i}/${k}/${e.op}~${e.from}`))),
      ),
    )
    .exhaustive();
}

/** Items of `a` not matched by an item of `b` (multiset difference). */
export function itemsOnlyIn(a: readonly string[], b: readonly string[]): string[] {
  const left = [...b];
  return a.filter((item) => {
    const at = left.indexOf(item);
    if (at < 0) return true;
    left.splice(at, 1);
    return false;
  });
}

/** True when `value` and everything inside it is frozen. */
export function deeplyFrozen(value: unknown): boolean {
  if (typeof value !== 'object' || value === null) return true;
  return Object.isFrozen(value) && Object.values(value).every(deeplyFrozen);
}
