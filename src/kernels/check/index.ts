export type { GradCase, GradCheckResult, GradInput } from './api.js';
export { gradientCases } from './cases.js';
export { checkGradient, relError } from './run.js';
export { dilateFilter } from './dilate-filter.js';
