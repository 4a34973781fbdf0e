export { Module, Op } from './module.js';
export { SeedStream, fanInUniform } from './init.js';
export { BatchNorm, withFrozenStatistics, withRunningAverage } from './batch-norm.js';
export { Conv, Linear, type ConvSpec } from './conv.js';
export { ReLUConvBN, DilConv, SepConv, FactorizedReduce, Pool, Identity, DepthwiseConvBN } from './blocks.js';
export { OPS, createOp, opFactory, registerOp, knownOps, type OpName, type OpSpec, type OpFactory } from './registry.js';
export { batchNormTrain, type BatchStats } from './batch-norm-train.js';
export { sharedRelu, withSharedRelu } from './shared-relu.js';
