/**
 * The one analysis of `next()` in a layer's function, shared by verify (which
 * reports what it proves wrong) and generate (which inlines only the shapes it
 * finds here): where `next` is referenced, where each call's result goes, and,
 * by abstract interpretation over the function's control flow (sequence,
 * branches, short-circuits, loops, switch fall-through, try/catch/finally,
 * labelled break and continue), whether a path can call it twice, or keep its
 * promise in a variable that a path to the end never reads.
 *
 * A state is one path's facts so far: how many times it called `next()` (0, 1,
 * or 2 for more), the last call, and the call whose promise sits unobserved in a
 * variable. The walk carries sets of states; loops run to a fixpoint (the state
 * space is finite), `finally` runs once for each way its `try` can end.
 */
import { Node, SyntaxKind, type CallExpression, type Identifier, type ts } from 'ts-morph';
import { isFunctionBoundary, isLoop, isTransparent, methodCall, ownerOf, type FunctionLiteral } from './syntax.js';

/** Where a `next()` call's result goes, read off the syntax around it. */
export interface Destination {
  /**
   * `statement`: an expression statement (`await next();`, `next();`);
   * `declare`: the initializer of a one-declaration variable statement;
   * `assign`: `x = …` as a statement, `x` a plain name;
   * `return`: a `return`'s value or an arrow's concise body (through `?:` branches);
   * `chained`: the receiver of `.then`/`.catch`/`.finally`;
   * `dropped`: `void next()` or the left of a comma;
   * `other`: anything else (an argument, an element, an operand).
   */
  readonly kind: 'statement' | 'declare' | 'assign' | 'return' | 'chained' | 'dropped' | 'other';
  /** Whether the call is awaited directly (`await next()`, through parentheses and casts). */
  readonly awaited: boolean;
  /** The `await next(…)` or `next(…)` expression (with its transparent wrappers) that the result replaces. */
  readonly site: Node;
  /** The statement holding the site (absent for a concise arrow body). */
  readonly statement: Node | undefined;
  /** The `?:` expressions the site sits in a branch of, outermost first (only for `return`). */
  readonly branches: readonly Node[];
}

export interface NextCall {
  readonly call: CallExpression;
  /** Whether the call sits in a function nested in the layer's (a callback), rather than in the layer's own code. */
  readonly nested: boolean;
  /** Whether it sits in a loop of the layer's own code. */
  readonly inLoop: boolean;
  readonly destination: Destination;
}

/** A problem the flow analysis proves. */
export type NextProblem =
  | { readonly kind: 'twice'; readonly call: CallExpression; readonly earlier: CallExpression }
  | { readonly kind: 'callback'; readonly call: CallExpression; readonly method: string }
  | { readonly kind: 'dropped'; readonly call: CallExpression }
  | { readonly kind: 'held'; readonly call: CallExpression; readonly variable: string };

export interface NextAnalysis {
  /** The `next` parameter's name, when it is a plain name. */
  readonly param: Identifier | undefined;
  /** Every reference to `next` in the function (its declaration left out), in source order. */
  readonly references: readonly Identifier[];
  /** The references that call it directly (`next(…)`). */
  readonly calls: readonly NextCall[];
  readonly problems: readonly NextProblem[];
}

/** Array methods (and globals) that call their callback any number of times. */
const ITERATING = /^(forEach|map|flatMap|filter|reduce|reduceRight|some|every|find|findIndex|findLast|findLastIndex|sort|toSorted|from|setInterval)$/;

/** Whether the call's result, wherever it goes, is a promise the layer must observe: the layer is async (`middleware()`). */
export type Role = 'async' | 'sync';

