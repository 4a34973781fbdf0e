import { performance } from 'node:perf_hooks';

/** Median wall time in ms of `reps` runs of `fn`, after `warmup` untimed runs. */
export function medianMs(fn: () => void, reps: number, warmup: number): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}

/** {@link medianMs} for an asynchronous `fn` (a search step, which reads its metrics back with `await data()`). */
export async function medianMsAsync(fn: () => Promise<unknown>, reps: number, warmup: number): Promise<number> {
  for (let i = 0; i < warmup; i++) await fn();
  const times: number[] = [];
  for (let i = 0; i < reps; i++) {
    const start = performance.now();
    await fn();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)] ?? Number.NaN;
}
