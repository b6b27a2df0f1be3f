// Extracts the README's ```ts blocks into .readme-check/ (one module each), with
// a tsconfig, so that they are type-checked like any other code. A block whose
// info string is `ts nocheck` is skipped.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export function extractReadmeExamples(root) {
  const dir = resolve(root, '.readme-check');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const text = readFileSync(resolve(root, 'README.md'), 'utf8');
  const files = [];
  for (const match of text.matchAll(/^```ts\n([\s\S]*?)^```$/gm)) {
    const file = resolve(dir, `example-${files.length + 1}.ts`);
    writeFileSync(file, `${match[1].includes('import ') || match[1].includes('export ') ? '' : 'export {};\n'}${match[1]}`);
    files.push(file);
  }
  writeFileSync(
    resolve(dir, 'tsconfig.json'),
    JSON.stringify({ extends: '../tsconfig.json', compilerOptions: { noEmit: true, rootDir: '..', noUnusedLocals: false }, include: ['*.ts'] }, null, 2),
  );
  return { dir, files };
}