export function analyseNext(fn: FunctionLiteral, role: Role): NextAnalysis {
  const param = fn.getParameters()[1]?.getNameNode();
  if (param === undefined || !Node.isIdentifier(param)) return { param: undefined, references: [], calls: [], problems: [] };
  const symbol = param.getSymbol();
  const references: Identifier[] = [];
  if (symbol !== undefined) {
    for (const id of fn.getDescendantsOfKind(SyntaxKind.Identifier)) {
      if (id !== param && id.getText() === param.getText() && id.getSymbol() === symbol) references.push(id);
    }
  }
  const calls: NextCall[] = [];
  for (const id of references) {
    const call = id.getParent();
    if (!Node.isCallExpression(call) || call.getExpression() !== id) continue;
    const owner = ownerOf(call);
    const nested = owner !== fn;
    const inLoop = call.getFirstAncestor((a) => a === fn || isFunctionBoundary(a) || isLoop(a)) !== fn && !nested;
    calls.push({ call, nested, inLoop, destination: destinationOf(call, fn) });
  }
  const problems = new Flow(fn, role, new Map(calls.map((c) => [c.call, c])), symbol?.compilerSymbol).run();
  return { param, references, calls, problems };
}

/** Where `call`'s result goes (see {@link Destination}). */
export function destinationOf(call: CallExpression, fn: FunctionLiteral): Destination {
  let n: Node = call;
  while (isTransparent(n.getParentOrThrow())) n = n.getParentOrThrow();
  let awaited = false;
  if (Node.isAwaitExpression(n.getParentOrThrow())) {
    awaited = true;
    n = n.getParentOrThrow();
  }
  const site = n;
  const branches: Node[] = [];
  for (;;) {
    const p = n.getParentOrThrow();
    if (isTransparent(p)) n = p;
    else if (Node.isConditionalExpression(p) && p.getCondition() !== n) {
      branches.unshift(p);
      n = p;
    } else break;
  }
  const p = n.getParentOrThrow();
  const make = (kind: Destination['kind'], statement: Node | undefined): Destination => ({ kind, awaited, site, statement, branches: kind === 'return' ? branches : [] });
  if (branches.length > 0 && !(Node.isReturnStatement(p) || p === fn)) return make('other', undefined);
  if (Node.isReturnStatement(p)) return make('return', p);
  if (p === fn) return make('return', undefined);
  if (Node.isExpressionStatement(p)) return make('statement', p);
  if (Node.isVoidExpression(p)) return make('dropped', undefined);
  if (Node.isBinaryExpression(p)) {
    const op = p.getOperatorToken().getText();
    if (op === ',' && p.getLeft() === n) return make('dropped', undefined);
    if (op === '=' && p.getRight() === n && Node.isIdentifier(p.getLeft()) && Node.isExpressionStatement(p.getParent())) return make('assign', p.getParent());
  }
  if (Node.isVariableDeclaration(p) && p.getInitializer() === n) {
    const list = p.getParent();
    const statement = list?.getParent();
    if (Node.isVariableDeclarationList(list) && list.getDeclarations().length === 1 && Node.isVariableStatement(statement)) return make('declare', statement);
  }
  if (!awaited && Node.isPropertyAccessExpression(p) && p.getExpression() === n && /^(then|catch|finally)$/.test(p.getName()) && Node.isCallExpression(p.getParent())) {
    return make('chained', undefined);
  }
  return make('other', undefined);
}

/** Whether a promise-style chain starting at `call` (`next().then(…).catch(…)`) ends up dropped: as a statement, or under `void`. */
function chainDropped(call: CallExpression): boolean {
  let n: Node = call;
  for (;;) {
    const p = n.getParentOrThrow();
    if (isTransparent(p)) n = p;
    else if (Node.isPropertyAccessExpression(p) && /^(then|catch|finally)$/.test(p.getName()) && Node.isCallExpression(p.getParent())) n = p.getParentOrThrow();
    else return Node.isExpressionStatement(p) || Node.isVoidExpression(p) || (Node.isBinaryExpression(p) && p.getOperatorToken().getText() === ',' && p.getLeft() === n);
  }
}

interface State {
  readonly calls: 0 | 1 | 2;
  readonly last: CallExpression | undefined;
  /** The call whose promise is kept, unobserved, in `heldIn`. */
  readonly held: CallExpression | undefined;
  readonly heldIn: ts.Symbol | undefined;
}

