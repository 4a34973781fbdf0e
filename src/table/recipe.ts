import { spaceByName } from '../../cells/index.js';
import { DATASET_NAMES } from '../data/api.js';
import { NasError } from '../errors.js';
import { evalSkeleton } from '../retrain/config.js';
import type { TableRecipe } from './api.js';

/** What a caller may set; the rest takes the defaults below. */
export type TableRecipeRequest = Partial<TableRecipe> & { readonly space: string };

/**
 * The defaults: NAS-Bench-201's optimiser (SGD Nesterov momentum 0.9, lr 0.1
 * cosine to 0, weight decay 5e-4, Dong & Yang 2020, sec. 2.3) on a network
 * and schedule small enough for a CPU core (C=8, one cell per stage, 4
 * epochs), 16x16 images like ImageNet16-120, random crop with 2 pixels of
 * padding, no flip.
 */
export const TABLE_RECIPE_DEFAULTS = {
  dataset: 'fashion-mnist',
  dataDir: null,
  imageSize: 16,
  channels: 8,
  cellsPerStage: 1,
  epochs: 4,
  batchSize: 64,
  lr: 0.1,
  lrMin: 0,
  momentum: 0.9,
  nesterov: true,
  weightDecay: 5e-4,
  gradClip: 5,
  trainLimit: null,
  valSize: 5000,
  testLimit: null,
  cropPadding: 2,
  flip: false,
  dataSeed: 'table',
} as const satisfies Omit<TableRecipe, 'space'>;

function positive(value: number, flag: string): number {
  if (!Number.isInteger(value) || value < 1) throw new NasError(`${flag} must be a positive integer, got ${value}`);
  return value;
}

function atLeast(value: number, flag: string, min: number): number {
  if (!(Number.isFinite(value) && value >= min)) throw new NasError(`${flag} must be a number >= ${min}, got ${value}`);
  return value;
}

/** A full, checked recipe; each bad value is a one-line `NasError` naming its flag. */
export function resolveTableRecipe(request: TableRecipeRequest): TableRecipe {
  const r = { ...TABLE_RECIPE_DEFAULTS, ...request };
  spaceByName(r.space);
  evalSkeleton(r.space, 1, 1);
  if (!(DATASET_NAMES as readonly string[]).includes(r.dataset))
    throw new NasError(`unknown dataset '${r.dataset}' (known: ${DATASET_NAMES.join(', ')})`);
  const optional = (value: number | null, flag: string) => (value === null ? null : positive(value, flag));
  const lr = atLeast(r.lr, '--lr', 0);
  const lrMin = atLeast(r.lrMin, '--lr-min', 0);
  if (lrMin > lr) throw new NasError(`--lr-min ${lrMin} is above --lr ${lr}`);
  const momentum = atLeast(r.momentum, '--momentum', 0);
  if (momentum >= 1) throw new NasError(`--momentum must be below 1, got ${momentum}`);
  return {
    space: r.space,
    dataset: r.dataset,
    dataDir: r.dataDir,
    imageSize: optional(r.imageSize, '--image-size'),
    channels: positive(r.channels, '--channels'),
    cellsPerStage: positive(r.cellsPerStage, '--cells'),
    epochs: positive(r.epochs, '--epochs'),
    batchSize: positive(r.batchSize, '--batch-size'),
    lr,
    lrMin,
    momentum,
    nesterov: r.nesterov && momentum > 0,
    weightDecay: atLeast(r.weightDecay, '--weight-decay', 0),
    gradClip: atLeast(r.gradClip, '--grad-clip', 0),
    trainLimit: optional(r.trainLimit, '--train-limit'),
    valSize: positive(r.valSize, '--val-size'),
    testLimit: optional(r.testLimit, '--test-limit'),
    cropPadding: Math.round(atLeast(r.cropPadding, '--crop-padding', 0)),
    flip: r.flip,
    dataSeed: String(r.dataSeed),
  };
}

/** The first recipe field where two recipes differ, or null when they are the same. */
export function recipeDifference(a: TableRecipe, b: TableRecipe): string | null {
  for (const key of Object.keys(a) as (keyof TableRecipe)[]) if (a[key] !== b[key]) return `${key} ${String(a[key])} vs ${String(b[key])}`;
  return null;
}
