/**
 * Work a function's code starts and does not wait for: a microtask it queues, a
 * promise it neither awaits nor returns, a callback that does either. Such work
 * runs alongside the code that goes on after it (the layers below when it starts
 * before `next()`, the after-code of the layers above when a layer or the handler
 * starts it anywhere), so the generated code keeps the yields the runtime chain
 * has there (forms.ts, plan.ts).
 *
 * Sound by default: a call is taken to start work unless codegen can see it does
 * not. What it can see:
 * - a call of shallot's own functions (`json`, `withHeader`, …), or of the
 *   platform's (TypeScript's lib, @types/node) other than those that queue work
 *   or run listeners (`queueMicrotask`, `process.nextTick`, `emit`,
 *   `dispatchEvent`, `abort`, a resolver of `Promise.withResolvers`);
 * - a function (declaration, arrow, method, constructor) of the project's own
 *   source, whose code it reads in turn, and so on (a cycle adds nothing; past a
 *   depth of 8 calls it gives up and takes the call to start work);
 * - every function handed to such a call as an argument (a literal, or a name of
 *   one), read as though called there.
 * A call of anything else (a package's function, a parameter, a value of type
 * `any`, a function made by another call) is taken to start work. Whatever sits
 * inside an awaited expression is waited for (`await Promise.all(ids.map(…))`). A
 * promise the function returns is its answer, waited for by its caller (its
 * callee's own code is still read). Not seen: a getter, a setter, a Proxy trap or
 * a `toString` that starts work when a property is read or a value converted, and
 * a cast that hides a promise (`audit as (…) => void`).
 */
import path from 'node:path';
import { Node, SyntaxKind, VariableDeclarationKind, type CallExpression, type NewExpression, type SourceFile, type TaggedTemplateExpression } from 'ts-morph';
import { isFunctionBoundary, isFunctionLiteral, ownerOf, unwrap } from './syntax.js';

/** A node with code of its own that runs when it is called. */
type Body = Node & { getBody(): Node | undefined };

type Starter = CallExpression | NewExpression | TaggedTemplateExpression;

export interface WorkQuery {
  /** Calls that are not asked about (`next()` and what is chained on it). */
  readonly skip?: (call: CallExpression) => boolean;
}

/** Platform functions that queue work or run listeners synchronously, by name. */
const STARTERS = new Set(['queueMicrotask', 'nextTick', 'emit', 'dispatchEvent', 'abort']);
const MAX_DEPTH = 8;

/** One question: the functions read so far (a cycle is already being answered). */
class Reader {
  readonly #seen = new Map<Node, string | undefined>();
  readonly #seenAsCallback = new Map<Node, string | undefined>();

  /**
   * The first work `owner`'s own code starts, as a reason. `callback`: `owner` is handed to a function that does not
   * wait for what it returns (`ids.map(…)`, a sink), so a promise it returns is work too; otherwise that promise is
   * its caller's to wait for (asked at the call).
   */
  bodyWork(owner: Body, depth: number, callback: boolean, query: WorkQuery = {}): string | undefined {
    const seen = callback ? this.#seenAsCallback : this.#seen;
    if (seen.has(owner) && query.skip === undefined) return seen.get(owner);
    seen.set(owner, undefined);
    const why = this.#scan(owner, depth, callback, query);
    if (query.skip === undefined) seen.set(owner, why);
    return why;
  }

