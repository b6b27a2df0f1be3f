/**
 * The benchmark page's machinery (bench/report/), on made-up numbers: the
 * summary of repeated runs, the NOISY flag, the charts, and a page that shows
 * what the numbers say (ratios, failures) and nothing they do not.
 */
import { describe, expect, it } from 'vitest';

// The report modules are plain .mjs scripts; a computed specifier keeps tsc from
// asking for their declarations.
const load = (file: string) => import(new URL(`../../bench/report/${file}`, import.meta.url).href);
const { median, summarize, slope, NOISY_SPREAD } = await load('stats.mjs');
const { lineChart } = await load('line-chart.mjs');
const { barChart } = await load('bar-chart.mjs');
const { renderCharts } = await load('charts.mjs');
const { renderPage } = await load('page.mjs');
const { aggregateDispatch, aggregateTypes, aggregateHttp, aggregateCodegen } = await load('aggregate.mjs');

describe('stats', () => {
  it('takes the median of odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(/no values/);
  });

  it('spreads as (max - min) / median and flags over 15%', () => {
    const quiet = summarize([100, 105, 110]);
    expect(quiet).toMatchObject({ median: 105, min: 100, max: 110, noisy: false });
    expect(quiet.spread).toBeCloseTo(10 / 105);
    const noisy = summarize([100, 120, 80]);
    expect(noisy.spread).toBeCloseTo(0.4);
    expect(noisy.noisy).toBe(true);
    expect(NOISY_SPREAD).toBe(0.15);
    expect(summarize([42])).toMatchObject({ spread: 0, noisy: false });
    expect(() => summarize([1, Number.NaN])).toThrow(/finite/);
  });

  it('fits the cost of one more layer', () => {
    expect(slope([1, 5, 10], [12, 52, 102])).toBeCloseTo(10);
  });
});

// Two runs of each benchmark's --json output, in their own shapes.
const dispatchRun = (scale: number) => ({
  stat: 'avg',
  quick: false,
  timeMs: 642,
  results: [1, 10].flatMap((n) => [
    { key: 'flat', label: 'flat (hand-written)', sync: false, n, ns: 100 },
    { key: 'koa', label: 'koa-compose', sync: false, n, ns: (300 + 100 * n) * scale },
    { key: 'flat-sync', label: 'flat (hand-written)', sync: true, n, ns: 2 },
    { key: 'off-sync', label: 'shallot runtime, guards off', sync: true, n, ns: 10 * n },
  ]),
});
const typesRun = (check: number) => ({
  rows: [10, 100].flatMap((n) =>
    ['TS 6', 'TS 7'].flatMap((compiler) => [
      { builder: 'shallot', n, compiler, instantiations: 300 * n, check, memory: 100_000, errors: {} },
      { builder: 'trpc', n, compiler, instantiations: 700 * n * n, check, memory: 120_000, errors: n >= 100 ? { TS2589: 9, TS2345: 4 } : {} },
    ]),
  ),
});
const results = {
  meta: {
    date: '2030-01-01T00:00:00Z',
    smoke: false,
    repeats: 2,
    seconds: 600,
    loadStart: 1,
    loadEnd: 2,
    command: 'node bench/all.mjs',
    exits: [],
    machine: { cpu: 'Test CPU <9000>', cores: 2, memoryGiB: 8, os: 'TestOS', node: 'v20', shallot: '0.1.0', commit: 'abc1234', packages: [{ name: 'hono', label: 'Hono', version: '4.0.0' }] },
  },
  dispatch: aggregateDispatch([dispatchRun(1), dispatchRun(1.5)]),
  types: aggregateTypes([typesRun(1), typesRun(1.02)]),
  codegen: aggregateCodegen([{ codegen: { coldSeconds: 5, rebuildSeconds: 0.4 } }, { codegen: { coldSeconds: 5.2, rebuildSeconds: 0.41 } }]),
  http: aggregateHttp({
    connections: 50,
    duration: 5,
    rounds: 2,
    samples: {
      raw: [{ rps: 40_000, errors: 0, non2xx: 0, p99: 5 }, { rps: 42_000, errors: 0, non2xx: 0, p99: 5 }],
      shallot: [{ rps: 30_000, errors: 0, non2xx: 0, p99: 6 }, { rps: 31_000, errors: 0, non2xx: 0, p99: 6 }],
      hono: [{ rps: 20_000, errors: 0, non2xx: 0, p99: 8 }, { rps: 21_000, errors: 0, non2xx: 0, p99: 8 }],
    },
  }),
};

