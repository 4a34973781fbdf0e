import type * as tf from '@tensorflow/tfjs';
import { z } from 'zod';
import { NasError } from '../errors.js';

/** An optimizer's plain checkpoint state: its step count, and for SGD the variables that have had a gradient. */
export const optimizerStateSchema = z.object({ steps: z.number().int().min(0), started: z.array(z.number().int()).optional() });

/** The epoch and run-wide step every strategy's plain state starts with (the step seeds each step's draws). */
export const progressStateSchema = z.object({
  epoch: z.number().int().min(0),
  // Checkpoints of DARTS from before the shared state had no step count; DARTS draws nothing per step.
  step: z.number().int().min(0).default(0),
});

/**
 * A strategy's plain checkpoint state, checked against the schema it was
 * declared with: a checkpoint written by another strategy or version is a
 * one-line `NasError` naming the field, not a silent cast.
 */
export function parseState<S extends z.ZodType>(schema: S, state: unknown, strategy: string): z.output<S> {
  const result = schema.safeParse(state);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const at = issue && issue.path.length > 0 ? ` '${issue.path.join('.')}'` : '';
  throw new NasError(`${strategy} checkpoint: state${at} ${issue?.message.replace(/^Invalid input: /, '') ?? 'is invalid'}`);
}

/** A strategy-owned tensor from a checkpoint's slots, or a one-line `NasError` naming it. */
export function slotOf(slots: ReadonlyMap<string, tf.Tensor>, name: string, strategy: string): tf.Tensor {
  const value = slots.get(name);
  if (value === undefined) throw new NasError(`${strategy} checkpoint has no tensor '${name}'`);
  return value;
}

/** Softmaxed architecture weights rounded to 5 decimals, for a compact epoch log. */
export function roundedWeights(weights: Record<string, number[][]>): Record<string, number[][]> {
  return Object.fromEntries(Object.entries(weights).map(([g, rows]) => [g, rows.map((r) => r.map((v) => Math.round(v * 1e5) / 1e5))]));
}