  #scan(owner: Body, depth: number, callback: boolean, { skip }: WorkQuery): string | undefined {
    const body = owner.getBody();
    if (body === undefined) return undefined;
    const nodes = [body, ...body.getDescendants()];
    for (const node of nodes) {
      if (node !== body && ownerOf(node) !== owner) continue;
      // A disposal runs when its scope ends: a `using` resource's dispose is not read.
      if (Node.isVariableDeclarationList(node) && node.getDeclarationKind() === VariableDeclarationKind.Using) return 'it disposes a resource (using), whose dispose codegen does not read';
      if (!Node.isCallExpression(node) && !Node.isNewExpression(node) && !Node.isTaggedTemplateExpression(node)) continue;
      if (Node.isCallExpression(node) && skip?.(node) === true) continue;
      if (insideAwait(node, owner)) continue;
      const why = this.#starts(node, owner, depth, callback);
      if (why !== undefined) return why;
    }
    return undefined;
  }

  /** Why `call` (in `owner`'s own code, not awaited) starts work, if it does. */
  #starts(call: Starter, owner: Body, depth: number, callback: boolean): string | undefined {
    const callee = Node.isTaggedTemplateExpression(call) ? call.getTag() : call.getExpression();
    const text = callee.getText().slice(0, 40);
    if (isSchedulingGlobal(callee)) return `it queues ${text}(…)`;
    // A promise neither awaited, nor read at once (`.then(…)`: the outer call's question), nor returned.
    const outer = call.getParentWhile((p) => Node.isParenthesizedExpression(p) || Node.isAsExpression(p) || Node.isNonNullExpression(p) || Node.isSatisfiesExpression(p)) ?? call;
    const around = outer.getParent();
    const chained = Node.isPropertyAccessExpression(around) && around.getExpression() === outer;
    const returned = !callback && isAnswer(outer, owner);
    if (!chained && !returned && isThenableType(call)) return `it starts ${text}(…) and does not wait for it`;
    const inCallee = this.#calleeWork(callee, Node.isNewExpression(call), depth, false);
    if (inCallee !== undefined) return inCallee === '' ? `it calls ${text}(…), whose code codegen cannot read` : `${inCallee} (in ${text}(…))`;
    for (const arg of Node.isTaggedTemplateExpression(call) ? [] : (call.getArguments() ?? [])) {
      const value = unwrap(arg);
      if (isFunctionLiteral(value)) {
        if (value.isAsync()) return `it passes an async function to ${text}(…)`;
        const inner = this.bodyWork(value, depth + 1, true);
        if (inner !== undefined) return `${inner} in a callback of ${text}(…)`;
      } else if ((Node.isIdentifier(value) || Node.isPropertyAccessExpression(value)) && value.getType().getCallSignatures().length > 0) {
        if (isSchedulingGlobal(value)) return `it hands ${value.getText().slice(0, 40)} to ${text}(…)`;
        const inner = this.#calleeWork(value, false, depth, true);
        if (inner !== undefined) return `it hands ${value.getText().slice(0, 40)} to ${text}(…)${inner === '' ? ', whose code codegen cannot read' : `: ${inner}`}`;
      }
    }
    return undefined;
  }

  /**
   * The work the code a callee names starts when called: undefined for none, '' when its code cannot be read, a
   * reason otherwise.
   */
  #calleeWork(callee: Node, constructs: boolean, depth: number, callback: boolean): string | undefined {
    if (depth >= MAX_DEPTH) return '';
    let n = unwrap(callee);
    // `f.call(…)`, `f.apply(…)`: f's code.
    if (Node.isPropertyAccessExpression(n) && (n.getName() === 'call' || n.getName() === 'apply') && unwrap(n.getExpression()).getType().getCallSignatures().length > 0) n = unwrap(n.getExpression());
    if (isFunctionLiteral(n)) return this.bodyWork(n, depth + 1, callback);
    const nameNode = Node.isIdentifier(n) ? n : Node.isPropertyAccessExpression(n) ? n.getNameNode() : undefined;
    if (nameNode === undefined) return Node.isSuperExpression(n) ? superWork(this, n, depth) : '';
    let symbol = nameNode.getSymbol();
    if (symbol?.isAlias() === true) symbol = symbol.getAliasedSymbol() ?? symbol;
    const decls = symbol?.getDeclarations() ?? [];
    if (decls.length === 0) return '';
    for (const decl of decls) {
      const why = this.#declarationWork(decl, constructs, depth, callback);
      if (why !== undefined) return why;
    }
    return undefined;
  }

  #declarationWork(decl: Node, constructs: boolean, depth: number, callback: boolean): string | undefined {
    const file = decl.getSourceFile();
    if (file.isDeclarationFile()) {
      if (isShallotFile(file)) return undefined;
      if (!isPlatformFile(file)) return '';
      const name = Node.hasName(decl) ? decl.getName() : '';
      if (STARTERS.has(name)) return `it calls ${name}(…), which runs work or listeners of its own`;
      // The resolvers of Promise.withResolvers(): resolving runs what waits on that promise.
      if ((name === 'resolve' || name === 'reject') && Node.isPropertySignature(decl)) return `it calls ${name}(…) of a promise, which runs what waits on it`;
      return undefined;
    }
    if (isFunctionLiteral(decl) || Node.isMethodDeclaration(decl) || Node.isConstructorDeclaration(decl) || Node.isGetAccessorDeclaration(decl)) {
      // An overload's signature: its implementation is another declaration.
      if ((decl as Body).getBody() === undefined) return (Node.isFunctionDeclaration(decl) || Node.isMethodDeclaration(decl)) && decl.isOverload() ? undefined : '';
      return this.bodyWork(decl as Body, depth + 1, callback);
    }
    if (Node.isClassDeclaration(decl) || Node.isClassExpression(decl)) {
      if (!constructs) return '';
      for (const ctor of decl.getConstructors()) {
        const why = this.bodyWork(ctor, depth + 1, false);
        if (why !== undefined) return why;
      }
      for (const prop of decl.getProperties()) {
        const init = prop.isStatic() ? undefined : prop.getInitializer();
        if (init !== undefined && this.#expressionWork(init, depth) !== undefined) return `a field of ${decl.getName() ?? 'the class'} starts work`;
      }
      const base = decl.getExtends()?.getExpression();
      return base === undefined ? undefined : this.#calleeWork(base, true, depth + 1, false);
    }
    if (Node.isVariableDeclaration(decl) || Node.isPropertyAssignment(decl)) {
      const constant = Node.isPropertyAssignment(decl) || decl.getVariableStatement()?.getDeclarationKind() === VariableDeclarationKind.Const;
      const init = decl.getInitializer();
      if (!constant || init === undefined) return '';
      const value = unwrap(init);
      if (isFunctionLiteral(value)) return this.bodyWork(value, depth + 1, callback);
      if (Node.isIdentifier(value) || Node.isPropertyAccessExpression(value)) return isSchedulingGlobal(value) ? `it calls ${decl.getName()}, which queues work` : this.#calleeWork(value, constructs, depth + 1, callback);
      if (Node.isClassExpression(value)) return this.#declarationWork(value, constructs, depth + 1, callback);
      return '';
    }
    if (Node.isShorthandPropertyAssignment(decl)) {
      const value = decl.getValueSymbol()?.getDeclarations() ?? [];
      return value.length === 0 ? '' : value.map((d) => this.#declarationWork(d, constructs, depth + 1, callback)).find((w) => w !== undefined);
    }
    return '';
  }

  /** The work evaluating an expression starts (a field's initializer). */
  #expressionWork(expr: Node, depth: number): string | undefined {
    const own = (d: Node): boolean => {
      for (let p: Node | undefined = d; p !== undefined && p !== expr.getParent(); p = p.getParent()) if (isFunctionBoundary(p)) return false;
      return true;
    };
    const calls = [expr, ...expr.getDescendants()].filter((d): d is Starter => (Node.isCallExpression(d) || Node.isNewExpression(d) || Node.isTaggedTemplateExpression(d)) && own(d));
    for (const call of calls) {
      const why = this.#calleeWork(Node.isTaggedTemplateExpression(call) ? call.getTag() : call.getExpression(), Node.isNewExpression(call), depth + 1, false);
      if (why !== undefined) return why;
    }
    return undefined;
  }

  /** Read through a public entry point: the code a callee names. */
  calleeWork(callee: Node, constructs: boolean, depth: number, callback: boolean): string | undefined {
    return this.#calleeWork(callee, constructs, depth, callback);
  }
}

