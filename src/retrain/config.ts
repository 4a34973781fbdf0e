import { spaceByName } from '../../cells/index.js';
import { SKELETONS, type CellSkeleton, type Skeleton } from '../../supernets/index.js';
import { NasError } from '../errors.js';
import { DATASET_NAMES, DATASET_SHAPES, type DatasetName } from '../data/api.js';
import type { Genotype } from '../space/api.js';
import type { AugmentOptions } from './augment.js';
import { positiveInt } from '../search/run/config.js';

/**
 * Everything that determines a retraining run, as plain JSON (`config.json`
 * of its run directory). The recipe is the DARTS paper's evaluation recipe
 * (Liu et al. 2019, `train.py`): SGD momentum 0.9, lr 0.025 cosine to 0,
 * weight decay 3e-4, gradient clipping 5, auxiliary head weight 0.4,
 * drop-path 0.2, random crop + flip and Cutout; the network is smaller by
 * default (C=16, 8 cells instead of 36, 20) and the schedule shorter (20
 * epochs instead of 600), for a CPU.
 */
export interface RetrainConfig {
  readonly genotype: Genotype;
  /** Where the genotype came from: a file, a run directory or a published name. */
  readonly source: string;
  readonly space: string;
  readonly skeleton: Skeleton;
  readonly dataset: string;
  readonly dataDir: string | null;
  /** Train on this many images (class-balanced, seeded), or all. */
  readonly trainLimit: number | null;
  /** Evaluate on this many test images, or all. */
  readonly testLimit: number | null;
  /**
   * Hold this many training images out (a seeded random draw) and evaluate
   * on them instead of the test split: a search's ground truth must never see
   * the test images it reports on. Null: evaluate on the test split.
   */
  readonly holdout?: number | null;
  readonly epochs: number;
  readonly batchSize: number;
  readonly seed: string;
  readonly lr: number;
  readonly lrMin: number;
  readonly momentum: number;
  readonly weightDecay: number;
  /** Max global gradient norm; 0 = no clipping. */
  readonly gradClip: number;
  readonly auxiliary: boolean;
  readonly auxWeight: number;
  /** Drop-path probability reached at the last epoch (linear from 0). */
  readonly dropPath: number;
  readonly labelSmoothing: number;
  readonly augment: AugmentOptions;
  /** A search run directory whose supernet weights initialise the network (weight inheritance), or null. */
  readonly inherit: string | null;
  /** Image height (= width), filled in from the data when the run starts. */
  readonly inputSize: number | null;
  /**
   * Area-resize every image (training and evaluation) to this side first, or
   * null (absent in runs made before it existed): the data set's own size. A
   * lower fidelity (Elsken et al. 2019, section 4), as NAS-Bench-201's
   * ImageNet16-120 makes its images 16 px.
   */
  readonly imageSize?: number | null;
}

/** What a caller may set. */
export interface RetrainRequest {
  readonly genotype: Genotype;
  readonly source: string;
  readonly dataset?: string;
  readonly dataDir?: string | null;
  readonly trainLimit?: number | null;
  readonly testLimit?: number | null;
  readonly holdout?: number | null;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly channels?: number;
  readonly layers?: number;
  readonly seed?: string | number;
  readonly lr?: number;
  readonly lrMin?: number;
  readonly momentum?: number;
  readonly weightDecay?: number;
  readonly gradClip?: number;
  readonly auxiliary?: boolean;
  readonly auxWeight?: number;
  readonly dropPath?: number;
  readonly labelSmoothing?: number;
  readonly cropPadding?: number;
  readonly flip?: boolean;
  readonly cutout?: number;
  readonly inherit?: string | null;
  readonly imageSize?: number | null;
}

function nonNegativeInt(value: number, flag: string): number {
  if (!Number.isInteger(value) || value < 0) throw new NasError(`${flag} must be a whole number >= 0, got ${value}`);
  return value;
}

function inRange(value: number, flag: string, min: number, below: number): number {
  if (!(Number.isFinite(value) && value >= min && value < below)) throw new NasError(`${flag} must be in [${min}, ${below}), got ${value}`);
  return value;
}

/** The stand-alone cell network of a cell space's architectures (DARTS: C=16, 8 cells; NB201: C=16, 5 cells per stage), resized on request. */
export function evalSkeleton(space: string, channels?: number, layers?: number): CellSkeleton {
  if (space === 'darts') return { ...SKELETONS.darts, channels: channels ?? 16, layers: layers ?? 8 };
  if (space === 'nb201') return { ...SKELETONS.nb201, channels: channels ?? 16, cellsPerStage: layers ?? 5 };
  throw new NasError(`no stand-alone cell network for space '${space}' (the darts and nb201 spaces have one)`);
}

