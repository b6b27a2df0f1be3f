// Point 1 of issue 11: the declaration emit of a consumer. For each compiler
// (TS 5.9 as tsd bundles it, TS 6, TS 7), in .emit-check/<compiler>/:
//  1. a project with shallot installed as a package (package.json and dist/
//     copied into node_modules/shallot, as npm would) compiles test-d/emit/exports.ts
//     with `declaration: true`: every inferred type must be nameable from shallot's
//     public entry points (no TS2742, TS2883, TS2527, TS4023, …);
//  2. a second project, given only the emitted exports.d.ts, compiles
//     test-d/emit/uses.ts against it: the emitted declarations are valid and keep
//     their meaning across the package boundary.
// Returns, per compiler, the diagnostics of both steps (none expected).
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';

export const emitCompilers = [
  { name: 'TS 5.9 (tsd)', bin: 'node_modules/@tsd/typescript/typescript/bin/tsc' },
  { name: 'TS 6', bin: 'node_modules/typescript/bin/tsc' },
  { name: 'TS 7', bin: 'node_modules/typescript-7/bin/tsc' },
];

const compilerOptions = (root) => ({
  target: 'es2022',
  module: 'nodenext',
  moduleResolution: 'nodenext',
  lib: ['es2023', 'dom'],
  strict: true,
  skipLibCheck: true,
  typeRoots: [resolve(root, 'node_modules/@types')],
  types: ['node'],
});

function run(root, bin, cwd) {
  try {
    return execFileSync(process.execPath, [resolve(root, bin), '-p', 'tsconfig.json', '--pretty', 'false'], { cwd, encoding: 'utf8' });
  } catch (error) {
    return `${error.stdout ?? ''}${error.stderr ?? ''}` || String(error);
  }
}

const errorsOf = (out) => out.split('\n').filter((line) => /error TS\d+/.test(line));

export function declarationEmit(root, compiler) {
  const dir = resolve(root, '.emit-check', compiler.name.replace(/\W+/g, '-'));
  rmSync(dir, { recursive: true, force: true });
  const library = resolve(dir, 'library');
  const consumer = resolve(dir, 'consumer');
  for (const project of [library, consumer]) {
    const pkg = resolve(project, 'node_modules/shallot');
    mkdirSync(pkg, { recursive: true });
    cpSync(resolve(root, 'package.json'), resolve(pkg, 'package.json'));
    cpSync(resolve(root, 'dist'), resolve(pkg, 'dist'), { recursive: true });
    writeFileSync(resolve(project, 'package.json'), JSON.stringify({ name: `emit-${compiler.name.replace(/\W+/g, '-')}`, type: 'module', private: true }));
  }
  cpSync(resolve(root, 'test-d/emit/exports.ts'), resolve(library, 'exports.ts'));
  writeFileSync(
    resolve(library, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { ...compilerOptions(root), declaration: true, emitDeclarationOnly: true, outDir: 'out', rootDir: '.' }, files: ['exports.ts'] }, null, 2),
  );
  const emitted = errorsOf(run(root, compiler.bin, library));
  let used = [];
  try {
    cpSync(resolve(library, 'out/exports.d.ts'), resolve(consumer, 'exports.d.ts'));
    cpSync(resolve(root, 'test-d/emit/uses.ts'), resolve(consumer, 'uses.ts'));
    writeFileSync(resolve(consumer, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...compilerOptions(root), noEmit: true }, files: ['exports.d.ts', 'uses.ts'] }, null, 2));
    used = errorsOf(run(root, compiler.bin, consumer));
  } catch (error) {
    used = [`no declaration file was emitted: ${error.message}`];
  }
  const declaration = (() => {
    try {
      return readFileSync(resolve(library, 'out/exports.d.ts'), 'utf8');
    } catch {
      return '';
    }
  })();
  return { emitted, used, declaration };
}
