import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { NB201_SPACE } from '../../cells/index.js';
import type { Dataset } from '../../src/data/index.js';
import { computationKey, parseGenotype } from '../../src/space/index.js';
import {
  appendTableLedger,
  chooseArchs,
  parseSeeds,
  readTableLedger,
  recipeDifference,
  resizeArea,
  resolveTableRecipe,
  resumeTableLedger,
  tableInfo,
  type TableFile,
} from '../../src/table/index.js';
import { expectNasError, expectNasErrorSync } from '../helpers/expect-nas-error.js';

const root = mkdtempSync(join(tmpdir(), 'nas-table-units-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('resizeArea', () => {
  const image = (h: number, w: number, c: number, pixels: number[]): Dataset => ({
    name: 't',
    images: Uint8Array.from(pixels),
    labels: Uint8Array.of(0),
    count: 1,
    height: h,
    width: w,
    channels: c,
    classes: 1,
  });

  it('halves an image by 2x2 means, and weighs partly covered pixels by their overlap', () => {
    const halved = resizeArea(image(2, 2, 1, [0, 100, 200, 100]), 1);
    expect([...halved.images]).toEqual([100]);
    // 3 -> 2: output 0 covers pixel 0 fully and half of pixel 1 (weights 2/3, 1/3).
    const third = resizeArea(image(3, 3, 1, [0, 90, 30, 0, 90, 30, 0, 90, 30]), 2);
    expect(third.height).toBe(2);
    expect([...third.images.subarray(0, 2)]).toEqual([30, 50]);
  });

  it('keeps channels apart, returns the same size as is, and refuses upsampling', async () => {
    const rgb = resizeArea(image(2, 2, 2, [10, 0, 20, 0, 30, 0, 40, 200]), 1);
    expect([...rgb.images]).toEqual([25, 50]);
    const same = image(2, 2, 1, [1, 2, 3, 4]);
    expect(resizeArea(same, 2)).toBe(same);
    await expectNasError(() => resizeArea(same, 3), '--image-size 3', 'larger');
  });
});

describe('the table ledger', () => {
  const header = {
    kind: 'header',
    toolkit: 'x',
    space: 'nb201',
    dataset: 'fashion-mnist',
    recipe: resolveTableRecipe({ space: 'nb201' }),
  } as const;

  it('drops a last line cut short by a kill, and a resume cuts it away before appending', () => {
    const file = join(root, 'cut.ledger.jsonl');
    appendTableLedger(file, header);
    appendTableLedger(file, { kind: 'plan', archs: ['a'], seeds: [1] });
    appendFileSync(file, '{"kind":"run","arch":"a","se');
    expect(readTableLedger(file).map((r) => r.kind)).toEqual(['header', 'plan']);
    expect(resumeTableLedger(file)).toHaveLength(2);
    expect(readFileSync(file, 'utf8').endsWith('}\n')).toBe(true);
  });

  it('calls a damaged line that is not the last one damage, naming the line, and leaves the file as it was', async () => {
    const file = join(root, 'bad.ledger.jsonl');
    writeFileSync(file, `${JSON.stringify(header)}\n{not json\n${JSON.stringify({ kind: 'plan', archs: [], seeds: [] })}\n`);
    const before = readFileSync(file, 'utf8');
    await expectNasError(() => resumeTableLedger(file), `${file}: line 2`, 'damaged');
    writeFileSync(file, `${JSON.stringify(header)}\n{"kind":"other"}\n\n`);
    await expectNasError(() => readTableLedger(file), 'line 2', 'not a table ledger record');
    writeFileSync(file, before);
    expect(readFileSync(file, 'utf8')).toBe(before);
  });
});

