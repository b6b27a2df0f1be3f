/**
 * Whether a layer's function literal can be inlined, and how: where its single
 * `next()` call sits and how the code around it is split. A literal that
 * cannot be inlined gets the reason, and the generator calls it directly.
 */
import { Node, VariableDeclarationKind, type CallExpression, type ParameterDeclaration, type Statement } from 'ts-morph';
import type { FunctionLiteral } from '../model.js';
import { isLoop, isTransparent as transparent, unwrap } from '../inspect/shapes.js';
import { scan, type Scope } from './scope.js';

export interface LiteralPlan {
  readonly fn: FunctionLiteral;
  readonly scope: Scope;
  readonly async: boolean;
  readonly req: ParameterDeclaration | undefined;
  readonly next: ParameterDeclaration | undefined;
  /** The `next(…)` call, when the layer calls it. */
  readonly call: CallExpression | undefined;
  /** What the inner layers' result replaces: `await next(…)` or `next(…)`. */
  readonly site: Node | undefined;
  /** `return`: the call is in return position (through `?:`); `hoist`: inner layers run just before `statement`. */
  readonly mode: 'return' | 'hoist' | 'none';
  readonly statement: Statement | undefined;
  /**
   * The layer only hands up what next() gave it: its whole body is `return next()`,
   * `return await next()`, or `const res = await next(); return res;` (no arguments to
   * next, nothing else). The generator emits nothing for it: the response of the
   * layers below flows straight through.
   */
  readonly passThrough: boolean;
}

/** Whether `fn`'s body does nothing but call next() (no arguments) and return its result: see {@link LiteralPlan.passThrough}. */
function isPassThrough(fn: FunctionLiteral, call: CallExpression, site: Node): boolean {
  if (call.getArguments().length > 0) return false;
  const body = fn.getBody();
  if (body === undefined) return false;
  if (!Node.isBlock(body)) return unwrap(body) === site;
  const statements = body.getStatements();
  if (statements.length === 1) {
    const only = statements[0]!;
    const value = Node.isReturnStatement(only) ? only.getExpression() : undefined;
    return value !== undefined && unwrap(value) === site;
  }
  if (statements.length !== 2) return false;
  const [first, second] = statements as [Statement, Statement];
  if (!Node.isVariableStatement(first) || !Node.isReturnStatement(second)) return false;
  if (first.getDeclarationKind() !== VariableDeclarationKind.Const && first.getDeclarationKind() !== VariableDeclarationKind.Let) return false;
  const declarations = first.getDeclarations();
  const name = declarations[0]?.getNameNode();
  const init = declarations[0]?.getInitializer();
  const returned = second.getExpression();
  if (declarations.length !== 1 || !Node.isIdentifier(name) || init === undefined || unwrap(init) !== site || returned === undefined) return false;
  const value = unwrap(returned);
  return Node.isIdentifier(value) && value.getSymbol() !== undefined && value.getSymbol() === name.getSymbol();
}


/** Whether `site` is in return position: a `return`'s value, or a concise body, through `?:` branches and parentheses. */
function returnPosition(site: Node, fn: FunctionLiteral): Statement | 'body' | undefined {
  let n: Node = site;
  for (;;) {
    const p = n.getParent();
    if (p === undefined) return undefined;
    if (Node.isParenthesizedExpression(p)) n = p;
    else if (Node.isConditionalExpression(p) && p.getCondition() !== n) n = p;
    else if (Node.isReturnStatement(p)) return p;
    else if (p === fn) return 'body';
    else return undefined;
  }
}

