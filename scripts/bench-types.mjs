// npm run bench:types: the type-check cost of long chains. For chains of 50, 100,
// 200 and 500 layers (each adds a field and needs the previous one; the handler
// reads the last), prints instantiations, check time and memory under TS 6 and
// TS 7 (their own `tsc --extendedDiagnostics`), the growth 200 → 500 and the
// budget. Flags: --sizes 50,100 to choose the lengths.
import { execFileSync } from 'node:child_process';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { writeLongChain } from './long-chain.mjs';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const { values } = parseArgs({ options: { sizes: { type: 'string', default: '50,100,200,500' } } });
const sizes = values.sizes.split(',').map(Number);
const compilers = [
  { name: 'TS 6', bin: resolve(root, 'node_modules/typescript/bin/tsc') },
  { name: 'TS 7', bin: resolve(root, 'node_modules/typescript-7/bin/tsc') },
];

function measure(bin, tsconfig) {
  let out;
  try {
    out = execFileSync(process.execPath, [bin, '-p', tsconfig, '--extendedDiagnostics', '--pretty', 'false'], { encoding: 'utf8' });
  } catch (error) {
    throw new Error(`type errors in ${tsconfig}:\n${error.stdout}`);
  }
  const field = (label) => /^\s*([\d.]+)/.exec(out.split('\n').find((l) => l.startsWith(label))?.slice(label.length + 1) ?? '')?.[1];
  return { instantiations: Number(field('Instantiations')), check: Number(field('Check time')), memory: field('Memory used') };
}

const rows = [];
for (const n of sizes) {
  const { tsconfig } = writeLongChain(n, root);
  for (const compiler of compilers) rows.push({ n, compiler: compiler.name, ...measure(compiler.bin, tsconfig) });
}

console.log('layers  compiler  instantiations  check time  memory');
for (const r of rows) {
  console.log(`${String(r.n).padStart(6)}  ${r.compiler.padEnd(8)}  ${String(r.instantiations).padStart(14)}  ${r.check.toFixed(2).padStart(9)}s  ${String(r.memory ?? '?').padStart(7)}K`);
}
// The budgets; instantiation counts are deterministic, so a miss is real.
const GROWTH_BUDGET = 2.7;
const AT_200_BUDGET = 107_000;
let missed = 0;
for (const compiler of compilers) {
  const at = (n) => rows.find((r) => r.n === n && r.compiler === compiler.name);
  if (at(200) && at(500)) {
    const growth = at(500).instantiations / at(200).instantiations;
    const ok = growth <= GROWTH_BUDGET && at(200).instantiations <= AT_200_BUDGET;
    if (!ok) missed++;
    console.log(`${compiler.name}: 200 → 500 layers: ${growth.toFixed(2)}x instantiations (budget ${GROWTH_BUDGET}x; linear is 2.5x); at 200: ${at(200).instantiations} (budget ${AT_200_BUDGET.toLocaleString('en')})${ok ? '' : '  MISSED'}`);
  }
}
if (missed > 0) process.exitCode = 1;
