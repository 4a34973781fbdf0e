import { EventFileWriter } from './event-file.js';

/**
 * What a search or retraining run shows in TensorBoard: per step the
 * metrics of the step (`step/<name>`), per epoch every numeric field of the
 * epoch's log record (`epoch/<field>`), and for a search the softmaxed
 * architecture weights: one histogram per decision group (`alphas/<group>`)
 * and, when the option names are known, each option's mean weight over the
 * group's rows (`alphas/<group>/<option>`), the trajectories DARTS papers
 * plot. On TensorBoard's step axis, epoch tags count the epochs done and
 * step tags the steps done over the whole run. The event file is created on
 * the first write, so a board made before its run directory exists does not
 * create it.
 */
export class TrainingBoard {
  private file: EventFileWriter | null = null;

  constructor(
    private readonly dir: string,
    private readonly optionNames: Readonly<Record<string, readonly string[]>> = {},
  ) {}

  private get writer(): EventFileWriter {
    this.file ??= new EventFileWriter(this.dir);
    return this.file;
  }

  /** Metrics of one step; null, undefined and NaN values are left out. */
  step(globalStep: number, metrics: Readonly<Record<string, number | null | undefined>>): void {
    for (const [name, value] of Object.entries(metrics)) {
      if (typeof value === 'number' && !Number.isNaN(value)) this.writer.scalar(`step/${name}`, value, globalStep);
    }
  }

  /** One epoch's log record (`epoch` 0-based, as in the logs; shown at epoch + 1). */
  epoch(record: { readonly epoch: number; readonly alphas?: Readonly<Record<string, readonly (readonly number[])[]>> } & object): void {
    const globalStep = record.epoch + 1;
    for (const [field, value] of Object.entries(record)) {
      if (field === 'epoch' || typeof value !== 'number' || Number.isNaN(value)) continue;
      this.writer.scalar(`epoch/${field}`, value, globalStep);
    }
    for (const [group, rows] of Object.entries(record.alphas ?? {})) {
      if (rows.length === 0) continue;
      this.writer.histogram(`alphas/${group}`, rows.flat(), globalStep);
      const names = this.optionNames[group];
      if (names === undefined) continue;
      names.forEach((name, option) => {
        const mean = rows.reduce((s, row) => s + (row[option] ?? 0), 0) / rows.length;
        this.writer.scalar(`alphas/${group}/${name}`, mean, globalStep);
      });
    }
    this.writer.flush();
  }

  close(): void {
    this.file?.close();
    this.file = null;
  }
}
