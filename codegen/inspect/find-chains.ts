/**
 * Finds the exported chains of a module: `export const app = chain<…>()…use(…)
 * .handle(…)`, with base builders and sub-chains (`const base = chain().use(a)`)
 * followed through consts, across modules. An exported app that is not written
 * that way (built in a loop, from an array, with a conditional `.use`) is
 * reported with the reason rather than skipped in silence.
 */
import { Node, type SourceFile } from 'ts-morph';
import type { ChainModel, LayerModel, ModuleModel, OpaqueChain } from '../model.js';
import { constInitializer, declarationOf, describeNode, resolveHandler, resolveLayer } from './resolve.js';
import { isApp, isBuilder, isLoop, isShallotDeclaration, methodCall, unwrap } from './shapes.js';

/** The layers of a builder expression, or why they cannot be read. */
function readBuilder(node: Node, seen: Set<Node>): LayerModel[] | { reason: string; at: Node } {
  const expr = unwrap(node);
  const call = methodCall(expr);
  if (call?.name === 'use' && isBuilder(call.receiver)) {
    const outer = readBuilder(call.receiver, seen);
    if (!Array.isArray(outer)) return outer;
    const arg = call.args[0];
    if (arg === undefined || call.args.length !== 1) return { reason: `.use() takes one layer here, got ${call.args.length} arguments`, at: expr };
    if (Node.isSpreadElement(arg)) return { reason: 'its layers come from a spread array, known only at run time', at: arg };
    if (isBuilder(arg)) {
      const inner = readBuilder(arg, seen);
      return Array.isArray(inner) ? [...outer, ...inner] : inner;
    }
    return [...outer, resolveLayer(arg)];
  }
  if (Node.isIdentifier(expr)) {
    const decl = declarationOf(expr);
    if (decl === undefined) return { reason: `'${expr.getText()}' cannot be resolved`, at: expr };
    if (seen.has(decl)) return { reason: `'${expr.getText()}' is defined in terms of itself`, at: expr };
    seen.add(decl);
    const init = constInitializer(decl);
    if (typeof init === 'string') return { reason: `the builder ${init} (a conditional .use)`, at: expr };
    return readBuilder(init, seen);
  }
  if (Node.isCallExpression(expr)) {
    if (call?.name === 'reduce' || call?.name === 'reduceRight') return { reason: 'it is built in a loop (reduce over an array of layers)', at: expr };
    const callee = unwrap(expr.getExpression());
    if (Node.isIdentifier(callee) && isShallotDeclaration(declarationOf(callee), 'chain')) return [];
    return { reason: `its builder is ${describeNode(expr)}, which shallot cannot see into`, at: expr };
  }
  return { reason: `its builder is ${describeNode(expr)}`, at: expr };
}

/** Why an exported app's initializer is not a static chain (when `readBuilder` did not already say). */
function opaqueReason(init: Node): { reason: string; at: Node } {
  const loop = [init, ...init.getDescendants()].find(
    (n) => isLoop(n) || (Node.isCallExpression(n) && /^(reduce|reduceRight|forEach|map)$/.test(methodCall(n)?.name ?? '')),
  );
  if (loop !== undefined) return { reason: 'it is built in a loop', at: loop };
  return { reason: `it is ${describeNode(init)}, not chain()…use(…).handle(…)`, at: init };
}

/** The chains exported by `file`. */
export function findChains(file: SourceFile): ModuleModel {
  const chains: ChainModel[] = [];
  const opaque: OpaqueChain[] = [];
  for (const [name, decls] of file.getExportedDeclarations()) {
    for (const decl of decls) {
      if (!Node.isVariableDeclaration(decl) || decl.getSourceFile() !== file) continue;
      const written = decl.getInitializer();
      const handled = written !== undefined && methodCall(unwrap(written))?.name === 'handle';
      if (!isApp(decl.getNameNode()) && !handled) continue;
      const init = constInitializer(decl);
      if (typeof init === 'string') {
        opaque.push({ name, file, node: decl, reason: init });
        continue;
      }
      const call = methodCall(init);
      if (call?.name !== 'handle' || (!isBuilder(call.receiver) && !handled)) {
        const { reason, at } = opaqueReason(init);
        opaque.push({ name, file, node: at, reason });
        continue;
      }
      const layers = readBuilder(call.receiver, new Set());
      if (!Array.isArray(layers)) {
        opaque.push({ name, file, node: layers.at, reason: layers.reason });
        continue;
      }
      const handlerArg = call.args[0];
      if (handlerArg === undefined) continue; // a type error, reported by verify
      chains.push({ name, file, node: init, layers, handler: resolveHandler(handlerArg) });
    }
  }
  const byPos = <T extends { node: Node }>(a: T, b: T): number => a.node.getStart() - b.node.getStart();
  return { file, chains: chains.sort(byPos), opaque: opaque.sort(byPos) };
}
