import { spaceByName } from '../../../cells/index.js';
import { SKELETONS, type Skeleton } from '../../../supernets/index.js';
import { NasError } from '../../errors.js';
import { DATASET_NAMES } from '../../data/api.js';
import { DARTS_DEFAULTS, type DartsOptions } from '../darts/options.js';

/**
 * Everything that determines a search, as plain JSON: `config.json` of a run
 * directory holds it, and running it again (same backend) repeats the run.
 */
/** Strategies a search run can use. */
export const STRATEGY_NAMES = ['darts', 'gdas', 'enas', 'spos', 'pathdrop'] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

/** Settings of the single-path samplers (SPOS, path dropout) beyond the weight optimizer's. */
export interface SamplerConfig {
  /** Random architectures scored at each epoch's end to derive one. */
  readonly candidates: number;
  /** Path dropout's final drop rate r. */
  readonly dropRate: number;
}

export interface SearchConfig {
  readonly strategy: StrategyName;
  readonly space: string;
  readonly skeleton: Skeleton;
  readonly dataset: string;
  /** Where the data came from (null: the default location). */
  readonly dataDir: string | null;
  /** Use only this many training images (class-balanced, seeded), or all. */
  readonly trainLimit: number | null;
  /** Fraction of the training images for the weights; the rest drive the architecture (DARTS: 0.5). */
  readonly trainPortion: number;
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: string;
  /** Recompute each cell in the backward pass (gradient checkpointing): less memory, more time. */
  readonly checkpointCells: boolean;
  /** PC-DARTS partial channels K (1: off), with edge normalisation. */
  readonly partialChannels: number;
  /** The weight optimizer's settings (every strategy) and the architecture's (DARTS). */
  readonly darts: DartsOptions;
  readonly sampler: SamplerConfig;
}

/** What a caller may set; everything else takes the DARTS paper's value. */
export interface SearchRequest {
  readonly strategy?: string;
  readonly space?: string;
  readonly dataset?: string;
  readonly dataDir?: string | null;
  readonly trainLimit?: number | null;
  readonly trainPortion?: number;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly channels?: number;
  readonly layers?: number;
  readonly seed?: string | number;
  readonly order?: number;
  readonly checkpointCells?: boolean;
  readonly darts?: Partial<DartsOptions>;
  readonly candidates?: number;
  readonly dropRate?: number;
  readonly partialChannels?: number;
}

/** `value` when it is a positive integer, else a one-line `NasError` naming the flag. */
export function positiveInt(value: number, flag: string): number {
  if (!Number.isInteger(value) || value <= 0) throw new NasError(`${flag} must be a positive integer, got ${value}`);
  return value;
}

/** The skeleton a space is searched on by default, sized by `channels`/`layers`. */
function skeletonFor(space: string, channels?: number, layers?: number): Skeleton {
  const kind = space === 'nb201' ? 'nb201' : space === 'darts' ? 'darts' : space;
  const base = (SKELETONS as Record<string, Skeleton>)[kind];
  if (!base) throw new NasError(`no default skeleton for space '${space}'`);
  if (base.kind === 'darts') return { ...base, channels: channels ?? 8, layers: layers ?? 5 };
  if (base.kind === 'nb201') return { ...base, channels: channels ?? 16, cellsPerStage: layers ?? 5 };
  if (base.kind === 'hierarchical') return { ...base, channels: channels ?? 16, cellsPerStage: layers ?? 1 };
  return base;
}

/**
 * Validate a request into a full config; each bad value is a one-line
 * `NasError` naming the flag. Image size and classes are filled in from the
 * data when the run starts.
 */
export function resolveSearchConfig(request: SearchRequest): SearchConfig {
  const strategy = request.strategy ?? 'darts';
  if (!(STRATEGY_NAMES as readonly string[]).includes(strategy)) {
    throw new NasError(`unknown strategy '${strategy}' (known: ${STRATEGY_NAMES.join(', ')})`);
  }
  const dropRate = request.dropRate ?? 0.25;
  if (!(dropRate >= 0 && dropRate < 1)) throw new NasError(`--drop-rate must be in [0, 1), got ${dropRate}`);
  const space = request.space ?? 'darts';
  spaceByName(space);
  const partialChannels = positiveInt(request.partialChannels ?? 1, '--partial-channels');
  if (partialChannels > 1 && strategy !== 'darts')
    throw new NasError(`--partial-channels is an option of the darts strategy, not of ${strategy}`);
  const dataset = request.dataset ?? 'fashion-mnist';
  if (!(DATASET_NAMES as readonly string[]).includes(dataset)) {
    throw new NasError(`unknown dataset '${dataset}' (known: ${DATASET_NAMES.join(', ')})`);
  }
  const order = request.order ?? request.darts?.order ?? 1;
  if (order !== 1 && order !== 2) throw new NasError(`--order must be 1 or 2, got ${order}`);
  const portion = request.trainPortion ?? 0.5;
  if (!(portion > 0 && portion < 1)) throw new NasError(`--train-portion must be between 0 and 1, got ${portion}`);
  if (request.channels !== undefined) positiveInt(request.channels, '--channels');
  if (request.layers !== undefined) positiveInt(request.layers, '--layers');
  const trainLimit = request.trainLimit ?? null;
  if (trainLimit !== null) positiveInt(trainLimit, '--train-limit');
  return {
    strategy: strategy as StrategyName,
    space,
    skeleton: skeletonFor(space, request.channels, request.layers),
    dataset,
    dataDir: request.dataDir ?? null,
    trainLimit,
    trainPortion: portion,
    epochs: positiveInt(request.epochs ?? 50, '--epochs'),
    // DARTS uses 64; 32 keeps larger inputs (CIFAR) inside wasm's 4 GB heap without --checkpoint-cells (docs/performance.md).
    batchSize: positiveInt(request.batchSize ?? 32, '--batch-size'),
    seed: String(request.seed ?? 0),
    checkpointCells: request.checkpointCells ?? false,
    partialChannels,
    darts: { ...DARTS_DEFAULTS, ...request.darts, order, edgeNormalization: partialChannels > 1 },
    sampler: { candidates: positiveInt(request.candidates ?? 16, '--candidates'), dropRate },
  };
}
