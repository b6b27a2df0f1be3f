// Codegen benchmark: what a request costs through the handler `shallot codegen`
// generates, next to a hand-written flat function (the limit), koa-compose and
// shallot's runtime composer, in one process; and how long codegen itself takes
// (a cold run over a 100-chain project, and a --watch rebuild of one file).
//
//   npm run bench:codegen                 full run
//   node bench/codegen.bench.mjs --quick  smoke run (CI)
//   --n=1,10,50      the chain lengths (default 1,10,50); bench/dispatch.bench.mjs
//                    imports the generated chains from bench/.gen/out/chains.gen.js
//   --json=FILE      also write the numbers to FILE (for bench/all.mjs)
//   --help           print this header
//
// Every layer does work codegen cannot delete (bench/work.mjs: a counter before
// and after next(), a header set after), in two chains per length: N distinct
// layers (async<N>, sync<N>), and one layer used N times (reused<N>,
// reusedSync<N>), each against hand-written straight-line code doing the same
// work. The chains are written to bench/.gen/, generated with the codegen API,
// compiled by tsc, and imported. Ratios are printed against the flat functions
// (bar: generated <= 1.3x flat at N=10 and N=50, async and sync, distinct and
// reused) and against koa-compose (bar: at N=10, generated >= 10x faster).

import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { flags } from './flags.mjs';

const args = flags(import.meta.url, ['quick', 'n', 'json']);
const QUICK = args.has('quick') || process.env.BENCH_QUICK === '1';
const root = fileURLToPath(new URL('../', import.meta.url));
const dir = path.join(root, 'bench/.gen');
const option = (name) => (typeof args.get(name) === 'string' ? args.get(name) : undefined);
const NS = (option('n') ?? '1,10,50').split(',').map(Number);
if (NS.some((n) => !Number.isInteger(n) || n < 1)) throw new Error(`codegen.bench: --n must be a list of positive integers, got ${option('n')}`);
const JSON_OUT = option('json');

if (typeof globalThis.gc !== 'function') {
  setFlagsFromString('--expose-gc');
  globalThis.gc = runInNewContext('gc');
}

// ---- the chains, generated ----------------------------------------------------
fs.rmSync(dir, { recursive: true, force: true });
fs.mkdirSync(dir, { recursive: true });
fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({
  compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2023', 'dom'], types: [], strict: true, skipLibCheck: true, outDir: 'out', rootDir: '.' },
  include: ['*.ts'],
}, null, 2));
const { expectedCount, flatSource, key, sources, typedLayer } = await import('./work.mjs');
/** N distinct layers (`distinct`), or one layer used N times, closed by the handler. */
const chainSource = (id, n, sync, distinct = true) => {
  if (!distinct) return `export const ${id} = chain<Req>({ guards: false })${`.use(${sync ? 'tickSync' : 'tick'})`.repeat(n)}.handle(() => RESPONSE);`;
  const names = Array.from({ length: n }, (_, i) => `${id}m${i}`);
  return [...names.map((m, i) => typedLayer(m, i, sync)), `export const ${id} = chain<Req>({ guards: false })${names.map((m) => `.use(${m})`).join('')}.handle(() => RESPONSE);`].join('\n');
};
fs.writeFileSync(
  path.join(dir, 'response.ts'),
  'export interface Req {\n  path: string;\n  count: number;\n}\nexport interface Res {\n  status: number;\n  headers: Map<string, number>;\n}\nexport const RESPONSE: Res = { status: 200, headers: new Map() };\n',
);
// The hand-written flat functions live in a module like the chains', reading the
// imported RESPONSE as the generated handlers do: an imported binding costs a load
// and a hole check that a closure over a local const does not (about 0.7 ns, which
// is most of a sync request), so a baseline in this script would flatter itself.
const keys = (n) => Array.from({ length: n }, (_, i) => key(i));
fs.writeFileSync(
  path.join(dir, 'flat.ts'),
  [
    "import { RESPONSE, type Req, type Res } from './response.js';",
    'const handler = (_req: Req): Res => RESPONSE;',
    '// What a person would write instead of a chain: the same work, straight-line.',
    ...NS.flatMap((n) => [
      flatSource(`flat${n}`, keys(n), false),
      flatSource(`flatSync${n}`, keys(n), true),
      flatSource(`flatReused${n}`, Array(n).fill(key('tick')), false),
      flatSource(`flatReusedSync${n}`, Array(n).fill(key('tick')), true),
    ]),
    '',
  ].join('\n'),
);
fs.writeFileSync(
  path.join(dir, 'chains.ts'),
  [
    "import { chain, middleware, type Next, type NextSync } from 'shallot';",
    "import { RESPONSE, type Req, type Res } from './response.js';",
    typedLayer('tick', 'tick', false),
    typedLayer('tickSync', 'tick', true),
    ...NS.map((n) => chainSource(`async${n}`, n, false)),
    ...NS.map((n) => chainSource(`sync${n}`, n, true)),
    ...NS.map((n) => chainSource(`reused${n}`, n, false, false)),
    ...NS.map((n) => chainSource(`reusedSync${n}`, n, true, false)),
  ].join('\n'),
);