/** A set of states, deduplicated by what tells them apart. */
class States {
  readonly #byKey = new Map<string, State>();
  static of(...states: State[]): States {
    const s = new States();
    for (const state of states) s.add(state);
    return s;
  }
  add(state: State): void {
    const key = `${state.calls}:${state.last?.getStart() ?? ''}:${state.held?.getStart() ?? ''}`;
    if (!this.#byKey.has(key)) this.#byKey.set(key, state);
  }
  addAll(other: States): this {
    for (const s of other) this.add(s);
    return this;
  }
  get size(): number {
    return this.#byKey.size;
  }
  map(f: (s: State) => State): States {
    const out = new States();
    for (const s of this) out.add(f(s));
    return out;
  }
  [Symbol.iterator](): Iterator<State> {
    return this.#byKey.values();
  }
  static union(...sets: (States | undefined)[]): States {
    const out = new States();
    for (const s of sets) if (s !== undefined) out.addAll(s);
    return out;
  }
}

/** How a statement can end: normally, or by return, throw, break or continue (per label, '' for none). */
interface Completion {
  normal: States;
  ret: States;
  thr: States;
  brk: Map<string, States>;
  cont: Map<string, States>;
}

const empty = (): Completion => ({ normal: new States(), ret: new States(), thr: new States(), brk: new Map(), cont: new Map() });

/** Merges the abrupt completions of `from` into `into` (not `normal`). */
function mergeAbrupt(into: Completion, from: Completion): void {
  into.ret.addAll(from.ret);
  into.thr.addAll(from.thr);
  for (const [label, s] of from.brk) into.brk.set(label, States.union(into.brk.get(label), s));
  for (const [label, s] of from.cont) into.cont.set(label, States.union(into.cont.get(label), s));
}

class Flow {
  readonly #problems = new Map<string, NextProblem>();
  /** Where the throw states of the expressions being walked go. */
  #thr = new States();

  constructor(
    readonly fn: FunctionLiteral,
    readonly role: Role,
    readonly calls: ReadonlyMap<CallExpression, NextCall>,
    readonly nextSymbol: ts.Symbol | undefined,
  ) {}

  run(): NextProblem[] {
    for (const { call, nested, destination } of this.calls.values()) {
      if (nested) {
        const callback = call.getFirstAncestor((a) => isFunctionBoundary(a));
        const parent = callback?.getParent();
        const method = Node.isCallExpression(parent) ? (methodCall(parent)?.name ?? parent.getExpression().getText()) : undefined;
        if (method !== undefined && ITERATING.test(method) && Node.isCallExpression(parent) && parent.getArguments().includes(callback!)) {
          this.#report({ kind: 'callback', call, method });
        }
        continue;
      }
      if (this.role !== 'async' || destination.awaited) continue;
      if (destination.kind === 'statement' || destination.kind === 'dropped' || (destination.kind === 'chained' && chainDropped(call))) this.#report({ kind: 'dropped', call });
    }
    const start = States.of({ calls: 0, last: undefined, held: undefined, heldIn: undefined });
    const body = this.fn.getBody();
    if (body === undefined) return [];
    let ends: States;
    if (Node.isBlock(body)) {
      const c = this.#statement(body, start);
      ends = States.union(c.normal, c.ret);
    } else {
      ends = this.#expr(body, start);
    }
    for (const s of ends) {
      if (s.held !== undefined) this.#report({ kind: 'held', call: s.held, variable: s.heldIn?.getName() ?? 'a variable' });
    }
    return [...this.#problems.values()].sort((a, b) => a.call.getStart() - b.call.getStart());
  }

  #report(problem: NextProblem): void {
    const key = `${problem.kind}:${problem.call.getStart()}`;
    if (!this.#problems.has(key)) this.#problems.set(key, problem);
  }

  // ---- statements ----

  #statement(node: Node, input: States, label?: string): Completion {
    const out = empty();
    if (input.size === 0) return out;
    out.thr.addAll(input); // any statement may throw before it changes anything
    const saved = this.#thr;
    this.#thr = out.thr;
    try {
      this.#statementInto(node, input, out, label);
    } finally {
      this.#thr = saved;
    }
    return out;
  }

