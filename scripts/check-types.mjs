// The type-level half of `npm test`, beyond tsd (which checks test-d/ with TS 5.9):
//  1. test-d/: every `// error: TEXT` comment holds (the line fails, with that
//     message) and nothing else fails, under TS 5.9, TS 6 and TS 7;
//  2. the README's ```ts examples, the same way, and every TSDoc @example of src/
//     and types/ (tsdoc-examples.mjs);
//  3. the project itself (src, types, test, bench, examples, scripts);
//  4. a generated 500-layer chain: no error (in particular no TS2589);
//  5. the README's pasted `tsc` output is what TS 6's tsc prints for its example;
//  6. declaration emit: a consumer exporting chains, builders, apps and layers with
//     `declaration: true` compiles, and its .d.ts compiles again (declaration-emit.mjs).
// Prints one line per suite and compiler, then `N passed, M failed`.
import { readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { compilers, diagnose } from './diagnostics.mjs';
import { declarationEmit, emitCompilers } from './declaration-emit.mjs';
import { compare } from './expectations.mjs';
import { writeLongChain } from './long-chain.mjs';
import { extractReadmeExamples } from './readme-examples.mjs';
import { extractTsdocExamples } from './tsdoc-examples.mjs';
import { readmeTscOutput } from './readme-tsc-output.mjs';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const testD = resolve(root, 'test-d');
const readme = extractReadmeExamples(root);
const tsdoc = extractTsdocExamples(root);
const long = writeLongChain(500, root);

const suites = [
  { name: 'test-d', tsconfig: resolve(testD, 'tsconfig.json'), files: readdirSync(testD).filter((f) => f.endsWith('.ts')).map((f) => resolve(testD, f)) },
  { name: `README (${readme.files.length} examples)`, tsconfig: resolve(readme.dir, 'tsconfig.json'), files: readme.files },
  { name: `TSDoc (${tsdoc.files.length} examples)`, tsconfig: resolve(tsdoc.dir, 'tsconfig.json'), files: tsdoc.files.map((f) => f.path) },
  { name: 'project', tsconfig: resolve(root, 'tsconfig.json'), files: [], only: ['TS 6', 'TS 7'] },
  { name: 'chain of 500 layers', tsconfig: long.tsconfig, files: [long.file] },
];

let passed = 0;
let failed = 0;
for (const suite of suites) {
  for (const compiler of compilers) {
    if (suite.only && !suite.only.includes(compiler.name)) continue;
    const started = performance.now();
    const problems = compare(suite.files, diagnose(compiler, suite.tsconfig), compiler.name);
    const ms = Math.round(performance.now() - started);
    if (problems.length === 0) {
      passed++;
      console.log(`ok    ${suite.name} under ${compiler.name} (${ms} ms)`);
    } else {
      failed++;
      console.log(`FAIL  ${suite.name} under ${compiler.name}\n  ${problems.join('\n  ')}`);
    }
  }
}
{
  const { expected, actual, problem } = readmeTscOutput(root);
  const same = problem === undefined && expected.length > 0 && expected.join('\n') === actual.join('\n');
  if (same) {
    passed++;
    console.log(`ok    README's tsc output (${expected.length} errors) matches tsc under TS 6`);
  } else {
    failed++;
    console.log(`FAIL  README's tsc output under TS 6: ${problem ?? 'paste what tsc prints now into its ```text block'}\n  README:\n    ${expected.join('\n    ')}\n  tsc:\n    ${actual.join('\n    ')}`);
  }
}
for (const compiler of emitCompilers) {
  const started = performance.now();
  const { emitted, used } = declarationEmit(root, compiler);
  const ms = Math.round(performance.now() - started);
  if (emitted.length === 0 && used.length === 0) {
    passed++;
    console.log(`ok    declaration emit under ${compiler.name} (${ms} ms)`);
  } else {
    failed++;
    console.log(`FAIL  declaration emit under ${compiler.name}\n  emitting test-d/emit/exports.ts:\n    ${emitted.join('\n    ') || '-'}\n  using its .d.ts (test-d/emit/uses.ts):\n    ${used.join('\n    ') || '-'}`);
  }
}
console.log(`types: ${passed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
