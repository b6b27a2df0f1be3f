/**
 * Verify: every problem shallot can prove about the chains of one module, as
 * `file:line:col` diagnostics. A module with problems is not generated from.
 */
import fs from 'node:fs';
import path from 'node:path';
import { at, type Diagnostic } from '../diagnostics.js';
import type { Node, SourceFile } from 'ts-morph';
import type { ModuleModel } from '../model.js';
import { checkNextCalls } from './next-calls.js';
import { syntaxErrors, typeErrors } from './type-errors.js';
import { generatedPath } from '../generate/module.js';

/** The checker's codes for an import that finds no module, or not the name it asks for, or a referenced project not built (6305). */
const UNRESOLVED: ReadonlySet<number> = new Set([2305, 2306, 2307, 2614, 2724, 2792, 2834, 2835, 6305]);

/** Where the package of a bare specifier is installed (`node_modules/@acme/layers`, relative), searching up from `dir`. */
function installedAt(dir: string, spec: string): string | undefined {
  if (spec.startsWith('.') || spec.startsWith('/') || spec.startsWith('#')) return undefined;
  const parts = spec.split('/');
  const name = spec.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0]!;
  for (let at = dir; ; at = path.dirname(at)) {
    if (fs.existsSync(path.join(at, 'node_modules', name, 'package.json'))) return path.relative(dir, path.join(at, 'node_modules', name)) || '.';
    if (path.dirname(at) === at) return undefined;
  }
}

/** A module's path without its extension (`/p/app.gen.js` and `/p/app.gen.ts` are one module). */
const stem = (file: string): string => file.replace(/\.(c|m)?(j|t)sx?$/, '');

export function verifyModule(model: ModuleModel): Diagnostic[] {
  const syntax = syntaxErrors(model.file);
  if (syntax.length > 0) return syntax;
  const out: Diagnostic[] = [];
  const own = stem(generatedPath(model.file.getFilePath()));
  for (const decl of [...model.file.getImportDeclarations(), ...model.file.getExportDeclarations()]) {
    const spec = decl.getModuleSpecifierValue();
    if (spec === undefined) continue;
    const target = decl.getModuleSpecifierSourceFile();
    if (target === model.file) {
      out.push(at(decl, 'self-import', `${model.file.getBaseName()} imports itself ('${spec}'): import its chains' layers from the modules that define them`));
    } else if ((target !== undefined ? stem(target.getFilePath()) : spec.startsWith('.') ? stem(path.posix.join(path.posix.dirname(model.file.getFilePath()), spec)) : undefined) === own) {
      out.push(
        at(
          decl,
          'self-import',
          `${model.file.getBaseName()} imports its own generated module ('${spec}'), which imports ${model.file.getBaseName()} back: whichever of the two loads first sees the other unfinished. Import '${spec}' from the module that serves the app instead`,
        ),
      );
    }
  }
  out.push(...model.unsupported);
  for (const chain of model.opaque) {
    out.push(at(chain.node, 'opaque-chain', `cannot analyse the chain '${chain.name}': ${chain.reason}; write it as chain()…use(…).handle(…) with each layer a const`));
  }
  // Type errors: one pass over each file's diagnostics, at the chains, every layer, and a handler defined in another module.
  const ranges = new Map<SourceFile, Node[]>([[model.file, []]]);
  const within = (fn: Node): void => {
    const file = fn.getSourceFile();
    ranges.set(file, [...(ranges.get(file) ?? []), fn]);
  };
  // A chain is where its `chain()…handle(…)` is: in another module for an alias of an imported chain.
  for (const chain of model.chains) within(chain.node);
  const seen = new Set<Node>();
  for (const chain of model.chains) {
    for (const layer of chain.layers) {
      if (layer.fn === undefined || seen.has(layer.fn)) continue;
      seen.add(layer.fn);
      within(layer.fn);
      out.push(...checkNextCalls(layer.fn, layer.name ?? '?', layer.sync));
    }
    const handler = chain.handler.fn;
    if (handler !== undefined && !seen.has(handler) && handler.getSourceFile() !== model.file) {
      seen.add(handler);
      within(handler);
    }
  }
  for (const [file, nodes] of ranges) out.push(...typeErrors(file, nodes));
  // An import that does not resolve is why a chain's layer cannot be read: say so on the import, as tsc does.
  const imports = [...model.file.getImportDeclarations(), ...model.file.getExportDeclarations()];
  const unresolved = typeErrors(model.file, imports, UNRESOLVED).map((d) => {
    const decl = imports.find((i) => i.getStartLineNumber() === d.line);
    const spec = decl?.getModuleSpecifierValue();
    const installed = spec === undefined || !/\(TS2307\)$/.test(d.message) ? undefined : installedAt(model.file.getDirectoryPath(), spec);
    // A workspace package whose types are its build (dist/index.d.ts) resolves to nothing until it is built.
    return installed === undefined ? d : { ...d, message: `${d.message}: ${installed} is there, its types are not; if it is a package of the workspace, build it first (tsc -b)` };
  });
  out.unshift(...unresolved);
  return out;
}
