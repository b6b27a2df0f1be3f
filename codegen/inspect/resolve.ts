/**
 * Resolves a `.use(…)` argument or a handler to the function literal that
 * defines it, following identifiers across modules (through imports and
 * re-exports) to their declarations.
 */
import { Node, VariableDeclarationKind, type Identifier } from 'ts-morph';
import type { FunctionLiteral, HandlerModel, LayerModel } from '../model.js';
import { isLayerValue, isShallotDeclaration, layerName, layerSync, unwrap } from './shapes.js';

/** The declaration an identifier stands for, across imports; undefined for globals and parameters we cannot follow. */
export function declarationOf(id: Identifier): Node | undefined {
  let symbol = id.getSymbol();
  if (symbol === undefined) return undefined;
  if (symbol.isAlias()) symbol = symbol.getAliasedSymbol() ?? symbol;
  return symbol.getDeclarations()[0];
}

/** The initializer of a `const`, or the reason it cannot be read statically. */
export function constInitializer(decl: Node): Node | string {
  if (!Node.isVariableDeclaration(decl)) return `it is declared by ${decl.getKindName()}, not by a const`;
  const kind = decl.getVariableStatement()?.getDeclarationKind();
  if (kind !== VariableDeclarationKind.Const) return `'${decl.getName()}' is declared with ${kind ?? 'a binding pattern'}, so its value can change at run time`;
  const init = decl.getInitializer();
  return init === undefined ? `'${decl.getName()}' has no initializer` : unwrap(init);
}

const isFunctionLiteral = (node: Node): node is FunctionLiteral =>
  Node.isArrowFunction(node) || Node.isFunctionExpression(node) || Node.isFunctionDeclaration(node);

/** The function literal `node` evaluates to, or why there is none. */
export function functionOf(node: Node, seen = new Set<Node>()): FunctionLiteral | string {
  const expr = unwrap(node);
  if (isFunctionLiteral(expr)) return expr;
  if (Node.isIdentifier(expr)) {
    const decl = declarationOf(expr);
    if (decl === undefined) return `'${expr.getText()}' cannot be resolved`;
    if (seen.has(decl)) return `'${expr.getText()}' refers to itself`;
    seen.add(decl);
    if (Node.isFunctionDeclaration(decl)) return decl.getBody() === undefined ? `'${expr.getText()}' is only declared (an overload or ambient)` : decl;
    if (Node.isParameterDeclaration(decl)) return `'${expr.getText()}' is a parameter, known only at run time`;
    const init = constInitializer(decl);
    return typeof init === 'string' ? init : functionOf(init, seen);
  }
  return `it is ${describeNode(expr)}, computed at run time`;
}

/** A few words for a node in messages. */
export function describeNode(node: Node): string {
  if (Node.isCallExpression(node)) return `the result of calling ${node.getExpression().getText()}(…)`;
  if (Node.isConditionalExpression(node)) return 'a conditional expression';
  if (Node.isElementAccessExpression(node)) return `an element of ${node.getExpression().getText()}`;
  if (Node.isPropertyAccessExpression(node)) return `the property ${node.getText()}`;
  return `a ${node.getKindName()}`;
}

/**
 * A layer from the expression that made it. `middleware('name', fn)` gives a
 * literal the generator can inline; a factory call (`rateLimit(10)`) gives a
 * layer called directly (its literal closes over the factory's parameters), but
 * its literal is still found for verify when the factory returns one.
 */
export function resolveLayer(use: Node, seen = new Set<Node>()): LayerModel {
  const expr = unwrap(use);
  const name = layerName(expr);
  const sync = layerSync(expr);
  const opaque = (reason: string, fn?: FunctionLiteral): LayerModel => ({ name, sync, fn, opaque: reason, use });

  if (Node.isIdentifier(expr)) {
    const decl = declarationOf(expr);
    if (decl === undefined || seen.has(decl)) return opaque(`'${expr.getText()}' cannot be resolved statically`);
    seen.add(decl);
    const init = constInitializer(decl);
    if (typeof init === 'string') return opaque(init);
    return { ...resolveLayer(init, seen), use };
  }
  if (Node.isCallExpression(expr) && isLayerValue(expr)) {
    const [nameArg, fnArg] = expr.getArguments();
    const callee = unwrap(expr.getExpression());
    const direct = isMiddlewareCallee(callee);
    if (direct && fnArg !== undefined) {
      const fn = functionOf(fnArg);
      const nameNode = nameArg === undefined ? undefined : unwrap(nameArg);
      const literalName = nameNode !== undefined && Node.isStringLiteral(nameNode) ? nameNode.getLiteralValue() : name;
      if (typeof fn === 'string') return { name: literalName, sync, fn: undefined, opaque: `its function cannot be read: ${fn}`, use };
      return { name: literalName, sync, fn, opaque: undefined, use };
    }
    const factory = functionOf(callee);
    const inner = typeof factory === 'string' ? undefined : returnedLiteral(factory);
    return opaque(`it is made at run time by ${callee.getText()}(…)`, inner);
  }
  return opaque(`it is ${describeNode(expr)}`);
}

/** Whether `callee` is shallot's `middleware` or `middleware.sync`. */
function isMiddlewareCallee(callee: Node): boolean {
  const base = Node.isPropertyAccessExpression(callee) && callee.getName() === 'sync' ? callee.getExpression() : callee;
  return Node.isIdentifier(base) && isShallotDeclaration(declarationOf(base), 'middleware');
}

/** The literal of `middleware('x', literal)` that a factory returns, for verify. */
function returnedLiteral(factory: FunctionLiteral): FunctionLiteral | undefined {
  const body = factory.getBody();
  if (body === undefined) return undefined;
  const calls = [body, ...body.getDescendants()].filter((n) => Node.isCallExpression(n) && isLayerValue(n) && isMiddlewareCallee(unwrap(n.getExpression())));
  const call = calls[0];
  if (call === undefined || !Node.isCallExpression(call)) return undefined;
  const fnArg = call.getArguments()[1];
  if (fnArg === undefined) return undefined;
  const fn = functionOf(fnArg);
  return typeof fn === 'string' ? undefined : fn;
}

/** The handler from `.handle(arg)`. */
export function resolveHandler(arg: Node): HandlerModel {
  const fn = functionOf(arg);
  return typeof fn === 'string' ? { fn: undefined, opaque: fn, node: arg } : { fn, opaque: undefined, node: arg };
}