const { loadProject } = await import(pathToFileURL(path.join(root, 'dist/codegen/inspect/index.js')).href);
const { run: runCodegen } = await import(pathToFileURL(path.join(root, 'dist/codegen/run.js')).href);
const { writeModule } = await import(pathToFileURL(path.join(root, 'dist/codegen/write.js')).href);
const result = runCodegen(loadProject(path.join(dir, 'tsconfig.json')), { inline: true });
if (result.diagnostics.length > 0) throw new Error(`codegen reported: ${JSON.stringify(result.diagnostics)}`);
for (const output of result.outputs) writeModule(output);
execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', dir], { stdio: 'inherit' });
const generated = await import(pathToFileURL(path.join(dir, 'out/chains.gen.js')).href);
const { RESPONSE } = await import(pathToFileURL(path.join(dir, 'out/response.js')).href);
const handWritten = await import(pathToFileURL(path.join(dir, 'out/flat.js')).href);
const { chain, middleware } = await import(pathToFileURL(path.join(root, 'dist/src/index.js')).href);
const { default: koaCompose } = await import('koa-compose');
const { measure } = await import('mitata');

// ---- the cases -----------------------------------------------------------------
const fns = (source, n) => Array.from({ length: n }, (_, i) => new Function(`return ${source(i)}`)());
const fromModule = (module, name) => () => {
  const fn = module[name];
  return () => fn({ path: '/', count: 0 });
};
const cases = {
  flat: (n) => fromModule(handWritten, `flat${n}`)(),
  generated: (n) => fromModule(generated, `async${n}`)(),
  flatReused: (n) => fromModule(handWritten, `flatReused${n}`)(),
  generatedReused: (n) => fromModule(generated, `reused${n}`)(),
  runtime: (n) => {
    let c = chain({ guards: false });
    for (const [i, fn] of fns(sources.shallot, n).entries()) c = c.use(middleware(`m${i}`, fn));
    const app = c.handle(() => RESPONSE);
    return () => app({ path: '/', count: 0 });
  },
  koa: (n) => {
    const fn = koaCompose([...fns(sources.koa, n), (ctx) => { ctx.body = RESPONSE; }]);
    return () => {
      const ctx = { path: '/', count: 0, body: undefined };
      return fn(ctx).then(() => ctx.body);
    };
  },
  flatSync: (n) => fromModule(handWritten, `flatSync${n}`)(),
  generatedSync: (n) => fromModule(generated, `sync${n}`)(),
  flatReusedSync: (n) => fromModule(handWritten, `flatReusedSync${n}`)(),
  generatedReusedSync: (n) => fromModule(generated, `reusedSync${n}`)(),
};
const isSyncCase = (key) => key.endsWith('Sync');

const options = QUICK ? { min_cpu_time: 25e6, warmup_threshold: 15e6 } : { min_cpu_time: 500e6 };
const ns = {};
for (const n of NS) {
  for (const [key, make] of Object.entries(cases)) {
    const one = make(n);
    const isAsync = !isSyncCase(key);
    const check = await one();
    if (check !== RESPONSE) throw new Error(`${key} at N=${n} did not return the response`);
    // A sync request costs a few ns, under the timer's resolution: time 1,000 per
    // iteration and divide; keep the result observable so V8 cannot drop the call.
    // Each case gets a measuring loop compiled for it alone: one loop shared by
    // the cases shares its V8 feedback too, so the first case measured gets its
    // call inlined and the later ones do not (that made generated sync look 5x
    // slower than flat sync, when both compile to the same machine code).
    const box = { sink: undefined };
    const loop = isAsync
      ? one
      : new Function('one', 'box', 'return () => { for (let i = 0; i < 1000; i++) box.sink = one(); };')(one, box);
    const stats = await measure(loop, options);
    if (!isAsync && box.sink !== RESPONSE) throw new Error(`${key} lost its response`);
    ns[`${key}@${n}`] = isAsync ? stats.avg : stats.avg / 1000;
  }
}
// The work was done: every layer counted twice and set its header (checked once, outside the timed loops).
for (const n of NS) {
  for (const name of [`async${n}`, `reused${n}`, `sync${n}`, `reusedSync${n}`, `flat${n}`, `flatSync${n}`]) {
    const req = { path: '/', count: 0 };
    const module = name.startsWith('flat') ? handWritten : generated;
    await module[name](req);
    if (req.count !== expectedCount(n)) throw new Error(`${name}: count ${req.count}, expected ${expectedCount(n)}`);
  }
}

