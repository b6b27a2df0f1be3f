// Runtime dispatch benchmark: what one request costs going through N layers that
// each do a little work (bench/work.mjs: a counter before and after next(), a
// header set after), async and sync, for shallot (the generated flat handler, and
// the runtime composer with guards off and on) next to koa-compose, Hono's
// compose, middy and hand-written straight-line code doing the same work (the
// limit).
//
//   npm run bench                       full run (~1 min)
//   node bench/dispatch.bench.mjs [flags]
//
// Flags (each has an environment variable twin, for CI):
//   --quick          smoke run of a few seconds: each case warmed for 15 ms and
//                    measured for ~25 ms. The numbers are rough: judge the
//                    targets on a full run.                   BENCH_QUICK=1
//   --time=MS        measuring time per case (default 642, mitata's own; quick 25).
//                                                             BENCH_TIME=642
//   --n=1,5,10,25,50 the chain lengths to measure.            BENCH_N=1,5,10,25,50
//   --stat=avg       which of mitata's per-request statistics the table, the
//                    ratios and --json's `ns` use: avg, p50 (steadier on a busy
//                    machine) or min.                         BENCH_STAT=avg
//   --generated=FILE the module `shallot codegen` generated for the chains
//                    async<N> and sync<N> (bench/codegen.bench.mjs --n=… writes
//                    it; default bench/.gen/out/chains.gen.js, skipped with a
//                    warning when missing unless named).      BENCH_GENERATED=FILE
//   --rotate=K       rotate the order the implementations are measured in by K
//                    (bench/all.mjs rotates it each repeat).  BENCH_ROTATE=0
//   --json=FILE      also write the results to FILE, as data. BENCH_JSON=FILE
//   --check          exit 1 when a target is missed: guards off <= 1.00x
//                    koa-compose, guards on <= 1.30x koa-compose, at every N.
//                                                             BENCH_CHECK=1
//   --help           print this header.
//
// What is measured, per request (one mitata iteration = one request):
//   flat          straight-line code doing what the N layers do, then the
//                 handler: the limit for any composer.
//   generated     the chain `shallot codegen` flattened (its layers inlined);
//                 also one layer used N times (reused<N>, each use its own
//                 inlined copy), divided by hand-written code doing that
//                 layer's work N times (flatReused<N>), not by `flat`.
//   shallot       chain({ guards: false|true }).use(m0)...use(mN-1).handle(h);
//                 app(req) returns (a promise of) the response.
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
//   middy         middy(handler).use({ before, after }) N times, called as
//                 Lambda calls it: handler(event, context). Middy's onion is
//                 two lists, the befores in order and the afters reversed, so a
//                 layer with code before and after next() is a middleware with
//                 both hooks: { before: async (request) => {}, after: async
//                 (request) => {} }, each awaited by middy. Async only.
// Sync chains (flat, generated, shallot runtime) use middleware.sync layers
// doing the same work; the other libraries have no sync onion. A sync request
// stores its response where the loop cannot drop it.
//
// Fairness: every case allocates its request object per request, builds nothing
// else per request that its library does not, and ends with the same
// pre-allocated response, so response allocation is not measured. Each layer is
// its own function, compiled from source (new Function): as in a real app,
// where every middleware differs. Each case's request function is compiled for
// that case alone too (own() below), and mitata compiles a measuring loop per
// case: no two cases share a call site, so none inherits another's V8 feedback
// (a shared one goes polymorphic, and the case measured first gets inlined).
//
// The table at the end is computed from the stats mitata returns (--stat).

import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
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
const fail = (message) => {
  console.error(`dispatch.bench: ${message}`);
  process.exit(2);
};

if (argv.includes('--help') || argv.includes('-h')) {
  const src = readFileSync(fileURLToPath(import.meta.url), 'utf8');
  console.log(src.slice(0, src.indexOf('\nimport ')).replace(/^\/\/ ?/gm, ''));
  process.exit(0);
}
const known = ['--quick', '--time', '--n', '--stat', '--generated', '--rotate', '--json', '--check', '--help', '-h'];
const unknown = argv.filter((a) => !known.includes(a.split('=')[0]));
if (unknown.length) fail(`unknown argument(s) ${unknown.join(' ')}; see --help`);

