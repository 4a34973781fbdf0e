import type { Estimator } from '../estimators/api.js';
import { NasError } from '../errors.js';
import { randomIndex, type Rng } from '../random/index.js';
import { canonicalString } from '../space/index.js';
import type { Genotype } from '../space/api.js';
import { QueryLog, movesFor, type BlackBoxStrategy, type Query, type WithinOption } from './api.js';
import type { Direction, Objective } from './objectives/api.js';
import { crowdingDistance, nonDominatedSort, paretoFront } from './pareto.js';

export interface ParetoOptions extends WithinOption {
  /** Population size P; each generation queries P offspring (default 20). */
  readonly population: number;
}

export const PARETO_DEFAULTS: ParetoOptions = { population: 20 };

/** One architecture of the Pareto front of a multi-objective search. */
export interface FrontPoint {
  readonly genotype: string;
  /** The estimator's score (maximised) and its held-out test score, when it has one. */
  readonly score: number;
  readonly test: number | null;
  /** The cost objectives' values, by objective name. */
  readonly objectives: Readonly<Record<string, number>>;
}

/** What a multi-objective search returns: the query history and the Pareto front of everything queried. */
export interface ParetoRun {
  readonly history: Query[];
  readonly front: FrontPoint[];
}

/** Mutations tried for a child before falling back to random architectures not yet queried. */
const MUTATION_TRIES = 20;
/** Random draws before deciding the space has nothing left to query. */
const RANDOM_DRAWS = 10_000;

interface Member {
  readonly genotype: Genotype;
  readonly key: string;
  readonly test: number | null;
  /** The score, then each objective's value: the point sorted on. */
  readonly values: readonly number[];
}

/**
 * NSGA-II (Deb et al. 2002) over architectures, as in NSGA-Net (Lu et al.
 * 2019) and the multi-objective baselines of NAS benchmarks: trade the
 * estimator's score (maximised) against architecture costs (`Objective`s:
 * weights, multiply-adds, latency) and return the whole Pareto front, since no
 * single architecture is best when a deployment budget is not fixed in advance.
 *
 * P random architectures start; each generation breeds P children, each a
 * `mutateGenotype` of a parent chosen by binary tournament on the crowded
 * comparison (lower front, then larger crowding distance), and keeps the best
 * P of parents and children by the same order (elitism). An architecture is
 * never queried twice: a child already queried is mutated again, then
 * replaced by an unqueried random one. Deterministic given the `Rng` when the
 * estimator and the objectives are (latency is not). `within` a pool (a
 * partial table's), draws and mutations stay in it (`RestrictedSpace`).
 */
export class MultiObjectiveEvolution implements BlackBoxStrategy {
  readonly name = 'pareto';
  readonly options: ParetoOptions;
  private lastFront: FrontPoint[] = [];

  constructor(
    readonly objectives: readonly Objective[],
    options: Partial<ParetoOptions> = {},
  ) {
    this.options = { ...PARETO_DEFAULTS, ...options };
    if (objectives.length === 0) throw new NasError('a multi-objective search needs at least one objective besides the score');
    const names = objectives.map((o) => o.name);
    const repeated = names.find((n, i) => names.indexOf(n) !== i);
    if (repeated !== undefined) throw new NasError(`objective '${repeated}' is given twice`);
    if (!Number.isInteger(this.options.population) || this.options.population < 1) {
      throw new NasError(`the population must be a positive integer, got ${this.options.population}`);
    }
  }

  /** The Pareto front of the last `run` (empty before one): see `search`. */
  get front(): readonly FrontPoint[] {
    return this.lastFront;
  }

  /** The last run's front as plain JSON, for a run's `result.json` (`runBlackBox` stores it per seed). */
  report(): { front: FrontPoint[] } {
    return { front: [...this.lastFront] };
  }

  async run(estimator: Estimator, budget: number, rng: Rng, onQuery?: (q: Query) => void): Promise<Query[]> {
    const { history, front } = await this.search(estimator, budget, rng, onQuery);
    this.lastFront = front;
    return history;
  }

