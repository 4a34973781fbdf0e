/**
 * A DARTS search through the library API (what `nas search darts` does):
 * npx tsx scripts/search-darts.ts [outDir] [epochs]
 */
import { initBackend, resolveSearchConfig, runSearch } from '../src/index.js';

const out = process.argv[2] ?? `runs/script-darts-${Date.now()}`;
const epochs = Number(process.argv[3] ?? 1);

await initBackend('auto');
const config = resolveSearchConfig({ space: 'darts', epochs, dataDir: 'embedded', seed: 0 });
const result = await runSearch(config, {
  out,
  onEpoch: (r) =>
    console.log(`epoch ${r.epoch + 1}: train ${r.train_loss.toFixed(3)}, val acc ${r.val_acc?.toFixed(3) ?? '-'}, ${r.genotype}`),
});
console.log(`derived ${result.canonical}\nrun directory: ${result.out}`);
