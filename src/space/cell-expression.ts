import type { Immutable } from 'immer';
import type { CellGenotype } from './api.js';

/** The two ops the expression rule treats specially; every other op is an opaque function of its input. */
export interface ExpressionOps {
  /** The op that outputs zeros (NB201: `none`). */
  readonly zero: string;
  /** The op that passes its input on unchanged (NB201: `skip_connect`). */
  readonly identity: string;
}

/** The expression of a zero term. */
const ZERO = '#';

/**
 * The function a one-input cell whose last node is its output computes,
 * written as an expression of the input `0`: a node is the sorted sum of its
 * incoming terms; an `identity` edge passes its source's expression on, any
 * other op `o` gives `(source)@o`, and a `zero` edge, or any edge leaving a
 * node that is exactly zero, gives the zero term `#`. Only the output node's
 * expression is returned, so edges that cannot reach the output drop out;
 * sorting the sums makes cells that differ by a renumbering of nodes (an
 * isomorphism) print the same; pooling and convolutions are opaque.
 *
 * This is NAS-Bench-201's rule for its 6,466 "unique" cells of 15,625 (Dong &
 * Yang 2020; the benchmark's `to_unique_str(consider_zero=True)`, which Ning
 * et al. 2021 count with too), with its two conventions kept so the count is
 * the published one: a zero term stays in a sum (`x+#` is not `x`), and only
 * a single-input node fed by a zero term is zero (a node summing two zero
 * terms, `#+#`, is not). Dropping zero terms and treating all-zero sums as
 * zero gives the stricter functional count, 5,390 for NB201.
 */
export function cellExpression(cell: Immutable<CellGenotype>, ops: ExpressionOps): string {
  const values = ['0'];
  for (const edges of cell.nodes) {
    const terms = edges.map((edge) => {
      const source = values[edge.from]!;
      if (edge.op === ops.zero || source === ZERO) return ZERO;
      return edge.op === ops.identity ? source : `(${source})@${edge.op}`;
    });
    values.push(terms.sort().join('+'));
  }
  return values[values.length - 1]!;
}