  /**
   * Query `budget` architectures (fewer only if the space runs out) and return
   * the history and the Pareto front of all of them on (score, objectives...),
   * sorted along the first objective, best first.
   */
  async search(estimator: Estimator, budget: number, rng: Rng, onQuery?: (q: Query) => void): Promise<ParetoRun> {
    const moves = movesFor(estimator, this.options.within);
    const directions: Direction[] = ['max', ...this.objectives.map((o) => o.direction)];
    const log = new QueryLog(onQuery);
    const archive: Member[] = [];
    const seen = new Set<string>();
    const size = moves.count();

    const query = async (genotype: Genotype): Promise<Member> => {
      const key = canonicalString(genotype);
      seen.add(key);
      const estimate = await estimator.estimate(genotype);
      const values = [estimate.score];
      for (const objective of this.objectives) values.push(await objective.measure(genotype));
      log.record(key, estimate);
      const member = { genotype, key, test: estimate.test ?? null, values };
      archive.push(member);
      return member;
    };
    /** A proposal not queried yet: `propose` a few times, then random draws; null when the space seems exhausted. */
    const unseen = (propose: () => Genotype): Genotype | null => {
      if (BigInt(seen.size) >= size) return null;
      for (let i = 0; i < MUTATION_TRIES + RANDOM_DRAWS; i++) {
        const genotype = i < MUTATION_TRIES ? propose() : moves.sample(rng);
        if (!seen.has(canonicalString(genotype))) return genotype;
      }
      return null;
    };

    let population: Member[] = [];
    while (log.history.length < Math.min(budget, this.options.population)) {
      const genotype = unseen(() => moves.sample(rng));
      if (genotype === null) break;
      population.push(await query(genotype));
    }
    let exhausted = false;
    while (!exhausted && log.history.length < budget && population.length > 0) {
      const { rank, crowding } = rankAndCrowding(population, directions);
      const better = (a: number, b: number) => rank[a]! < rank[b]! || (rank[a] === rank[b] && crowding[a]! > crowding[b]!);
      const tournament = (): Member => {
        const a = randomIndex(rng, population.length);
        const b = randomIndex(rng, population.length);
        return population[better(b, a) ? b : a]!;
      };
      const children = Math.min(this.options.population, budget - log.history.length);
      const offspring: Member[] = [];
      for (let i = 0; i < children; i++) {
        const child = unseen(() => moves.mutate(tournament().genotype, rng));
        exhausted = child === null;
        if (child === null) break;
        offspring.push(await query(child));
      }
      population = survivors([...population, ...offspring], directions, this.options.population);
    }
    return { history: log.history, front: frontOf(archive, directions, this.objectives) };
  }
}

/** Each member's front index (0 = non-dominated) and its crowding distance within that front. */
function rankAndCrowding(members: readonly Member[], directions: readonly Direction[]): { rank: number[]; crowding: number[] } {
  const points = members.map((m) => m.values);
  const rank = new Array<number>(members.length).fill(0);
  const crowding = new Array<number>(members.length).fill(0);
  nonDominatedSort(points, directions).forEach((front, r) => {
    const distance = crowdingDistance(points, front);
    front.forEach((i, k) => {
      rank[i] = r;
      crowding[i] = distance[k]!;
    });
  });
  return { rank, crowding };
}

/**
 * NSGA-II's environmental selection: the best `count` members by the crowded
 * comparison, i.e. whole fronts in order, the last one cut by crowding
 * distance (ties by position, so the cut is deterministic).
 */
function survivors(members: readonly Member[], directions: readonly Direction[], count: number): Member[] {
  const { rank, crowding } = rankAndCrowding(members, directions);
  const order = members.map((_, i) => i).sort((a, b) => rank[a]! - rank[b]! || crowding[b]! - crowding[a]! || a - b);
  return order.slice(0, count).map((i) => members[i]!);
}

/** The non-dominated members as front points, along the first objective (best first), then by score (best first). */
function frontOf(archive: readonly Member[], directions: readonly Direction[], objectives: readonly Objective[]): FrontPoint[] {
  const sign = directions[1] === 'max' ? -1 : 1;
  return paretoFront(
    archive.map((m) => m.values),
    directions,
  )
    .map((i) => archive[i]!)
    .sort((a, b) => sign * (a.values[1]! - b.values[1]!) || b.values[0]! - a.values[0]! || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0))
    .map((m) => ({
      genotype: m.key,
      score: m.values[0]!,
      test: m.test,
      objectives: Object.fromEntries(objectives.map((o, i) => [o.name, m.values[i + 1]!])),
    }));
}
