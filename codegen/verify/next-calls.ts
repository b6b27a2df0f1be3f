/**
 * The two mistakes with `next()` that types cannot see: a call whose promise is
 * dropped (neither awaited nor returned), and a call that can run twice on one
 * path (in a loop, or after an earlier call that did not end the layer).
 */
import { Node, type CallExpression } from 'ts-morph';
import { at, type Diagnostic } from '../diagnostics.js';
import { isLoop, isTransparent as transparent } from '../inspect/shapes.js';
import type { FunctionLiteral } from '../model.js';


/** The calls of `fn`'s next parameter (its second), in source order. */
export function nextCalls(fn: FunctionLiteral): CallExpression[] {
  const param = fn.getParameters()[1];
  const name = param?.getNameNode();
  if (name === undefined || !Node.isIdentifier(name)) return [];
  const symbol = name.getSymbol();
  return fn
    .getDescendants()
    .filter((n): n is CallExpression => Node.isCallExpression(n) && Node.isIdentifier(n.getExpression()) && n.getExpression().getSymbol() === symbol);
}

/** Where the promise of a call ends up: observed (awaited, returned, passed on) or dropped. */
function dropped(call: CallExpression): boolean {
  let n: Node = call;
  for (;;) {
    const p = n.getParentOrThrow();
    if (transparent(p)) n = p;
    else if (Node.isPropertyAccessExpression(p) && /^(then|catch|finally)$/.test(p.getName()) && Node.isCallExpression(p.getParent())) n = p.getParentOrThrow();
    else if (Node.isVoidExpression(p) || Node.isExpressionStatement(p)) return true;
    else if (Node.isBinaryExpression(p) && p.getOperatorToken().getText() === ',' && p.getLeft() === n) return true;
    else return false;
  }
}


/** Whether running `a` ends the layer (a's statement returns or throws, or is followed by a return at its level). */
function ends(a: Node, fn: FunctionLiteral, upTo: Node): boolean {
  for (let n: Node | undefined = a; n !== undefined && n !== upTo && n !== fn; n = n.getParent()) {
    if (Node.isReturnStatement(n) || Node.isThrowStatement(n)) return true;
    const parent = n.getParent();
    if (Node.isBlock(parent) && Node.isStatement(n)) {
      const after = parent.getStatements().slice(n.getChildIndex() + 1);
      if (after.some((s) => Node.isReturnStatement(s) || Node.isThrowStatement(s))) return true;
    }
  }
  return false;
}

/** Whether `a` and `b` sit in branches that exclude each other. */
function exclusive(a: Node, b: Node): Node | undefined {
  const ancestorsA = new Set(a.getAncestors());
  const common = b.getAncestors().find((n) => ancestorsA.has(n));
  if (common === undefined) return undefined;
  if (Node.isIfStatement(common)) {
    const then = common.getThenStatement();
    const inThen = (n: Node): boolean => n === then || n.getAncestors().includes(then);
    return inThen(a) !== inThen(b) ? common : undefined;
  }
  if (Node.isConditionalExpression(common)) {
    const t = common.getWhenTrue();
    const inT = (n: Node): boolean => n === t || n.getAncestors().includes(t);
    return inT(a) !== inT(b) ? common : undefined;
  }
  return undefined;
}

/** The dropped-promise and twice-on-one-path diagnostics of one layer literal. */
export function checkNextCalls(fn: FunctionLiteral, layer: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  const calls = nextCalls(fn);
  const isAsync = fn.isAsync();
  for (const call of calls) {
    if (isAsync && dropped(call)) {
      out.push(at(call, 'dropped-next', `middleware '${layer}' calls next() without awaiting or returning it (missing await): write 'await next()' or 'return next()', or the layers below run unobserved and their errors are lost`));
    }
    const loop = call.getFirstAncestor((n) => n === fn || isLoop(n));
    const owner = call.getFirstAncestor((n) => Node.isFunctionLikeDeclaration(n));
    if (loop !== undefined && loop !== fn && owner === fn) {
      out.push(at(call, 'next-twice', `middleware '${layer}' calls next() inside a loop, so it can run the rest of the chain more than once: call it once per request`));
    }
  }
  for (let i = 0; i < calls.length; i++) {
    for (let j = i + 1; j < calls.length; j++) {
      const a = calls[i]!;
      const b = calls[j]!;
      if (exclusive(a, b) !== undefined) continue;
      const common = a.getAncestors().find((n) => b.getAncestors().includes(n)) ?? fn;
      const tryCatch = Node.isTryStatement(common) && common.getCatchClause() !== undefined && b.getAncestors().includes(common.getCatchClause()!);
      if (!tryCatch && ends(a, fn, common)) continue;
      const { line } = a.getSourceFile().getLineAndColumnAtPos(a.getStart());
      out.push(at(b, 'next-twice', `middleware '${layer}' can call next() twice on one path (again after line ${line}): call it at most once per request`));
    }
  }
  return out;
}