/** `super(…)`: the base class's constructor. */
function superWork(reader: Reader, node: Node, depth: number): string | undefined {
  const base = node.getFirstAncestorByKind(SyntaxKind.ClassDeclaration)?.getExtends()?.getExpression();
  return base === undefined ? '' : reader.calleeWork(base, true, depth + 1, false);
}

/** Whether what `node` evaluates to is what `owner` returns: returned, a concise body, through `?:` branches and `??`/`||`/`&&`. */
function isAnswer(node: Node, owner: Node): boolean {
  let n = node;
  for (let p = n.getParent(); p !== undefined; n = p, p = p.getParent()) {
    if (Node.isParenthesizedExpression(p) || Node.isAsExpression(p) || Node.isNonNullExpression(p) || Node.isSatisfiesExpression(p)) continue;
    if (Node.isConditionalExpression(p) && n !== p.getCondition()) continue;
    if (Node.isBinaryExpression(p) && ['??', '||', '&&'].includes(p.getOperatorToken().getText())) continue;
    return Node.isReturnStatement(p) || p === owner;
  }
  return false;
}

const isThenableType = (node: Node): boolean => {
  const type = node.getType();
  return type.getProperty('then') !== undefined || (type.isUnion() && type.getUnionTypes().some((t) => t.getProperty('then') !== undefined));
};

