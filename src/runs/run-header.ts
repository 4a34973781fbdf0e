import { existsSync, readFileSync } from 'node:fs';
import { currentBackend } from '../backend/index.js';
import { NasError, firstLine } from '../errors.js';
import { toolkitVersion } from '../version.js';
import { runFile } from './run-dir.js';

/** The kinds of run directory the toolkit writes (`nas search`, `nas retrain`, the black-box commands, `nas bias`). */
export const RUN_KINDS = ['search', 'retrain', 'black-box', 'bias'] as const;
export type RunKind = (typeof RUN_KINDS)[number];

/** The name every header carries, so a stray `config.json` of another tool is not taken for a run. */
export const TOOLKIT_NAME = 'tfjs-nas';

/**
 * `config.json` of every run directory: which toolkit wrote it, what kind of
 * run it is, the backend it ran on, and the settled config that re-runs it
 * (a search's or retraining's config; a black-box run's command and flags; a
 * bias study's flags). Readers take the kind from here instead of guessing it
 * from the config's keys or the files beside it.
 */
export interface RunHeader<Config = unknown> {
  readonly toolkit: { readonly name: string; readonly version: string };
  readonly kind: RunKind;
  readonly backend: string | null;
  readonly config: Config;
}

/** The header of a new run of `kind`, written by this toolkit on the backend in use. */
export function runHeader<Config>(kind: RunKind, config: Config): RunHeader<Config> {
  return { toolkit: { name: TOOLKIT_NAME, version: toolkitVersion() }, kind, backend: currentBackend()?.name ?? null, config };
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Run directories written before the header (docs/results/* among them) held
 * `{ toolkit: "0.1.0", backend, config }` for searches and retrainings (told
 * apart by the config naming a strategy or a genotype), `{ toolkit, command,
 * flags }` for black-box runs and `{ toolkit, flags }` for bias studies. This
 * is the one place that still guesses, and only for those.
 */
function legacyHeader(value: Record<string, unknown>): RunHeader | null {
  if (typeof value['toolkit'] !== 'string') return null;
  const toolkit = { name: TOOLKIT_NAME, version: value['toolkit'] };
  const backend = typeof value['backend'] === 'string' ? value['backend'] : null;
  const config = value['config'];
  if (isRecord(config)) {
    if ('strategy' in config) return { toolkit, kind: 'search', backend, config };
    if ('genotype' in config) return { toolkit, kind: 'retrain', backend, config };
    return null;
  }
  if (!isRecord(value['flags'])) return null;
  if (typeof value['command'] === 'string')
    return { toolkit, kind: 'black-box', backend, config: { command: value['command'], flags: value['flags'] } };
  return { toolkit, kind: 'bias', backend, config: value['flags'] };
}

/** `value` as a run header (the current shape or a legacy one), or a one-line `NasError` naming `file`. */
export function parseRunHeader(value: unknown, file: string): RunHeader {
  if (!isRecord(value)) throw new NasError(`${file} is not a run header: expected a JSON object`);
  const legacy = legacyHeader(value);
  if (legacy) return legacy;
  const { toolkit, kind, backend, config } = value;
  if (!isRecord(toolkit) || typeof toolkit['name'] !== 'string' || typeof toolkit['version'] !== 'string')
    throw new NasError(`${file} is not a run header: 'toolkit' must be { name, version }`);
  if (toolkit['name'] !== TOOLKIT_NAME) throw new NasError(`${file} was written by '${toolkit['name']}', not ${TOOLKIT_NAME}`);
  if (typeof kind !== 'string' || !(RUN_KINDS as readonly string[]).includes(kind))
    throw new NasError(`${file}: unknown run kind ${JSON.stringify(kind)} (known: ${RUN_KINDS.join(', ')})`);
  if (config === undefined) throw new NasError(`${file} is not a run header: it has no 'config'`);
  return {
    toolkit: { name: toolkit['name'], version: toolkit['version'] },
    kind: kind as RunKind,
    backend: typeof backend === 'string' ? backend : null,
    config,
  };
}

/** The header of run directory `dir` (its `config.json`); a missing or unreadable one is a one-line `NasError`. */
export function readRunHeader(dir: string): RunHeader {
  const file = runFile(dir, 'config');
  if (!existsSync(file)) throw new NasError(`${dir} has no ${file.slice(dir.length + 1)}, so it is not a run directory`);
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new NasError(`cannot read ${file}: ${firstLine(error)}`);
  }
  return parseRunHeader(value, file);
}

/** The header of `dir`, which must be a run of `kind` (`what` names the caller in the error, e.g. `--inherit DIR`). */
export function readRunHeaderOf<Config>(dir: string, kind: RunKind, what: string): RunHeader<Config> {
  const header = readRunHeader(dir);
  if (header.kind !== kind) throw new NasError(`${what}: ${dir} is a ${header.kind} run, not a ${kind} run`);
  return header as RunHeader<Config>;
}
