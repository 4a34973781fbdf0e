export { traceKernelCalls, traceKernels } from './trace.js';
export type { KernelTrace, TraceRef, TracedCall, TracedConst, TracedTensor } from './trace.js';
export { INPUT_NODE, OUTPUT_NODE, WEIGHT_SHARD, graphModelFromTrace } from './graph-model.js';
export type { GraphModelArtifacts, GraphModelOptions } from './graph-model.js';
export type { AttrValue, NodeDef } from './graph-def.js';
export { EXPORTABLE_KERNELS } from './kernel-ops.js';
export { MODEL_FILE, exportGraphModel, graphModelArtifacts } from './save.js';
export type { GraphModelExport, GraphModelExportOptions, InferenceNetwork } from './save.js';
export { directoryHandler } from './load.js';
