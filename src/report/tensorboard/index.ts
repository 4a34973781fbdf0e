export type { EventFileOptions, HistogramSummary } from './api.js';
export { EventFileWriter } from './event-file.js';
export { histogramSummary, tensorflowBucketLimits } from './histogram.js';
export { TrainingBoard } from './training-board.js';
