import { mkdirSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { namedGenotype, spaceByName } from '../../cells/index.js';
import { readCheckpoint, restoreVariables, writeCheckpoint } from '../../src/checkpoint/index.js';
import { resolveRetrainConfig, inheritWeights, runRetrain } from '../../src/retrain/index.js';
import { runFile, supernetFromConfig } from '../../src/runs/index.js';
import { writeRunConfig } from '../../src/runs/open-run.js';
import { resolveSearchConfig, type SearchConfig } from '../../src/search/index.js';
import type { CellArchitecture, CellSpace } from '../../src/space/api.js';
import { FixedNetwork } from '../../src/supernet/index.js';
import { useTempDir } from '../checkpoint/temp-dir.js';
import { expectNasError } from '../helpers/expect-nas-error.js';

const tmp = useTempDir();

/** A DARTS search config at C=4, 3 cells, fitted to 1-channel 10-class images as runSearch fits it. */
function searchConfig(partialChannels: number): SearchConfig {
  const c = resolveSearchConfig({ strategy: 'darts', channels: 4, layers: 3, seed: 5, partialChannels });
  return { ...c, skeleton: { ...c.skeleton, inputChannels: 1, classes: 10 } };
}

/** A search run directory as runSearch leaves it: config.json and a checkpoint of the supernet. */
async function writeSearchRun(dir: string, config: SearchConfig): Promise<void> {
  mkdirSync(dir, { recursive: true });
  await writeRunConfig(dir, 'search', config);
  const supernet = supernetFromConfig(config);
  try {
    await writeCheckpoint(runFile(dir, 'checkpoint'), { config }, supernet.namedTensors());
  } finally {
    supernet.dispose();
  }
}

describe('supernetFromConfig', () => {
  it('rebuilds a PC-DARTS supernet with its partial channels, so its checkpoint fits; a K=1 rebuild does not', async () => {
    const dir = join(tmp(), 'pc');
    const config = searchConfig(2);
    await writeSearchRun(dir, config);
    const loaded = await readCheckpoint(runFile(dir, 'checkpoint'));
    const again = supernetFromConfig(config, { recomputeCells: false });
    try {
      restoreVariables(loaded, again.namedTensors(), 'pc');
      const name = 'weight.cells.0.edges.0.sep_conv_3x3.0.dw.weight';
      const restored = again.namedTensors().find(([n]) => n === name)![1];
      expect(Array.from(restored.dataSync())).toEqual(Array.from(loaded.tensors.get(name)!.values));
      // An op sees C/K = 2 of the 4 channels.
      expect(restored.shape).toEqual([3, 3, 2, 1]);
    } finally {
      again.dispose();
    }
    const full = supernetFromConfig({ ...config, partialChannels: 1 });
    try {
      expect(() => restoreVariables(loaded, full.namedTensors(), 'pc')).toThrow();
    } finally {
      full.dispose();
    }
  });

  it('reads configs written before PC-DARTS (no partialChannels) as K=1', () => {
    const { partialChannels: _, ...old } = searchConfig(1);
    const supernet = supernetFromConfig(old as SearchConfig);
    try {
      const name = 'weight.cells.0.edges.0.sep_conv_3x3.0.dw.weight';
      expect(supernet.namedTensors().find(([n]) => n === name)![1].shape).toEqual([3, 3, 4, 1]);
    } finally {
      supernet.dispose();
    }
  });

  it('--inherit from a PC-DARTS run says in one line why its op weights cannot be inherited', async () => {
    const dir = join(tmp(), 'pc');
    await writeSearchRun(dir, searchConfig(2));
    const request = resolveRetrainConfig({ genotype: namedGenotype('DARTS_V2'), source: 'DARTS_V2', channels: 4, layers: 3, inherit: dir });
    const config = { ...request, skeleton: { ...request.skeleton, inputChannels: 1, classes: 10 } };
    const net = new FixedNetwork(spaceByName('darts') as CellSpace, config.skeleton, namedGenotype('DARTS_V2') as CellArchitecture, {});
    try {
      await expectNasError(() => inheritWeights(dir, config, net), '--inherit', 'PC-DARTS', 'K=2', 'retrain from scratch');
    } finally {
      net.dispose();
    }
  });

  it('a retraining refused at --inherit leaves its run directory empty (config.json is written after inheritance)', async () => {
    const dir = join(tmp(), 'pc-run');
    await writeSearchRun(dir, searchConfig(2));
    const out = join(tmp(), 'refused');
    const config = resolveRetrainConfig({
      genotype: namedGenotype('DARTS_V2'),
      source: 'DARTS_V2',
      channels: 4,
      layers: 3,
      inherit: dir,
      dataDir: 'embedded',
      trainLimit: 32,
      testLimit: 16,
      epochs: 1,
      batchSize: 16,
    });
    await expectNasError(() => runRetrain(config, { out }), '--inherit', 'PC-DARTS');
    expect(readdirSync(out)).toEqual([]);
  });

  it('--inherit from a K=1 DARTS run rebuilt through it copies the weights', async () => {
    const dir = join(tmp(), 'darts');
    await writeSearchRun(dir, searchConfig(1));
    const request = resolveRetrainConfig({ genotype: namedGenotype('DARTS_V2'), source: 'DARTS_V2', channels: 4, layers: 3, inherit: dir });
    const config = { ...request, skeleton: { ...request.skeleton, inputChannels: 1, classes: 10 } };
    const net = new FixedNetwork(spaceByName('darts') as CellSpace, config.skeleton, namedGenotype('DARTS_V2') as CellArchitecture, {});
    try {
      expect(await inheritWeights(dir, config, net)).toBeGreaterThan(20);
    } finally {
      net.dispose();
    }
  });
});