describe('aggregate', () => {
  it('summarizes each measurement over the runs', () => {
    const koa10 = results.dispatch.cases.find((c: { key: string; n: number }) => c.key === 'koa' && c.n === 10);
    expect(koa10.samples).toEqual([1300, 1950]);
    expect(koa10.median).toBe(1625);
    expect(koa10.noisy).toBe(true);
    const trpc100 = results.types.rows.find((r: { builder: string; n: number; compiler: string }) => r.builder === 'trpc' && r.n === 100 && r.compiler === 'TS 6');
    expect(trpc100.errors).toEqual({ TS2589: 9, TS2345: 4 });
    expect(trpc100.check.noisy).toBe(false);
  });

  it('names the benchmark whose data is missing', () => {
    expect(() => aggregateDispatch([{}])).toThrow(/dispatch benchmark's JSON has no results/);
    expect(() => aggregateDispatch([dispatchRun(1), { ...dispatchRun(1), results: dispatchRun(1).results.slice(1) }])).toThrow(/lacks flat at N=1/);
    expect(() => aggregateHttp({ samples: {} })).toThrow(/http benchmark/);
    expect(() => aggregateTypes([])).toThrow(/types benchmark/);
  });
});

describe('charts', () => {
  it('draws lines, failed points as crosses, and escapes text', () => {
    const svg = lineChart({
      title: 'a < b & c',
      xLabel: 'N',
      yLabel: 'ns',
      series: [{ name: 'one', points: [{ x: 1, y: 10 }, { x: 5, y: 50, failed: true }] }],
    });
    expect(svg).toMatch(/^<svg [^>]*viewBox="0 0 760 420"/);
    expect(svg).toContain('a &lt; b &amp; c');
    expect(svg.match(/<circle /g)).toHaveLength(1);
    expect(svg).toContain('type errors (e.g. TS2589)');
    expect(svg.trimEnd().endsWith('</svg>')).toBe(true);
    expect(() => lineChart({ title: 't', xLabel: '', yLabel: '', series: [] })).toThrow(/no points/);
  });

  it('draws one bar per entry with its whisker', () => {
    const svg = barChart({ title: 't', unit: 'req/s', bars: [{ label: 'a', value: 10, min: 9, max: 11 }, { label: 'b', value: 20 }] });
    expect(svg.match(/<rect x=/g)).toHaveLength(2);
    expect(svg.match(/<path d="M/g)).toHaveLength(1);
  });

  it('makes every chart the page links to', () => {
    const charts = renderCharts(results);
    expect(Object.keys(charts).sort()).toEqual(['dispatch-async.svg', 'dispatch-sync.svg', 'http.svg', 'types-check-time.svg', 'types-instantiations.svg']);
    const page = renderPage(results, charts);
    for (const file of Object.keys(charts)) expect(page).toContain(`benchmarks/${file}`);
  });
});

describe('page', () => {
  const page: string = renderPage(results, renderCharts(results));

  it('says where, when and how it was measured', () => {
    expect(page).toContain('Test CPU <9000>, 2 cores');
    expect(page).toContain('2030-01-01T00:00:00Z');
    expect(page).toContain('| Hono (`hono`) | 4.0.0 |');
    expect(page).toContain('ran 2 times');
    expect(page).not.toContain('SMOKE RUN');
  });

  it('shows median, ratio to the limit and spread, and flags the noisy ones', () => {
    // koa: N=1 runs 400 and 600, N=10 runs 1300 and 1950; flat 100; one more layer (1625 - 500) / 9 ns.
    expect(page).toContain('| koa-compose | 500 · 5.00x · **NOISY 40%** | 1,625 · 16.3x · **NOISY 40%** | 125 |');
    expect(page).toContain('| flat (hand-written) | 100 · 1.00x · 0.0% | 100 · 1.00x · 0.0% | 0.00 |');
    expect(page).toMatch(/\d+ of \d+ measurements on this page are NOISY/);
  });

  it('marks where a builder fails to type-check', () => {
    expect(page).toContain('trpc: fails with TS2589 from 100 layers (TS 6, TS 7)');
    expect(page).toContain('shallot: type-checks at every length up to 100 (TS 6, TS 7)');
    expect(page).toMatch(/\| trpc \| 100 \| 7,000,000 \|.*\| TS2589 ×9, TS2345 ×4 \|/);
  });

  it('gives HTTP as ratios to raw node:http and Hono', () => {
    expect(page).toContain('| shallot, guards off | 30,500 | 3.3% | 0.74x | 1.49x | 6 ms | 0, 0 |');
  });

  it('says a smoke run means nothing', () => {
    const smoke = renderPage({ ...results, meta: { ...results.meta, smoke: true, repeats: 1 } }, {});
    expect(smoke).toContain('SMOKE RUN');
    expect(smoke).toContain('ran once');
  });
});
