import { NasError } from '../errors.js';

/** Minutes of training between mid-epoch checkpoints when a run does not say. */
export const DEFAULT_CHECKPOINT_MINUTES = 10;

/** `minutes` if it is a valid interval (a number >= 0), else a one-line error naming the flag. */
export function checkCheckpointMinutes(minutes: number): number {
  if (!(Number.isFinite(minutes) && minutes >= 0)) throw new NasError(`--checkpoint-minutes must be a number >= 0, got ${minutes}`);
  return minutes;
}

/**
 * When a long epoch should also be checkpointed part-way: once `minutes` of
 * wall time have passed since the last checkpoint, so a run killed without
 * warning (SIGKILL, a lost machine) loses at most that much. 0 checkpoints
 * at epoch ends and stops only.
 */
export class CheckpointClock {
  private last = performance.now();
  private readonly intervalMs: number;

  constructor(minutes: number = DEFAULT_CHECKPOINT_MINUTES) {
    this.intervalMs = checkCheckpointMinutes(minutes) * 60_000;
  }

  /** Whether a checkpoint is due now. */
  due(): boolean {
    return this.intervalMs > 0 && performance.now() - this.last >= this.intervalMs;
  }

  /** A checkpoint was just written. */
  saved(): void {
    this.last = performance.now();
  }
}