/** The statement in which `site` is evaluated first (so the inner layers can run just before it), if any. */
function firstEvaluatedIn(site: Node): Statement | undefined {
  let n: Node = site;
  for (;;) {
    const p = n.getParent();
    if (p === undefined) return undefined;
    if (transparent(p) || Node.isAwaitExpression(p)) n = p;
    else if (Node.isPropertyAccessExpression(p) || Node.isElementAccessExpression(p)) {
      if (p.getExpression() !== n) return undefined;
      n = p;
    } else if (Node.isCallExpression(p)) {
      if (p.getExpression() !== n) return undefined;
      n = p;
    } else if (Node.isBinaryExpression(p)) {
      const op = p.getOperatorToken().getText();
      if (p.getLeft() === n && op !== '=') n = p;
      else if (p.getRight() === n && op === '=' && Node.isIdentifier(p.getLeft())) n = p;
      else return undefined;
    } else if (Node.isConditionalExpression(p)) {
      if (p.getCondition() !== n) return undefined;
      n = p;
    } else if (Node.isVariableDeclaration(p)) {
      const list = p.getParent();
      if (p.getInitializer() !== n || !Node.isVariableDeclarationList(list) || list.getDeclarations()[0] !== p) return undefined;
      const statement = list.getParent();
      return Node.isVariableStatement(statement) ? statement : undefined;
    } else if (Node.isExpressionStatement(p) || Node.isReturnStatement(p) || Node.isThrowStatement(p)) return p;
    else if (Node.isIfStatement(p) || Node.isSwitchStatement(p)) return p.getExpression() === n ? p : undefined;
    else return undefined;
  }
}

/** How to inline `fn` (a layer when `role` is 'layer', else the handler), or why it cannot be. */
export function planLiteral(fn: FunctionLiteral, role: 'layer' | 'handler'): LiteralPlan | string {
  if (Node.isFunctionDeclaration(fn) || Node.isFunctionExpression(fn)) {
    if (fn.isGenerator()) return 'it is a generator';
  }
  const params = fn.getParameters();
  if (params.length > (role === 'layer' ? 2 : 1)) return `it takes ${params.length} parameters`;
  for (const p of params) {
    if (p.isRestParameter()) return `its parameter ${p.getName()} is a rest parameter`;
    if (p.hasInitializer()) return `its parameter ${p.getName()} has a default value`;
  }
  const [req, next] = params;
  const scope = scan(fn);
  if (typeof scope === 'string') return scope;
  const base = { fn, scope, async: fn.isAsync(), req, next, passThrough: false };
  if (next === undefined) return { ...base, call: undefined, site: undefined, mode: 'none', statement: undefined };
  const nextName = next.getNameNode();
  if (!Node.isIdentifier(nextName)) return 'its next parameter is destructured';
  const symbol = nextName.getSymbol()?.compilerSymbol;
  const uses = scope.refs.filter((r) => r.symbol === symbol && r.id !== nextName);
  if (uses.length === 0) return { ...base, call: undefined, site: undefined, mode: 'none', statement: undefined };
  if (uses.length > 1) return `it refers to next ${uses.length} times (inlining needs exactly one call)`;
  const use = uses[0]!.id;
  const call = use.getParent();
  if (!Node.isCallExpression(call) || call.getExpression() !== use) return 'it passes next around instead of calling it';
  if (call.getArguments().length > 1) return 'it calls next with more than one argument';
  const owner = call.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a));
  if (owner !== fn) return 'it calls next inside a nested function';
  if (call.getFirstAncestor((a) => a === fn || isLoop(a)) !== fn) return 'it calls next inside a loop';
  let site: Node = call;
  while (transparent(site.getParentOrThrow())) site = site.getParentOrThrow();
  if (Node.isAwaitExpression(site.getParentOrThrow())) site = site.getParentOrThrow();
  else site = call;
  const passThrough = isPassThrough(fn, call, site);
  const ret = returnPosition(site, fn);
  if (ret !== undefined) return { ...base, passThrough, call, site, mode: 'return', statement: ret === 'body' ? undefined : ret };
  if (base.async && !Node.isAwaitExpression(site)) return 'it neither awaits nor returns next()';
  const statement = firstEvaluatedIn(site);
  if (statement === undefined) return 'its next() call is not the first thing its statement evaluates';
  return { ...base, passThrough, call, site, mode: 'hoist', statement };
}