/** TypeScript's own lib files, and Node's types. */
function isPlatformFile(file: SourceFile): boolean {
  const at = file.getFilePath();
  return /\/typescript\/lib\/lib\.[^/]*\.d\.ts$/.test(at) || at.includes('/node_modules/@types/node/') || /^\/?lib\.[^/]*\.d\.ts$/.test(path.basename(at)) && !at.includes('/node_modules/');
}

/** shallot's own build (its functions start no work but the promises their types say). */
function isShallotFile(file: SourceFile): boolean {
  return /(^|\/)(node_modules\/shallot\/)?dist\/src\/.*\.d\.ts$/.test(file.getFilePath()) && packageOf(file) === 'shallot';
}

const packageOf = (file: SourceFile): string | undefined => {
  const fs = file.getProject().getFileSystem();
  for (let dir = path.dirname(file.getFilePath()); ; ) {
    const manifest = path.join(dir, 'package.json');
    if (fs.fileExistsSync(manifest)) {
      try {
        const name = (JSON.parse(fs.readFileSync(manifest)) as { name?: unknown }).name;
        return typeof name === 'string' ? name : undefined;
      } catch {
        return undefined;
      }
    }
    const up = path.dirname(dir);
    if (up === dir) return undefined;
    dir = up;
  }
};

/** The first work `owner` starts (skipping `query.skip`), as a reason; undefined for none. */
export function workOf(owner: Body, query: WorkQuery = {}): string | undefined {
  return new Reader().bodyWork(owner, 0, false, query);
}

/**
 * The first work the options handed to a layer factory may start when the layer calls them (`logger({ sink })`,
 * `setHeader(…, { when })`, `errorBoundary({ onError })`), as a reason: every function among the arguments (a
 * literal, a name of one, a method of an object literal) is read as though called. An argument whose functions
 * cannot be told (a spread, an options object built elsewhere that holds one) is taken to start work.
 */
export function optionsWork(call: CallExpression): string | undefined {
  const reader = new Reader();
  const valueWork = (value: Node, what: string): string | undefined => {
    const v = unwrap(value);
    if (isFunctionLiteral(v) || Node.isMethodDeclaration(v)) return v.isAsync() ? `its ${what} is an async function` : reader.bodyWork(v, 1, true);
    if (Node.isObjectLiteralExpression(v)) {
      for (const prop of v.getProperties()) {
        const name = Node.isPropertyAssignment(prop) || Node.isShorthandPropertyAssignment(prop) || Node.isMethodDeclaration(prop) ? prop.getName() : '…';
        const why = Node.isPropertyAssignment(prop)
          ? valueWork(prop.getInitializerOrThrow(), name)
          : Node.isMethodDeclaration(prop)
            ? valueWork(prop, name)
            : Node.isShorthandPropertyAssignment(prop)
              ? callable(prop.getNameNode()) ? named(prop.getNameNode(), name) : undefined
              : 'its options are spread from a value codegen does not read';
        if (why !== undefined) return why;
      }
      return undefined;
    }
    if (callable(v)) return Node.isIdentifier(v) || Node.isPropertyAccessExpression(v) ? named(v, what) : `its ${what} is made at run time`;
    // A const holding an object literal: that literal.
    if (Node.isIdentifier(v)) {
      const decl = v.getSymbol()?.getDeclarations()[0];
      const init = decl !== undefined && Node.isVariableDeclaration(decl) && decl.getVariableStatement()?.getDeclarationKind() === VariableDeclarationKind.Const ? decl.getInitializer() : undefined;
      if (init !== undefined && Node.isObjectLiteralExpression(unwrap(init))) return valueWork(init, what);
    }
    // Another value: an object (not the platform's: a RegExp, a Date) whose functions codegen does not read.
    const type = v.getType();
    const platform = type.getSymbol()?.getDeclarations().some((d) => isPlatformFile(d.getSourceFile())) === true;
    return type.isObject() && !platform && type.getProperties().some((p) => p.getTypeAtLocation(v).getCallSignatures().length > 0) ? `its ${what} holds functions codegen does not read` : undefined;
  };
  const callable = (n: Node): boolean => n.getType().getCallSignatures().length > 0 || (n.getType().isUnion() && n.getType().getUnionTypes().some((t) => t.getCallSignatures().length > 0));
  const named = (n: Node, what: string): string | undefined => {
    if (isSchedulingGlobal(n)) return `its ${what} queues work`;
    const why = reader.calleeWork(n, false, 1, true);
    return why === undefined ? undefined : why === '' ? `its ${what} (${n.getText().slice(0, 40)}) has code codegen cannot read` : `its ${what} ${why.replace(/^it /, '')}`;
  };
  for (const arg of call.getArguments()) {
    const why = valueWork(arg, 'option');
    if (why !== undefined) return why;
  }
  return undefined;
}

