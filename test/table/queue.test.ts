import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectRedis } from '../../src/jobs/index.js';
import { buildTable, readTable, resolveTableRecipe, tableJobId } from '../../src/table/index.js';

const REDIS = '/usr/bin/redis-server';
const haveRedis = existsSync(REDIS);
if (!haveRedis) console.warn(`skipping the table queue test: ${REDIS} is absent (apt-get install -y redis-server)`);

const root = mkdtempSync(join(tmpdir(), 'nas-table-queue-'));
const port = 20000 + Math.floor(Math.random() * 20000);
const url = `redis://127.0.0.1:${port}`;
const children: ChildProcess[] = [];

beforeAll(async () => {
  if (!haveRedis) return;
  children.push(spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' }));
  for (let i = 0; ; i++) {
    try {
      (await connectRedis(url)).disconnect();
      return;
    } catch (error) {
      if (i > 100) throw error;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
});

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

const recipe = resolveTableRecipe({
  space: 'nb201',
  dataDir: 'embedded',
  imageSize: 8,
  channels: 4,
  epochs: 1,
  batchSize: 50,
  trainLimit: 100,
  valSize: 100,
  testLimit: 100,
});
const archs = [
  '|nor_conv_3x3~0|+|none~0|nor_conv_1x1~1|+|skip_connect~0|none~1|nor_conv_3x3~2|',
  '|avg_pool_3x3~0|+|skip_connect~0|none~1|+|none~0|none~1|avg_pool_3x3~2|',
];

describe.skipIf(!haveRedis)('nas table build --redis', () => {
  it('trains the runs on nas table worker processes through the queue, with ids that repeat for the same run', async () => {
    expect(tableJobId({ recipe, arch: archs[0]!, seed: 1 })).toBe(tableJobId({ recipe, arch: archs[0]!, seed: 1 }));
    expect(tableJobId({ recipe, arch: archs[0]!, seed: 1 })).not.toBe(tableJobId({ recipe, arch: archs[0]!, seed: 2 }));
    expect(tableJobId({ recipe, arch: archs[0]!, seed: 1 })).not.toBe(
      tableJobId({ recipe: { ...recipe, epochs: 2 }, arch: archs[0]!, seed: 1 }),
    );
    const script = "import { main } from './src/cli/main.ts'; process.exitCode = await main(process.argv);";
    const worker = spawn(
      process.execPath,
      ['--import', 'tsx', '--input-type=module', '-e', script, 'nas', 'table', 'worker', '--redis', url],
      {
        env: { ...process.env, NAS_THREADS: '1' },
        stdio: 'ignore',
      },
    );
    children.push(worker);
    const connection = await connectRedis(url);
    try {
      const out = join(root, 't.json');
      const outcome = await buildTable(out, { recipe, archs, seeds: [1, 2] }, { workers: 1, queue: { connection, pollMs: 100 } });
      expect(outcome).toMatchObject({ trained: 4, stopped: false });
      expect(Object.values(readTable(out).archs).map((e) => e.runs.length)).toEqual([2, 2]);
    } finally {
      connection.disconnect();
    }
  });
});
