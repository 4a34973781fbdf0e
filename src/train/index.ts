export { accuracy, crossEntropy } from './loss.js';
export { gradsOf, globalNorm } from './grads.js';
export * from './optim/index.js';
