import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Resvg } from '@resvg/resvg-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { namedGenotype, spaceByName } from '../../cells/index.js';
import { runBiasStudy, type Scorer } from '../../src/analysis/index.js';
import { main } from '../../src/cli/main.js';
import { embeddedFashionSubsetDir } from '../../src/data/index.js';
import { createRng } from '../../src/random/index.js';
import { writeReport, type WrittenReport } from '../../src/report/html/index.js';
import { resolveRetrainConfig, runRetrain } from '../../src/retrain/index.js';
import { resolveSearchConfig, runSearch } from '../../src/search/index.js';
import type { CellArchitecture, Genotype } from '../../src/space/api.js';
import { canonicalString, enumerateGenotypes } from '../../src/space/index.js';
import { expectNasError } from '../helpers/expect-nas-error.js';

const CHROMIUM = '/usr/bin/chromium';
const root = mkdtempSync(join(tmpdir(), 'nas-html-report-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const nb201 = spaceByName('nb201');

async function cli(...args: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(
    ['node', 'nas', ...args],
    (l) => out.push(l),
    (l) => err.push(l),
  );
  return { code, out, err };
}

/** Edges of an NB201 cell using `op`. */
const count = (g: Genotype, op: string) => (g as CellArchitecture).cells.normal!.nodes.flat().filter((e) => e.op === op).length;
/** The truth of the synthetic tables: 10 per 3x3 conv, 3 per 1x1 conv. */
const truthOf = (g: Genotype) => 10 * count(g, 'nor_conv_3x3') + 3 * count(g, 'nor_conv_1x1');

/** A scorer that is a pure function of the genotype: stands in for a supernet or stand-alone training in the bias study. */
function scorer(name: string, score: (g: Genotype) => number): Scorer {
  return {
    name,
    async scoreAll(genotypes, onScore) {
      genotypes.forEach((g, i) => onScore(i, { score: score(g), cost: 1 }));
    },
  };
}

const runs = { search: join(root, 'search'), retrain: join(root, 'retrain'), pareto: join(root, 'pareto'), bias: join(root, 'bias') };
const reports = new Map<string, WrittenReport>();

// One tiny run of each kind, made with the library on the embedded images as the other tests make them.
beforeAll(async () => {
  const data = embeddedFashionSubsetDir();
  await runSearch(
    resolveSearchConfig({
      strategy: 'darts',
      space: 'darts',
      channels: 2,
      layers: 2,
      epochs: 2,
      batchSize: 8,
      trainLimit: 16,
      seed: 1,
      dataDir: data,
    }),
    { out: runs.search },
  );
  await runRetrain(
    resolveRetrainConfig({
      genotype: namedGenotype('DARTS_V2'),
      source: 'DARTS_V2',
      channels: 2,
      layers: 3,
      epochs: 2,
      batchSize: 16,
      trainLimit: 16,
      testLimit: 16,
      seed: 3,
      dataDir: data,
    }),
    { out: runs.retrain },
  );
  // A synthetic NB201 table (the truth plus a seeded jitter) for a two-seed nas pareto.
  const rng = createRng('report-table');
  const archs: Record<string, { val: number; test: number }> = {};
  for (const g of enumerateGenotypes(nb201)) {
    const val = truthOf(g) + rng();
    archs[canonicalString(g)] = { val, test: val + 1 };
  }
  const table = join(root, 'table.json');
  writeFileSync(table, JSON.stringify({ ops: nb201.ops, archs }));
  const pareto = await cli(
    'pareto',
    '--estimator',
    `table:${table}`,
    '--budget',
    '16',
    '--seeds',
    '2',
    '--population',
    '6',
    '--objectives',
    'params',
    '--out',
    runs.pareto,
  );
  expect(pareto.code, pareto.err.join('\n')).toBe(0);
  // Two "supernets": one over-rating pooling, one over-rating skips.
  const outcome = await runBiasStudy(
    nb201,
    [
      {
        scorer: scorer('pool-lover', (g) => truthOf(g) + 8 * count(g, 'avg_pool_3x3')),
        preferred: [],
        // As a sampler's log reports it: steps per [edge][op] of the one NB201 cell.
        training: { kind: 'sampled', groups: { normal: Array.from({ length: 6 }, () => [1, 2, 3, 4, 5]) }, options: { normal: nb201.ops } },
      },
      { scorer: scorer('skip-lover', (g) => truthOf(g) / 2 + 5 * count(g, 'skip_connect')), preferred: [] },
    ],
    scorer('truth', truthOf),
    { k: 12, seed: '0', bootstrap: 40, out: runs.bias, config: { toolkit: 'test', flags: { k: 12 } } },
  );
  expect(outcome.stopped).toBe(false);
  for (const [kind, dir] of Object.entries(runs)) reports.set(kind, await writeReport(dir));
}, 90_000);

/** Marks an SVG draws (vega writes paths and rects, Graphviz polygons and ellipses). */
const marks = (svg: string) => (svg.match(/<(path|rect|circle|line|polygon|ellipse)\b/g) ?? []).length;

describe('nas report', () => {
  it.each([
    ['search', 'search', ['curves', 'alphas-normal', 'alphas-reduce']],
    ['retrain', 'retrain', ['curves']],
    ['pareto', 'black-box', ['best-so-far', 'pareto']],
    ['bias', 'bias', ['rank-correlation', 'op-bias', 'op-usage']],
  ])('reports a %s run as a %s run with its figures as SVG, PNG and vega-lite spec', (run, kind, figures) => {
    const report = reports.get(run)!;
    expect(report.kind).toBe(kind);
    expect(report.dir).toBe(join(runs[run as keyof typeof runs], 'report'));
    const names = readdirSync(report.dir).sort();
    expect(names).toEqual([...figures.flatMap((f) => [`${f}.png`, `${f}.svg`, `${f}.vl.json`]), 'index.html'].sort());
    for (const figure of figures) {
      const svg = readFileSync(join(report.dir, `${figure}.svg`), 'utf8');
      expect(svg.startsWith('<svg')).toBe(true);
      expect(marks(svg), figure).toBeGreaterThan(10);
      // resvg parses the SVG (it throws on malformed XML) and sees something drawn.
      const parsed = new Resvg(svg);
      expect(parsed.width).toBeGreaterThan(100);
      expect(parsed.getBBox()?.width ?? 0).toBeGreaterThan(0);
      const png = readFileSync(join(report.dir, `${figure}.png`));
      expect([...png.subarray(1, 4)].map((c) => String.fromCharCode(c)).join('')).toBe('PNG');
      expect(JSON.parse(readFileSync(join(report.dir, `${figure}.vl.json`), 'utf8')).$schema).toMatch(/vega-lite\/v6/);
    }
  });

  it('writes self-contained pages: every figure inline, no scripts, no external resources, ids unique', () => {
    for (const [run, report] of reports) {
      const html = readFileSync(report.page, 'utf8');
      expect(html.startsWith('<!DOCTYPE html>'), run).toBe(true);
      expect(html).not.toMatch(/<script|<iframe|<img|\bsrc=/i);
      // The only URLs are XML namespace names, which are never fetched.
      const urls = [...html.matchAll(/https?:\/\/[^\s"'<>)]+/g)].map((m) => m[0]);
      expect(
        urls.filter((u) => !u.startsWith('http://www.w3.org/')),
        run,
      ).toEqual([]);
      const ids = [...html.matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]);
      expect(new Set(ids).size, run).toBe(ids.length);
      const svgs = html.match(/<svg\b/g)?.length ?? 0;
      const figures = readdirSync(report.dir).filter((f) => f.endsWith('.svg')).length;
      expect(svgs, run).toBe(figures + (run === 'search' ? 2 : run === 'retrain' ? 2 : 0));
      expect(html).toContain('<h2>Key numbers</h2>');
      if (run !== 'bias') expect(html).toContain('<h2>Configuration</h2>');
    }
    const search = readFileSync(reports.get('search')!.page, 'utf8');
    expect(search).toContain(readFileSync(join(runs.search, 'genotype.txt'), 'utf8').trim());
    expect(search).toContain('c_{k-2} → 0');
    const bias = readFileSync(reports.get('bias')!.page, 'utf8');
    expect(bias).toMatch(/pool-lover: τ = -?\d\.\d{3} \[/);
    expect(bias).toMatch(/<td>pool-lover<\/td>.*<td>avg_pool_3x3 \(/s);
    expect(readFileSync(reports.get('pareto')!.page, 'utf8')).toMatch(/nas pareto over table:/);
  });

  it('nas report prints the page path, takes --out, and refuses a directory that is not a run in one line', async () => {
    const out = join(root, 'elsewhere');
    const r = await cli('report', runs.retrain, '--out', out);
    expect(r.code).toBe(0);
    expect(r.out).toEqual([join(out, 'index.html')]);
    expect(r.err.join('\n')).toMatch(/^retrain run: 1 figure\(s\) \(curves\)/);
    expect(existsSync(join(out, 'curves.png'))).toBe(true);

    const empty = join(root, 'empty');
    mkdirSync(empty);
    const bad = await cli('report', empty);
    expect(bad.code).toBe(2);
    expect(bad.err).toEqual([
      `nas: ${empty} is not a run directory: it has no log.jsonl (search, retrain), history.jsonl (evolve, random, local, pareto) or bias.json (bias)`,
    ]);
    expect((await cli('report', join(root, 'missing'))).err).toEqual([`nas: ${join(root, 'missing')}: no such directory`]);

    const noConfig = join(root, 'no-config');
    mkdirSync(noConfig);
    writeFileSync(join(noConfig, 'log.jsonl'), readFileSync(join(runs.search, 'log.jsonl')));
    await expectNasError(() => writeReport(noConfig), 'log.jsonl but no config.json');
  });

  const browser = existsSync(CHROMIUM);
  if (!browser) console.warn(`html-report: skipping the browser check: ${CHROMIUM} is absent (apt-get install chromium)`);
  it.skipIf(!browser)(
    `every page opens in headless Chromium without console errors, every <svg> with a non-empty box${browser ? '' : ` (SKIPPED: ${CHROMIUM} is absent)`}`,
    async () => {
      const { chromium } = await import('playwright-core');
      const instance = await chromium.launch({ executablePath: CHROMIUM });
      try {
        const page = await instance.newPage();
        const errors: string[] = [];
        page.on('console', (m) => {
          if (m.type() === 'error') errors.push(m.text());
        });
        page.on('pageerror', (e) => errors.push(e.message));
        page.on('request', (r) => {
          if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) errors.push(`request to ${r.url()}`);
        });
        for (const [run, report] of reports) {
          await page.goto(`file://${report.page}`);
          const svgs = page.locator('svg');
          const n = await svgs.count();
          expect(n, run).toBeGreaterThan(0);
          for (let i = 0; i < n; i++) {
            const box = await svgs.nth(i).boundingBox();
            expect(box?.width ?? 0, `${run} svg ${i}`).toBeGreaterThan(0);
            expect(box?.height ?? 0, `${run} svg ${i}`).toBeGreaterThan(0);
          }
        }
        expect(errors).toEqual([]);
      } finally {
        await instance.close();
      }
    },
  );
});
