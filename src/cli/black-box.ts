import { resolve } from 'node:path';
import type { Command } from 'commander';
import { spaceByName } from '../../cells/index.js';
import { NasError } from '../errors.js';
import { TableEstimator } from '../estimators/index.js';
import type { Estimator } from '../estimators/index.js';
import { LocalSearch, RandomSearch, RegularizedEvolution, runBlackBox, type BlackBoxStrategy } from '../strategies/index.js';
import { runTimestamp } from './run-name.js';
import { intArg } from './options.js';

interface BlackBoxFlags {
  estimator: string;
  space: string;
  budget: number;
  seeds: number;
  seed: string;
  out?: string;
  population?: number;
  sample?: number;
}

/** `table:FILE` (later: `supernet:CKPT`, `retrain`). */
function estimatorFrom(spec: string, space: string): Estimator {
  const [kind, ...rest] = spec.split(':');
  const arg = rest.join(':');
  if (kind === 'table' && arg !== '') return new TableEstimator(spaceByName(space), arg);
  throw new NasError(`unknown estimator '${spec}' (known: table:FILE)`);
}

function register(program: Command, name: string, description: string, make: (flags: BlackBoxFlags) => BlackBoxStrategy, out: (line: string) => void): Command {
  return program
    .command(name)
    .description(description)
    .requiredOption('--estimator <spec>', 'table:FILE (a NAS-Bench-201-shaped JSON table)')
    .option('--space <name>', 'search space of the estimator', 'nb201')
    .option('--budget <n>', 'queries per seed', intArg, 100)
    .option('--seeds <k>', 'independent runs', intArg, 1)
    .option('--seed <s>', 'base seed', '0')
    .option('--out <dir>', `directory to create (default runs/${name}-<time>)`)
    .action(async (flags: BlackBoxFlags) => {
      if (!(flags.budget > 0)) throw new NasError(`--budget must be a positive integer, got ${flags.budget}`);
      if (!(flags.seeds > 0)) throw new NasError(`--seeds must be a positive integer, got ${flags.seeds}`);
      const estimator = estimatorFrom(flags.estimator, flags.space);
      const dir = resolve(flags.out ?? `runs/${name}-${runTimestamp()}`);
      const result = await runBlackBox(make(flags), estimator, { budget: flags.budget, seeds: flags.seeds, seed: flags.seed, out: dir });
      const f = (m: { mean: number; std: number }) => `${m.mean.toFixed(2)} +- ${m.std.toFixed(2)}`;
      out(`${result.strategy}, ${flags.seeds} seed(s) x ${flags.budget} queries: best score ${f(result.best_score)}${result.best_test ? `, its test ${f(result.best_test)}` : ''} (${result.seconds.toFixed(1)} s)`);
      out(`written to ${dir}`);
    });
}

export function registerBlackBox(program: Command, out: (line: string) => void): void {
  register(program, 'random', 'random search over an estimator (a tabular benchmark)', () => new RandomSearch(), out);
  register(program, 'local', 'local search (hill climbing with restarts) over an estimator', () => new LocalSearch(), out);
  register(
    program,
    'evolve',
    'regularized evolution (Real et al. 2019) over an estimator',
    (f) => new RegularizedEvolution({ ...(f.population !== undefined ? { population: f.population } : {}), ...(f.sample !== undefined ? { sample: f.sample } : {}) }),
    out,
  )
    .option('--population <n>', 'population size (default 30)', intArg)
    .option('--sample <n>', 'tournament size (default 10)', intArg);
}
