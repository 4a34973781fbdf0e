export type { BootstrapInterval, BootstrapOptions } from './api.js';
export { averageRanks } from './average-ranks.js';
export { bootstrapCI } from './bootstrap-ci.js';
export { kendallTauB } from './kendall-tau-b.js';
export { pearson } from './pearson.js';
export { regret } from './regret.js';
export { spearmanRho } from './spearman-rho.js';
export { topKOverlap } from './top-k-overlap.js';
