export { traceKernelCalls, traceKernels } from './trace.js';
export type { KernelTrace, TraceRef, TracedCall, TracedConst, TracedTensor } from './trace.js';
export { EXPORTABLE_KERNELS, INPUT_NODE, OUTPUT_NODE, WEIGHT_SHARD, graphModelFromTrace } from './graph-model.js';
export type { AttrValue, GraphModelArtifacts, GraphModelOptions, NodeDef } from './graph-model.js';
export { MODEL_FILE, exportGraphModel, graphModelArtifacts } from './save.js';
export type { GraphModelExport, GraphModelExportOptions, InferenceNetwork } from './save.js';
export { directoryHandler } from './load.js';