/**
 * The network to retrain a genotype of `space` in: a cell space's evaluation
 * skeleton (`evalSkeleton`); the hierarchical skeleton of the search, C=16
 * and one cell per stage unless resized (Liu et al. 2018 evaluate a larger
 * instance of the same stack); the chain skeleton, whose widths and depth the
 * genotype fixes, so it takes no `--channels`/`--layers`.
 */
export function retrainSkeleton(space: string, channels?: number, layers?: number): Skeleton {
  const kind = spaceByName(space).kind;
  if (kind === 'cell') return evalSkeleton(space, channels, layers);
  if (kind === 'hierarchical') return { ...SKELETONS.hierarchical, channels: channels ?? 16, cellsPerStage: layers ?? 1 };
  if (channels !== undefined || layers !== undefined)
    throw new NasError(
      `--channels and --layers do not apply to the ${space} network: its genotype fixes every layer's width and the depth`,
    );
  return SKELETONS.chain;
}

/** The requested image side: a positive whole number no larger than the data set's images (null: their own size). */
function imageSizeOf(request: RetrainRequest, dataset: string): number | null {
  const size = request.imageSize ?? null;
  if (size === null) return null;
  positiveInt(size, '--image-size');
  const native = DATASET_SHAPES[dataset as DatasetName].image[0];
  if (size > native) throw new NasError(`--image-size ${size} is larger than the ${dataset} images (${native}x${native})`);
  return size;
}

/** Validate a request into a full config; each bad value is a one-line `NasError` naming the flag. */
export function resolveRetrainConfig(request: RetrainRequest): RetrainConfig {
  const space = request.genotype.space;
  const skeleton = retrainSkeleton(space, request.channels, request.layers);
  const dataset = request.dataset ?? 'fashion-mnist';
  if (!(DATASET_NAMES as readonly string[]).includes(dataset)) {
    throw new NasError(`unknown dataset '${dataset}' (known: ${DATASET_NAMES.join(', ')})`);
  }
  if (request.channels !== undefined) positiveInt(request.channels, '--channels');
  if (request.layers !== undefined) positiveInt(request.layers, '--layers');
  const trainLimit = request.trainLimit ?? null;
  if (trainLimit !== null) positiveInt(trainLimit, '--train-limit');
  const testLimit = request.testLimit ?? null;
  if (testLimit !== null) positiveInt(testLimit, '--test-limit');
  const holdout = request.holdout ?? null;
  if (holdout !== null) positiveInt(holdout, '--holdout');
  const lr = inRange(request.lr ?? 0.025, '--lr', 0, Infinity);
  if (request.auxiliary && skeleton.kind !== 'darts')
    throw new NasError(`--auxiliary needs the DARTS network; the ${space} network has no auxiliary head`);
  // Drop-path (DARTS's recipe) drops ops inside DARTS and NB201 cells only.
  if ((request.dropPath ?? 0) > 0 && skeleton.kind !== 'darts' && skeleton.kind !== 'nb201')
    throw new NasError(`--drop-path is for the DARTS and NB201 cell networks; the ${space} network has no drop-path`);
  return {
    genotype: request.genotype,
    source: request.source,
    space,
    skeleton,
    dataset,
    dataDir: request.dataDir ?? null,
    trainLimit,
    testLimit,
    holdout,
    epochs: positiveInt(request.epochs ?? 20, '--epochs'),
    batchSize: positiveInt(request.batchSize ?? 96, '--batch-size'),
    seed: String(request.seed ?? 0),
    lr,
    lrMin: inRange(request.lrMin ?? 0, '--lr-min', 0, lr + Number.EPSILON),
    momentum: inRange(request.momentum ?? 0.9, '--momentum', 0, 1),
    weightDecay: inRange(request.weightDecay ?? 3e-4, '--weight-decay', 0, Infinity),
    gradClip: inRange(request.gradClip ?? 5, '--grad-clip', 0, Infinity),
    // The auxiliary head follows the DARTS skeleton's cell at 2/3 depth; NB201 has none.
    auxiliary: request.auxiliary ?? skeleton.kind === 'darts',
    auxWeight: inRange(request.auxWeight ?? 0.4, '--aux-weight', 0, Infinity),
    dropPath: inRange(request.dropPath ?? (skeleton.kind === 'darts' ? 0.2 : 0), '--drop-path', 0, 1),
    labelSmoothing: inRange(request.labelSmoothing ?? 0, '--label-smoothing', 0, 1),
    augment: {
      cropPadding: nonNegativeInt(request.cropPadding ?? 4, '--crop-padding'),
      // Mirrored digits are other digits (or none): no flips on MNIST.
      flip: request.flip ?? dataset !== 'mnist',
      cutout: nonNegativeInt(request.cutout ?? (dataset === 'cifar10' ? 16 : 8), '--cutout'),
    },
    inherit: request.inherit ?? null,
    inputSize: null,
    imageSize: imageSizeOf(request, dataset),
  };
}
