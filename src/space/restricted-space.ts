import { match } from 'ts-pattern';
import { NasError } from '../errors.js';
import { randomIndex, type Rng } from '../random/rng.js';
import type { ArchitectureMoves } from './architecture-moves.js';
import type { CellGenotype, Genotype, SearchSpace } from './api.js';
import { computationKey } from './canonical-computation.js';
import { neighbours } from './neighbours.js';
import { validateGenotype } from './validate-genotype.js';

/**
 * A search space cut down to a pool of its architectures (a partial
 * ground-truth table's, so that a black-box strategy only ever asks what
 * the table can answer, as NAS-Bench-201's strategies do on their complete
 * table). Candidates are the pool's distinct computations (`computationKey`),
 * each answered by the pool's own string for it:
 *
 * - `sample` is uniform over those computations (NB201's 6,466, not its
 *   15,625 strings, as `--unique` tables are drawn);
 * - `neighbours(g)` are the single mutations of `g` (`neighbours` of the
 *   space) whose computation is in the pool. A sparse pool often has none
 *   of them (a NB201 cell has 24 single mutations; at 500 of 6,466
 *   computations about two land in the pool on average, often none): then
 *   the pool's members at the fewest differing choices (ops, edges, widths)
 *   stand in, so that evolution and local search keep moving instead of
 *   stalling on holes the table happens to have. On a complete table this
 *   is exactly the single-mutation neighbourhood.
 * - `mutate` is a uniform pick among `neighbours`.
 *
 * A pool of fewer than two computations cannot be moved in: a one-line
 * `NasError`, as is a member of another space.
 */
export class RestrictedSpace implements ArchitectureMoves {
  readonly description: string;
  /** One member per computation: the first the pool listed. */
  private readonly byKey = new Map<string, Genotype>();
  private readonly members: Genotype[] = [];
  private readonly items: Set<string>[] = [];

  constructor(
    readonly space: SearchSpace,
    pool: readonly Genotype[],
    what: string,
  ) {
    for (const genotype of pool) {
      if (genotype.space !== space.name) throw new NasError(`${what}: a ${genotype.space} architecture is not of the ${space.name} space`);
      const key = computationKey(space, genotype);
      if (this.byKey.has(key)) continue;
      const valid = validateGenotype(space, genotype);
      this.byKey.set(key, valid);
      this.members.push(valid);
      this.items.push(choiceItems(valid));
    }
    if (this.members.length < 2)
      throw new NasError(
        `${what} holds ${this.members.length} distinct computation(s) of the ${space.name} space: a search cannot move within it`,
      );
    this.description = `the ${this.members.length} computations of ${what}`;
  }

  count(): bigint {
    return BigInt(this.members.length);
  }

  /** Whether the pool holds `genotype`'s computation. */
  has(genotype: Genotype): boolean {
    return this.byKey.has(computationKey(this.space, genotype));
  }

  /** The pool's member for `genotype`'s computation, or null. */
  member(genotype: Genotype): Genotype | null {
    return this.byKey.get(computationKey(this.space, genotype)) ?? null;
  }

  sample(rng: Rng): Genotype {
    return this.members[randomIndex(rng, this.members.length)]!;
  }

  neighbours(genotype: Genotype): Genotype[] {
    const own = computationKey(this.space, genotype);
    const found = new Map<string, Genotype>();
    for (const n of neighbours(this.space, genotype)) {
      const key = computationKey(this.space, n);
      const member = this.byKey.get(key);
      if (key !== own && member !== undefined && !found.has(key)) found.set(key, member);
    }
    return found.size > 0 ? [...found.values()] : this.nearest(genotype, own);
  }

  mutate(genotype: Genotype, rng: Rng): Genotype {
    const options = this.neighbours(genotype);
    return options[randomIndex(rng, options.length)]!;
  }

  /** The members of other computations at the fewest differing choices from `genotype`, in pool order. */
  private nearest(genotype: Genotype, own: string): Genotype[] {
    const mine = choiceItems(validateGenotype(this.space, genotype));
    let best = Number.POSITIVE_INFINITY;
    let out: Genotype[] = [];
    this.members.forEach((member, i) => {
      if (computationKey(this.space, member) === own) return;
      const theirs = this.items[i]!;
      let distance = 0;
      for (const item of mine) if (!theirs.has(item)) distance++;
      for (const item of theirs) if (!mine.has(item)) distance++;
      if (distance < best) [best, out] = [distance, [member]];
      else if (distance === best) out.push(member);
    });
    return out;
  }
}

/** A genotype as the set of its choices (`normal/3/1=nor_conv_3x3`: cell, node, source = op; `2.width=32` ...): distances count differing items. */
function choiceItems(genotype: Genotype): Set<string> {
  const cell = (prefix: string, c: CellGenotype | undefined) =>
    (c?.nodes ?? []).flatMap((edges, k) => edges.map((e) => `${prefix}/${k}/${e.from}=${e.op}`));
  return new Set(
    match(genotype)
      .with({ kind: 'cell' }, (g) => Object.entries(g.cells).flatMap(([type, c]) => cell(type, c as CellGenotype | undefined)))
      .with({ kind: 'chain' }, (g) => g.layers.flatMap((l, i) => [`${i}.op=${l.op}`, `${i}.width=${l.width}`]))
      .with({ kind: 'hierarchical' }, (g) =>
        g.levels.flatMap((motifs, l) => motifs.flatMap((m, i) => cell(`${l}.${i}`, m as CellGenotype))),
      )
      .exhaustive(),
  );
}
