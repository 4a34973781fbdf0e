import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spaceByName } from '../../../cells/index.js';
import { synflow, ZERO_FLOW_SCORE } from '../../../src/estimators/zero-cost/index.js';
import { createRng } from '../../../src/random/index.js';
import { canonicalString, parseGenotype, sampleGenotype } from '../../../src/space/index.js';
import type { CellArchitecture, CellSpace } from '../../../src/space/api.js';
import { FixedNetwork } from '../../../src/supernet/index.js';
import { dumpWeights, newManifest } from './dump-nb201.js';

const PYTHON = '/usr/bin/python3';
const SCRIPT = join(import.meta.dirname, '../../../scripts/synflow-reference.py');
const probe = spawnSync(PYTHON, ['-c', 'import torch, numpy'], { encoding: 'utf8' });
const torchMissing = probe.status === 0 ? null : `${PYTHON} cannot import torch and numpy (apt-get install python3-torch)`;

const space = spaceByName('nb201') as CellSpace;
/** The NAS-Bench-201 network on CIFAR-10: C=16, 5 cells per stage, 32x32x3, 10 classes. */
const NB201 = { kind: 'nb201', channels: 16, cellsPerStage: 5, inputChannels: 3, classes: 10 } as const;
const image = [32, 32, 3] as const;

/** 20 architectures drawn uniformly, plus the extremes: every edge a 3x3 conv, only skips and pools, and a cut cell (zero flow). */
function architectures(): string[] {
  const rng = createRng('zc-torch-check');
  const drawn = new Set<string>();
  while (drawn.size < 20) drawn.add(canonicalString(sampleGenotype(space, rng)));
  return [
    ...drawn,
    '|nor_conv_3x3~0|+|nor_conv_3x3~0|nor_conv_3x3~1|+|nor_conv_3x3~0|nor_conv_3x3~1|nor_conv_3x3~2|',
    '|skip_connect~0|+|avg_pool_3x3~0|skip_connect~1|+|avg_pool_3x3~0|skip_connect~1|avg_pool_3x3~2|',
    '|nor_conv_1x1~0|+|none~0|none~1|+|none~0|none~1|nor_conv_1x1~2|',
  ];
}

describe.skipIf(torchMissing !== null)(`synflow against PyTorch in float64${torchMissing ? ` (skipped: ${torchMissing})` : ''}`, () => {
  it('matches the float64 synflow of the same NB201 networks (same initial weights) to 1e-3 relative on 23 architectures', () => {
    const dir = mkdtempSync(join(tmpdir(), 'zc-synflow-'));
    try {
      const manifest = newManifest(space, NB201, image);
      const mine = new Map<string, number>();
      for (const arch of architectures()) {
        const net = new FixedNetwork(space, NB201, parseGenotype(space, arch) as CellArchitecture, { seed: '0' });
        try {
          mine.set(arch, synflow.score({ net, input: { image, classes: 10 }, batch: null }));
          dumpWeights(dir, manifest, arch, net);
        } finally {
          net.dispose();
        }
      }
      writeFileSync(join(dir, 'manifest.json'), JSON.stringify(manifest));
      const run = spawnSync(PYTHON, [SCRIPT, dir], { encoding: 'utf8', maxBuffer: 1 << 24 });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const reference = run.stdout
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line) as { arch: string; log_synflow: number | null });
      expect(reference.map((r) => r.arch)).toEqual([...mine.keys()]);
      let worst = 0;
      for (const { arch, log_synflow } of reference) {
        const score = mine.get(arch)!;
        if (log_synflow === null) {
          expect(score).toBe(ZERO_FLOW_SCORE);
          continue;
        }
        // Relative error of S itself: e^(ln S - ln S_ref) - 1.
        const relative = Math.abs(Math.expm1(score - log_synflow));
        worst = Math.max(worst, relative);
        expect(relative, arch).toBeLessThan(1e-3);
      }
      expect(reference.filter((r) => r.log_synflow === null)).toHaveLength(1);
      console.log(
        `synflow vs float64 PyTorch: worst relative difference ${worst.toExponential(2)} over ${reference.length - 1} architectures with flow`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
