import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BIAS_FILES, type BiasReport } from '../../analysis/index.js';
import { NasError } from '../../errors.js';
import { match } from 'ts-pattern';
import { RUN_FILES, openFinishedRun, readRunHeader, type RunHeader } from '../../runs/index.js';
import { BLACK_BOX_FILES } from '../../black-box/index.js';
import type { BiasRun, BlackBoxConfig, BlackBoxRun, HistoryRecord, ReportRun, RetrainRun, SearchRun, TrainingConfigFile } from './api.js';
import { ledgerRecords } from '../../runs/ledger.js';
import { readJsonFile, readOptionalJsonFile } from './read-json.js';

/**
 * Reads a run directory of any kind. The kind comes from the run header in
 * `config.json` (old run directories' headers are read by their legacy
 * shape); a bias study that wrote no `config.json` is known by its
 * `bias.json`. The file each kind keeps its progress in must be there:
 * `log.jsonl` (search, retrain), `history.jsonl` (black-box), `bias.json`
 * (bias); anything else is a one-line `NasError` saying what is missing. A
 * run that was stopped has no `result.json` yet; its report shows the epochs
 * or queries done so far.
 */
export function readRun(dir: string): ReportRun {
  if (!existsSync(dir)) throw new NasError(`${dir}: no such directory`);
  if (!statSync(dir).isDirectory()) throw new NasError(`${dir} is not a directory`);
  const has = (name: string) => existsSync(join(dir, name));
  if (!has(RUN_FILES.config)) {
    if (has(BIAS_FILES.report)) return readBias(dir, null);
    if (has(RUN_FILES.log) || has(BLACK_BOX_FILES.history)) {
      const what = has(RUN_FILES.log) ? RUN_FILES.log : BLACK_BOX_FILES.history;
      throw new NasError(`${dir} has a ${what} but no ${RUN_FILES.config}, so it is not a whole run directory`);
    }
    throw new NasError(
      `${dir} is not a run directory: it has no ${RUN_FILES.log} (search, retrain), ${BLACK_BOX_FILES.history} (evolve, random, local, pareto) or ${BIAS_FILES.report} (bias)`,
    );
  }
  const header = readRunHeader(dir);
  const progress = match(header.kind)
    .with('bias', () => BIAS_FILES.report)
    .with('black-box', () => BLACK_BOX_FILES.history)
    .with('search', 'retrain', () => RUN_FILES.log)
    .exhaustive();
  if (!has(progress)) throw new NasError(`${dir} is a ${header.kind} run with no ${progress} yet: nothing to report`);
  return match(header.kind)
    .with('bias', () => readBias(dir, header))
    .with('black-box', () => readBlackBox(dir, header as RunHeader<BlackBoxConfig>))
    .with('search', 'retrain', (kind) => readTraining(dir, kind, header as TrainingConfigFile))
    .exhaustive();
}

function readBias(dir: string, config: RunHeader | null): BiasRun {
  const report = readJsonFile<BiasReport>(join(dir, BIAS_FILES.report));
  if (!Array.isArray(report.architectures) || !Array.isArray(report.supernets)) {
    throw new NasError(`${join(dir, BIAS_FILES.report)} is not a bias report: it has no architectures or supernets`);
  }
  return { kind: 'bias', dir, config, report };
}

function readBlackBox(dir: string, config: RunHeader<BlackBoxConfig>): BlackBoxRun {
  return {
    kind: 'black-box',
    dir,
    config,
    history: ledgerRecords<HistoryRecord>(join(dir, BLACK_BOX_FILES.history)),
    result: readOptionalJsonFile(join(dir, BLACK_BOX_FILES.result)),
  };
}

function readTraining(dir: string, kind: 'search' | 'retrain', config: TrainingConfigFile): SearchRun | RetrainRun {
  // A search run is opened as every consumer of a finished search opens it; a retraining's log is read from its ledger.
  const log = kind === 'search' ? openFinishedRun(dir).log : ledgerRecords<Record<string, unknown>>(join(dir, RUN_FILES.log));
  const result = readOptionalJsonFile<never>(join(dir, RUN_FILES.result));
  return kind === 'search'
    ? { kind, dir, config, log: log as unknown as SearchRun['log'], result }
    : { kind, dir, config, log: log as unknown as RetrainRun['log'], result };
}
