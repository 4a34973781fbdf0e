import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { embeddedFashionSubsetDir } from '../../src/data/index.js';
import { LocalPoolScorer, QueueScorer, connectRedis } from '../../src/jobs/index.js';
import { createRng } from '../../src/random/index.js';
import { sampleGenotype } from '../../src/space/index.js';
import { expectNasError } from '../helpers/expect-nas-error.js';

const REDIS = '/usr/bin/redis-server';
const haveRedis = existsSync(REDIS);
if (!haveRedis) console.warn(`skipping the distributed-training tests: ${REDIS} is absent (apt-get install -y redis-server)`);

const root = mkdtempSync(join(tmpdir(), 'nas-jobs-'));
const port = 20000 + Math.floor(Math.random() * 20000);
const url = `redis://127.0.0.1:${port}`;
const children: ChildProcess[] = [];

/** A `nas` process from the sources, its stdout lines collected. */
function nas(args: string[]): { child: ChildProcess; lines: string[] } {
  // An IPC channel too, for pool children (`nas worker --ipc`).
  const script = "import { main } from './src/cli/main.ts'; process.exitCode = await main(process.argv);";
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, 'nas', ...args], {
    env: { ...process.env, NAS_THREADS: '1' },
    stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
  });
  const lines: string[] = [];
  let partial = '';
  child.stdout!.on('data', (chunk: Buffer) => {
    const text = partial + chunk.toString();
    const parts = text.split('\n');
    partial = parts.pop()!;
    lines.push(...parts);
  });
  child.stderr!.resume();
  children.push(child);
  return { child, lines };
}

const until = async (what: string, ok: () => boolean | Promise<boolean>, ms = 60_000) => {
  const end = Date.now() + ms;
  while (!(await ok())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
};

beforeAll(async () => {
  if (!haveRedis) return;
  const server = spawn(REDIS, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
  children.push(server);
  await until(
    'redis-server',
    async () => {
      try {
        (await connectRedis(url)).disconnect();
        return true;
      } catch {
        return false;
      }
    },
    10_000,
  );
});

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(root, { recursive: true, force: true });
});

describe.skipIf(!haveRedis)('stand-alone training on workers through Redis', () => {
  const nb201 = spaceByName('nb201');
  const rng = createRng('jobs');
  const genotypes = Array.from({ length: 4 }, () => sampleGenotype(nb201, rng));
  const request = {
    epochs: 2,
    channels: 2,
    layers: 1,
    batchSize: 16,
    trainLimit: 96,
    holdout: 40,
    seed: 'j',
    dataDir: embeddedFashionSubsetDir(),
  };

  it('a worker killed mid-job: its job is taken up by another, and every result arrives exactly once', async () => {
    const a = nas(['worker', '--redis', url, '--lock-ms', '2000', '--work-dir', join(root, 'a')]);
    const b = nas(['worker', '--redis', url, '--lock-ms', '2000', '--work-dir', join(root, 'b')]);
    const connection = await connectRedis(url);
    const scorer = await QueueScorer.open(connection, nb201, 'study-1', request, { pollMs: 200 });
    const arrived: number[] = [];
    const scores = new Map<number, number>();
    const done = scorer.scoreAll(genotypes, (i, e) => {
      arrived.push(i);
      scores.set(i, e.score);
    });
    // Kill worker a as soon as it has started a job.
    await until('worker a to start a job', () => a.lines.some((l) => l.startsWith('started ')));
    const killed = a.lines.find((l) => l.startsWith('started '))!.slice('started '.length);
    a.child.kill('SIGKILL');
    await done;
    expect([...arrived].sort()).toEqual([0, 1, 2, 3]);
    expect(b.lines).toContain(`completed ${killed}`);
    for (const s of scores.values()) expect(s).toBeGreaterThanOrEqual(0);

    // The same study again: the jobs are found done, nothing is trained twice.
    const startedBefore = b.lines.filter((l) => l.startsWith('started ')).length;
    const again = new Map<number, number>();
    await (await QueueScorer.open(connection, nb201, 'study-1', request, { pollMs: 200 })).scoreAll(genotypes, (i, e) =>
      again.set(i, e.score),
    );
    expect(again).toEqual(scores);
    expect(b.lines.filter((l) => l.startsWith('started ')).length).toBe(startedBefore);
    await scorer.close();
    connection.disconnect();
    b.child.kill('SIGTERM');
  }, 180_000);

  it('an unreachable Redis is one line', async () => {
    await expectNasError(() => connectRedis('redis://127.0.0.1:1'), 'cannot reach Redis at redis://127.0.0.1:1');
    await expectNasError(() => connectRedis('http://x'), 'expected a redis:// URL');
  });
});

describe('stand-alone training on a local pool of processes', () => {
  const nb201 = spaceByName('nb201');
  const rng = createRng('pool');
  const genotypes = Array.from({ length: 4 }, () => sampleGenotype(nb201, rng));
  const request = {
    epochs: 2,
    channels: 2,
    layers: 1,
    batchSize: 16,
    trainLimit: 96,
    holdout: 40,
    seed: 'p',
    dataDir: embeddedFashionSubsetDir(),
  };

  it('two children train at once; a child that dies has its job redone by a fresh one, each result arriving once', async () => {
    const dir = join(root, 'pool');
    const started: ChildProcess[] = [];
    let killed = false;
    const pool = new LocalPoolScorer(nb201, 'pool-study', request, {
      workers: 2,
      spawn: () => {
        const { child } = nas(['worker', '--ipc', '--work-dir', dir]);
        started.push(child);
        if (started.length === 1) {
          // The first child dies right after its first job is sent: it is still starting up, so the job cannot be done.
          const send = child.send.bind(child);
          child.send = ((message: unknown) => {
            const sent = send(message as never);
            if (!killed) {
              killed = true;
              setTimeout(() => child.kill('SIGKILL'), 200);
            }
            return sent;
          }) as typeof child.send;
        }
        return child;
      },
    });
    const arrived: number[] = [];
    await pool.scoreAll(genotypes, (i) => arrived.push(i));
    expect(killed).toBe(true);
    expect([...arrived].sort()).toEqual([0, 1, 2, 3]);
    expect(started.length).toBeGreaterThanOrEqual(3); // the killed child was replaced
  }, 180_000);
});
