export type {
  BiasRun,
  BlackBoxRun,
  Figure,
  HistoryRecord,
  KeyTable,
  RenderedFigure,
  ReportRun,
  RetrainRun,
  SearchRun,
  TrainingConfigFile,
} from './api.js';
export { readRun } from './read-run.js';
export { runFigures } from './run-figures.js';
export { curvesFigure } from './curves-chart.js';
export { alphaFigures } from './alphas-chart.js';
export { alphaLabels, type GroupLabels } from './alpha-labels.js';
export { bestSoFarFigure } from './best-so-far-chart.js';
export { paretoFigure, type SeedFront } from './pareto-chart.js';
export { rankFigure } from './rank-chart.js';
export { opBiasFigure } from './op-bias-chart.js';
export { keyNumbers, runHeadline } from './key-numbers.js';
export { renderChart } from './render-chart.js';
export { svgToPng } from './svg-to-png.js';
export { inlineSvg } from './inline-svg.js';
export { reportPage, escapeHtml, type ReportPageContent } from './report-page.js';
export { runDiagrams } from './run-diagrams.js';
export { REPORT_DIR, writeReport, type WrittenReport } from './write-report.js';
export { isCompareDir, writeCompareReport } from './compare-page.js';
export { isAnytimeDir, writeAnytimeReport } from './anytime-page.js';
export { anytimeFigure } from './anytime-chart.js';
