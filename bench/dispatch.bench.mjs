// Runtime dispatch benchmark: what one request costs going through N trivial
// async layers, for shallot (guards off and on) next to koa-compose, Hono's
// compose and a hand-written flat async function (the limit).
//
//   npm run bench                       full run (mitata defaults, ~15 s)
//   node bench/dispatch.bench.mjs [flags]
//
// Flags (each has an environment variable twin, for CI):
//   --quick          smoke run of a few seconds: each case warmed for 15 ms and
//                    measured for ~25 ms through mitata's measure() instead of
//                    run(); mitata's own report is skipped. The numbers are
//                    rough: judge the targets on a full run.  BENCH_QUICK=1
//   --n=1,10,50      the chain lengths to measure.            BENCH_N=1,10,50
//   --style=await    how a shallot layer calls next:          BENCH_STYLE=await
//                      await:  async (req, next) => { const res = await next(); return res; }
//                      return: async (req, next) => next()
//   --stat=avg       which of mitata's per-request statistics the table and the
//                    ratios use: avg (mitata's headline and its summary's), p50
//                    (steadier on a busy machine) or min.     BENCH_STAT=avg
//   --check          exit 1 when a target is missed: guards off <= 1.00x
//                    koa-compose, guards on <= 1.30x koa-compose, at every N.
//                                                             BENCH_CHECK=1
//   --help           print this header.
//
// What is measured, per request (one mitata iteration = one request, awaited):
//   flat          one async function doing what the N pass-through layers do,
//                 i.e. nothing, then the handler: the limit for any composer.
//   shallot       chain({ guards: false|true }).use(m0)...use(mN-1).handle(h);
//                 app(req) resolves to the response.
//   koa-compose   compose([l0..lN-1, handler]); the handler sets ctx.body, as
//                 a Koa route would; Koa itself calls fnMiddleware(ctx).
//   hono compose  hono/dist/compose.js, called as Hono's #dispatch calls it:
//                 entries shaped as the router's matchResult ([[fn, route],
//                 params]), app.errorHandler and notFound passed, a Context-like
//                 object (req for routeIndex, finalized, a res setter that sets
//                 finalized), the handler last, returning the response, which
//                 compose stores on c.res; then the finalized check and c.res.
//                 Hono composes per request in #dispatch; here it is composed
//                 once, to compare the kernels alone (that is one closure).
// Every case allocates its request/context object per request, builds nothing
// else per request that its library does not, and ends with the same
// pre-allocated Response, so response allocation is not measured. Each layer
// is its own function, compiled from source (new Function): as in a real app,
// where every middleware differs, the composer's call into the layers sees N
// different functions, and no two implementations share a function whose V8
// feedback could make the other's call sites polymorphic.
//
// The table at the end is computed from the stats mitata returns (--stat).

