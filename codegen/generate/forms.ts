/**
 * The normal forms: the only shapes of a layer (or handler) that are inlined,
 * each with the exact semantics docs/codegen.md writes down. Everything else is
 * called, through the runtime's own kernel, and the reason is printed above
 * the call. When in doubt, call.
 *
 * A literal is a candidate when it is an arrow or a function (not a generator,
 * not generic) whose parameters are plain (at most `req` and `next`, no rest,
 * no defaults; `next` a plain name), whose names can be copied (see
 * analysis/bindings.ts), and whose kind matches the layer's (`async` for
 * `middleware.sync` is called). Its `next` must be referenced at most once, as
 * a direct call with at most one argument, in the layer's own code, outside
 * loops. Where that call sits decides the form:
 *
 * - `never`: no `next` (or never referenced): the layers below never run here.
 * - `pass`: the body only hands up `next()` (`next()`, `return next()`,
 *   `return await next()`, `const r = await next(); return r;`), no additions,
 *   `req` unread or a plain name: the copy is the layers below, nothing else.
 * - `sites`: calls awaited as a statement (`await next(a);`), as the
 *   initializer of a one-declaration statement (`const r = await next(a);`, in
 *   a branch of `?:` too), as an assignment statement (`r = await next(a);`),
 *   returned (`return [await] next(a)`, a concise body, in a branch of `?:`),
 *   or as the first thing their statement evaluates, everything before them a
 *   stable read (`withHeader(await next(), …)`, `(await next()).status`). In an
 *   async layer, a call that is not awaited is inlined only when returned, and
 *   then only outside every `try` that could catch or finish before its promise
 *   settles (a `try` block with a `catch` or `finally`, a `catch` with a
 *   `finally`) and outside the scope of `using`. In a sync layer every one of
 *   these positions is inlined without `await`. A plain function in an async
 *   layer (`(req, next) => next()`) only in return position.
 */
import { Node, SyntaxKind, VariableDeclarationKind, type CallExpression, type ParameterDeclaration, type SourceFile } from 'ts-morph';
import type { Bindings } from '../analysis/bindings.js';
import { parametersOf, scanBindings } from '../analysis/bindings.js';
import { jsxProblem } from '../analysis/jsx.js';
import { analyseNext, type Destination, type NextCall } from '../analysis/next-flow.js';
import { isUsing, ownerOf, unwrap, type FunctionLiteral } from '../analysis/syntax.js';
import { workOf } from '../analysis/work.js';
import { foreignCode } from '../analysis/package.js';

/** What the literal is run as: a layer made by `middleware()` (async) or `middleware.sync()` (sync), or the handler. */
export type Role = 'async' | 'sync' | 'handler';

/** One call of `next()` and where its result goes. */
export interface Site {
  readonly call: CallExpression;
  readonly destination: Destination;
}

export type Form =
  | { readonly kind: 'never' }
  /** Its one site is all it does; kept, for where the steps below must still be entered as the runtime enters them. */
  | { readonly kind: 'pass'; readonly sites: readonly [Site] }
  /** One call or more (on exclusive paths: verify proved at most one runs); with one, the steps below are inlined at it, with more they run in one function all of them call. */
  | { readonly kind: 'sites'; readonly sites: readonly Site[] };

export interface Literal {
  readonly fn: FunctionLiteral;
  readonly role: Role;
  readonly bindings: Bindings;
  readonly form: Form;
  readonly req: ParameterDeclaration | undefined;
  readonly next: ParameterDeclaration | undefined;
}

/** Whether `node` is left before a promise it returns settles: inside a `try` that catches or finishes, or in the scope of `using`. */
function settlesOutside(node: Node, fn: FunctionLiteral): string | undefined {
  for (let n: Node = node, p = n.getParent(); p !== undefined && n !== fn; n = p, p = p.getParent()) {
    if (Node.isTryStatement(p)) {
      if (n === p.getTryBlock() && (p.getCatchClause() !== undefined || p.getFinallyBlock() !== undefined)) return 'a try block';
      if (n === p.getCatchClause() && p.getFinallyBlock() !== undefined) return 'a catch clause with a finally';
    }
    if ((Node.isBlock(p) || Node.isCaseClause(p) || Node.isDefaultClause(p)) && p.getStatements().some((s) => isUsing(s) && s.getStart() < node.getStart())) return 'the scope of a using declaration';
  }
  return undefined;
}

/**
 * Whether a layer that is called (not inlined) may run code of its own while the
 * layers below it are still running: after `next()` handed it a promise and
 * before that promise settled (a `finally` or `using` around `return next()`,
 * work next to `next()` in `Promise.all`, a promise kept and awaited later, a
 * callback). Undefined when it waits for `next()` on every use; a layer whose
 * function shallot cannot read may. Below such a layer, the generated code
 * keeps a yield at every boundary where the runtime chain awaits, so that its
 * code meets the layers below exactly as far along as in the runtime chain.
 */
