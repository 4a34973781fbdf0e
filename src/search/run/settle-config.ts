import { spaceByName } from '../../../cells/index.js';
import { SKELETONS, type Skeleton } from '../../../supernets/index.js';
import { flagOf, parseSettings, settingKeys } from '../../config/options.js';
import { DATASET_NAMES } from '../../data/api.js';
import { NasError } from '../../errors.js';
import type { SearchSpace } from '../../space/api.js';
import { weightTrainerSchema, type WeightTrainerOptions } from '../../train/weight-trainer.js';
import { strategyByName, strategySpecs } from '../registry.js';
import type { StrategySpec } from '../strategy-spec.js';
import type { TableSearchSettings } from './data-from-table.js';
import { commonSettingsSchema } from './settings.js';

/**
 * Everything that determines a search, as plain JSON: `config.json` of a run
 * directory holds it, and running it again (same backend) repeats the run.
 */
export interface SearchConfig {
  /** A registered strategy's name. */
  readonly strategy: string;
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
  /** The candidate ops' BatchNorm learns scale and shift (absent: off, the default; `SupernetOptions.affine`). */
  readonly affineOps?: boolean;
  /**
   * A table (`nas table build`) whose split the search uses: the weights train
   * on the table's training images and the architecture on its val images,
   * at its image size (absent: the data set's DARTS split).
   */
  readonly dataFromTable?: string;
  /** How every strategy trains the supernet's weights. */
  readonly weights: WeightTrainerOptions;
  /** The strategy's own options, validated by its registered schema, defaults filled in. */
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * What a caller may set, flat, as flags and config files spell it: the
 * common settings, the weight trainer's (`weightLr` ...) and the strategy's
 * options (`tauMax`, `candidates` ...). A settled `SearchConfig` is a request
 * too (its `weights` and `options` are lifted), so a run's config re-runs it.
 */
export interface SearchRequest {
  readonly strategy?: string;
  readonly space?: string;
  readonly skeleton?: Skeleton;
  readonly dataset?: string;
  readonly dataDir?: string | null;
  readonly trainLimit?: number | null;
  readonly trainPortion?: number;
  readonly epochs?: number;
  readonly batchSize?: number;
  readonly channels?: number;
  readonly layers?: number;
  readonly seed?: string | number;
  readonly checkpointCells?: boolean;
  readonly partialChannels?: number;
  readonly affineOps?: boolean;
  readonly dataFromTable?: string;
  readonly [option: string]: unknown;
}

/** `value` when it is a positive integer, else a one-line `NasError` naming the flag. */
export function positiveInt(value: number, flag: string): number {
  if (!Number.isInteger(value) || value <= 0) throw new NasError(`${flag} must be a positive integer, got ${value}`);
  return value;
}

/**
 * The skeleton kind a space is searched on: its own (`darts`, `nb201`,
 * `chain`, `hierarchical`); a registered cell space the DARTS stack when its
 * cells take two inputs, else NB201's.
 */
function skeletonKind(space: SearchSpace): Skeleton['kind'] {
  if (space.kind === 'cell') return space.name === 'nb201' || space.inputs === 1 ? 'nb201' : 'darts';
  return space.kind;
}

/** The skeleton a space is searched on (`given`, e.g. a run's own, or the default of its kind), sized by `channels`/`layers`. */
function skeletonFor(space: SearchSpace, given: Skeleton | undefined, channels?: number, layers?: number): Skeleton {
  const kind = skeletonKind(space);
  if (given && given.kind !== kind)
    throw new NasError(`skeleton '${given.kind}' does not fit the '${space.name}' space (it takes ${kind})`);
  const base = given ?? SKELETONS[kind];
  const fresh = given === undefined;
  if (base.kind === 'darts')
    return { ...base, channels: channels ?? (fresh ? 8 : base.channels), layers: layers ?? (fresh ? 5 : base.layers) };
  if (base.kind === 'nb201' || base.kind === 'hierarchical') {
    const cells = base.kind === 'nb201' ? 5 : 1;
    return { ...base, channels: channels ?? (fresh ? 16 : base.channels), cellsPerStage: layers ?? (fresh ? cells : base.cellsPerStage) };
  }
  return base;
}

/** A request's settings, flat: a settled config's `weights` and `options` lifted; a config from before both existed upgraded. */
function flatten(request: SearchRequest | SearchConfig, spec: StrategySpec): Record<string, unknown> {
  const { weights, options, darts, sampler, ...rest } = request as Record<string, unknown>;
  const lift = (group: unknown, keep: (key: string) => boolean) =>
    group !== null && typeof group === 'object' ? Object.entries(group).filter(([k]) => keep(k)) : [];
  const known = new Set([...settingKeys(weightTrainerSchema), ...settingKeys(spec.options)]);
  const flat = Object.fromEntries([
    // Configs before the strategy registry kept every optimizer setting under `darts` and the samplers' under `sampler`.
    ...lift(darts, (k) => known.has(k)),
    ...lift(sampler, (k) => known.has(k)),
    ...lift(weights, () => true),
    ...lift(options, () => true),
  ]);
  if (weights !== undefined && (weights === null || typeof weights !== 'object'))
    throw new NasError(`'weights' must be a mapping of settings`);
  if (options !== undefined && (options === null || typeof options !== 'object'))
    throw new NasError(`'options' must be a mapping of settings`);
  return Object.fromEntries(Object.entries({ ...flat, ...rest }).filter(([, v]) => v !== undefined));
}

/** The error for a setting neither common, nor the weight trainer's, nor the strategy's. */
function unknownSetting(key: string, spec: StrategySpec, where: string): NasError {
  const owners = strategySpecs().filter((s) => s.name !== spec.name && key in s.options.shape);
  if (owners.length > 0) return new NasError(`${flagOf(key)} is an option of ${owners.map((s) => s.name).join(', ')}, not of ${spec.name}`);
  const known = [...settingKeys(commonSettingsSchema), ...settingKeys(weightTrainerSchema), ...settingKeys(spec.options)];
  return new NasError(`unknown setting '${key}'${where === '' ? '' : ` in ${where}`} (known for ${spec.name}: ${known.join(', ')})`);
}

/** Reads what a search on a table's split takes from the table file (`tableSearchSettings`: Node's file system). */
export type TableSettingsReader = (
  file: string,
  given: { readonly space?: string; readonly dataset?: string; readonly dataDir?: string | null; readonly trainLimit?: number | null },
) => TableSearchSettings;

/**
 * `resolveSearchConfig` without a file system: the same validation and
 * defaults, a table's settings read by `tableSettings` (null where there are no
 * files, e.g. a browser, and `dataFromTable` is then a one-line error).
 * Split from config.ts so that a browser bundle settles a config exactly as
 * `nas search` does.
 */
export function settleSearchConfig(
  request: SearchRequest | SearchConfig,
  where: string,
  tableSettings: TableSettingsReader | null,
): SearchConfig {
  const spec = strategyByName(typeof request.strategy === 'string' ? request.strategy : 'darts');
  const flat = flatten(request, spec);
  const groups = { common: {} as Record<string, unknown>, weights: {} as Record<string, unknown>, options: {} as Record<string, unknown> };
  for (const [key, value] of Object.entries(flat)) {
    if (key in commonSettingsSchema.shape) groups.common[key] = value;
    else if (key in weightTrainerSchema.shape) groups.weights[key] = value;
    else if (key in spec.options.shape) groups.options[key] = value;
    else throw unknownSetting(key, spec, where);
  }
  const common = parseSettings(commonSettingsSchema, groups.common, settingKeys(commonSettingsSchema), where);
  const weights = parseSettings(weightTrainerSchema, groups.weights, settingKeys(weightTrainerSchema), where);
  const options = parseSettings(spec.options, groups.options, settingKeys(spec.options), where) as Record<string, unknown>;
  // A search on a table's split takes the table's space, data and (on NB201's skeleton) network size.
  if (common.dataFromTable !== undefined && tableSettings === null)
    throw new NasError(`--data-from-table ${common.dataFromTable}: tables are files, and there are none here`);
  const fromTable = common.dataFromTable === undefined || tableSettings === null ? null : tableSettings(common.dataFromTable, common);
  const space = fromTable?.space ?? common.space ?? 'darts';
  const searchSpace = spaceByName(space);
  const tableNetwork = fromTable !== null && skeletonKind(searchSpace) === 'nb201';
  const channels = common.channels ?? (tableNetwork && common.skeleton === undefined ? fromTable.recipe.channels : undefined);
  const layers = common.layers ?? (tableNetwork && common.skeleton === undefined ? fromTable.recipe.cellsPerStage : undefined);
  const partialChannels = common.partialChannels ?? 1;
  if (partialChannels > 1 && !spec.partialChannels) {
    const able = strategySpecs()
      .filter((s) => s.partialChannels)
      .map((s) => s.name);
    throw new NasError(`--partial-channels is an option of the ${able.join(', ')} strategy, not of ${spec.name}`);
  }
  const dataset = fromTable?.dataset ?? common.dataset ?? 'fashion-mnist';
  if (!(DATASET_NAMES as readonly string[]).includes(dataset)) {
    throw new NasError(`unknown dataset '${dataset}' (known: ${DATASET_NAMES.join(', ')})`);
  }
  return {
    strategy: spec.name,
    space,
    skeleton: skeletonFor(searchSpace, common.skeleton as Skeleton | undefined, channels, layers),
    dataset,
    dataDir: fromTable ? fromTable.dataDir : (common.dataDir ?? null),
    trainLimit: fromTable ? fromTable.trainLimit : (common.trainLimit ?? null),
    trainPortion: common.trainPortion ?? 0.5,
    epochs: common.epochs ?? 50,
    // DARTS uses 64; 32 keeps larger inputs (CIFAR) inside wasm's 4 GB heap without --checkpoint-cells (docs/performance.md).
    batchSize: common.batchSize ?? 32,
    seed: String(common.seed ?? 0),
    checkpointCells: common.checkpointCells ?? false,
    partialChannels,
    // Only when on, so configs written before the setting settle to themselves.
    ...(common.affineOps ? { affineOps: true } : {}),
    ...(common.dataFromTable !== undefined ? { dataFromTable: common.dataFromTable } : {}),
    weights,
    options,
  };
}