/** Whether `node` is part of an expression `owner` awaits. */
export function insideAwait(node: Node, owner: Node): boolean {
  for (let p = node.getParent(); p !== undefined && p !== owner; p = p.getParent()) {
    if (Node.isAwaitExpression(p)) return true;
    if (Node.isStatement(p) || isFunctionBoundary(p)) return false;
  }
  return false;
}

/**
 * A call that queues a callback to run alongside: the global `queueMicrotask` or `process.nextTick` (Node's, or
 * `nextTick` imported from `node:process`), however it is reached: `globalThis.queueMicrotask`, `.call`/`.apply`,
 * a const alias (`const defer = queueMicrotask`). Known by the declaration the name resolves to (in a `.d.ts`),
 * so a local or an import of another function with the same name is not taken.
 */
export function isSchedulingGlobal(callee: Node, depth = 0): boolean {
  let n = unwrap(callee);
  if (Node.isPropertyAccessExpression(n) && (n.getName() === 'call' || n.getName() === 'apply')) n = unwrap(n.getExpression());
  const nameNode = Node.isIdentifier(n) ? n : Node.isPropertyAccessExpression(n) ? n.getNameNode() : undefined;
  if (nameNode === undefined) return false;
  if (fromProcessModule(n)) return true;
  let symbol = nameNode.getSymbol();
  if (symbol === undefined) return Node.isIdentifier(n) && n.getText() === 'queueMicrotask';
  if (symbol.isAlias()) symbol = symbol.getAliasedSymbol() ?? symbol;
  const decls = symbol.getDeclarations();
  // A const alias (`const defer = queueMicrotask`): what it holds.
  const only = decls.length === 1 ? decls[0]! : undefined;
  if (only !== undefined && Node.isVariableDeclaration(only) && !only.getSourceFile().isDeclarationFile() && depth < 8) {
    const init = only.getInitializer();
    const kind = only.getVariableStatement()?.getDeclarationKind();
    return init !== undefined && kind === VariableDeclarationKind.Const && isSchedulingGlobal(init, depth + 1);
  }
  const name = symbol.getName();
  return (name === 'queueMicrotask' || name === 'nextTick') && decls.length > 0 && decls.every((d) => d.getSourceFile().isDeclarationFile());
}

/**
 * `nextTick` imported from `process` or `node:process` (`import { nextTick as tick }`, `proc.nextTick` of a
 * namespace or default import), known by the import itself: without @types/node the import resolves to nothing.
 */
function fromProcessModule(n: Node): boolean {
  const id = Node.isIdentifier(n) ? n : Node.isPropertyAccessExpression(n) && n.getName() === 'nextTick' ? unwrap(n.getExpression()) : undefined;
  if (id === undefined || !Node.isIdentifier(id)) return false;
  for (const d of id.getSymbol()?.getDeclarations() ?? []) {
    const from = d.getFirstAncestorByKind(SyntaxKind.ImportDeclaration)?.getModuleSpecifierValue();
    if (from !== 'process' && from !== 'node:process') continue;
    if (Node.isImportSpecifier(d)) return id === n && d.getName() === 'nextTick';
    if (Node.isNamespaceImport(d) || Node.isImportClause(d)) return id !== n;
  }
  return false;
}