const QUICK = truthy(flag('quick', 'BENCH_QUICK'));
const CHECK = truthy(flag('check', 'BENCH_CHECK'));
const STAT = flag('stat', 'BENCH_STAT') ?? 'avg';
const TIME_MS = Number(flag('time', 'BENCH_TIME') ?? (QUICK ? 25 : 642));
const ROTATE = Number(flag('rotate', 'BENCH_ROTATE') ?? 0);
const JSON_OUT = flag('json', 'BENCH_JSON');
const GENERATED = flag('generated', 'BENCH_GENERATED');
const NS = (flag('n', 'BENCH_N') ?? '1,5,10,25,50').split(',').map(Number);
if (!['avg', 'p50', 'min'].includes(STAT)) fail(`--stat must be avg, p50 or min, got ${STAT}`);
if (!(TIME_MS > 0)) fail(`--time must be a positive number of milliseconds, got ${flag('time', 'BENCH_TIME')}`);
if (!Number.isInteger(ROTATE) || ROTATE < 0) fail(`--rotate must be a non-negative integer, got ${flag('rotate', 'BENCH_ROTATE')}`);
if (JSON_OUT === '1') fail('--json needs a file: --json=FILE');
if (NS.some((n) => !Number.isInteger(n) || n < 1)) fail(`--n must be a list of positive integers, got ${flag('n', 'BENCH_N')}`);

const TARGET_OFF = 1.0;
const TARGET_ON = 1.3;

// ---- the packages under test ---------------------------------------------------

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

// The generated chains: optional unless named.
const generatedPath = GENERATED ?? fileURLToPath(new URL('bench/.gen/out/chains.gen.js', root));
let generated;
const { expectedCount, key, sources } = await import(new URL('bench/work.mjs', root).href);
/** The response every case ends with: the generated chains' own, when they are measured. */
let RESPONSE = { status: 200, headers: new Map() };
/** `flat<N>`, `flatSync<N>`, compiled beside the generated chains, when they are measured. */
let handWritten;
if (existsSync(generatedPath)) {
  generated = await import(pathToFileURL(generatedPath).href);
  const responseModule = new URL('response.js', pathToFileURL(generatedPath));
  if (!existsSync(responseModule)) fail(`${fileURLToPath(responseModule)} is missing beside ${generatedPath}: the generated chains end with its RESPONSE`);
  ({ RESPONSE } = await import(responseModule.href));
  // The hand-written flat functions bench/codegen.bench.mjs compiles beside the
  // chains: like the generated handlers, they read RESPONSE as an import. A
  // baseline written in this script would close over a local constant, which V8
  // embeds, and flatter itself against the generated code by a few tenths of a ns.
  const flatModule = new URL('flat.js', pathToFileURL(generatedPath));
  if (!existsSync(flatModule)) fail(`${fileURLToPath(flatModule)} is missing beside ${generatedPath}: regenerate it with \`node bench/codegen.bench.mjs --n=${NS.join(',')}\``);
  handWritten = await import(flatModule.href);
  const missing = NS.flatMap((n) => [`async${n}`, `sync${n}`, `reused${n}`, `reusedSync${n}`]).filter((name) => typeof generated[name] !== 'function');
  if (missing.length) {
    fail(`${generatedPath} has no chain ${missing.join(', ')}: regenerate it with \`node bench/codegen.bench.mjs --n=${NS.join(',')}\``);
  }
} else if (GENERATED !== undefined) {
  fail(`--generated: ${generatedPath} is missing: run \`node bench/codegen.bench.mjs --n=${NS.join(',')}\` first`);
} else {
  console.warn(`dispatch.bench: warning: ${generatedPath} is missing, so 'shallot generated' is not measured: run \`node bench/codegen.bench.mjs --n=${NS.join(',')}\` first.`);
}

// mitata calls gc() between benchmarks when it can; without --expose-gc it falls
// back to allocating 1 GiB. Expose it before mitata is imported (it looks once).
if (typeof globalThis.gc !== 'function') {
  setFlagsFromString('--expose-gc');
  globalThis.gc = runInNewContext('gc');
}

