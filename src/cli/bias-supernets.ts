import { estimatorScorer, type StudySupernet } from '../analysis/index.js';
import { NasError } from '../errors.js';
import { SupernetEstimator, type Estimator } from '../estimators/index.js';
import { FewShotEstimator } from '../estimators/few-shot.js';
import { loadSnapshotEnsemble } from '../estimators/snapshot-ensemble.js';
import { isFewShotRun } from '../search/few-shot/manifest.js';
import { supernetName, supernetScoring, type BiasFlags } from './bias-flags.js';
import { rankEstimatorFrom, rankSpecParts, zeroCostEstimatorFrom } from './estimator-options.js';

/** Whether a `--supernet` entry names a few-shot run directory (nas few-shot), not a zc: or rank: entry. */
export const isFewShotEntry = (run: string) =>
  !run.startsWith('zc:') && !run.startsWith('rank:') && isFewShotRun(run.replace(/^supernet:/, ''));

/**
 * `--ensemble K` scores a trained run by its last K snapshots
 * (`<run>/snapshots`, kept by `nas search --snapshots`); a few-shot run is
 * scored by its sub-supernets, which keep none, so the two do not combine:
 * one line naming both, rather than the ensemble silently left out.
 */
export function rejectFewShotEnsemble(runs: readonly string[], ensemble: number | undefined): void {
  if (ensemble === undefined) return;
  // The parts of a rank: entry count too: a trained run among them is scored by its ensemble.
  for (const entry of runs) {
    const fewShot = rankSpecParts(entry).find(isFewShotEntry);
    if (fewShot === undefined) continue;
    const where = fewShot === entry ? `--supernet ${fewShot}` : `${fewShot} (in --supernet ${entry})`;
    throw new NasError(
      `--ensemble ${ensemble} averages a trained run's snapshots, but ${where} is a few-shot run (nas few-shot), whose sub-supernets keep none: drop --ensemble or that --supernet`,
    );
  }
}

/**
 * The study's scorers, one per `--supernet` entry: zc: proxies, rank:
 * combinations and few-shot runs first (each one estimator), then every
 * trained supernet run (or its snapshot ensemble with `--ensemble`, also
 * where the run is a part of a rank: entry), with
 * its derived genotype as its preferred architecture and its op usage.
 * Every estimator loaded is pushed on `owned` as it is made, so the caller
 * frees them all, whether this returns or throws. Trained runs must share
 * one space and one dataset: one line naming the run that differs.
 */
export async function loadStudySupernets(runs: readonly string[], flags: BiasFlags, owned: Estimator[]): Promise<StudySupernet[]> {
  const supernets: StudySupernet[] = [];
  // Zero-cost proxies score beside the supernets, on the supernets' space when there are any.
  // A few-shot run (nas few-shot) is scored as one estimator over its sub-supernets, beside zc: and rank: entries.
  const combined = (run: string) => run.startsWith('zc:') || run.startsWith('rank:') || isFewShotEntry(run);
  const trained = runs.filter((run) => !combined(run));
  const zcFlags = { ...flags, space: flags.space ?? (trained.length > 0 ? undefined : 'nb201') };
  const part = (spec: string): Promise<Estimator> =>
    spec.startsWith('zc:')
      ? zeroCostEstimatorFrom(spec, zcFlags)
      : isFewShotEntry(spec)
        ? FewShotEstimator.load(spec.replace(/^supernet:/, ''), supernetScoring(flags))
        : flags.ensemble === undefined
          ? SupernetEstimator.load(spec.replace(/^supernet:/, ''), supernetScoring(flags))
          : // A trained run inside rank: is scored as it is alone: by its snapshot ensemble.
            loadSnapshotEnsemble(spec.replace(/^supernet:/, ''), flags.ensemble, supernetScoring(flags), flags.rankReference, flags.seed);
  for (const spec of runs.filter(combined)) {
    const estimator = spec.startsWith('rank:')
      ? await rankEstimatorFrom(spec, part, flags)
      : isFewShotEntry(spec)
        ? await part(spec)
        : await zeroCostEstimatorFrom(spec, zcFlags);
    owned.push(estimator);
    supernets.push({ scorer: estimatorScorer(estimator.name, estimator), preferred: [] });
  }
  for (const run of trained) {
    const estimator = await SupernetEstimator.load(run, supernetScoring(flags));
    owned.push(estimator);
    // An ensemble scores; the run's own estimator still gives its config, genotype and op usage.
    const scoring =
      flags.ensemble === undefined
        ? estimator
        : await loadSnapshotEnsemble(run, flags.ensemble, supernetScoring(flags), flags.rankReference, flags.seed);
    if (scoring !== estimator) owned.push(scoring);
    const first = (owned.find((e) => e instanceof SupernetEstimator) as SupernetEstimator).config;
    if (estimator.space.name !== first.space)
      throw new NasError(`--supernet ${run} searched the '${estimator.space.name}' space, ${trained[0]} the '${first.space}' space`);
    if (estimator.config.dataset !== first.dataset)
      throw new NasError(`--supernet ${run} was trained on ${estimator.config.dataset}, ${trained[0]} on ${first.dataset}`);
    const { genotype, opUsage } = estimator.run;
    supernets.push({
      scorer: estimatorScorer(flags.ensemble === undefined ? supernetName(run) : `${supernetName(run)}@last-${flags.ensemble}`, scoring),
      // The run's derived genotype is its strategy's preferred architecture (a snapshot's: the one derived at its epoch).
      preferred: genotype ? [genotype] : [],
      ...(opUsage ? { training: opUsage } : {}),
    });
  }
  return supernets;
}
