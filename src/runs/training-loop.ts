import type { CheckpointClock } from '../checkpoint/index.js';
import { appendEpoch, truncateLog } from './epoch-log.js';
import { StepEta } from './eta.js';
import { yieldToEventLoop } from './yield.js';

/** A step's metrics by their log names (`train_loss`, `val_acc` ...); undefined: not measured this step. */
export type StepValues = Readonly<Record<string, number | undefined>>;

/** Running sums of an epoch's step metrics (kept in checkpoints, so a resumed epoch averages over all its steps). */
export interface EpochSums {
  readonly steps: number;
  readonly seconds: number;
  /** Per metric, the sum over the steps that reported it, and how many did. */
  readonly sums: Readonly<Record<string, number>>;
  readonly counts: Readonly<Record<string, number>>;
}

/** Where a run stands: before step `step` of epoch `epoch`, with the epoch's sums so far and the run's time. */
export interface LoopPosition {
  readonly epoch: number;
  readonly step: number;
  readonly sums: EpochSums;
  readonly elapsedMs: number;
}

/** Where a run stands after a step, for progress displays. */
export interface LoopProgress {
  readonly epoch: number;
  readonly epochs: number;
  /** Steps done in this epoch (1-based). */
  readonly step: number;
  readonly stepsPerEpoch: number;
  readonly values: StepValues;
  readonly elapsedMs: number;
  /** Estimated time to the end of the run. */
  readonly etaMs: number;
}

/** What the loop drives: a search or a retraining. Everything else (order, sums, log, checkpoints, stops) is the loop's. */
export interface TrainingTask {
  readonly epochs: number;
  readonly stepsPerEpoch: number;
  /** Before the steps of `epoch` (also when resuming mid-epoch): schedules. */
  beginEpoch(epoch: number): void;
  /** Step `step` of `epoch`; its metrics (read back from the device once per step, hence asynchronous). */
  step(epoch: number, step: number): Promise<StepValues>;
  /** After the steps of `epoch`: its line in the log, given the means of the step metrics (null: never measured). */
  endEpoch(epoch: number, means: Readonly<Record<string, number | null>>, seconds: number): Promise<Record<string, unknown>>;
  /** Checkpoint everything needed to resume at `position` (atomically). */
  save(position: LoopPosition): Promise<void>;
  /** After the checkpoint of a finished epoch (snapshots). */
  afterEpoch?(epoch: number): void;
}

export interface TrainingLoopOptions {
  /** The run's `log.jsonl`: one line per epoch; on resume, lines from the resumed epoch on are dropped first. */
  readonly log: string;
  readonly clock: CheckpointClock;
  /** Where a resumed run continues; null: from the start. */
  readonly from: LoopPosition | null;
  readonly onStep?: (progress: LoopProgress) => void;
  readonly onEpoch?: (record: Record<string, unknown>) => void;
  /** Polled between steps (e.g. set by SIGINT): the run checkpoints and returns. */
  readonly shouldStop?: () => boolean;
}

export const emptySums = (): EpochSums => ({ steps: 0, seconds: 0, sums: {}, counts: {} });

function add(s: EpochSums, values: StepValues, ms: number): EpochSums {
  const sums = { ...s.sums };
  const counts = { ...s.counts };
  for (const [key, v] of Object.entries(values)) {
    if (v === undefined) continue;
    sums[key] = (sums[key] ?? 0) + v;
    counts[key] = (counts[key] ?? 0) + 1;
  }
  return { steps: s.steps + 1, seconds: s.seconds + ms / 1000, sums, counts };
}

function means(s: EpochSums): Record<string, number | null> {
  return Object.fromEntries(Object.keys(s.sums).map((k) => [k, (s.counts[k] ?? 0) > 0 ? s.sums[k]! / s.counts[k]! : null]));
}

/**
 * The one resumable training loop search and retraining both run: per step
 * a yield to the event loop (so signals land), a stop check (checkpoint and
 * return), a clock checkpoint when due, the step, its metrics summed and a
 * progress callback with an ETA; per epoch a log line and a checkpoint.
 * Starting `from` a checkpoint's position repeats the uninterrupted run
 * exactly, as long as the task's steps are functions of their position.
 * Returns whether the run reached its last epoch, and where it stopped.
 */
export async function runTrainingLoop(
  task: TrainingTask,
  options: TrainingLoopOptions,
): Promise<{ completed: boolean; position: LoopPosition }> {
  const { clock } = options;
  let { epoch, step, sums, elapsedMs } = options.from ?? { epoch: 0, step: 0, sums: emptySums(), elapsedMs: 0 };
  // A line written after the checkpoint (killed before the next one) is written again.
  truncateLog(options.log, epoch);
  const eta = new StepEta();
  const at = (): LoopPosition => ({ epoch, step, sums, elapsedMs });
  const save = async () => {
    await task.save(at());
    clock.saved();
  };
  const totalSteps = task.epochs * task.stepsPerEpoch;
  while (epoch < task.epochs) {
    task.beginEpoch(epoch);
    for (; step < task.stepsPerEpoch; step++) {
      await yieldToEventLoop();
      if (options.shouldStop?.()) {
        await save();
        return { completed: false, position: at() };
      }
      if (clock.due()) await save();
      const started = performance.now();
      const values = await task.step(epoch, step);
      const ms = performance.now() - started;
      elapsedMs += ms;
      eta.add(ms);
      sums = add(sums, values, ms);
      const done = epoch * task.stepsPerEpoch + step + 1;
      options.onStep?.({
        epoch,
        epochs: task.epochs,
        step: step + 1,
        stepsPerEpoch: task.stepsPerEpoch,
        values,
        elapsedMs,
        etaMs: eta.etaMs(totalSteps - done, elapsedMs / done),
      });
    }
    const finished = epoch;
    const record = { epoch: finished, ...(await task.endEpoch(finished, means(sums), sums.seconds)) };
    appendEpoch(options.log, record);
    options.onEpoch?.(record);
    [epoch, step, sums] = [finished + 1, 0, emptySums()];
    await save();
    task.afterEpoch?.(finished);
  }
  return { completed: true, position: at() };
}
