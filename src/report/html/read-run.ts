import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { BIAS_FILES, type BiasReport } from '../../analysis/index.js';
import { NasError } from '../../errors.js';
import { RUN_FILES } from '../../runs/index.js';
import { BLACK_BOX_FILES } from '../../black-box/index.js';
import type { BiasRun, BlackBoxRun, HistoryRecord, ReportRun, RetrainRun, SearchRun, TrainingConfigFile } from './api.js';
import { ledgerRecords } from '../../runs/ledger.js';
import { readJsonFile, readOptionalJsonFile } from './read-json.js';

/**
 * Reads a run directory of any kind, telling the kinds apart by the files
 * each writer leaves: `bias.json` (a bias study), `history.jsonl` (a
 * black-box search), `log.jsonl` (a search or a retraining, told apart by
 * their configs: a search config names a strategy, a retraining one a
 * genotype). Anything else is a one-line `NasError` saying what is missing.
 * A run that was stopped has no `result.json` yet; its report shows the epochs
 * or queries done so far.
 */
export function readRun(dir: string): ReportRun {
  if (!existsSync(dir)) throw new NasError(`${dir}: no such directory`);
  if (!statSync(dir).isDirectory()) throw new NasError(`${dir} is not a directory`);
  const file = (name: string) => join(dir, name);
  const has = (name: string) => existsSync(file(name));
  if (has(BIAS_FILES.report)) return readBias(dir);
  const needConfig = (what: string) => {
    if (!has(RUN_FILES.config)) throw new NasError(`${dir} has a ${what} but no ${RUN_FILES.config}, so it is not a whole run directory`);
  };
  if (has(BLACK_BOX_FILES.history)) {
    needConfig(BLACK_BOX_FILES.history);
    return readBlackBox(dir);
  }
  if (has(RUN_FILES.log)) {
    needConfig(RUN_FILES.log);
    return readTraining(dir);
  }
  throw new NasError(
    `${dir} is not a run directory: it has no ${RUN_FILES.log} (search, retrain), ${BLACK_BOX_FILES.history} (evolve, random, local, pareto) or ${BIAS_FILES.report} (bias)`,
  );
}

function readBias(dir: string): BiasRun {
  const report = readJsonFile<BiasReport>(join(dir, BIAS_FILES.report));
  if (!Array.isArray(report.architectures) || !Array.isArray(report.supernets)) {
    throw new NasError(`${join(dir, BIAS_FILES.report)} is not a bias report: it has no architectures or supernets`);
  }
  return { kind: 'bias', dir, config: readOptionalJsonFile<unknown>(join(dir, RUN_FILES.config)), report };
}

function readBlackBox(dir: string): BlackBoxRun {
  const config = readJsonFile<BlackBoxRun['config']>(join(dir, BLACK_BOX_FILES.config));
  return {
    kind: 'black-box',
    dir,
    config,
    history: ledgerRecords<HistoryRecord>(join(dir, BLACK_BOX_FILES.history)),
    result: readOptionalJsonFile(join(dir, BLACK_BOX_FILES.result)),
  };
}

function readTraining(dir: string): SearchRun | RetrainRun {
  const configFile = join(dir, RUN_FILES.config);
  const config = readJsonFile<TrainingConfigFile>(configFile);
  const log = ledgerRecords<Record<string, unknown>>(join(dir, RUN_FILES.log));
  const result = readOptionalJsonFile<never>(join(dir, RUN_FILES.result));
  const inner = config.config ?? {};
  if ('strategy' in inner) return { kind: 'search', dir, config, log: log as unknown as SearchRun['log'], result };
  if ('genotype' in inner) return { kind: 'retrain', dir, config, log: log as unknown as RetrainRun['log'], result };
  throw new NasError(
    `${configFile} names neither a search strategy nor a genotype to retrain, so ${dir} is neither a search nor a retraining run`,
  );
}
