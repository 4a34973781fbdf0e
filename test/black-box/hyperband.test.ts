import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { spaceByName } from '../../cells/index.js';
import { BohbSampler, Hyperband, hyperbandBrackets, type Query } from '../../src/black-box/index.js';
import { TableEstimator } from '../../src/estimators/index.js';
import { NasError } from '../../src/errors.js';
import { createRng } from '../../src/random/index.js';
import { runCli } from '../helpers/run-cli.js';
import { writeCurveTable } from '../fidelity/fidelity-table.js';

const root = mkdtempSync(join(tmpdir(), 'nas-hyperband-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const nb201 = spaceByName('nb201');
const table = join(root, 't.json');
writeCurveTable(table, 9);
const estimator = new TableEstimator(nb201, table);

describe('Hyperband brackets', () => {
  it("are Li et al.'s for R = 27, r = 1, eta = 3", () => {
    const rounds = hyperbandBrackets({ eta: 3, minBudget: 1, maxBudget: 27 }).map((b) => b.rounds.map((r) => [r.count, r.budget]));
    expect(rounds).toEqual([
      [
        [27, 1],
        [9, 3],
        [3, 9],
        [1, 27],
      ],
      [
        [12, 3],
        [4, 9],
        [1, 27],
      ],
      [
        [6, 9],
        [2, 27],
      ],
      [[4, 27]],
    ]);
  });

  it('refuse an eta below 2 and a minimum above the maximum', () => {
    expect(() => hyperbandBrackets({ eta: 1, minBudget: 1, maxBudget: 9 })).toThrow(NasError);
    expect(() => hyperbandBrackets({ eta: 3, minBudget: 5, maxBudget: 4 })).toThrow(/--max-budget/);
  });
});

describe('Hyperband and BOHB on a table with curves', () => {
  it('promote the best 1/eta of each round to eta times the epochs', async () => {
    const history = await new Hyperband({ eta: 3 }).run(estimator, 13, createRng('hb'));
    expect(history.map((q) => q.budget)).toEqual([1, 1, 1, 1, 1, 1, 1, 1, 1, 3, 3, 3, 9]);
    const first = history.slice(0, 9).sort((a, b) => b.score - a.score);
    expect(new Set(history.slice(9, 12).map((q) => q.genotype))).toEqual(new Set(first.slice(0, 3).map((q) => q.genotype)));
    const second = history.slice(9, 12).sort((a, b) => b.score - a.score);
    expect(history[12]!.genotype).toBe(second[0]!.genotype);
    expect(history[0]!.cost).toBeCloseTo(10 / 9, 9);
    expect(history[12]!.cost).toBeCloseTo(10, 9);
  });

  it('refuse an estimator without budgets and a maximum above the recipe', async () => {
    const flat = join(root, 'flat.json');
    writeFileSync(
      flat,
      JSON.stringify({ ops: nb201.ops, archs: { '|nor_conv_3x3~0|+|none~0|none~1|+|none~0|none~1|none~2|': { val: 1, test: 2 } } }),
    );
    await expect(new Hyperband().run(new TableEstimator(nb201, flat), 10, createRng('x'))).rejects.toThrow(/answers budgets/);
    await expect(new Hyperband({ maxBudget: 10 }).run(estimator, 10, createRng('x'))).rejects.toThrow(/above the recipe's 9/);
  });

  it("BOHB's model proposes better architectures than Hyperband's uniform draws", async () => {
    const meanFirstRound = (h: readonly Query[]) => {
      const firsts = h.filter((q) => q.budget === 1).slice(27);
      return firsts.reduce((s, q) => s + q.score, 0) / firsts.length;
    };
    let [bohb, hb] = [0, 0];
    for (let s = 0; s < 3; s++) {
      bohb += meanFirstRound(await new Hyperband({ eta: 3 }, new BohbSampler(), 'bohb').run(estimator, 120, createRng(`s${s}`)));
      hb += meanFirstRound(await new Hyperband({ eta: 3 }).run(estimator, 120, createRng(`s${s}`)));
    }
    expect(bohb).toBeGreaterThan(hb + 3);
  });
});

const script = "import { main } from './src/cli/main.ts'; process.exitCode = await main(process.argv);";

/** `nas ARGS` in a child process, killed with SIGKILL once its history holds `lines` lines. */
function killedAt(args: string[], history: string, lines: number) {
  const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script, 'nas', ...args], {
    env: { ...process.env, NAS_THREADS: '1' },
  });
  const poll = setInterval(() => {
    let text = '';
    try {
      text = readFileSync(history, 'utf8');
    } catch {}
    if (text.split('\n').length > lines) child.kill('SIGKILL');
  }, 2);
  return new Promise<NodeJS.Signals | null>((resolve) =>
    child.on('close', (_code, signal) => {
      clearInterval(poll);
      resolve(signal);
    }),
  );
}

describe('nas bohb', () => {
  it('resumes after SIGKILL to the history of a run never killed', async () => {
    const args = (out: string) => ['bohb', '--estimator', `table:${table}`, '--budget', '300', '--eta', '3', '--seed', '7', '--out', out];
    const whole = join(root, 'whole');
    expect((await runCli(...args(whole))).code).toBe(0);
    const cut = join(root, 'cut');
    expect(await killedAt(args(cut), join(cut, 'history.jsonl'), 40)).toBe('SIGKILL');
    const resumed = await runCli('bohb', '--resume', cut);
    expect(resumed.code).toBe(0);
    const strip = (dir: string) =>
      readFileSync(join(dir, 'history.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((l) => {
          const { ms: _ms, ...q } = JSON.parse(l) as Query & { ms: number };
          return q;
        });
    expect(strip(cut)).toEqual(strip(whole));
    expect(JSON.parse(readFileSync(join(cut, 'result.json'), 'utf8')).strategy).toBe('bohb');
    expect((await runCli('bohb', '--estimator', `table:${table}`, '--max-budget', '10', '--out', join(root, 'bad'))).err).toMatch(
      /above the recipe's 9 epochs/,
    );
  }, 120_000);
});
