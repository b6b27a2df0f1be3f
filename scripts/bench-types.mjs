// npm run bench:types: the type-check cost of long chains. For chains of 50, 100,
// 200 and 500 layers (each adds a field and needs the previous one; the handler
// reads the last), prints instantiations, check time and memory under TS 6 and
// TS 7 (their own `tsc --extendedDiagnostics`), the growth 200 → 500 and the
// budget.
// Flags: --sizes=50,100 to choose the lengths; --builders=shallot,trpc,hono to
// write the same chain with tRPC's and Hono's builders too
// (scripts/long-chain-peers.mjs); --json=FILE to write the rows as data.
// A chain that does not type-check is reported with its first error codes
// (TS2589: "excessively deep") and measured all the same; that fails the run
// for shallot only, whose types promise every length up to 500.
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chainSources, writePeerChain } from './long-chain-peers.mjs';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
let values;
try {
  ({ values } = parseArgs({
    options: {
      sizes: { type: 'string', default: '50,100,200,500' },
      builders: { type: 'string', default: 'shallot' },
      json: { type: 'string' },
    },
  }));
} catch (error) {
  console.error(`bench:types: ${error.message} (flags: --sizes=50,100 --builders=shallot,trpc,hono --json=FILE)`);
  process.exit(2);
}
const sizes = values.sizes.split(',').map(Number);
if (sizes.some((n) => !Number.isInteger(n) || n < 1)) {
  console.error(`bench:types: --sizes must be a list of positive integers, got ${values.sizes}`);
  process.exit(2);
}
const builders = values.builders.split(',');
const unknownBuilder = builders.find((b) => !(b in chainSources));
if (unknownBuilder) {
  console.error(`bench:types: --builders: unknown builder ${JSON.stringify(unknownBuilder)}; one of ${Object.keys(chainSources).join(', ')}`);
  process.exit(2);
}
const compilers = [
  { name: 'TS 6', bin: resolve(root, 'node_modules/typescript/bin/tsc') },
  { name: 'TS 7', bin: resolve(root, 'node_modules/typescript-7/bin/tsc') },
];

/** tsc's diagnostics for one project; type errors are part of the result, not a crash. */
function measure(bin, tsconfig) {
  let out;
  try {
    out = execFileSync(process.execPath, [bin, '-p', tsconfig, '--extendedDiagnostics', '--pretty', 'false'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  } catch (error) {
    if (typeof error.stdout !== 'string' || !error.stdout.includes('Check time')) throw new Error(`tsc failed on ${tsconfig}: ${error.message}\n${error.stderr ?? ''}`);
    out = error.stdout;
  }
  const field = (label) => /^\s*([\d.]+)/.exec(out.split('\n').find((l) => l.startsWith(label))?.slice(label.length + 1) ?? '')?.[1];
  const codes = [...out.matchAll(/error (TS\d+):/g)].map((m) => m[1]);
  const errors = Object.fromEntries([...new Set(codes)].map((code) => [code, codes.filter((c) => c === code).length]));
  return { instantiations: Number(field('Instantiations')), check: Number(field('Check time')), memory: Number(field('Memory used')), errors };
}

const rows = [];
for (const n of sizes) {
  for (const builder of builders) {
    const tsconfig = writePeerChain(builder, n, root);
    for (const compiler of compilers) rows.push({ builder, n, compiler: compiler.name, ...measure(compiler.bin, tsconfig) });
  }
}

const errorText = (errors) => Object.entries(errors).map(([code, count]) => `${code} x${count}`).join(', ');
console.log('builder  layers  compiler  instantiations  check time   memory  errors');
for (const r of rows) {
  console.log(
    `${r.builder.padEnd(7)}  ${String(r.n).padStart(6)}  ${r.compiler.padEnd(8)}  ${String(r.instantiations).padStart(14)}  ${r.check.toFixed(2).padStart(9)}s  ${String(r.memory).padStart(7)}K  ${errorText(r.errors) || '-'}`,
  );
}
if (values.json) writeFileSync(values.json, JSON.stringify({ bench: 'types', node: process.version, rows }, null, 2));

// The budgets, for shallot; instantiation counts are deterministic, so a miss is real.
const GROWTH_BUDGET = 2.7;
const AT_200_BUDGET = 107_000;
let missed = rows.filter((r) => r.builder === 'shallot' && Object.keys(r.errors).length > 0).length;
if (missed > 0) console.log(`shallot: ${missed} chain(s) with type errors  MISSED`);
for (const compiler of compilers) {
  const at = (n) => rows.find((r) => r.builder === 'shallot' && r.n === n && r.compiler === compiler.name);
  if (at(200) && at(500)) {
    const growth = at(500).instantiations / at(200).instantiations;
    const ok = growth <= GROWTH_BUDGET && at(200).instantiations <= AT_200_BUDGET;
    if (!ok) missed++;
    console.log(`${compiler.name}: 200 → 500 layers: ${growth.toFixed(2)}x instantiations (budget ${GROWTH_BUDGET}x; linear is 2.5x); at 200: ${at(200).instantiations} (budget ${AT_200_BUDGET.toLocaleString('en')})${ok ? '' : '  MISSED'}`);
  }
}
if (missed > 0) process.exitCode = 1;
