export {
  ANYTIME_FILES,
  type AnytimePoint,
  type AnytimeRecord,
  type AnytimeResults,
  type AnytimeSettings,
  type AnytimeTrajectory,
  type ContenderCurve,
  type Spread,
} from './api.js';
export { FreshEvolution } from './fresh-evolution.js';
export { CONTENDERS, type Contender, type ContenderName, contenderByName, contenderNames } from './contenders.js';
export { computeGrid, incumbentAt, onGrid, spread } from './grid.js';
export { incumbentTrajectory } from './incumbent.js';
export { anytimeLines } from './format.js';
export { type Difference, versusBaseline } from './versus.js';
export { type AnytimeOutcome, anytimeResults, checkAnytimeSettings, runAnytime, type RunAnytimeOptions } from './run-anytime.js';