describe('chooseArchs', () => {
  it('draws N architectures reproducibly; --unique draws distinct computations', () => {
    const a = chooseArchs(NB201_SPACE, { archs: '40', unique: true, seed: 's' });
    expect(a).toEqual(chooseArchs(NB201_SPACE, { archs: '40', unique: true, seed: 's' }));
    expect(a).not.toEqual(chooseArchs(NB201_SPACE, { archs: '40', unique: true, seed: 't' }));
    expect(new Set(a.map((s) => computationKey(NB201_SPACE, parseGenotype(NB201_SPACE, s)))).size).toBe(40);
    expect(chooseArchs(NB201_SPACE, { archs: 'all', unique: true, seed: 's' })).toHaveLength(6466);
  });

  it('reads a file of architectures, dropping repeated computations with --unique, and names a bad line', async () => {
    const file = join(root, 'archs.txt');
    const x = '|nor_conv_3x3~0|+|nor_conv_3x3~0|none~1|+|none~0|none~1|skip_connect~2|';
    const twin = '|nor_conv_3x3~0|+|nor_conv_3x3~0|avg_pool_3x3~1|+|none~0|none~1|skip_connect~2|';
    writeFileSync(file, `# comment\n${x}\n\n${twin}\n`);
    expect(chooseArchs(NB201_SPACE, { archs: file, unique: false, seed: '0' })).toHaveLength(2);
    writeFileSync(file, `${x}\n|skip_connect~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|\n${x}\n`);
    expect(chooseArchs(NB201_SPACE, { archs: file, unique: true, seed: '0' })).toHaveLength(2);
    writeFileSync(file, `${x}\n|bogus~0|\n`);
    await expectNasError(() => chooseArchs(NB201_SPACE, { archs: file, unique: false, seed: '0' }), `${file}:2`);
    await expectNasError(() => chooseArchs(NB201_SPACE, { archs: '7000', unique: true, seed: '0' }), '6466 unique');
    await expectNasError(() => chooseArchs(NB201_SPACE, { archs: join(root, 'nope'), unique: false, seed: '0' }), 'not');
  });

  it('parses seeds as a count or a list', () => {
    expect(parseSeeds('3')).toEqual([1, 2, 3]);
    expect(parseSeeds('4,7')).toEqual([4, 7]);
    expectNasErrorSync(() => parseSeeds('1,1'), '--seeds 1,1');
  });
});

describe('resolveTableRecipe', () => {
  it('fills in the defaults and names the flag of a bad value', () => {
    const recipe = resolveTableRecipe({ space: 'nb201', epochs: 2 });
    expect(recipe).toMatchObject({ dataset: 'fashion-mnist', imageSize: 16, epochs: 2, nesterov: true });
    expect(recipeDifference(recipe, resolveTableRecipe({ space: 'nb201', epochs: 3 }))).toBe('epochs 2 vs 3');
    expect(recipeDifference(recipe, recipe)).toBeNull();
    expectNasErrorSync(() => resolveTableRecipe({ space: 'nb201', epochs: 0 }), '--epochs');
    expectNasErrorSync(() => resolveTableRecipe({ space: 'nb201', dataset: 'imagenet' }), "unknown dataset 'imagenet'");
    expectNasErrorSync(() => resolveTableRecipe({ space: 'chain' }), 'chain');
  });
});

describe('tableInfo noise', () => {
  it("splits the val differences between two seeds into one run's noise and the architectures' spread", () => {
    const recipe = resolveTableRecipe({ space: 'nb201' });
    const arch = (ops: string) => `|${ops}~0|+|none~0|none~1|+|none~0|none~1|skip_connect~2|`;
    const vals: Record<string, [number, number]> = {
      [arch('nor_conv_3x3')]: [80, 82],
      [arch('nor_conv_1x1')]: [84, 84],
      [arch('avg_pool_3x3')]: [78, 76],
    };
    const run = (seed: number, val: number) => ({ seed, val, test: val, train_loss: 1, curve: [], seconds: 1 });
    const table: TableFile = {
      benchmark: 'test',
      header: { kind: 'nas-table', toolkit: 'test', space: 'nb201', dataset: 'fashion-mnist', recipe, ledger: 'x' },
      fields: {},
      ops: NB201_SPACE.ops,
      archs: Object.fromEntries(
        Object.entries(vals).map(([a, [v1, v2]]) => [
          a,
          { val: (v1 + v2) / 2, test: 0, params: 1, mult_adds: 1, runs: [run(1, v1), run(2, v2)] },
        ]),
      ),
    };
    // Differences -2, 0, 2: sd 2, so one run's noise is 2 / sqrt 2; means 81, 84, 77: sd sqrt(37/3).
    const noise = tableInfo(table).noise;
    expect(noise?.perRun).toBeCloseTo(Math.SQRT2, 10);
    expect(noise?.spread).toBeCloseTo(Math.sqrt(37 / 3), 10);
    // The perfect ranker's model: the seeds' covariance 34 / 3 is the true variance; (28 / 3 + 52 / 3) / 2 - 34 / 3 = 2 the noise.
    const pr = tableInfo(table).perfectRanker;
    expect(pr?.trueSd).toBeCloseTo(Math.sqrt(34 / 3), 10);
    expect(pr?.noiseSd).toBeCloseTo(Math.SQRT2, 10);
    expect(pr?.seeds).toBe(2);
  });
});