import { existsSync, readdirSync, statSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

// ---- options ---------------------------------------------------------------

const argv = process.argv.slice(2);
const flag = (name, env) => {
  const hit = argv.find((a) => a === `--${name}` || a.startsWith(`--${name}=`));
  if (hit !== undefined) return hit.includes('=') ? hit.slice(hit.indexOf('=') + 1) : '1';
  return process.env[env];
};
const truthy = (v) => v !== undefined && v !== '' && v !== '0' && v !== 'false';

if (argv.includes('--help') || argv.includes('-h')) {
  const { readFileSync } = await import('node:fs');
  const src = readFileSync(fileURLToPath(import.meta.url), 'utf8');
  console.log(src.slice(0, src.indexOf('\nimport ')).replace(/^\/\/ ?/gm, ''));
  process.exit(0);
}
const known = ['--quick', '--n', '--style', '--stat', '--check', '--help', '-h'];
const unknown = argv.filter((a) => !known.includes(a.split('=')[0]));
if (unknown.length) {
  console.error(`dispatch.bench: unknown argument(s) ${unknown.join(' ')}; see --help`);
  process.exit(2);
}

const QUICK = truthy(flag('quick', 'BENCH_QUICK'));
const CHECK = truthy(flag('check', 'BENCH_CHECK'));
const STYLE = flag('style', 'BENCH_STYLE') ?? 'await';
const STAT = flag('stat', 'BENCH_STAT') ?? 'avg';
const NS = (flag('n', 'BENCH_N') ?? '1,10,50').split(',').map(Number);
if (!['await', 'return'].includes(STYLE)) {
  console.error(`dispatch.bench: --style must be await or return, got ${STYLE}`);
  process.exit(2);
}
if (!['avg', 'p50', 'min'].includes(STAT)) {
  console.error(`dispatch.bench: --stat must be avg, p50 or min, got ${STAT}`);
  process.exit(2);
}
if (NS.some((n) => !Number.isInteger(n) || n < 1)) {
  console.error(`dispatch.bench: --n must be a list of positive integers, got ${flag('n', 'BENCH_N')}`);
  process.exit(2);
}

const TARGET_OFF = 1.0;
const TARGET_ON = 1.3;

// ---- the package under test --------------------------------------------------

const root = new URL('../', import.meta.url);
const entry = new URL('dist/src/index.js', root);
if (!existsSync(entry)) {
  console.error(`dispatch.bench: ${fileURLToPath(entry)} is missing: run \`npm run build\` first (or \`npm run build && npm run bench\`).`);
  process.exit(1);
}
{
  // A stale build measures old code: say so (not fatal).
  const built = statSync(entry).mtimeMs;
  const srcDir = new URL('src/', root);
  const newer = readdirSync(srcDir).filter((f) => f.endsWith('.ts') && statSync(new URL(f, srcDir)).mtimeMs > built);
  if (newer.length) console.warn(`dispatch.bench: warning: src/${newer.join(', src/')} newer than dist: run \`npm run build\` to measure the current code.`);
}

// mitata calls gc() between benchmarks when it can; without --expose-gc it falls
// back to allocating 1 GiB. Expose it before mitata is imported (it looks once).
if (typeof globalThis.gc !== 'function') {
  setFlagsFromString('--expose-gc');
  globalThis.gc = runInNewContext('gc');
}

const { chain, middleware } = await import(entry.href);
const { run, bench, group, summary, measure } = await import('mitata');
const { default: koaCompose } = await import('koa-compose');
// hono's package.json exports only '.', './<middleware>', ...: compose is not
// exported, so import the file itself (ESM build, same code Hono runs).
const { compose: honoCompose } = await import(new URL('node_modules/hono/dist/compose.js', root).href);

// ---- the cases -----------------------------------------------------------------

const RESPONSE = new Response('ok');

/** `n` layer functions compiled from `source`, each its own function. */
const layerFns = (source, n) => Array.from({ length: n }, () => new Function(`return ${source}`)());

const SHALLOT_LAYER =
  STYLE === 'await' ? 'async (req, next) => { const res = await next(); return res; }' : 'async (req, next) => next()';
const KOA_LAYER = 'async (ctx, next) => { await next(); }';
const HONO_LAYER = 'async (c, next) => { await next(); }';

/** Each implementation's builder; `make(n)` returns `() => Promise<Response>` (one request). */

/** shallot's runtime, guards on or off: the two cases differ only in that option. */
function shallotCase(key, guards) {
  return {
    key,
    label: `shallot guards ${key}`,
    make(n) {
      const layers = layerFns(SHALLOT_LAYER, n).map((fn, i) => middleware(`m${i}`, fn));
      let c = chain({ guards });
      for (const layer of layers) c = c.use(layer);
      const app = c.handle(() => RESPONSE);
      expect(app.description.guards === guards && app.description.layers.length === n, `shallot guards-${key} chain`);
      return () => app({ path: '/' });
    },
  };
}

const IMPLS = [
  {
    key: 'flat',
    label: 'flat async fn',
    // N pass-through layers do nothing but hand the request on: written flat, that
    // is the handler called from one async function, whatever N is.
    make() {
      const handler = () => RESPONSE;
      const flat = async (req) => handler(req);
      return () => flat({ path: '/' });
    },
  },
  shallotCase('off', false),
  shallotCase('on', true),
  {
    key: 'koa',
    label: 'koa-compose',
    make(n) {
      const layers = layerFns(KOA_LAYER, n);
      const fn = koaCompose([
        ...layers,
        (ctx) => {
          ctx.body = RESPONSE;
        },
      ]);
      // Koa's handleRequest: fnMiddleware(ctx).then(handleResponse).
      return () => {
        const ctx = { path: '/', body: undefined };
        return fn(ctx).then(() => ctx.body);
      };
    },
  },
  {
    key: 'hono',
    label: 'hono compose',
    make(n) {
      // What Hono's Context does that compose relies on: `req` (compose writes
      // req.routeIndex; Context makes its HonoRequest on first access, i.e. per
      // request), `finalized`, `error`, and a `res` setter that sets finalized.
      class Context {
        req = { path: '/', routeIndex: 0 };
        finalized = false;
        error = undefined;
        #res = undefined;
        get res() {
          return this.#res;
        }
        set res(res) {
          this.#res = res;
          this.finalized = true;
        }
      }
      const errorHandler = (err) => {
        throw err;
      };
      const notFoundHandler = () => new Response('404', { status: 404 });
      const route = { basePath: '/', path: '/*', method: 'ALL' };
      const fns = [...layerFns(HONO_LAYER, n), (c) => RESPONSE];
      const matched = fns.map((fn) => [[fn, route], {}]); // router matchResult[0]
      const composed = honoCompose(matched, errorHandler, notFoundHandler);
      // Hono's #dispatch: (async () => { const context = await composed(c); ... return context.res; })()
      return async () => {
        const context = await composed(new Context());
        if (!context.finalized) throw new Error('Context is not finalized');
        return context.res;
      };
    },
  },
];

function expect(ok, what) {
  if (!ok) throw new Error(`dispatch.bench: ${what}: unexpected setup`);
}

// Build every case and check it answers with RESPONSE before measuring anything.
const cases = [];
for (const n of NS) {
  for (const impl of IMPLS) {
    const request = impl.make(n);
    const res = await request();
    if (res !== RESPONSE) throw new Error(`dispatch.bench: ${impl.label} (N=${n}) did not produce the response, got ${String(res)}`);
    cases.push({ n, impl, request, name: `${impl.label} · N=${n}` });
  }
}

// ---- measure -------------------------------------------------------------------

/** mitata's stats (ns per request), by `${impl.key}:${n}` */
const results = new Map();
const t0 = performance.now();

if (QUICK) {
  // mitata's run() has no per-run time budget, so the smoke run drives its
  // measure() (the same measuring loop) with a small one.
  for (const c of cases) {
    // measure() warms up for a couple of calls only: let the JIT settle first.
    for (const end = performance.now() + 15; performance.now() < end; ) for (let i = 0; i < 100; i++) await c.request();
    const stats = await measure(c.request, { min_cpu_time: 25e6, min_samples: 8 });
    results.set(`${c.impl.key}:${c.n}`, stats);
  }
} else {
  const byName = new Map(cases.map((c) => [c.name, c]));
  for (const n of NS) {
    group(`N = ${n} async pass-through layers`, () => {
      summary(() => {
        for (const c of cases.filter((c) => c.n === n)) {
          const b = bench(c.name, c.request);
          if (c.impl.key === 'koa') b.baseline(true);
        }
      });
    });
  }
  const { benchmarks } = await run();
  for (const trial of benchmarks) {
    const c = byName.get(trial.alias);
    const r = trial.runs[0];
    if (!c || !r) continue;
    if (r.error) throw new Error(`dispatch.bench: ${trial.alias} failed: ${r.error?.message ?? r.error}`);
    results.set(`${c.impl.key}:${c.n}`, r.stats);
  }
}

// ---- report --------------------------------------------------------------------

const get = (key, n) => results.get(`${key}:${n}`)?.[STAT];
const col = 12;
const labelWidth = 34;
const row = (label, cells) => label.padEnd(labelWidth) + cells.map((c) => String(c).padStart(col)).join('');
const head = row('', NS.map((n) => `N=${n}`));
const ns = (v) => (v === undefined ? '-' : v < 100 ? v.toFixed(1) : v.toFixed(0));
const x = (v) => (v === undefined || !Number.isFinite(v) ? '-' : `${v.toFixed(2)}x`);

const lines = [];
lines.push('');
lines.push(
  `dispatch: ns/request (mitata ${STAT})${QUICK ? ', QUICK smoke run: rough' : ''}; layers: ${STYLE === 'await' ? 'await next(), return' : 'return next()'}; node ${process.version}`,
);
lines.push(head);
for (const impl of IMPLS) lines.push(row(impl.label, NS.map((n) => ns(get(impl.key, n)))));

lines.push('');
lines.push(row('ratios', NS.map((n) => `N=${n}`)));
const misses = [];
const target = (key, limit) =>
  NS.map((n) => {
    const r = get(key, n) / get('koa', n);
    const ok = r <= limit;
    if (!ok) misses.push(`${key === 'off' ? 'guards off' : 'guards on'} N=${n}: ${r.toFixed(2)}x > ${limit.toFixed(2)}x`);
    return `${x(r)} ${ok ? 'ok' : 'MISS'}`;
  });
lines.push(row(`shallot off / koa  (<= ${TARGET_OFF.toFixed(2)}x)`, target('off', TARGET_OFF)));
lines.push(row(`shallot on  / koa  (<= ${TARGET_ON.toFixed(2)}x)`, target('on', TARGET_ON)));
for (const impl of IMPLS) {
  if (impl.key === 'flat') continue;
  lines.push(row(`${impl.label} / flat`, NS.map((n) => x(get(impl.key, n) / get('flat', n)))));
}
lines.push(row('hono compose / koa', NS.map((n) => x(get('hono', n) / get('koa', n)))));
lines.push('');
lines.push(
  misses.length
    ? `targets missed: ${misses.join('; ')}`
    : `targets met at every N (guards off <= ${TARGET_OFF.toFixed(2)}x, guards on <= ${TARGET_ON.toFixed(2)}x koa-compose)`,
);
lines.push(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
console.log(lines.join('\n'));

if (CHECK && misses.length) process.exitCode = 1;
