export { cellDot } from './cell-dot.js';
export { chainDot } from './chain-dot.js';
export { motifDot } from './motif-dot.js';
export { dotQuote } from './dot-syntax.js';
export { renderSvg } from './render-svg.js';
export { genotypeDots, type NamedDot } from './genotype-dots.js';
export { genotypeSvgs, type NamedSvg } from './genotype-svgs.js';
export * from './tensorboard/index.js';
export * from './html/index.js';