const { chain, middleware } = await import(entry.href);
const { measure } = await import('mitata');
const { default: koaCompose } = await import('koa-compose');
const { default: middy } = await import('@middy/core');
// hono's package.json exports only '.', './<middleware>', ...: compose is not
// exported, so import the file itself (ESM build, same code Hono runs).
const { compose: honoCompose } = await import(new URL('node_modules/hono/dist/compose.js', root).href);

// ---- the cases -----------------------------------------------------------------

/** `n` layer functions compiled from `source(i)`, each its own function. */
const layerFns = (source, n) => Array.from({ length: n }, (_, i) => new Function(`return ${source(i)}`)());

/**
 * A function compiled from `body` for one case alone, closing over `scope`: two
 * cases never share a function, so neither shares the other's V8 feedback.
 */
const own = (scope, body) => new Function(...Object.keys(scope), body)(...Object.values(scope));

/** One async request: `app({ path: '/', count: 0 })`, compiled per case. */
const asyncRequest = (app) => own({ app }, "return () => app({ path: '/', count: 0 });");

/**
 * One sync request, compiled per case; its response goes to `box.sink` and its
 * request to `box.req`, where V8 cannot drop them. A request object that never
 * escaped let V8 replace it by registers and delete the layers' work with it (a
 * flat sync baseline of 0.29 ns for 50 layers, which every sync ratio divided
 * by). `box` is checked after measuring: the response, and the count of the
 * last request (every layer's work done).
 */
const syncRequest = (app, box) => own({ app, box }, "return () => { const req = { path: '/', count: 0 }; box.req = req; box.sink = app(req); };");

/** Straight-line code doing N layers' work (as bench/work.mjs's flatSource), for when the hand-written module is not there. */
const flatFallback = (n, sync) =>
  own(
    { RESPONSE, keys: Array.from({ length: n }, (_, i) => key(i)) },
    `const handler = () => RESPONSE; return ${sync ? '' : 'async '}(req) => { req.count += ${n}; const res = handler(req); for (let i = keys.length - 1; i >= 0; i--) { req.count++; res.headers.set(keys[i], req.count); } return res; };`,
  );

/**
 * Each implementation: `make(n, box)` returns one request, `() => Promise<Response>`
 * for async ones, `() => void` (response in box.sink) for sync ones.
 */

/** shallot's runtime, guards on or off, async or sync: the cases differ only there. */
function shallotCase(guards, sync) {
  return {
    key: `${guards ? 'on' : 'off'}${sync ? '-sync' : ''}`,
    label: `shallot runtime, guards ${guards ? 'on' : 'off'}`,
    sync,
    make(n, box) {
      const layers = layerFns(sync ? sources.shallotSync : sources.shallot, n).map((fn, i) =>
        sync ? middleware.sync(`m${i}`, fn) : middleware(`m${i}`, fn),
      );
      let c = chain({ guards });
      for (const layer of layers) c = c.use(layer);
      const app = c.handle(() => RESPONSE);
      expect(app.description.guards === guards && app.description.layers.length === n, `shallot guards-${guards} chain`);
      return sync ? syncRequest(app, box) : asyncRequest(app);
    },
  };
}

/** The chain `shallot codegen` flattened, from the generated module: N distinct layers, or one layer used N times (`reused`). */
function generatedCase(sync, reused = false) {
  const name = reused ? (sync ? 'reusedSync' : 'reused') : sync ? 'sync' : 'async';
  return {
    key: `generated${reused ? '-reused' : ''}${sync ? '-sync' : ''}`,
    label: `shallot generated${reused ? ', one layer used N times' : ''}`,
    sync,
    ...(reused ? { limit: `flat-reused${sync ? '-sync' : ''}` } : {}),
    make(n, box) {
      const app = generated[`${name}${n}`];
      expect(app.description.generated === true && app.description.layers.length === n, `generated chain ${name}${n}`);
      return sync ? syncRequest(app, box) : asyncRequest(app);
    },
  };
}

