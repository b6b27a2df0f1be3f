/**
 * Verify: every problem shallot can prove about the chains of one module, as
 * `file:line:col` diagnostics. A module with problems is not generated from.
 */
import { at, type Diagnostic } from '../diagnostics.js';
import type { ModuleModel } from '../model.js';
import { checkNextCalls } from './next-calls.js';
import { syntaxErrors, typeErrors } from './type-errors.js';

export function verifyModule(model: ModuleModel): Diagnostic[] {
  const syntax = syntaxErrors(model.file);
  if (syntax.length > 0) return syntax;
  const out: Diagnostic[] = [];
  for (const decl of model.file.getImportDeclarations()) {
    if (decl.getModuleSpecifierSourceFile() === model.file) {
      out.push(at(decl, 'self-import', `${model.file.getBaseName()} imports itself ('${decl.getModuleSpecifierValue()}'): import its chains' layers from the modules that define them`));
    }
  }
  for (const chain of model.opaque) {
    out.push(at(chain.node, 'opaque-chain', `cannot analyse the chain '${chain.name}': ${chain.reason}; write it as chain()…use(…).handle(…) with each layer a const`));
  }
  const seen = new Set<unknown>();
  for (const chain of model.chains) {
    out.push(...typeErrors(model.file, [chain.node]));
    for (const layer of chain.layers) {
      if (layer.fn === undefined || seen.has(layer.fn)) continue;
      seen.add(layer.fn);
      out.push(...typeErrors(layer.fn.getSourceFile(), [layer.fn]));
      out.push(...checkNextCalls(layer.fn, layer.name ?? '?'));
    }
    const handler = chain.handler.fn;
    if (handler !== undefined && !seen.has(handler) && handler.getSourceFile() !== model.file) {
      seen.add(handler);
      out.push(...typeErrors(handler.getSourceFile(), [handler]));
    }
  }
  // A layer literal inside the chain expression is reported once, by the chain's range.
  const key = (d: Diagnostic): string => `${d.file}:${d.line}:${d.column}:${d.message}`;
  return [...new Map(out.map((d) => [key(d), d])).values()];
}