  #statementInto(node: Node, input: States, out: Completion, label: string | undefined): void {
    if (Node.isBlock(node) || Node.isCaseClause(node) || Node.isDefaultClause(node)) {
      let current = input;
      for (const statement of node.getStatements()) {
        const c = this.#statement(statement, current);
        mergeAbrupt(out, c);
        current = c.normal;
      }
      out.normal.addAll(current);
      return;
    }
    if (Node.isExpressionStatement(node)) {
      out.normal.addAll(this.#expr(node.getExpression(), input));
      return;
    }
    if (Node.isVariableStatement(node)) {
      let current = input;
      for (const declaration of node.getDeclarations()) {
        const name = declaration.getNameNode();
        if (!Node.isIdentifier(name)) current = this.#expr(name, current); // defaults in a pattern run after the initializer, close enough
        const init = declaration.getInitializer();
        if (init !== undefined) current = this.#expr(init, current);
      }
      out.normal.addAll(current);
      return;
    }
    if (Node.isReturnStatement(node)) {
      const value = node.getExpression();
      out.ret.addAll(value === undefined ? input : this.#expr(value, input));
      return;
    }
    if (Node.isThrowStatement(node)) {
      out.thr.addAll(this.#expr(node.getExpression(), input));
      return;
    }
    if (Node.isIfStatement(node)) {
      const cond = this.#expr(node.getExpression(), input);
      const then = this.#statement(node.getThenStatement(), cond);
      mergeAbrupt(out, then);
      out.normal.addAll(then.normal);
      const otherwise = node.getElseStatement();
      if (otherwise === undefined) out.normal.addAll(cond);
      else {
        const e = this.#statement(otherwise, cond);
        mergeAbrupt(out, e);
        out.normal.addAll(e.normal);
      }
      return;
    }
    if (Node.isLabeledStatement(node)) {
      const name = node.getLabel().getText();
      const c = this.#statement(node.getStatement(), input, name);
      out.normal.addAll(c.normal).addAll(c.brk.get(name) ?? new States());
      c.brk.delete(name);
      mergeAbrupt(out, c);
      return;
    }
    if (Node.isBreakStatement(node) || Node.isContinueStatement(node)) {
      const target = node.getLabel()?.getText() ?? '';
      const map = Node.isBreakStatement(node) ? out.brk : out.cont;
      map.set(target, States.union(map.get(target), input));
      return;
    }
    if (Node.isTryStatement(node)) {
      this.#try(node, input, out);
      return;
    }
    if (Node.isSwitchStatement(node)) {
      const disc = this.#expr(node.getExpression(), input);
      let fall = new States();
      let sawDefault = false;
      const ends = new States();
      for (const clause of node.getClauses()) {
        let entry = States.union(disc, fall);
        if (Node.isCaseClause(clause)) entry = this.#expr(clause.getExpression(), entry);
        else sawDefault = true;
        const c = this.#statement(clause, entry);
        ends.addAll(c.brk.get('') ?? new States());
        c.brk.delete('');
        mergeAbrupt(out, c);
        fall = c.normal;
      }
      out.normal.addAll(ends).addAll(fall);
      if (!sawDefault) out.normal.addAll(disc);
      return;
    }
    if (isLoop(node)) {
      this.#loop(node, input, out, label);
      return;
    }
    if (isFunctionBoundary(node) || Node.isClassDeclaration(node)) {
      out.normal.addAll(this.#closure(node, input));
      return;
    }
    // Other statements (empty, debugger, declarations of types): their expressions, in order.
    out.normal.addAll(this.#children(node, input));
  }

  #try(node: Node & { getTryBlock(): Node; getCatchClause(): { getBlock(): Node } | undefined; getFinallyBlock(): Node | undefined }, input: States, out: Completion): void {
    const attempt = this.#statement(node.getTryBlock(), input);
    let combined: Completion = attempt;
    const handler = node.getCatchClause();
    if (handler !== undefined) {
      const caught = this.#statement(handler.getBlock(), attempt.thr);
      combined = empty();
      combined.normal.addAll(attempt.normal).addAll(caught.normal);
      combined.ret.addAll(attempt.ret);
      for (const [label, s] of attempt.brk) combined.brk.set(label, s);
      for (const [label, s] of attempt.cont) combined.cont.set(label, s);
      mergeAbrupt(combined, caught);
    }
    const fin = node.getFinallyBlock();
    if (fin === undefined) {
      out.normal.addAll(combined.normal);
      mergeAbrupt(out, combined);
      return;
    }
    // `finally` runs once for each way the try (and catch) can end, and then ends that way, unless it ends abruptly itself.
    const through = (states: States, resume: (s: States) => void): void => {
      if (states.size === 0) return;
      const f = this.#statement(fin, states);
      resume(f.normal);
      mergeAbrupt(out, f);
    };
    through(combined.normal, (s) => out.normal.addAll(s));
    through(combined.ret, (s) => out.ret.addAll(s));
    through(combined.thr, (s) => out.thr.addAll(s));
    for (const [label, states] of combined.brk) through(states, (s) => out.brk.set(label, States.union(out.brk.get(label), s)));
    for (const [label, states] of combined.cont) through(states, (s) => out.cont.set(label, States.union(out.cont.get(label), s)));
  }

  #loop(node: Node, input: States, out: Completion, label: string | undefined): void {
    let head: States;
    let cond: (s: States) => States = (s) => s;
    let incr: (s: States) => States = (s) => s;
    let exitsOnCondition = true;
    let body: Node;
    let bodyFirst = false;
    if (Node.isForStatement(node)) {
      const init = node.getInitializer();
      head = init === undefined ? input : this.#expr(init, input);
      const c = node.getCondition();
      if (c === undefined) exitsOnCondition = false;
      else cond = (s) => this.#expr(c, s);
      const inc = node.getIncrementor();
      if (inc !== undefined) incr = (s) => this.#expr(inc, s);
      body = node.getStatement();
    } else if (Node.isForOfStatement(node) || Node.isForInStatement(node)) {
      head = this.#expr(node.getExpression(), input);
      body = node.getStatement();
    } else if (Node.isWhileStatement(node)) {
      head = input;
      const c = node.getExpression();
      cond = (s) => this.#expr(c, s);
      exitsOnCondition = !(Node.isTrueLiteral(c));
      body = node.getStatement();
    } else if (Node.isDoStatement(node)) {
      head = input;
      const c = node.getExpression();
      cond = (s) => this.#expr(c, s);
      exitsOnCondition = !(Node.isTrueLiteral(c));
      body = node.getStatement();
      bodyFirst = true;
    } else {
      throw new Error(`not a loop: ${node.getKindName()}`);
    }
    const exits = new States();
    const seen = new States();
    let frontier = head;
    for (let round = 0; round < 32 && frontier.size > 0; round++) {
      const before = seen.size;
      seen.addAll(frontier);
      if (round > 0 && seen.size === before) break;
      // A do-while's frontier is already past its condition (or at the first entry).
      const checked = bodyFirst ? frontier : cond(frontier);
      if (exitsOnCondition && !bodyFirst) exits.addAll(checked);
      const b = this.#statement(body, checked);
      exits.addAll(b.brk.get('') ?? new States());
      if (label !== undefined) exits.addAll(b.brk.get(label) ?? new States());
      const again = States.union(b.normal, b.cont.get(''), label === undefined ? undefined : b.cont.get(label));
      b.brk.delete('');
      b.cont.delete('');
      if (label !== undefined) {
        b.brk.delete(label);
        b.cont.delete(label);
      }
      mergeAbrupt(out, b);
      if (bodyFirst) {
        frontier = cond(again);
        if (exitsOnCondition) exits.addAll(frontier);
      } else frontier = incr(again);
    }
    out.normal.addAll(exits);
  }

  // ---- expressions: returns the states after `node` ran, throw points go to #thr ----

  #expr(node: Node, input: States): States {
    if (input.size === 0) return input;
    if (isFunctionBoundary(node) || Node.isClassExpression(node)) return this.#closure(node, input);
    if (Node.isConditionalExpression(node)) {
      const c = this.#expr(node.getCondition(), input);
      return States.union(this.#expr(node.getWhenTrue(), c), this.#expr(node.getWhenFalse(), c));
    }
    if (Node.isBinaryExpression(node)) {
      const op = node.getOperatorToken().getText();
      if (op === '&&' || op === '||' || op === '??' || op === '&&=' || op === '||=' || op === '??=') {
        const left = this.#expr(node.getLeft(), input);
        return States.union(left, this.#expr(node.getRight(), left));
      }
      if (op === '=' && Node.isIdentifier(node.getLeft())) {
        const right = this.#expr(node.getRight(), input);
        // Writing over the variable that holds next()'s promise loses it: count that as a use, not a drop.
        return this.#read(node.getLeft() as Identifier, right);
      }
    }
    if (Node.isCallExpression(node)) {
      let s = this.#expr(node.getExpression(), input);
      for (const arg of node.getArguments()) s = this.#expr(arg, s);
      const call = this.calls.get(node);
      if (call !== undefined && !call.nested) s = this.#called(call, s);
      this.#thr.addAll(s);
      return node.hasQuestionDotToken() ? States.union(input, s) : s;
    }
    if (Node.isAwaitExpression(node)) {
      const s = this.#expr(node.getExpression(), input);
      this.#thr.addAll(s);
      return s;
    }
    if (Node.isIdentifier(node)) return this.#read(node, input);
    if ((Node.isPropertyAccessExpression(node) || Node.isElementAccessExpression(node)) && node.hasQuestionDotToken()) {
      return States.union(input, this.#children(node, input));
    }
    return this.#children(node, input);
  }

  #children(node: Node, input: States): States {
    let s = input;
    for (const child of node.getChildren()) {
      if (Node.isTypeNode(child) || child.getKindName().endsWith('Keyword') || child.getKindName().endsWith('Token')) continue;
      s = Node.isStatement(child) && !Node.isExpressionStatement(child) ? this.#statement(child, s).normal : this.#expr(child, s);
    }
    return s;
  }

  /** A function or class made here: its code runs later, any number of times; a next() in it counts as one call made here. */
  #closure(node: Node, input: States): States {
    const inside = [...this.calls.values()].filter((c) => c.nested && (c.call === node || node.containsRange(c.call.getPos(), c.call.getEnd())));
    const first = inside[0];
    if (first === undefined) return input;
    return this.#called(first, input);
  }

  #called(call: NextCall, input: States): States {
    const holder = call.destination.awaited || this.role !== 'async' ? undefined : this.#holder(call);
    return input.map((s) => {
      if (s.calls > 0 && s.last !== undefined) this.#report({ kind: 'twice', call: call.call, earlier: s.last });
      return {
        calls: s.calls === 0 ? 1 : 2,
        last: call.call,
        held: holder === undefined ? s.held : call.call,
        heldIn: holder === undefined ? s.heldIn : holder,
      };
    });
  }

  /** The variable that keeps `call`'s promise, when it is kept in one (`const p = next()`, `p = next()`). */
  #holder(call: NextCall): ts.Symbol | undefined {
    const d = call.destination;
    if (d.kind === 'declare' && Node.isVariableStatement(d.statement)) {
      const name = d.statement.getDeclarations()[0]?.getNameNode();
      return name !== undefined && Node.isIdentifier(name) ? name.getSymbol()?.compilerSymbol : undefined;
    }
    if (d.kind === 'assign' && Node.isExpressionStatement(d.statement)) {
      const e = d.statement.getExpression();
      return Node.isBinaryExpression(e) ? e.getLeft().getSymbol()?.compilerSymbol : undefined;
    }
    return undefined;
  }

  #read(id: Identifier, input: States): States {
    let touched = false;
    for (const s of input) if (s.heldIn !== undefined) touched = true;
    if (!touched) return input;
    const parent = id.getParent();
    const symbol = (Node.isShorthandPropertyAssignment(parent) && parent.getNameNode() === id ? parent.getValueSymbol() : id.getSymbol())?.compilerSymbol;
    if (symbol === undefined || symbol === this.nextSymbol) return input;
    // A declaration's own name is not a read of it.
    if (Node.isVariableDeclaration(parent) && parent.getNameNode() === id) return input;
    return input.map((s) => (s.heldIn === symbol ? { ...s, held: undefined, heldIn: undefined } : s));
  }
}
