import type { Direction } from './objectives/api.js';

/**
 * Pareto dominance over points with one value per objective, each objective
 * minimised or maximised (`directions[i]`). Every function here takes the raw
 * values and the directions, so callers never negate columns by hand.
 */

/** `a` dominates `b`: at least as good in every objective and strictly better in one. */
export function dominates(a: readonly number[], b: readonly number[], directions: readonly Direction[]): boolean {
  let better = false;
  for (let i = 0; i < directions.length; i++) {
    const d = directions[i] === 'max' ? b[i]! - a[i]! : a[i]! - b[i]!;
    if (d > 0) return false;
    if (d < 0) better = true;
  }
  return better;
}

/**
 * Fast non-dominated sort (Deb, Pratap, Agarwal & Meyarivan 2002, "A Fast and
 * Elitist Multiobjective Genetic Algorithm: NSGA-II", section III-A): the
 * fronts as lists of point indices, best front first, each in index order.
 * Front 0 is the Pareto front; front k is what is non-dominated once fronts
 * 0..k-1 are removed. O(M N^2) for N points and M objectives. Equal points
 * do not dominate each other, so they share a front.
 */
export function nonDominatedSort(points: readonly (readonly number[])[], directions: readonly Direction[]): number[][] {
  const n = points.length;
  const dominated: number[][] = Array.from({ length: n }, () => []);
  const dominators = new Array<number>(n).fill(0);
  let current: number[] = [];
  // After row p, p has been compared with every point, so its dominator count is final.
  for (let p = 0; p < n; p++) {
    for (let q = p + 1; q < n; q++) {
      if (dominates(points[p]!, points[q]!, directions)) {
        dominated[p]!.push(q);
        dominators[q]!++;
      } else if (dominates(points[q]!, points[p]!, directions)) {
        dominated[q]!.push(p);
        dominators[p]!++;
      }
    }
    if (dominators[p] === 0) current.push(p);
  }
  const fronts: number[][] = [];
  while (current.length > 0) {
    fronts.push(current);
    const next: number[] = [];
    for (const p of current) {
      for (const q of dominated[p]!) if (--dominators[q]! === 0) next.push(q);
    }
    current = next.sort((a, b) => a - b);
  }
  return fronts;
}

/** Indices of the non-dominated points, in index order (front 0 of `nonDominatedSort`, in O(M N^2) without the rest). */
export function paretoFront(points: readonly (readonly number[])[], directions: readonly Direction[]): number[] {
  return points.flatMap((p, i) => (points.some((q) => dominates(q, p, directions)) ? [] : [i]));
}

/**
 * Crowding distance of the members of one front (Deb et al. 2002, section
 * III-B), aligned with `front`: per objective, the members are sorted, the two
 * extremes get Infinity (so the ends of a front are always kept), and every
 * other member adds the gap between its two neighbours divided by the
 * objective's range on the front. Larger means lonelier, which NSGA-II
 * prefers, to spread the population along the front. Directions do not
 * matter: a gap is a gap. Ties sort by index, so the result is deterministic.
 */
export function crowdingDistance(points: readonly (readonly number[])[], front: readonly number[]): number[] {
  const distance = new Array<number>(front.length).fill(0);
  if (front.length === 0) return distance;
  const objectives = points[front[0]!]!.length;
  for (let m = 0; m < objectives; m++) {
    const value = (k: number) => points[front[k]!]![m]!;
    const order = front.map((_, k) => k).sort((a, b) => value(a) - value(b) || front[a]! - front[b]!);
    const range = value(order.at(-1)!) - value(order[0]!);
    distance[order[0]!] = Infinity;
    distance[order.at(-1)!] = Infinity;
    if (range === 0) continue;
    for (let k = 1; k < order.length - 1; k++) {
      distance[order[k]!]! += (value(order[k + 1]!) - value(order[k - 1]!)) / range;
    }
  }
  return distance;
}

/**
 * Hypervolume of two objectives (Zitzler & Thiele 1998's S metric): the area
 * dominated by the points and bounded by `reference`, a point worse than every
 * point of interest in both objectives. Points not strictly better than the
 * reference in both add nothing. Larger is better: it grows as a front moves
 * forward and as it spreads, so it compares whole fronts with one number.
 */
export function hypervolume2d(
  points: readonly (readonly number[])[],
  directions: readonly Direction[],
  reference: readonly number[],
): number {
  if (directions.length !== 2 || reference.length !== 2) throw new Error('hypervolume2d takes exactly two objectives');
  // Minimise both: negate maximised objectives.
  const sign = directions.map((d) => (d === 'max' ? -1 : 1));
  const [r0, r1] = [reference[0]! * sign[0]!, reference[1]! * sign[1]!];
  const inside = points
    .map((p) => [p[0]! * sign[0]!, p[1]! * sign[1]!] as const)
    .filter(([a, b]) => a < r0 && b < r1)
    .sort((p, q) => p[0] - q[0] || p[1] - q[1]);
  let area = 0;
  let floor = r1;
  for (const [a, b] of inside) {
    if (b >= floor) continue;
    area += (r0 - a) * (floor - b);
    floor = b;
  }
  return area;
}
