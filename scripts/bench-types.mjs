// npm run bench:types: what shallot's types cost the type checker, and the budgets
// of issue 11, each measured side by side with Hono's and tRPC's builders.
//  1. Long chains (scripts/long-chain.mjs): N layers, each adding a field and
//     needing the one before; the handler reads the last. Instantiations, check time
//     and memory under TS 6 and TS 7 (their own `tsc --extendedDiagnostics`; TS 7
//     with `--singleThreaded`, so that its check time is one checker's, as TS 6's).
//     Budget: 200 layers ≤ 107,000 instantiations, 200 → 500 ≤ 2.7x, and no length
//     up to 500 with a type error (TS2589: "excessively deep").
//  2. Many routes (scripts/routes-peers.mjs): an app of R routes off one 5-layer
//     base, route i adding (i % 3) + 1 layers, written with each builder. The
//     repeats are interleaved (each builder and compiler in turn), and the budget is
//     read off each one's fastest run: on a shared machine, other work only ever
//     adds to a run's time, so the minimum is the steadiest estimate (the median is
//     printed too). Budget, under TS 6 and under TS 7: shallot's check time ≤ 0.8x
//     the faster of Hono's and tRPC's, and shallot's instantiations ≤ Hono's.
//  3. The editor (scripts/completion-bench.mjs): the TypeScript 6 language service
//     completing the handler's request at the end of a chain of C layers. Budget:
//     shallot ≤ 0.5x Hono.
// Flags: --sizes=50,100 (long chains; --sizes= for none); --builders=shallot,trpc,hono
// (long chains; routes always compare all three); --routes=200 (0: skip);
// --completion=300 (0: skip); --completion-builders=shallot,hono (tRPC takes
// minutes at 300 layers and fails with TS2589: opt in); --repeats=3 (routes);
// --json=FILE to write the results as data; --budgets=off to print the figures
// without judging them (bench:all --smoke: tiny cases, whose ratios mean nothing).
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { completionSources, measureCompletion } from './completion-bench.mjs';
import { chainSources, writePeerChain } from './long-chain-peers.mjs';
import { routeSources, writeRoutes } from './routes-peers.mjs';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const usage = '(flags: --sizes=50,100 --builders=shallot,trpc,hono --routes=200 --completion=300 --completion-builders=shallot,hono --repeats=3 --json=FILE --budgets=off)';
let values;
try {
  ({ values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '50,100,200,500' },
      builders: { type: 'string', default: 'shallot' },
      routes: { type: 'string', default: '200' },
      completion: { type: 'string', default: '300' },
      'completion-builders': { type: 'string', default: 'shallot,hono' },
      repeats: { type: 'string', default: '3' },
      json: { type: 'string' },
      budgets: { type: 'string', default: 'on' },
    },
  }));
} catch (error) {
  console.error(`bench:types: ${error.message} ${usage}`);
  process.exit(2);
}
const list = (text) => (text === '' ? [] : text.split(','));
const sizes = list(values.sizes).map(Number);
const [routes, completionLayers, repeats] = [values.routes, values.completion, values.repeats].map(Number);
const positive = (n) => Number.isInteger(n) && n >= 1;
if (!sizes.every(positive) || !Number.isInteger(routes) || routes < 0 || !Number.isInteger(completionLayers) || completionLayers < 0 || !positive(repeats)) {
  console.error(`bench:types: --sizes, --routes, --completion and --repeats take whole numbers ${usage}`);
  process.exit(2);
}
if (values.budgets !== 'on' && values.budgets !== 'off') {
  console.error(`bench:types: --budgets is on or off ${usage}`);
  process.exit(2);
}
const builders = list(values.builders);
const completionBuilders = list(values['completion-builders']);
for (const [flag, names, known] of [['--builders', builders, chainSources], ['--completion-builders', completionBuilders, completionSources]]) {
  const unknown = names.find((b) => !(b in known));
  if (unknown) {
    console.error(`bench:types: ${flag}: unknown builder ${JSON.stringify(unknown)}; one of ${Object.keys(known).join(', ')}`);
    process.exit(2);
  }
}
const compilers = [
  { name: 'TS 6', bin: resolve(root, 'node_modules/typescript/bin/tsc'), flags: [] },
  { name: 'TS 7', bin: resolve(root, 'node_modules/typescript-7/bin/tsc'), flags: ['--singleThreaded'] },
];