export function runsAlongside(fn: FunctionLiteral | undefined, sync: boolean | undefined): string | undefined {
  if (sync === true) return undefined;
  if (fn === undefined) return 'its code cannot be read';
  const analysis = analyseNext(fn, 'async');
  if (analysis.references.length !== analysis.calls.length) return 'it passes next around';
  for (const { call, nested, destination: d } of analysis.calls) {
    if (nested) return 'it calls next() in a callback';
    if (d.awaited) continue;
    let end: Node = d.site;
    if (d.kind === 'chained') {
      // `return next().then(…)`: the chain's end must be returned.
      for (let n: Node = call, p = n.getParent(); p !== undefined; n = p, p = p.getParent()) {
        if (Node.isPropertyAccessExpression(p) || Node.isCallExpression(p) || Node.isParenthesizedExpression(p) || Node.isAsExpression(p)) continue;
        if (!Node.isReturnStatement(p) && p !== fn) return 'it keeps next()\'s promise';
        end = n;
        break;
      }
    } else if (d.kind !== 'return') return "it keeps next()'s promise while it runs on";
    const where = settlesOutside(d.statement ?? end, fn);
    if (where !== undefined) return `it returns next()'s promise from ${where}`;
  }
  // Work it starts and does not wait for (the rule an inlined copy follows: startsWork).
  return analysis.calls.length === 0 ? undefined : spawnsWork(fn);
}

/**
 * Whether an inlined layer starts work of its own that it does not wait for (spawnsWork): work it may start before
 * it calls `next()` runs alongside the layers below, so the generated code keeps a yield at every boundary below
 * where the runtime chain awaits (as below a called layer that runs alongside), and the work meets the layers below
 * as far along as in the runtime chain. Its work anywhere counts, not only the code written before the first
 * `next()`: on another path (a later `case`, an `else`), work written after one `next()` call runs before another.
 */
export function startsWork(lit: Literal): string | undefined {
  // A sync layer's layers below are sync: they have no yield for the work to meet them at.
  if (lit.form.kind === 'never' || lit.role === 'sync') return undefined;
  return spawnsWork(lit.fn);
}

/**
 * Whether a layer's (or the handler's) code starts work anywhere, before or after its `next()`, that it neither
 * waits for nor returns (analysis/work.ts; `next()` itself, and what is chained on it, are its answer, waited for
 * above). That work runs alongside the code the layers above run after their `next()`: at every boundary above it
 * where the runtime chain awaits, the generated code keeps the yield, so that the work meets that code as far along
 * as in the runtime chain (a `queueMicrotask` after `await next()` runs before the after-code of the layer above, as
 * at run time). Undefined when there is none.
 */
export function spawnsWork(fn: FunctionLiteral): string | undefined {
  const next = parametersOf(fn)[1]?.getNameNode();
  const nextSymbol = next !== undefined && Node.isIdentifier(next) ? next.getSymbol() : undefined;
  // `next()`, and what is chained on it (`next().then(…)`).
  const skip = (call: CallExpression): boolean => {
    for (let e: Node = call; ; ) {
      e = unwrap(e);
      if (Node.isCallExpression(e) || Node.isPropertyAccessExpression(e) || Node.isElementAccessExpression(e)) e = e.getExpression();
      else return nextSymbol !== undefined && Node.isIdentifier(e) && e.getSymbol() === nextSymbol;
    }
  };
  return workOf(fn, { skip });
}

/** Whether the body is nothing but handing up `next()` (see `pass`). */
function handsUp(fn: FunctionLiteral, d: Destination, call: CallExpression): boolean {
  if (call.getArguments().length > 0 || d.branches.length > 0) return false;
  const body = fn.getBody();
  if (body === undefined) return false;
  if (!Node.isBlock(body)) return d.kind === 'return';
  const statements = body.getStatements();
  if (statements.length === 1) return d.kind === 'return' && d.statement === statements[0];
  if (statements.length !== 2 || d.kind !== 'declare' || d.statement !== statements[0] || (!d.awaited && fn.isAsync())) return false;
  const [first, second] = statements as unknown as [Node, Node];
  const name = Node.isVariableStatement(first) ? first.getDeclarations()[0]?.getNameNode() : undefined;
  const returned = Node.isReturnStatement(second) ? second.getExpression() : undefined;
  if (name === undefined || !Node.isIdentifier(name) || returned === undefined || isUsing(first)) return false;
  const value = unwrap(returned);
  return Node.isIdentifier(value) && value.getSymbol() !== undefined && value.getSymbol() === name.getSymbol();
}

