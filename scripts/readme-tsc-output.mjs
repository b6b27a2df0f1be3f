// The README shows real `tsc` output for one of its ```ts blocks (the ```text block
// right after it, lines `example.ts(line,col): error TS…`). This writes that block
// to .readme-check/tsc-output/example.ts, runs TypeScript 6's `tsc` on it, and
// returns the README's lines and tsc's (first line of each error), so that
// check-types.mjs fails when they drift apart (a message or a position moved).
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export function readmeTscOutput(root) {
  const text = readFileSync(resolve(root, 'README.md'), 'utf8');
  const match = /^```ts\n((?:(?!```)[^\n]*\n)*?)```\n\n```text\n(example\.ts\((?:[^\n]*\n)*?)```$/m.exec(text);
  if (!match) return { expected: [], actual: [], problem: 'the README has no ```text block of tsc output (example.ts(…): error …) after a ```ts block' };
  const dir = resolve(root, '.readme-check/tsc-output');
  mkdirSync(dir, { recursive: true });
  writeFileSync(resolve(dir, 'example.ts'), match[1]);
  writeFileSync(
    resolve(dir, 'tsconfig.json'),
    JSON.stringify({ extends: '../../tsconfig.json', compilerOptions: { noEmit: true, rootDir: '../..', noUnusedLocals: false }, include: ['example.ts'] }, null, 2),
  );
  let out;
  try {
    out = execFileSync(process.execPath, [resolve(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.json', '--pretty', 'false'], { cwd: dir, encoding: 'utf8' });
  } catch (error) {
    out = `${error.stdout ?? ''}${error.stderr ?? ''}`;
  }
  const actual = out.split('\n').filter((line) => /^example\.ts\(\d+,\d+\): error TS\d+: /.test(line));
  const expected = match[2].split('\n').filter((line) => line.trim() !== '');
  return { expected, actual };
}
