import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import cliProgress from 'cli-progress';
import type { Command } from 'commander';
import { spaceByName } from '../../cells/index.js';
import { initBackend } from '../backend/index.js';
import { NasError } from '../errors.js';
import { EMBEDDED_DATA } from '../data/index.js';
import { connectRedis } from '../jobs/redis.js';
import { StepEta } from '../runs/eta.js';
import { canonicalString, parseGenotype } from '../space/index.js';
import {
  buildTable,
  chooseArchs,
  parseSeeds,
  readTable,
  resolveTableRecipe,
  tableInfoRows,
  TABLE_QUEUE,
  type BuildProgress,
  type TablePlan,
  type TableRecipeRequest,
} from '../table/index.js';
import { engineOptions, intArg, numberArg } from './options.js';
import { duration } from './progress.js';
import { listenForStop } from './stop-signals.js';
import { formatTable } from './table.js';
import { registerTableQuery } from './table-query.js';
import { registerTableWorker } from './table-worker.js';

interface RecipeFlags {
  space: string;
  dataset?: string;
  dataDir?: string;
  imageSize?: number;
  channels?: number;
  cells?: number;
  epochs?: number;
  batchSize?: number;
  lr?: number;
  weightDecay?: number;
  trainLimit?: number;
  valSize?: number;
  testLimit?: number;
  cropPadding?: number;
}

interface PoolFlags {
  workers: number;
  redis?: string;
  queue: string;
  backend: string;
  threads?: number;
}

interface BuildFlags extends RecipeFlags, PoolFlags {
  archs?: string;
  unique?: boolean;
  seeds: string;
  drawSeed: string;
  out: string;
  resume?: boolean;
}

function recipeRequest(flags: RecipeFlags): TableRecipeRequest {
  const given = {
    dataset: flags.dataset,
    dataDir: flags.dataDir === undefined || flags.dataDir === EMBEDDED_DATA ? flags.dataDir : resolve(flags.dataDir),
    imageSize: flags.imageSize,
    channels: flags.channels,
    cellsPerStage: flags.cells,
    epochs: flags.epochs,
    batchSize: flags.batchSize,
    lr: flags.lr,
    weightDecay: flags.weightDecay,
    trainLimit: flags.trainLimit,
    valSize: flags.valSize,
    testLimit: flags.testLimit,
    cropPadding: flags.cropPadding,
  };
  return { space: flags.space, ...Object.fromEntries(Object.entries(given).filter(([, v]) => v !== undefined)) };
}

/** Runs a build (new, grown or resumed) with a progress bar on a terminal, a line per run otherwise. */
async function runBuild(out: string, plan: TablePlan | null, flags: PoolFlags, write: (line: string) => void, err: (line: string) => void) {
  const engine = await initBackend(flags.backend, { threads: flags.threads });
  const stop = listenForStop(err);
  const eta = new StepEta();
  const tty = process.stderr.isTTY;
  const bar = tty
    ? new cliProgress.SingleBar({
        format: 'table [{bar}] {value}/{total} | last {last} | ETA {eta_h}',
        stream: process.stderr,
        hideCursor: true,
      })
    : null;
  let last = performance.now();
  const onRun = (p: BuildProgress) => {
    const now = performance.now();
    eta.add(now - last);
    last = now;
    const etaText = duration(eta.etaMs(p.total - p.done, (now - started) / p.trained));
    if (bar) {
      if (p.trained === 1) bar.start(p.total, p.done, { last: '', eta_h: '?' });
      bar.update(p.done, { last: `${p.run.val.toFixed(1)}% ${p.run.seconds.toFixed(0)} s`, eta_h: etaText });
    } else {
      write(
        `${p.done}/${p.total} seed ${p.run.seed} val ${p.run.val.toFixed(2)} test ${p.run.test.toFixed(2)} ${p.run.seconds.toFixed(1)} s eta ${etaText} ${p.run.arch}`,
      );
    }
  };
  const started = performance.now();
  const cli = process.argv[1]!;
  const connection = flags.redis === undefined ? null : await connectRedis(flags.redis);
  err(
    `table ${out} on ${connection === null ? `${engine.name}, ${flags.workers} worker(s)` : `the workers of ${flags.redis} (queue ${flags.queue})`}`,
  );
  try {
    const outcome = await buildTable(out, plan, {
      workers: flags.workers,
      ...(connection === null ? {} : { queue: { connection, queue: flags.queue } }),
      spawn: () =>
        spawn(process.execPath, [...process.execArgv, cli, 'table', 'worker', '--backend', flags.backend, '--threads', '1'], {
          stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
        }),
      shouldStop: stop.stopRequested,
      onRun,
    });
    bar?.stop();
    const archs = Object.keys(outcome.table.archs).length;
    write(
      `${outcome.stopped ? 'stopped' : 'done'}: ${archs} architectures in ${out}; trained ${outcome.trained} run(s), ${outcome.skipped} already in the ledger`,
    );
  } finally {
    bar?.stop();
    stop.release();
    connection?.disconnect();
  }
}