/** Why one call of next() is not at an inlined site, if it is not. */
function siteProblem(fn: FunctionLiteral, role: Role, only: NextCall): string | undefined {
  const { call, destination: d } = only;
  if (only.nested) return 'it calls next inside a nested function';
  if (only.inLoop) return 'it calls next inside a loop';
  const args = call.getArguments();
  if (args.length > 1) return 'it calls next with more than one argument';
  if (args.some((a) => Node.isSpreadElement(a))) return 'it calls next with a spread argument';
  if (d.kind === 'declare' && isUsing(d.statement!)) return "it declares next()'s response with using";
  const supported = d.kind === 'statement' || d.kind === 'declare' || d.kind === 'assign' || d.kind === 'return' || d.kind === 'operand';
  if (!supported) return `its next() is ${d.kind === 'chained' ? 'used as a promise (.then/.catch/.finally)' : 'not a statement, a declaration, an assignment, a return, or the first thing its statement evaluates'}`;
  if (role === 'async' && !d.awaited) {
    if (d.kind !== 'return') return `its next() is ${fn.isAsync() ? 'neither awaited nor returned' : 'a promise a plain function keeps instead of returning it'}`;
    const where = settlesOutside(d.statement ?? d.site, fn);
    if (where !== undefined) return `it returns next()'s promise from ${where}, which ends before the promise settles`;
  }
  if (ownerOf(call) !== fn) return 'it calls next inside a nested function';
  return undefined;
}

/** A name a parameter binds that a `var` or a function declaration of the body declares again (one binding in JavaScript). */
function redeclaredParameter(fn: FunctionLiteral, params: readonly ParameterDeclaration[]): string | undefined {
  const bound = new Set(params.flatMap((p) => boundNames(p.getNameNode())));
  if (bound.size === 0) return undefined;
  const body = fn.getBody();
  if (body === undefined) return undefined;
  for (const d of body.getDescendantsOfKind(SyntaxKind.VariableDeclaration)) {
    const list = d.getParent();
    if (!Node.isVariableDeclarationList(list) || list.getDeclarationKind() !== VariableDeclarationKind.Var || ownerOf(d) !== fn) continue;
    const again = boundNames(d.getNameNode()).find((name) => bound.has(name));
    if (again !== undefined) return again;
  }
  for (const f of body.getDescendantsOfKind(SyntaxKind.FunctionDeclaration)) {
    const name = f.getName();
    if (name !== undefined && bound.has(name) && ownerOf(f) === fn) return name;
  }
  return undefined;
}

/** The names a binding name (an identifier or a pattern) declares. */
function boundNames(name: Node): string[] {
  if (Node.isIdentifier(name)) return [name.getText()];
  if (Node.isObjectBindingPattern(name) || Node.isArrayBindingPattern(name)) return name.getElements().flatMap((e) => (Node.isBindingElement(e) ? boundNames(e.getNameNode()) : []));
  return [];
}

/** The literal as the generator inlines it, or the reason it is called instead. */
export function readLiteral(fn: FunctionLiteral, role: Role, into: SourceFile): Literal | string {
  const syntax = jsxProblem(fn, into);
  if (syntax !== undefined) return syntax;
  if ((Node.isFunctionDeclaration(fn) || Node.isFunctionExpression(fn)) && fn.isGenerator()) return 'it is a generator';
  if (role === 'sync' && fn.isAsync()) return 'it is an async function given to middleware.sync (the runtime guard reports it)';
  const params = parametersOf(fn);
  if (params.length > (role === 'handler' ? 1 : 2)) return `it takes ${params.length} parameters`;
  for (const p of params) {
    if (p.isRestParameter()) return `its parameter ${p.getName()} is a rest parameter`;
    if (p.hasInitializer()) return `its parameter ${p.getName()} has a default value`;
  }
  const [req, next] = params;
  if (next !== undefined && !Node.isIdentifier(next.getNameNode())) return 'its next parameter is destructured';
  const redeclared = redeclaredParameter(fn, params);
  if (redeclared !== undefined) return `it declares its parameter '${redeclared}' again (var or function), which a copy, binding the parameter with let, cannot`;
  const foreign = foreignCode(fn.getSourceFile(), into);
  if (foreign !== undefined) return foreign;
  const bindings = scanBindings(fn);
  if (typeof bindings === 'string') return bindings;
  const base = { fn, role, bindings, req, next };
  if (role === 'handler' || next === undefined) return { ...base, form: { kind: 'never' } };

  const analysis = analyseNext(fn, role);
  if (analysis.references.length === 0) return { ...base, form: { kind: 'never' } };
  if (analysis.calls.length < analysis.references.length) return 'it passes next around instead of calling it';
  const sites: Site[] = [];
  for (const only of analysis.calls) {
    const why = siteProblem(fn, role, only);
    if (why !== undefined) return analysis.calls.length === 1 ? why : `${why} (one of its ${analysis.calls.length} calls)`;
    sites.push({ call: only.call, destination: only.destination });
  }
  const [first] = sites;
  if (sites.length === 1 && handsUp(fn, first!.destination, first!.call) && (req === undefined || Node.isIdentifier(req.getNameNode()))) return { ...base, form: { kind: 'pass', sites: [first!] } };
  return { ...base, form: { kind: 'sites', sites } };
}
