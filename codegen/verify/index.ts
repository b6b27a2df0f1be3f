/**
 * Verify: every problem shallot can prove about the chains of one module, as
 * `file:line:col` diagnostics. A module with problems is not generated from.
 */
import { at, type Diagnostic } from '../diagnostics.js';
import type { Node, SourceFile } from 'ts-morph';
import type { ModuleModel } from '../model.js';
import { checkNextCalls } from './next-calls.js';
import { syntaxErrors, typeErrors } from './type-errors.js';
import { importProblems } from './imports.js';

export function verifyModule(model: ModuleModel): Diagnostic[] {
  const syntax = syntaxErrors(model.file);
  if (syntax.length > 0) return syntax;
  // Imports first: a module that cannot load, or an import that finds nothing, explains what follows.
  const out: Diagnostic[] = importProblems(model.file);
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
  return out;
}
