import { readFileSync } from 'node:fs';
import { NasError, firstLine } from '../errors.js';
import { canonicalString, computationKey, parseGenotype } from '../space/index.js';
import type { Genotype, SearchSpace } from '../space/api.js';
import { buildTable } from '../table/build-table.js';
import type { TableHeader } from '../table/api.js';
import { DATASET_SHAPES, type DatasetName } from '../data/api.js';
import type { Budget, BudgetDimensions, Estimate, Estimator } from './api.js';
import { budgetEpochs, recipeDimensionsOnly } from './budget.js';
import { rowFidelity, type RowFidelity, type RunShape } from './table-fidelity.js';

interface TableFileShape {
  readonly benchmark?: string;
  readonly header?: Partial<TableHeader>;
  readonly ops?: unknown;
  readonly archs?: Record<string, { readonly val?: unknown; readonly test?: unknown; readonly runs?: readonly RunShape[] }>;
}

export interface TableEstimatorOptions {
  /** The data set the caller asks about: a table whose header names another is refused. */
  readonly dataset?: string;
  /** Train an architecture the table lacks with the table's own recipe and add it (a table built by `nas table build` only). */
  readonly grow?: boolean;
  /**
   * Charge each query the seconds of training it stands for, as a search
   * that keeps its trainings would pay them (`continuesTrainings`): the
   * epochs of the architecture this search has not trained yet, times the
   * row's seconds per epoch; an architecture asked again costs only what it
   * lacks. Without it a full-fidelity lookup costs 1 (a query). Needs a table
   * with per-epoch curves and seconds. Used to compare strategies at equal
   * compute (src/anytime).
   */
  readonly seconds?: boolean;
}

interface Row {
  readonly val: number;
  readonly test: number;
  /** The per-epoch curve (means over seeds) and training seconds, when the table recorded them. */
  readonly fidelity: RowFidelity | null;
}

/**
 * A tabular benchmark (NAS-Bench-201's shape: `{ ops, archs: { "<arch string>":
 * { val, test } } }`) as an estimator: the score is `val`, the reported test
 * accuracy `test`, each query costs 1. The table must be of the space: its
 * ops the space's, every key an architecture of it, and, for a table built by
 * `nas table build`, its header's space (and the asked data set, when given).
 * An architecture missing from the table is looked up by its computation
 * (`computationKey`: an isomorphic cell gets its twin's row); one still
 * missing is a one-line error naming it, or, with `grow`, is trained with the
 * table's recipe and added to the table (its cost: the training seconds).
 *
 * Asked at a budget of `e` epochs (a table built by `nas table build`, whose
 * runs keep per-epoch curves), the score is the mean over seeds of the val
 * accuracy after epoch `e` of the recipe's schedule, and the cost the
 * training seconds up to it: the runs' mean seconds times e / epochs (the
 * table records seconds per run, not per epoch; every epoch does the same
 * steps). Those are the curves of one cosine schedule defined for all the
 * recipe's epochs, so epoch `e` < epochs is a truncated training, as in
 * Hyperband with continued trainings. A budget above the recipe's is an error,
 * as is one of other images, image size or width than the recipe's (the
 * table measured one recipe: it has no such dimension to read).
 */
export class TableEstimator implements Estimator {
  readonly name: string;
  private readonly entries = new Map<string, Row>();
  private readonly byComputation = new Map<string, Row>();
  private readonly header: Partial<TableHeader> | null;
  private readonly seeds: number[] = [];
  /** The recipe's epochs when every row has its per-epoch curve: the largest budget this table answers. */
  readonly maxEpochs?: number;

