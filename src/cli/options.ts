import { InvalidArgumentError, type Command } from 'commander';
import { BACKEND_NAMES } from '../backend/api.js';
import { DEFAULT_CHECKPOINT_MINUTES } from '../checkpoint/index.js';
import { NasError } from '../errors.js';

/** Parse an integer flag value; anything else is commander's one-line "invalid argument" error. */
export function intArg(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n)) throw new InvalidArgumentError('not an integer.');
  return n;
}

/** Parse a number flag value. */
export function numberArg(value: string): number {
  const n = Number(value);
  if (value.trim() === '' || !Number.isFinite(n)) throw new InvalidArgumentError('not a number.');
  return n;
}

/** The command-line spelling of an option's property name: `weightLr` -> `weight-lr`. */
export function flagName(property: string): string {
  return property.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/**
 * With `--resume`, a run's settings come from its config.json; a setting also
 * given on the command line would be silently ignored, so it is an error.
 * `mayChange` names the options that only say how the work runs (threads,
 * workers, a queue) and so may differ on resume.
 */
export function rejectSettingsOnResume(command: Command, what: string, mayChange: readonly string[]): void {
  const clash = command.options
    .map((o) => o.attributeName())
    .find((a) => a !== 'resume' && !mayChange.includes(a) && command.getOptionValueSource(a) === 'cli');
  if (clash !== undefined) throw new NasError(`--resume continues the ${what} with its own settings; drop --${flagName(clash)}`);
}

/**
 * The compute-engine flags every tensor command takes: `-b, --backend` (default
 * auto) and `--threads`. `scope` prefixes their help, for commands where only
 * some estimators use them.
 */
export function engineOptions(command: Command, scope = ''): Command {
  return command
    .option('-b, --backend <name>', `${scope}${['auto', ...BACKEND_NAMES].join(' | ')}`, 'auto')
    .option('--threads <n>', `${scope}wasm threads (default: $NAS_THREADS, else 1)`, intArg);
}

/**
 * The flags of a long training run that only say how it is watched and saved,
 * so they may change on `--resume`: `--tensorboard` and `--checkpoint-minutes`.
 */
export function runWatchOptions(command: Command): Command {
  return command
    .option('--tensorboard', 'also write TensorBoard event files to <run>/tensorboard/')
    .option(
      '--checkpoint-minutes <m>',
      `also checkpoint mid-epoch every m minutes, 0 = at epoch ends only (default ${DEFAULT_CHECKPOINT_MINUTES}; may change on --resume)`,
      numberArg,
    );
}
