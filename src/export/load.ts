import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { MODEL_FILE } from './save.js';

/**
 * An `IOHandler` that reads a saved model (`model.json` and its weight
 * shards) from a directory, for `tf.loadGraphModel(directoryHandler(dir))` in
 * Node without tfjs-node's `file://` scheme. In a browser, serve the
 * directory and pass its `model.json` URL instead.
 */
export function directoryHandler(dir: string): tf.io.IOHandler {
  return {
    load: () => {
      const modelJSON = JSON.parse(readFileSync(join(dir, MODEL_FILE), 'utf8')) as tf.io.ModelJSON;
      return tf.io.getModelArtifactsForJSON(modelJSON, async (manifest) => {
        const bytes = Buffer.concat(manifest.flatMap((group) => group.paths.map((path) => readFileSync(join(dir, path)))));
        const data = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
        return [manifest.flatMap((group) => group.weights), data];
      });
    },
  };
}
