export { writeFileAtomic, writeFileAtomicSync } from './atomic-write.js';
export {
  CHECKPOINT_DTYPES,
  CHECKPOINT_MAGIC,
  CHECKPOINT_VERSION,
  type CheckpointDtype,
  type CheckpointHeader,
  type CheckpointTensor,
  type LoadedCheckpoint,
  type TensorEntry,
} from './format.js';
export { encodeCheckpoint, writeCheckpoint, writeCheckpointSync, type NamedTensors } from './write-checkpoint.js';
export { decodeCheckpoint, readCheckpoint } from './read-checkpoint.js';
export { restoreVariables, type NamedVariables } from './restore-variables.js';
export { CheckpointClock, DEFAULT_CHECKPOINT_MINUTES, checkCheckpointMinutes } from './clock.js';
