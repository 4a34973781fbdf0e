/**
 * Numbers as the report prints them. JSON has no NaN, so a statistic that was
 * undefined when written (Kendall tau of all-tied scores) comes back as null;
 * both print as `n/a` rather than a misleading 0.
 */
export function formatNumber(value: number | null | undefined, digits = 3): string {
  if (value === null || value === undefined || Number.isNaN(value)) return 'n/a';
  if (Number.isInteger(value) && Math.abs(value) >= 1000) return value.toLocaleString('en-US');
  return value.toFixed(digits);
}

/** A bootstrap interval as `estimate [low, high]`, or `n/a` when the estimate is undefined. */
export function formatInterval(
  interval: { readonly estimate: number | null; readonly low: number | null; readonly high: number | null },
  digits = 3,
): string {
  if (interval.estimate === null || Number.isNaN(interval.estimate)) return 'n/a';
  return `${formatNumber(interval.estimate, digits)} [${formatNumber(interval.low, digits)}, ${formatNumber(interval.high, digits)}]`;
}

/** Seconds as `12.3 s`, `4.5 min` or `1.2 h`, whichever reads best. */
export function formatSeconds(seconds: number): string {
  if (seconds < 120) return `${seconds.toFixed(1)} s`;
  if (seconds < 7200) return `${(seconds / 60).toFixed(1)} min`;
  return `${(seconds / 3600).toFixed(1)} h`;
}