const pad = (s, w) => String(s).padStart(w);
console.log(`\nns per request (mitata avg${QUICK ? ', --quick: rough' : ''}), Node ${process.version}`);
console.log(`${'case'.padEnd(16)}${NS.map((n) => pad(`N=${n}`, 10)).join('')}`);
for (const key of Object.keys(cases)) console.log(`${key.padEnd(16)}${NS.map((n) => pad(ns[`${key}@${n}`].toFixed(1), 10)).join('')}`);
console.log('\nratios');
const ratio = (a, b, n) => ns[`${a}@${n}`] / ns[`${b}@${n}`];
for (const n of NS) {
  console.log(
    `N=${pad(n, 2)}: generated/flat ${ratio('generated', 'flat', n).toFixed(2)}x, reused ${ratio('generatedReused', 'flatReused', n).toFixed(2)}x, sync ${ratio('generatedSync', 'flatSync', n).toFixed(2)}x, reused sync ${ratio('generatedReusedSync', 'flatReusedSync', n).toFixed(2)}x; koa/generated ${ratio('koa', 'generated', n).toFixed(1)}x, runtime/generated ${ratio('runtime', 'generated', n).toFixed(1)}x`,
  );
}
// The bars (see the header), for the lengths that were run; printed, not enforced: timings move with the machine.
const flatBars = (n) => [
  [n, 'generated <= 1.3x flat', () => ratio('generated', 'flat', n) <= 1.3],
  [n, 'reused <= 1.3x flat', () => ratio('generatedReused', 'flatReused', n) <= 1.3],
  [n, 'generated sync <= 1.3x flat sync', () => ratio('generatedSync', 'flatSync', n) <= 1.3],
  [n, 'reused sync <= 1.3x flat sync', () => ratio('generatedReusedSync', 'flatReusedSync', n) <= 1.3],
];
const bars = [...flatBars(10), ...flatBars(50), [10, 'koa >= 10x generated', () => ratio('koa', 'generated', 10) >= 10]].filter(([n]) => NS.includes(n));
if (bars.length) console.log(`bars: ${bars.map(([n, name, met]) => `N=${n} ${name} ${met() ? 'met' : 'MISSED'}`).join('; ')}`);
// What bounds the koa bar: hand-written code doing the layers' work is the fastest any handler can be.
if (NS.includes(10)) console.log(`the limit of the koa bar: koa/flat at N=10 is ${ratio('koa', 'flat', 10).toFixed(1)}x (no handler beats hand-written code)`);

// ---- codegen's own speed ----------------------------------------------------------
const big = path.join(root, 'bench/.gen-100');
fs.rmSync(big, { recursive: true, force: true });
fs.mkdirSync(big, { recursive: true });
fs.copyFileSync(path.join(dir, 'tsconfig.json'), path.join(big, 'tsconfig.json'));
fs.copyFileSync(path.join(dir, 'response.ts'), path.join(big, 'response.ts'));
for (let m = 0; m < 20; m++) {
  fs.writeFileSync(
    path.join(big, `routes${m}.ts`),
    ["import { chain, middleware, type Next } from 'shallot';", "import { RESPONSE, type Req, type Res } from './response.js';", ...Array.from({ length: 5 }, (_, c) => chainSource(`r${m}c${c}`, 5, false))].join('\n'),
  );
}
let started = performance.now();
execFileSync(process.execPath, [path.join(root, 'dist/codegen/cli.js'), 'codegen', '-p', path.join(big, 'tsconfig.json')], { stdio: 'pipe' });
const cold = (performance.now() - started) / 1000;
const loaded = loadProject(path.join(big, 'tsconfig.json'));
runCodegen(loaded, { inline: true });
const file = loaded.project.getSourceFileOrThrow(path.join(big, 'routes7.ts'));
fs.appendFileSync(file.getFilePath(), '\n// touched\n');
started = performance.now();
file.refreshFromFileSystemSync();
const rebuilt = runCodegen(loaded, { inline: true }, new Set([file.getFilePath()]));
for (const output of rebuilt.outputs) writeModule(output);
const rebuild = (performance.now() - started) / 1000;
console.log(`\ncodegen: 100 chains in 20 modules, cold CLI run ${cold.toFixed(2)} s (bar 10 s); rebuild after one file changed ${rebuild.toFixed(2)} s (bar 1 s)`);
fs.rmSync(big, { recursive: true, force: true });
if (JSON_OUT) fs.writeFileSync(JSON_OUT, JSON.stringify({ bench: 'codegen', quick: QUICK, node: process.version, ns, codegen: { coldSeconds: cold, rebuildSeconds: rebuild } }, null, 2));
