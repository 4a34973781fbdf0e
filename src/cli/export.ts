import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { initBackend } from '../backend/index.js';
import { exportGraphModel } from '../export/index.js';
import { loadRetrainedModel } from '../retrain/index.js';
import { intArg, engineOptions } from './options.js';

interface ExportFlags {
  out?: string;
  batchSize?: number;
  backend: string;
  threads?: number;
}

export function registerExport(program: Command, out: (line: string) => void): void {
  const exportCommand = program
    .command('export')
    .description('save a retrained network as a TensorFlow.js graph model (tf.loadGraphModel) taking raw 0..255 pixels')
    .argument('<run>', 'a retraining run directory (nas retrain --out)')
    .option('--out <dir>', 'directory to create for model.json and its weights (default <run>/model)')
    .option('--batch-size <n>', 'fix the batch size (default: any)', intArg);
  engineOptions(exportCommand).action(async (run: string, flags: ExportFlags) => {
    await initBackend(flags.backend, { threads: flags.threads });
    const model = await loadRetrainedModel(resolve(run));
    try {
      const dir = resolve(flags.out ?? join(run, 'model'));
      const written = await exportGraphModel({ forward: (x) => model.forwardRaw(x) }, model.inputShape, dir, {
        ...(flags.batchSize !== undefined ? { batchSize: flags.batchSize } : {}),
      });
      out(`graph model of ${written.nodes} nodes and ${written.weightBytes} weight bytes (${model.epochs} epochs trained) in ${dir}`);
      out(`input: [batch, ${model.inputShape.join(', ')}] float32 pixels 0..255; output: [batch, ${model.config.skeleton.classes}] logits`);
    } finally {
      model.net.dispose();
    }
  });
}