/**
 * Hand-written code doing what one layer used N times does (its header set N
 * times): the limit the reused generated chain is compared with. Only with the
 * generated module, whose folder holds it.
 */
function flatReusedCase(sync) {
  return {
    key: `flat-reused${sync ? '-sync' : ''}`,
    label: 'flat (hand-written), one layer used N times',
    sync,
    limit: `flat-reused${sync ? '-sync' : ''}`,
    make(n, box) {
      const fn = handWritten[`flatReused${sync ? 'Sync' : ''}${n}`];
      return sync ? syncRequest(fn, box) : asyncRequest(fn);
    },
  };
}

const IMPLS = [
  {
    key: 'flat',
    label: 'flat (hand-written)',
    sync: false,
    // The N layers' work written by hand, straight-line, then the handler.
    make(n) {
      return asyncRequest(handWritten?.[`flat${n}`] ?? flatFallback(n, false));
    },
  },
  ...(generated ? [generatedCase(false)] : []),
  shallotCase(false, false),
  shallotCase(true, false),
  {
    key: 'koa',
    label: 'koa-compose',
    sync: false,
    make(n) {
      const layers = layerFns(sources.koa, n);
      const fn = koaCompose([
        ...layers,
        (ctx) => {
          ctx.body = RESPONSE;
        },
      ]);
      // Koa's handleRequest: fnMiddleware(ctx).then(handleResponse).
      return own({ fn }, "return () => { const ctx = { path: '/', count: 0, body: undefined }; return fn(ctx).then(() => ctx.body); };");
    },
  },
  {
    key: 'hono',
    label: 'Hono compose',
    sync: false,
    make(n) {
      // What Hono's Context does that compose relies on: `req` (compose writes
      // req.routeIndex; Context makes its HonoRequest on first access, i.e. per
      // request), `finalized`, `error`, and a `res` setter that sets finalized.
      class Context {
        req = { path: '/', routeIndex: 0 };
        count = 0;
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
      const fns = [...layerFns(sources.hono, n), (c) => RESPONSE];
      const matched = fns.map((fn) => [[fn, route], {}]); // router matchResult[0]
      const composed = honoCompose(matched, errorHandler, notFoundHandler);
      // Hono's #dispatch: (async () => { const context = await composed(c); ... return context.res; })()
      return own(
        { composed, Context },
        "return async () => { const context = await composed(new Context()); if (!context.finalized) throw new Error('Context is not finalized'); return context.res; };",
      );
    },
  },
  {
    key: 'middy',
    label: 'middy',
    sync: false,
    make(n) {
      const handler = middy(own({ RESPONSE }, 'return async (event, context) => RESPONSE;'));
      for (const layer of layerFns(sources.middy, n)) handler.use(layer);
      // Lambda calls handler(event, context); middy makes its request object from them.
      return own({ handler }, "return () => handler({ path: '/', count: 0 }, {});");
    },
  },
  {
    key: 'flat-sync',
    label: 'flat (hand-written)',
    sync: true,
    make(n, box) {
      return syncRequest(handWritten?.[`flatSync${n}`] ?? flatFallback(n, true), box);
    },
  },
  ...(generated ? [generatedCase(true)] : []),
  shallotCase(false, true),
  shallotCase(true, true),
  ...(generated ? [flatReusedCase(false), generatedCase(false, true), flatReusedCase(true), generatedCase(true, true)] : []),
];

/** The hand-written code a case's ratio divides by: flat code doing the same layers' work. */
function limitOf(impl) {
  return impl.limit ?? (impl.sync ? 'flat-sync' : 'flat');
}

function expect(ok, what) {
  if (!ok) throw new Error(`dispatch.bench: ${what}: unexpected setup`);
}

// The measuring order: rotated by --rotate, so repeats do not always favour the same case.
const order = IMPLS.map((_, i) => IMPLS[(i + ROTATE) % IMPLS.length]);

// Build every case and check it answers with RESPONSE before measuring anything.
const cases = [];
for (const n of NS) {
  for (const impl of order) {
    const box = { sink: undefined };
    const request = impl.make(n, box);
    const res = impl.sync ? (request(), box.sink) : await request();
    if (res !== RESPONSE) throw new Error(`dispatch.bench: ${impl.label} (N=${n}) did not produce the response, got ${String(res)}`);
    cases.push({ n, impl, request, box });
  }
}

// ---- measure -------------------------------------------------------------------

/** mitata's stats (ns per request), by `${impl.key}:${n}` */
const results = new Map();
const t0 = performance.now();

for (const c of cases) {
  if (QUICK) {
    // measure() warms up for a couple of calls only: let the JIT settle first.
    const warm = own({ request: c.request, now: () => performance.now() }, `return async () => { for (const end = now() + 15; now() < end; ) for (let i = 0; i < 100; i++) ${c.impl.sync ? '' : 'await '}request(); };`);
    await warm();
  }
  c.box.sink = undefined;
  const stats = await measure(c.request, { min_cpu_time: TIME_MS * 1e6, ...(QUICK ? { min_samples: 8 } : {}) });
  if (c.impl.sync && c.box.sink !== RESPONSE) throw new Error(`dispatch.bench: ${c.impl.label} sync (N=${c.n}) lost its response`);
  if (c.impl.sync && c.box.req?.count !== expectedCount(c.n)) throw new Error(`dispatch.bench: ${c.impl.label} sync (N=${c.n}) did not do the layers' work: count ${c.box.req?.count}`);
  results.set(`${c.impl.key}:${c.n}`, stats);
}

// ---- report --------------------------------------------------------------------

const get = (key, n) => results.get(`${key}:${n}`)?.[STAT];
const col = 12;
const labelWidth = 36;
const row = (label, cells) => label.padEnd(labelWidth) + cells.map((c) => String(c).padStart(col)).join('');
const ns = (v) => (v === undefined ? '-' : v < 100 ? v.toFixed(1) : v.toFixed(0));
const x = (v) => (v === undefined || !Number.isFinite(v) ? '-' : `${v.toFixed(2)}x`);

const lines = [];
lines.push('');
lines.push(
  `dispatch: ns/request (mitata ${STAT})${QUICK ? ', QUICK smoke run: rough' : ''}; layers: a counter before and after next(), a header set after; node ${process.version}`,
);
for (const sync of [false, true]) {
  const impls = IMPLS.filter((impl) => impl.sync === sync);
  lines.push('');
  lines.push(row(sync ? 'sync chains' : 'async chains', NS.map((n) => `N=${n}`)));
  for (const impl of impls) lines.push(row(impl.label, NS.map((n) => ns(get(impl.key, n)))));
  for (const impl of impls) {
    if (impl.key !== limitOf(impl)) lines.push(row(`${impl.label} / its flat`, NS.map((n) => x(get(impl.key, n) / get(limitOf(impl), n)))));
  }
}

lines.push('');
lines.push(row('targets (async)', NS.map((n) => `N=${n}`)));
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
lines.push(row('Hono compose / koa', NS.map((n) => x(get('hono', n) / get('koa', n)))));
lines.push('');
lines.push(
  misses.length
    ? `targets missed: ${misses.join('; ')}`
    : `targets met at every N (guards off <= ${TARGET_OFF.toFixed(2)}x, guards on <= ${TARGET_ON.toFixed(2)}x koa-compose)`,
);
lines.push(`(${((performance.now() - t0) / 1000).toFixed(1)} s)`);
console.log(lines.join('\n'));

if (JSON_OUT) {
  const rows = cases.map(({ impl, n }) => {
    const s = results.get(`${impl.key}:${n}`);
    return { key: impl.key, label: impl.label, sync: impl.sync, limit: limitOf(impl), n, ns: s[STAT], avg: s.avg, p50: s.p50, min: s.min, samples: s.samples.length };
  });
  writeFileSync(JSON_OUT, JSON.stringify({ bench: 'dispatch', quick: QUICK, stat: STAT, work: 'counter before and after next(), header after', timeMs: TIME_MS, rotate: ROTATE, node: process.version, results: rows }, null, 2));
}

if (CHECK && misses.length) process.exitCode = 1;
