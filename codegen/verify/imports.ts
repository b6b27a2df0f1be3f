/**
 * Verify, the imports of a chain module: a module that imports itself, one that reaches its own generated module
 * (directly or through modules of the project: the generated module imports it back, so whichever loads first
 * sees the other unfinished), and an import that finds no module, reported where tsc reports it, since it is
 * why a layer cannot be read. An import of a generated module not written yet is no problem: this run writes it.
 */
import fs from 'node:fs';
import path from 'node:path';
import { type ExportDeclaration, type ImportDeclaration, type SourceFile } from 'ts-morph';
import { at, type Diagnostic } from '../diagnostics.js';
import { isInstalled } from '../analysis/package.js';
import { generatedPath } from '../generate/module.js';
import { typeErrors } from './type-errors.js';

/** The checker's codes for an import that finds no module, or not the name it asks for, or a referenced project not built (6305). */
const UNRESOLVED: ReadonlySet<number> = new Set([2305, 2306, 2307, 2614, 2724, 2792, 2834, 2835, 6305]);

/** A module's path without its extension (`/p/app.gen.js` and `/p/app.gen.ts` are one module). */
const stem = (file: string): string => file.replace(/\.(c|m)?(j|t)sx?$/, '');

/** Whether a specifier names a generated module (`./users.gen.js`, `./users.gen`). */
const namesGenerated = (spec: string): boolean => /\.gen(\.(c|m)?[jt]sx?)?$/.test(spec);

type ModuleDeclaration = ImportDeclaration | ExportDeclaration;

const declarationsOf = (file: SourceFile): ModuleDeclaration[] => [...file.getImportDeclarations(), ...file.getExportDeclarations()];

/** The module a declaration names, as a path without extension: resolved, or a relative specifier not (yet) on disk. */
function targetStem(decl: ModuleDeclaration): string | undefined {
  const spec = decl.getModuleSpecifierValue();
  if (spec === undefined) return undefined;
  const target = decl.getModuleSpecifierSourceFile();
  if (target !== undefined) return stem(target.getFilePath());
  return spec.startsWith('.') ? stem(path.posix.join(path.posix.dirname(decl.getSourceFile().getFilePath()), spec)) : undefined;
}

/** Whether a file is the project's own code (not a package's, not a declaration), whose imports run with it. */
const isProjectCode = (file: SourceFile): boolean => !file.isDeclarationFile() && !isInstalled(file);

/**
 * The modules on a path of static imports from `decl` to the module `own` (a path without extension), `decl`'s
 * target first; undefined when there is none. Imports of types only are erased, so they are no path.
 */
function pathTo(decl: ModuleDeclaration, own: string, visited: Set<SourceFile>): string[] | undefined {
  if (decl.isTypeOnly()) return undefined;
  if (targetStem(decl) === own) return [decl.getModuleSpecifierValue()!];
  const next = decl.getModuleSpecifierSourceFile();
  if (next === undefined || visited.has(next) || !isProjectCode(next)) return undefined;
  visited.add(next);
  for (const inner of declarationsOf(next)) {
    const rest = pathTo(inner, own, visited);
    if (rest !== undefined) return [decl.getModuleSpecifierValue()!, ...rest];
  }
  return undefined;
}

/** Where the package of a bare specifier is installed (`node_modules/@acme/layers`, relative), searching up from `dir`. */
function installedAt(dir: string, spec: string): string | undefined {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('#')) return undefined;
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  for (let dirAt = dir; ; dirAt = path.dirname(dirAt)) {
    if (fs.existsSync(path.join(dirAt, 'node_modules', name, 'package.json'))) return path.relative(dir, path.join(dirAt, 'node_modules', name)) || '.';
    if (path.dirname(dirAt) === dirAt) return undefined;
  }
}

export function importProblems(file: SourceFile): Diagnostic[] {
  const out: Diagnostic[] = [];
  const name = file.getBaseName();
  const own = stem(generatedPath(file.getFilePath()));
  const visited = new Set<SourceFile>([file]);
  const declarations = declarationsOf(file);
  for (const decl of declarations) {
    const spec = decl.getModuleSpecifierValue();
    if (spec === undefined) continue;
    if (decl.getModuleSpecifierSourceFile() === file) {
      out.push(at(decl, 'self-import', `${name} imports itself ('${spec}'): import its chains' layers from the modules that define them`));
      continue;
    }
    const route = pathTo(decl, own, visited);
    if (route === undefined) continue;
    const through = route.length === 1 ? `imports its own generated module ('${spec}')` : `reaches its own generated module through ${route.map((s) => `'${s}'`).join(' -> ')}`;
    out.push(
      at(decl, 'self-import', `${name} ${through}, which imports ${name} back: whichever of the two loads first sees the other unfinished. Import the generated module from the module that serves the app instead`),
    );
  }
  // Unresolved imports, on the import, first (they are why a layer cannot be read), as tsc words them.
  const unresolved = typeErrors(file, declarations.filter((d) => !namesGenerated(d.getModuleSpecifierValue() ?? '')), UNRESOLVED).map((d) => {
    const decl = declarations.find((i) => i.getStartLineNumber() === d.line);
    const spec = decl?.getModuleSpecifierValue();
    const installed = spec === undefined || !/\(TS2307\)$/.test(d.message) ? undefined : installedAt(file.getDirectoryPath(), spec);
    // A workspace package whose types are its build (dist/index.d.ts) resolves to nothing until it is built.
    return installed === undefined ? d : { ...d, message: `${d.message}: ${installed} is there, its types are not; if it is a package of the workspace, build it first (tsc -b)` };
  });
  return [...unresolved, ...out];
}