/** tsc's diagnostics for one project; type errors are part of the result, not a crash. */
function measure(compiler, tsconfig) {
  let out;
  try {
    out = execFileSync(process.execPath, [compiler.bin, '-p', tsconfig, '--extendedDiagnostics', '--pretty', 'false', ...compiler.flags], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    if (typeof error.stdout !== 'string' || !error.stdout.includes('Check time')) throw new Error(`tsc failed on ${tsconfig}: ${error.message}\n${error.stderr ?? ''}`);
    out = error.stdout;
  }
  const field = (label) => /^\s*([\d.]+)/.exec(out.split('\n').find((l) => l.startsWith(label))?.slice(label.length + 1) ?? '')?.[1];
  const codes = [...out.matchAll(/error (TS\d+):/g)].map((m) => m[1]);
  const errors = Object.fromEntries([...new Set(codes)].map((code) => [code, codes.filter((c) => c === code).length]));
  return { instantiations: Number(field('Instantiations')), check: Number(field('Check time')), memory: Number(field('Memory used')), errors };
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const errorText = (errors) => Object.entries(errors).map(([code, count]) => `${code} x${count}`).join(', ');
let missed = 0;
const results = { bench: 'types', node: process.version };

// 1. Long chains.
const rows = [];
for (const n of sizes) {
  for (const builder of builders) {
    const tsconfig = writePeerChain(builder, n, root);
    for (const compiler of compilers) rows.push({ builder, n, compiler: compiler.name, ...measure(compiler, tsconfig) });
  }
}
results.rows = rows;
if (rows.length) {
  console.log('long chains');
  console.log('builder  layers  compiler  instantiations  check time   memory  errors');
  for (const r of rows) {
    console.log(
      `${r.builder.padEnd(7)}  ${String(r.n).padStart(6)}  ${r.compiler.padEnd(8)}  ${String(r.instantiations).padStart(14)}  ${r.check.toFixed(2).padStart(9)}s  ${String(r.memory).padStart(7)}K  ${errorText(r.errors) || '-'}`,
    );
  }
  const GROWTH_BUDGET = 2.7;
  const AT_200_BUDGET = 107_000;
  const failing = rows.filter((r) => r.builder === 'shallot' && Object.keys(r.errors).length > 0).length;
  if (failing > 0) {
    missed += failing;
    console.log(`shallot: ${failing} chain(s) with type errors  MISSED`);
  }
  for (const compiler of compilers) {
    const at = (n) => rows.find((r) => r.builder === 'shallot' && r.n === n && r.compiler === compiler.name);
    if (at(200) && at(500)) {
      const growth = at(500).instantiations / at(200).instantiations;
      const ok = growth <= GROWTH_BUDGET && at(200).instantiations <= AT_200_BUDGET;
      if (!ok) missed++;
      console.log(`${compiler.name}: 200 → 500 layers: ${growth.toFixed(2)}x instantiations (budget ${GROWTH_BUDGET}x; linear is 2.5x); at 200: ${at(200).instantiations} (budget ${AT_200_BUDGET.toLocaleString('en')})${ok ? '' : '  MISSED'}`);
    }
  }
}

// 2. Many routes, all three builders, interleaved.
if (routes > 0) {
  const peers = Object.keys(routeSources);
  const configs = Object.fromEntries(peers.map((b) => [b, writeRoutes(b, routes, root)]));
  const runs = [];
  for (let r = 0; r < repeats; r++) for (const b of peers) for (const c of compilers) runs.push({ builder: b, compiler: c.name, ...measure(c, configs[b]) });
  const routeRows = peers.flatMap((builder) =>
    compilers.map((c) => {
      const all = runs.filter((r) => r.builder === builder && r.compiler === c.name);
      const checks = all.map((r) => r.check);
      return { builder, compiler: c.name, instantiations: all[0].instantiations, check: Math.min(...checks), median: median(checks), checks, memory: median(all.map((r) => r.memory)), errors: all[0].errors };
    }),
  );
  results.routes = { routes, repeats, rows: routeRows };
  console.log(`\n${routes} routes off one 5-layer base, 1-3 layers each (check time: fastest and median of ${repeats})`);
  console.log('builder  compiler  instantiations  fastest    median  errors');
  for (const r of routeRows) console.log(`${r.builder.padEnd(7)}  ${r.compiler.padEnd(8)}  ${String(r.instantiations).padStart(14)}  ${r.check.toFixed(3).padStart(6)}s  ${r.median.toFixed(3).padStart(7)}s  ${errorText(r.errors) || '-'}`);
  const TIME_BUDGET = 0.8;
  for (const c of compilers) {
    const at = (b) => routeRows.find((r) => r.builder === b && r.compiler === c.name);
    const faster = at('trpc').check <= at('hono').check ? 'trpc' : 'hono';
    const ratio = at('shallot').check / at(faster).check;
    const fewer = at('shallot').instantiations <= at('hono').instantiations;
    const errors = Object.keys(at('shallot').errors).length > 0;
    const ok = ratio <= TIME_BUDGET && fewer && !errors;
    if (!ok) missed++;
    console.log(
      `${c.name}: shallot ${ratio.toFixed(2)}x the check time of ${faster}, the faster peer (budget ${TIME_BUDGET}x); ${at('shallot').instantiations} instantiations, Hono ${at('hono').instantiations} (budget: no more)${errors ? '; type errors' : ''}${ok ? '' : '  MISSED'}`,
    );
  }
}

// 3. The editor.
if (completionLayers > 0 && completionBuilders.length) {
  const completionRows = completionBuilders.map((builder) => ({ builder, n: completionLayers, ...measureCompletion(builder, completionLayers, root) }));
  results.completion = { layers: completionLayers, compiler: 'TS 6', rows: completionRows.map(({ source, ...r }) => r) };
  console.log(`\ncompletion on the handler's request, ${completionLayers}-layer chain, TypeScript 6 language service (median)`);
  for (const r of completionRows) console.log(`${r.builder.padEnd(7)}  ${r.ms.toFixed(0).padStart(6)} ms${r.offered ? '' : '  (the last field was not offered)'}`);
  const at = (b) => completionRows.find((r) => r.builder === b);
  if (at('shallot') && at('hono')) {
    const ratio = at('shallot').ms / at('hono').ms;
    const ok = ratio <= 0.5 && at('shallot').offered;
    if (!ok) missed++;
    console.log(`shallot ${ratio.toFixed(2)}x Hono's completion time (budget 0.5x)${at('shallot').offered ? '' : '; the last field was not offered'}${ok ? '' : '  MISSED'}`);
  }
}

if (values.json) writeFileSync(values.json, JSON.stringify(results, null, 2));
if (missed > 0 && values.budgets === 'on') process.exitCode = 1;