function recipeOptions(command: Command): Command {
  return command
    .option('--dataset <name>', 'fashion-mnist | mnist | cifar10 (default fashion-mnist)')
    .option('--data-dir <dir>', "data directory, or 'embedded' for the shipped Fashion-MNIST subset")
    .option('--image-size <n>', 'downsample images to n x n by area averaging (default 16)', intArg)
    .option('--channels <n>', 'initial channels C of the network (default 8)', intArg)
    .option('--cells <n>', 'cells per stage N of the network (default 1)', intArg)
    .option('--epochs <n>', 'epochs per run (default 4)', intArg)
    .option('--batch-size <n>', 'default 64', intArg)
    .option('--lr <x>', 'initial learning rate, cosine to 0 per step (default 0.1)', numberArg)
    .option('--weight-decay <x>', 'default 5e-4', numberArg)
    .option('--train-limit <n>', 'train on this many images (class-balanced) of what the val hold-out leaves (default all)', intArg)
    .option('--val-size <n>', 'training images held out to measure val on (default 5000)', intArg)
    .option('--test-limit <n>', 'measure test on this many test images (default all)', intArg)
    .option('--crop-padding <n>', 'random-crop padding in pixels, 0 = no augmentation (default 2)', intArg);
}

function poolOptions(command: Command): Command {
  return engineOptions(
    command
      .option('--workers <n>', 'trainings at once, each a process on one wasm thread', intArg, 1)
      .option('--redis <url>', 'train on nas table worker --redis processes (any machines) through this Redis instead')
      .option('--queue <name>', 'queue name for --redis', TABLE_QUEUE),
  );
}

export function registerTable(program: Command, out: (line: string) => void, err: (line: string) => void): void {
  const table = program.command('table').description('ground-truth tables: train architectures of a space stand-alone with one recipe');

  const build = table
    .command('build')
    .description('train architectures with one recipe into a table (resumable: the same command continues it from its ledger)')
    .option('--space <name>', 'search space', 'nb201')
    .option('--archs <spec>', "'all', a count N (seeded uniform draw), or a file of architecture strings")
    .option('--unique', 'draw from distinct computations (NB201: 6,466 of 15,625)')
    .option('--seeds <list>', 'a count n (seeds 1..n) or a list like 1,2', '2')
    .option('--draw-seed <s>', 'seed of the --archs N draw', '0')
    .option('--resume', "continue the table's ledger with its own recipe and plan (no other settings)")
    .requiredOption('--out <file>', 'the table (JSON); its ledger is <file without .json>.ledger.jsonl');
  poolOptions(recipeOptions(build)).action(async (flags: BuildFlags) => {
    const file = resolve(flags.out);
    if (flags.resume) {
      if (flags.archs !== undefined) throw new NasError('--resume continues the ledger with its own plan; drop --archs');
      return runBuild(file, null, flags, out, err);
    }
    if (flags.archs === undefined) throw new NasError('nas table build needs --archs all|N|FILE (or --resume)');
    const recipe = resolveTableRecipe(recipeRequest(flags));
    const archs = chooseArchs(spaceByName(recipe.space), { archs: flags.archs, unique: flags.unique === true, seed: flags.drawSeed });
    await runBuild(file, { recipe, archs, seeds: parseSeeds(flags.seeds) }, flags, out, err);
  });

  const add = table
    .command('add')
    .description("train more architectures into a table with the table's own recipe")
    .argument('<file>', 'the table')
    .argument('<arch...>', 'architecture strings')
    .option('--seeds <list>', "seeds (default: the table's)");
  poolOptions(add).action(async (fileArg: string, given: string[], flags: PoolFlags & { seeds?: string }) => {
    const file = resolve(fileArg);
    const existing = readTable(file);
    const recipe = existing.header.recipe;
    const space = spaceByName(recipe.space);
    const archs = archsFromArgs(space.name, given);
    const seeds = flags.seeds !== undefined ? parseSeeds(flags.seeds) : tableSeeds(existing);
    await runBuild(file, { recipe, archs, seeds }, flags, out, err);
  });

  table
    .command('info')
    .description("a table's size, coverage of its space, accuracy spread and noise ceiling (seed-to-seed rank agreement)")
    .argument('<file>', 'the table')
    .action((fileArg: string) => {
      for (const line of formatTable(tableInfoRows(resolve(fileArg)))) out(line);
    });

  registerTableQuery(table, out, err);
  registerTableWorker(table, out, err);
}

/** The canonical strings of architectures given on the command line; a bad one is a one-line error naming it. */
function archsFromArgs(spaceName: string, given: readonly string[]): string[] {
  const space = spaceByName(spaceName);
  return given.map((text) => {
    try {
      return canonicalString(parseGenotype(space, text));
    } catch (error) {
      if (error instanceof NasError) throw new NasError(`'${text}' is not an architecture of the ${space.name} space: ${error.message}`);
      throw error;
    }
  });
}

function tableSeeds(table: ReturnType<typeof readTable>): number[] {
  const seeds = new Set<number>();
  for (const entry of Object.values(table.archs)) for (const run of entry.runs) seeds.add(run.seed);
  return seeds.size === 0 ? [1] : [...seeds].sort((a, b) => a - b);
}
