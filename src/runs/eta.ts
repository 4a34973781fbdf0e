/**
 * A run's remaining time from the step times this process measured, its
 * first step (warm-up: kernels compile, buffers grow) left out. A resumed
 * run's earlier sessions may have run on other code or beside other work,
 * so the run's cumulative average is only the fallback until this process
 * has timed a step.
 */
export class StepEta {
  private timed = 0;
  private totalMs = 0;
  private first = true;

  /** Record one step's time. */
  add(ms: number): void {
    if (this.first) {
      this.first = false;
      return;
    }
    this.timed += 1;
    this.totalMs += ms;
  }

  /** Milliseconds for `remaining` more steps; `fallbackMsPerStep` (e.g. the run's average so far) until a step is timed. */
  etaMs(remaining: number, fallbackMsPerStep: number): number {
    return (this.timed > 0 ? this.totalMs / this.timed : fallbackMsPerStep) * remaining;
  }
}
