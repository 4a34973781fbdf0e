/**
 * A one-shot strategy written outside the toolkit, registered and run with
 * everything a built-in gets (checkpoints, resume, log.jsonl, genotype.json,
 * `nas report`, `nas bias --supernet`): FairNAS's strict fairness (Chu, Zhang
 * & Xu 2019; built in as `nas search fair`). Each step trains k paths that
 * together run every candidate op of every edge exactly once.
 *
 *   npx tsx scripts/custom-strategy.ts --epochs 1 --data-dir embedded --out DIR
 *   npx tsx scripts/custom-strategy.ts --resume DIR
 *
 * The script is `nas search strict-fair` with the strategy registered first,
 * so every `nas search` flag works, and so does `--resume`: a run of a
 * script's strategy resumes through the script that registers it.
 */
import { main } from '../src/cli/main.js';
import { SinglePathStrategy, defineStrategy, registerStrategy, samplerOptionsSchema } from '../src/index.js';
import type { SampledMode } from '../src/supernet/api.js';

/** A uniform permutation of 0..n-1 (Fisher-Yates). */
function permutation(n: number, rng: () => number): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

class StrictFair extends SinglePathStrategy {
  readonly name = 'strict-fair';

  /** Path j runs option perm[j] of every row: over the k paths each option of each row runs once. */
  protected paths(_step: number, rng: () => number): SampledMode[] {
    const groups = this.b.supernet.decisions();
    const k = Math.max(...groups.map((g) => g.options.length));
    const perms = groups.map((g) => Array.from({ length: g.rows }, () => permutation(g.options.length, rng)));
    return Array.from({ length: k }, (_, j) => ({
      kind: 'masked',
      masks: Object.fromEntries(groups.map((g, gi) => [g.name, perms[gi]!.map((p) => g.options.map((_, o) => o === p[j % p.length]))])),
    }));
  }
}

registerStrategy(
  defineStrategy({
    name: 'strict-fair',
    summary: 'FairNAS strict fairness, defined in scripts/custom-strategy.ts',
    options: samplerOptionsSchema,
    create: (options, config) => new StrictFair({ ...config.weights, ...options }),
  }),
);
process.exitCode = await main(['node', 'nas', 'search', 'strict-fair', ...process.argv.slice(2)]);
