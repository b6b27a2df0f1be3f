// Writes a TypeScript module with a chain of N layers, each adding one field and
// needing the one before it; the handler reads the last. Used by bench:types and
// by the long-chain test.
//   node scripts/long-chain.mjs N [outFile] [importFrom]
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';

export function longChainSource(n, importFrom = 'shallot') {
  const lines = [`import { chain, middleware, type Next } from '${importFrom}';`, ''];
  for (let i = 0; i < n; i++) {
    const needs = i === 0 ? '{ path: string }' : `{ f${i - 1}: number }`;
    const from = i === 0 ? 'req.path.length' : `req.f${i - 1} + 1`;
    lines.push(`const m${i} = middleware('m${i}', async (req: ${needs}, next: Next<{ f${i}: number }>) => next({ f${i}: ${from} }));`);
  }
  lines.push('', 'export const app = chain<{ path: string }>()');
  for (let i = 0; i < n; i++) lines.push(`  .use(m${i})`);
  lines.push(`  .handle((req) => new Response(String(req.f${n - 1})));`, '');
  return lines.join('\n');
}

/** Writes `<name>.ts` and a tsconfig that checks it alone under bench/.types/; returns their paths. */
export function writeChainProject(name, source, root) {
  const dir = resolve(root, 'bench/.types');
  mkdirSync(dir, { recursive: true });
  const file = resolve(dir, `${name}.ts`);
  const tsconfig = resolve(dir, `tsconfig.${name}.json`);
  writeFileSync(file, source);
  writeFileSync(tsconfig, JSON.stringify({ extends: '../../tsconfig.json', compilerOptions: { noEmit: true, rootDir: '../..' }, include: [], files: [`${name}.ts`] }, null, 2));
  return { file, tsconfig };
}

/** Writes chain-N.ts and a tsconfig for it under bench/.types/; returns their paths. */
export function writeLongChain(n, root) {
  return writeChainProject(`chain-${n}`, longChainSource(n), root);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const n = Number(process.argv[2] ?? 500);
  const out = process.argv[3] ?? `bench/.types/chain-${n}.ts`;
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, longChainSource(n, process.argv[4] ?? 'shallot'));
  console.log(out);
}