  constructor(
    readonly space: SearchSpace,
    private readonly file: string,
    private readonly options: TableEstimatorOptions = {},
  ) {
    let table: TableFileShape;
    try {
      table = JSON.parse(readFileSync(file, 'utf8')) as TableFileShape;
    } catch (error) {
      throw new NasError(`cannot read table ${file}: ${firstLine(error)}`);
    }
    this.header = table.header ?? null;
    if (this.header !== null && this.header.space !== space.name)
      throw new NasError(`table ${file} is of the ${String(this.header.space)} space, not ${space.name}`);
    if (options.dataset !== undefined && this.header !== null && this.header.dataset !== options.dataset)
      throw new NasError(`table ${file} was measured on ${String(this.header.dataset)}, not the asked ${options.dataset}`);
    if (options.grow && this.header?.recipe === undefined)
      throw new NasError(`table ${file} has no recipe to grow with (not built by nas table build)`);
    const spaceOps = space.kind === 'cell' ? space.ops.join(',') : '';
    if (!Array.isArray(table.ops) || table.ops.join(',') !== spaceOps) {
      throw new NasError(
        `table ${file} has ops [${Array.isArray(table.ops) ? table.ops.join(', ') : 'none'}], the ${space.name} space [${spaceOps.replace(/,/g, ', ')}]`,
      );
    }
    if (table.archs === undefined || typeof table.archs !== 'object') throw new NasError(`table ${file} has no "archs" object`);
    const seeds = new Set<number>();
    for (const [key, row] of Object.entries(table.archs)) {
      let genotype: Genotype;
      try {
        genotype = parseGenotype(space, key);
      } catch (error) {
        throw new NasError(`table ${file}: '${key}' is not an architecture of the ${space.name} space (${firstLine(error)})`);
      }
      if (typeof row?.val !== 'number' || typeof row?.test !== 'number')
        throw new NasError(`table ${file}: '${key}' needs numeric "val" and "test"`);
      this.add(genotype, { val: row.val, test: row.test, fidelity: rowFidelity(row.runs) });
      for (const run of row.runs ?? []) if (typeof run.seed === 'number') seeds.add(run.seed);
    }
    this.seeds = [...seeds].sort((a, b) => a - b);
    if (this.entries.size === 0 && !options.grow) throw new NasError(`table ${file} has no architectures`);
    this.name = `table:${file}`;
    const epochs = this.header?.recipe?.epochs;
    if (typeof epochs === 'number' && [...this.entries.values()].every((r) => r.fidelity?.val.length === epochs)) this.maxEpochs = epochs;
    if (options.seconds && this.maxEpochs === undefined)
      throw new NasError(`table ${file} cannot charge seconds of training: not every row has per-epoch curves and seconds`);
    this.continuesTrainings = options.seconds === true;
  }

  readonly continuesTrainings: boolean;
  /** With `seconds`: the epochs this search has trained of each architecture (canonical string). */
  private readonly trained = new Map<string, number>();

  beginSearch(): void {
    this.trained.clear();
  }

  observe(genotype: Genotype, estimate: Estimate, budget?: Budget): void {
    const row = this.entries.get(canonicalString(genotype)) ?? this.byComputation.get(computationKey(this.space, genotype));
    if (this.continuesTrainings && row !== undefined)
      this.charge(canonicalString(genotype), row, budget?.epochs ?? estimate.stoppedAt ?? null);
  }

  /**
   * The cost of reading `key` after `epochs` epochs (null: the final value).
   * With `seconds`: the seconds of the epochs this search has not trained of
   * it; without: 1 for a final value, the seconds up to the epoch for a budget.
   */
  private charge(key: string, row: Row, epochs: number | null): number {
    if (!this.continuesTrainings) return epochs === null ? 1 : (row.fidelity!.seconds * epochs) / this.maxEpochs!;
    const upTo = epochs ?? this.maxEpochs!;
    const before = this.trained.get(key) ?? 0;
    if (upTo > before) this.trained.set(key, upTo);
    return (row.fidelity!.seconds * Math.max(0, upTo - before)) / this.maxEpochs!;
  }

  /** The mean over rows of the seconds of one whole training, when every row recorded them (else null): a unit of compute. */
  meanTrainingSeconds(): number | null {
    if (this.maxEpochs === undefined) return null;
    const rows = [...this.entries.values()];
    return rows.reduce((s, r) => s + r.fidelity!.seconds, 0) / rows.length;
  }

