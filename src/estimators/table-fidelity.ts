/** A table run as the file holds it (fields checked before use). */
export interface RunShape {
  readonly seed?: unknown;
  readonly seconds?: unknown;
  readonly cpu_seconds?: unknown;
  readonly curve?: readonly { readonly val?: unknown; readonly test?: unknown }[];
}

/** What a table row says of its training over the epochs: means over its seeds. */
export interface RowFidelity {
  /** Val and test accuracy (%) after each epoch. */
  readonly val: readonly number[];
  readonly test: readonly number[];
  /** Seconds of one training (all epochs). */
  readonly seconds: number;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

/**
 * The per-epoch curve of a table row, averaged over its seeds like the row's
 * `val` and `test`, or null when its runs lack curves of one length or their
 * seconds. The seconds are CPU seconds when every run recorded them (what a
 * machine shared by other jobs does not inflate), else wall seconds.
 */
export function rowFidelity(runs: readonly RunShape[] | undefined): RowFidelity | null {
  if (runs === undefined || runs.length === 0) return null;
  const length = runs[0]!.curve?.length ?? 0;
  if (length === 0) return null;
  for (const r of runs) {
    if (!Array.isArray(r.curve) || r.curve.length !== length || typeof r.seconds !== 'number') return null;
    if (r.curve.some((e) => typeof e?.val !== 'number' || typeof e?.test !== 'number')) return null;
  }
  const cpu = runs.every((r) => typeof r.cpu_seconds === 'number');
  const seconds = mean(runs.map((r) => (cpu ? r.cpu_seconds : r.seconds) as number));
  const at = (i: number, field: 'val' | 'test') => mean(runs.map((r) => r.curve![i]![field] as number));
  return {
    val: Array.from({ length }, (_, i) => at(i, 'val')),
    test: Array.from({ length }, (_, i) => at(i, 'test')),
    seconds,
  };
}
