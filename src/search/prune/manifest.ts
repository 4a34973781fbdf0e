import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { NasError, firstLine } from '../../errors.js';

/** Files of a prune-and-fine-tune run directory. */
export const PRUNE_FILES = {
  manifest: 'prune.json',
  /** The parent supernet's score of each pool architecture (a ledger: resumable). */
  parentScores: 'parent-scores.jsonl',
  /** The kept architectures, best first. */
  kept: 'kept.json',
  /** The fine-tuned supernet: a search run. */
  fineTune: 'fine-tune',
  /** The fine-tuned supernet's score of each pool architecture, with a truth. */
  tunedScores: 'tuned-scores.jsonl',
  report: 'prune-report.json',
} as const;

/** `prune.json`: what was pruned from which parent, how it is fine-tuned and scored. */
export const pruneManifestSchema = z.object({
  kind: z.literal('prune'),
  parent: z.string(),
  parentEpochs: z.number().int().min(0),
  keep: z.number().gt(0).max(1),
  pool: z.discriminatedUnion('kind', [
    z.object({ kind: z.literal('table'), file: z.string() }),
    z.object({ kind: z.literal('space'), k: z.number().int().nullable(), seed: z.string() }),
  ]),
  epochs: z.number().int().positive(),
  weightLr: z.number().min(0),
  /** A table file to score the parent and the fine-tuned supernet against, or null. */
  truth: z.string().nullable(),
  /** The supernet estimator's options for every scoring (parent and fine-tuned alike). */
  scoring: z.looseObject({}),
  /** Bootstrap resamples of the report's intervals. */
  bootstrap: z.number().int().positive().default(1000),
  /** Parent epochs + fine-tuning epochs (each one pass over the train split); scoring the pool is forward passes only. */
  budgetEpochs: z.number().int().min(0),
});
export type PruneManifest = z.output<typeof pruneManifestSchema>;

/** A prune run's manifest, checked; a missing or damaged one is a one-line `NasError`. */
export function readPruneManifest(dir: string): PruneManifest {
  const file = join(dir, PRUNE_FILES.manifest);
  if (!existsSync(file)) throw new NasError(`cannot resume ${dir}: it has no ${PRUNE_FILES.manifest}`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new NasError(`cannot read prune run ${file}: ${firstLine(error)}`);
  }
  const parsed = pruneManifestSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new NasError(`${file} is not a prune manifest: '${issue?.path.join('.') ?? ''}' ${issue?.message ?? 'is invalid'}`);
  }
  return parsed.data;
}