  /** The final val and test of `genotype`'s row (its computation's twin's when missing), or null: the truth an answer is valued by. */
  finalOf(genotype: Genotype): { val: number; test: number } | null {
    const row = this.entries.get(canonicalString(genotype)) ?? this.byComputation.get(computationKey(this.space, genotype));
    return row === undefined ? null : { val: row.val, test: row.test };
  }

  private add(genotype: Genotype, row: Row): void {
    this.entries.set(canonicalString(genotype), row);
    const computation = computationKey(this.space, genotype);
    if (!this.byComputation.has(computation)) this.byComputation.set(computation, row);
  }

  /** Architectures in the table. */
  get size(): number {
    return this.entries.size;
  }

  /** The table's best test accuracy among the architectures with the best val (what a perfect search on val reports). */
  oracle(): { val: number; test: number } {
    let best = { val: -Infinity, test: -Infinity };
    for (const e of this.entries.values()) if (e.val > best.val || (e.val === best.val && e.test > best.test)) best = e;
    return best;
  }

  async estimate(genotype: Genotype, budget?: Budget): Promise<Estimate> {
    const key = canonicalString(genotype);
    const entry = this.entries.get(key) ?? this.byComputation.get(computationKey(this.space, genotype));
    if (entry !== undefined)
      return budget === undefined
        ? { score: entry.val, cost: this.charge(key, entry, null), test: entry.test }
        : this.atBudget(key, entry, budget);
    if (!this.options.grow)
      throw new NasError(
        `the table ${this.file} has no entry for ${key} (it holds ${this.entries.size}; --table-grow trains missing ones with its recipe)`,
      );
    const recipe = this.header!.recipe!;
    // Only this architecture: a partial table's unfinished build plan is left to its own build.
    const outcome = await buildTable(
      this.file,
      { recipe, archs: [key], seeds: this.seeds.length > 0 ? this.seeds : [1] },
      { workers: 1, onlyPlan: true },
    );
    const grown = outcome.table.archs[key];
    if (grown === undefined) throw new NasError(`training ${key} into ${this.file} did not finish`);
    const row: Row = { val: grown.val, test: grown.test, fidelity: rowFidelity(grown.runs) };
    this.add(genotype, row);
    const seconds = grown.runs.reduce((s, r) => s + r.seconds, 0);
    return budget === undefined ? { score: grown.val, cost: seconds, test: grown.test } : this.atBudget(key, row, budget);
  }

  /** What the table's recipe trained on besides epochs: a budget may ask these and no others (`recipeDimensionsOnly`). */
  private recipeDimensions(): BudgetDimensions {
    const recipe = this.header?.recipe;
    if (recipe === undefined) return {};
    const known = (n: unknown) => (typeof n === 'number' ? n : undefined);
    const size = known(recipe.imageSize) ?? DATASET_SHAPES[recipe.dataset as DatasetName]?.image[0];
    const [images, channels] = [known(recipe.trainLimit), known(recipe.channels)];
    return {
      ...(images !== undefined ? { images } : {}),
      ...(size !== undefined ? { imageSize: size } : {}),
      ...(channels !== undefined ? { channels } : {}),
    };
  }

  /** The row read at a budget: its curve at that epoch, costing the seconds of training up to it. */
  private atBudget(key: string, row: Row, budget: Budget): Estimate {
    if (this.maxEpochs === undefined || row.fidelity === null)
      throw new NasError(
        `the table ${this.file} has no per-epoch curves${row.fidelity === null ? ` for ${key}` : ''}: it answers no budget`,
      );
    const epochs = budgetEpochs(this.name, budget, this.maxEpochs);
    recipeDimensionsOnly(`the table ${this.file}`, budget, this.recipeDimensions());
    const f = row.fidelity;
    return { score: f.val[epochs - 1]!, test: f.test[epochs - 1]!, cost: this.charge(key, row, epochs), curve: f.val.slice(0, epochs) };
  }
}
