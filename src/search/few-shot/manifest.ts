import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { NasError, firstLine } from '../../errors.js';

/** The file that makes a directory a few-shot run: what was split, and where each sub-supernet's search run is. */
export const FEW_SHOT_FILE = 'few-shot.json';

/** `few-shot.json`: the parent it split, the split, each sub-supernet (a search run in `dir`), and the budget in epochs of steps. */
export const fewShotManifestSchema = z.object({
  kind: z.literal('few-shot'),
  /** The parent's checkpoint (a run's `checkpoint.nas` or a snapshot), absolute. */
  parent: z.string(),
  /** Epochs the parent had trained at the split. */
  parentEpochs: z.number().int().min(0),
  splitEdges: z.array(z.number().int().min(0)).min(1),
  /** Epochs each sub-supernet trains. */
  epochs: z.number().int().positive(),
  /** The sub-supernets' initial learning rate (cosine to the parent's minimum). */
  weightLr: z.number().min(0),
  members: z.array(z.object({ ops: z.array(z.string()), dir: z.string() })).min(1),
  /** Parent epochs + members x epochs: every epoch is the same number of SGD steps (one pass over the train split). */
  budgetEpochs: z.number().int().min(0),
});
export type FewShotManifest = z.output<typeof fewShotManifestSchema>;

/** Whether `path` is a few-shot run directory (holds `few-shot.json`). */
export function isFewShotRun(path: string): boolean {
  return existsSync(join(path, FEW_SHOT_FILE));
}

/** A few-shot run's manifest, checked; a missing or damaged one is a one-line `NasError` naming the file. */
export function readFewShotManifest(dir: string): FewShotManifest {
  const file = join(dir, FEW_SHOT_FILE);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new NasError(`cannot read few-shot run ${file}: ${firstLine(error)}`);
  }
  const parsed = fewShotManifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new NasError(`${file} is not a few-shot manifest: '${issue?.path.join('.') ?? ''}' ${issue?.message ?? 'is invalid'}`);
  }
  return parsed.data;
}
