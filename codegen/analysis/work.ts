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
 *   or run listeners or the user's code (`queueMicrotask`, `process.nextTick`,
 *   `emit`, `dispatchEvent`, `abort`, a function held in a property, a stream
 *   controller's, reader's, writer's or iterator's method);
 * - a function of the project's own source that no other value can stand for (a
 *   function declaration, a `const` arrow, a class's constructor, fields and
 *   base), whose code it reads in turn, parameter defaults too (a cycle is open
 *   until it finds work; past 8 calls it gives up: work). A method or a
 *   function-valued property is not read (a subclass, an assignment or a value of
 *   the same shape may stand for it): work;
 * - every function handed to such a call (a literal, a name, the functions of an
 *   object literal), read as though called there, where a promise it returns or
 *   an async function is work;
 * - iteration of an array, a string or a platform collection.
 * Anything else is work. Whatever sits inside an awaited expression is waited for
 * (`await Promise.all(ids.map(…))`); a promise the function returns is its
 * answer. Each function is read once per program (one memo per ts.Program, so a
 * --watch rebuild reads again). Not seen: getters, setters, Proxy traps,
 * conversions (`toString`), `Symbol.hasInstance`, decorators, a platform method a
 * subclass overrode, `eval`.
 */
import { Node, SyntaxKind, VariableDeclarationKind, type CallExpression, type NewExpression, type SourceFile, type TaggedTemplateExpression, type Type } from 'ts-morph';
import { shallotPath } from './package.js';
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

/** A member another value can override at run time (a subclass, an assignment, a structural type): its code is not read. */
const isMember = (decl: Node): boolean =>
  Node.isMethodDeclaration(decl) ||
  Node.isMethodSignature(decl) ||
  Node.isPropertyAssignment(decl) ||
  Node.isShorthandPropertyAssignment(decl) ||
  Node.isPropertyDeclaration(decl) ||
  Node.isPropertySignature(decl) ||
  Node.isGetAccessorDeclaration(decl) ||
  Node.isSetAccessorDeclaration(decl);

/** The answers of one program (a run of codegen): what each function read so far starts, as a callee and as a callback. */
interface Memo {
  readonly asCallee: Map<Node, string | undefined>;
  readonly asCallback: Map<Node, string | undefined>;
}
const memos = new WeakMap<object, Memo>();
const memoOf = (node: Node): Memo => {
  const program = node.getProject().getProgram().compilerObject;
  let memo = memos.get(program);
  if (memo === undefined) memos.set(program, (memo = { asCallee: new Map(), asCallback: new Map() }));
  return memo;
};

/** One question. Answers are kept for the program (a cycle's answer only when it found work: until then it is open). */
class Reader {
  readonly #memo: Memo;
  readonly #open = new Set<Node>();
  #cyclic = false;

  constructor(at: Node) {
    this.#memo = memoOf(at);
  }

  /**
   * The first work `owner`'s own code starts, as a reason. `callback`: `owner` is handed to a function that does not
   * wait for what it returns (`ids.map(…)`, a sink), or called where its answer is not waited for, so a promise it
   * returns is work too (and an async function is work); otherwise that promise is its caller's answer.
   */
  bodyWork(owner: Body, depth: number, callback: boolean, query: WorkQuery = {}): string | undefined {
    if (callback && (isFunctionLiteral(owner) || Node.isMethodDeclaration(owner)) && owner.isAsync()) return 'it hands over an async function, which runs on past its first await';
    const seen = callback ? this.#memo.asCallback : this.#memo.asCallee;
    const asked = query.skip === undefined;
    if (asked && seen.has(owner)) return seen.get(owner);
    if (this.#open.has(owner)) {
      this.#cyclic = true;
      return undefined;
    }
    this.#open.add(owner);
    const outer = this.#cyclic;
    this.#cyclic = false;
    const why = this.#scan(owner, depth, callback, query);
    const cyclic = this.#cyclic;
    this.#cyclic = outer || cyclic;
    this.#open.delete(owner);
    if (asked && (!cyclic || why !== undefined)) seen.set(owner, why);
    return why;
  }

  #scan(owner: Body, depth: number, callback: boolean, { skip }: WorkQuery): string | undefined {
    if (owner.getBody() === undefined) return undefined;
    // Its parameters' defaults run when it is called, and its body.
    for (const node of owner.getDescendants()) {
      if (ownerOf(node) !== owner) continue;
      // A disposal runs when its scope ends: a `using` resource's dispose is not read.
      if (Node.isVariableDeclarationList(node) && node.getDeclarationKind() === VariableDeclarationKind.Using) return 'it disposes a resource (using), whose dispose codegen does not read';
      // Iterating runs the value's iterator: a user's one is not read (an array, a string, a Map or Set is the platform's).
      const iterated = Node.isForOfStatement(node) && !node.isAwaited() ? node.getExpression() : Node.isSpreadElement(node) ? node.getExpression() : Node.isVariableDeclaration(node) && Node.isArrayBindingPattern(node.getNameNode()) ? node.getInitializer() : undefined;
      if (iterated !== undefined && !platformIterable(iterated.getType())) return `it iterates ${iterated.getText().slice(0, 40)}, whose iterator codegen does not read`;
      if (!Node.isCallExpression(node) && !Node.isNewExpression(node) && !Node.isTaggedTemplateExpression(node)) continue;
      if (Node.isCallExpression(node) && skip?.(node) === true) continue;
      if (insideAwait(node, owner)) continue;
      const why = this.starts(node, owner, depth, callback);
      if (why !== undefined) return why;
    }
    return undefined;
  }

  /** Why `call` (in `owner`'s own code, not awaited) starts work, if it does. */
  starts(call: Starter, owner: Node, depth: number, callback: boolean): string | undefined {
    const callee = Node.isTaggedTemplateExpression(call) ? call.getTag() : call.getExpression();
    const text = callee.getText().slice(0, 40);
    if (isSchedulingGlobal(callee)) return `it queues ${text}(…)`;
    // A promise neither awaited, nor read at once (`.then(…)`: the outer call's question), nor returned.
    const outer = call.getParentWhile((p) => Node.isParenthesizedExpression(p) || Node.isAsExpression(p) || Node.isNonNullExpression(p) || Node.isSatisfiesExpression(p)) ?? call;
    const around = outer.getParent();
    const chained = Node.isPropertyAccessExpression(around) && around.getExpression() === outer;
    const returned = !callback && isAnswer(outer, owner);
    if (!chained && !returned && isThenableType(call)) return `it starts ${text}(…) and does not wait for it`;
    // The callee's own code; a promise it returns is waited for only where this call's answer is (its type may hide it).
    const inCallee = this.calleeWork(callee, Node.isNewExpression(call), depth, !returned && !chained);
    if (inCallee !== undefined) return inCallee === '' ? `it calls ${text}(…), whose code codegen cannot read` : `${inCallee} (in ${text}(…))`;
    for (const arg of Node.isTaggedTemplateExpression(call) ? [] : (call.getArguments() ?? [])) {
      const why = this.handed(unwrap(arg), text, depth);
      if (why !== undefined) return why;
    }
    return undefined;
  }

  /**
   * The work of a value handed to a call, read as though the call calls every function in it (an object literal's
   * too, and a `const`'s object literal). `strict` (a layer factory's options, which the layer calls): a function made
   * by another expression, or another object holding functions (not the platform's: a RegExp), is work.
   */
  handed(value: Node, text: string, depth: number, strict = false): string | undefined {
    if (isFunctionLiteral(value)) {
      const inner = this.bodyWork(value, depth + 1, true);
      return inner === undefined ? undefined : `${inner} in a callback of ${text}(…)`;
    }
    if (Node.isObjectLiteralExpression(value)) {
      for (const prop of value.getProperties()) {
        const why = Node.isMethodDeclaration(prop) || Node.isGetAccessorDeclaration(prop) || Node.isSetAccessorDeclaration(prop)
          ? this.bodyWork(prop, depth + 1, true)
          : Node.isPropertyAssignment(prop)
            ? this.handed(unwrap(prop.getInitializerOrThrow()), text, depth, strict)
            : Node.isShorthandPropertyAssignment(prop)
              ? this.handed(prop.getNameNode(), text, depth, strict)
              : 'it spreads a value into an object codegen does not read';
        if (why !== undefined) return why.includes(`(…)`) ? why : `${why} in an object handed to ${text}(…)`;
      }
      return undefined;
    }
    if (callable(value)) {
      if (!Node.isIdentifier(value) && !Node.isPropertyAccessExpression(value)) return strict ? `it hands ${text}(…) a function made at run time` : undefined;
      if (isSchedulingGlobal(value)) return `it hands ${value.getText().slice(0, 40)} to ${text}(…)`;
      const inner = this.calleeWork(value, false, depth, true);
      return inner === undefined ? undefined : `it hands ${value.getText().slice(0, 40)} to ${text}(…)${inner === '' ? ', whose code codegen cannot read' : `: ${inner}`}`;
    }
    // A const holding an object literal: that literal.
    if (Node.isIdentifier(value)) {
      const decl = value.getSymbol()?.getDeclarations()[0];
      const init = decl !== undefined && Node.isVariableDeclaration(decl) && decl.getVariableStatement()?.getDeclarationKind() === VariableDeclarationKind.Const ? decl.getInitializer() : undefined;
      if (init !== undefined && Node.isObjectLiteralExpression(unwrap(init))) return this.handed(unwrap(init), text, depth, strict);
    }
    if (!strict) return undefined;
    const type = value.getType();
    const platform = type.getSymbol()?.getDeclarations().some((d) => isPlatformFile(d.getSourceFile())) === true;
    return type.isObject() && !platform && type.getProperties().some((p) => p.getTypeAtLocation(value).getCallSignatures().length > 0) ? `it hands ${text}(…) ${value.getText().slice(0, 40)}, whose functions codegen does not read` : undefined;
  }

  /**
   * The work the code a callee names starts when called: undefined for none, '' when its code cannot be read, a
   * reason otherwise.
   */
  calleeWork(callee: Node, constructs: boolean, depth: number, callback: boolean): string | undefined {
    if (depth >= MAX_DEPTH) return `it calls through more than ${MAX_DEPTH} functions, and codegen reads no deeper`;
    let n = unwrap(callee);
    // `f.call(…)`, `f.apply(…)`: f's code.
    if (Node.isPropertyAccessExpression(n) && (n.getName() === 'call' || n.getName() === 'apply') && unwrap(n.getExpression()).getType().getCallSignatures().length > 0) n = unwrap(n.getExpression());
    if (isFunctionLiteral(n)) return this.bodyWork(n, depth + 1, callback);
    const nameNode = Node.isIdentifier(n) ? n : Node.isPropertyAccessExpression(n) ? n.getNameNode() : undefined;
    if (nameNode === undefined) {
      // `super(…)`: the base class's constructor.
      const base = Node.isSuperExpression(n) ? n.getFirstAncestorByKind(SyntaxKind.ClassDeclaration)?.getExtends()?.getExpression() : undefined;
      return base === undefined ? '' : this.calleeWork(base, true, depth + 1, false);
    }
    // `{ sink }`: the value the shorthand names.
    const parent = nameNode.getParent();
    let symbol = parent !== undefined && Node.isShorthandPropertyAssignment(parent) ? parent.getValueSymbol() : nameNode.getSymbol();
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
    // shallot's own functions; a member of one of its types may hold the user's code (an option's sink).
    if (isShallotFile(file)) return Node.isFunctionDeclaration(decl) || Node.isVariableDeclaration(decl) ? undefined : '';
    if (file.isDeclarationFile()) {
      if (!isPlatformFile(file)) return '';
      const name = Node.hasName(decl) ? decl.getName() : '';
      if (STARTERS.has(name)) return `it calls ${name}(…), which runs work or listeners of its own`;
      // A function-valued property (a resolver of Promise.withResolvers, an `onabort`) holds the user's code; a
      // controller or an iterator runs what waits on it or the user's generator.
      if (Node.isPropertySignature(decl)) return `it calls ${name}, a function held in a property`;
      const owner = decl.getParent();
      const ownerName = owner !== undefined && Node.isInterfaceDeclaration(owner) ? owner.getName() : '';
      if (/Controller$|Generator|Iterator|Writer$|Reader$/.test(ownerName)) return `it calls ${ownerName}.${name}(…), which runs what waits on it or the user's code`;
      return undefined;
    }
    if (isMember(decl)) return '';
    if (isFunctionLiteral(decl) || Node.isConstructorDeclaration(decl)) {
      if ((decl as Body).getBody() === undefined) {
        // An overload's signature: its implementation is another declaration. An ambient one: code codegen cannot read.
        return Node.isFunctionDeclaration(decl) && decl.getImplementation() !== undefined ? undefined : '';
      }
      return this.bodyWork(decl as Body, depth + 1, callback);
    }
    if (Node.isClassDeclaration(decl) || Node.isClassExpression(decl)) {
      if (!constructs) return '';
      for (const ctor of decl.getConstructors()) {
        if (ctor.getBody() === undefined) continue;
        const why = this.bodyWork(ctor, depth + 1, false);
        if (why !== undefined) return why;
      }
      for (const prop of decl.getProperties()) {
        const init = prop.isStatic() ? undefined : prop.getInitializer();
        if (init === undefined) continue;
        const why = this.#fieldWork(prop, init, depth);
        if (why !== undefined) return `a field of ${decl.getName() ?? 'the class'}: ${why}`;
      }
      const base = decl.getExtends()?.getExpression();
      return base === undefined ? undefined : this.calleeWork(base, true, depth + 1, false);
    }
    if (Node.isVariableDeclaration(decl)) {
      const init = decl.getInitializer();
      if (decl.getVariableStatement()?.getDeclarationKind() !== VariableDeclarationKind.Const || init === undefined) return '';
      const value = unwrap(init);
      if (isFunctionLiteral(value)) return this.bodyWork(value, depth + 1, callback);
      if (Node.isIdentifier(value) || Node.isPropertyAccessExpression(value)) return isSchedulingGlobal(value) ? `it calls ${decl.getName()}, which queues work` : this.calleeWork(value, constructs, depth + 1, callback);
      if (Node.isClassExpression(value)) return this.#declarationWork(value, constructs, depth + 1, callback);
      return '';
    }
    return '';
  }

  /** The work a field's initializer starts when the class is constructed. */
  #fieldWork(prop: Node, init: Node, depth: number): string | undefined {
    for (const node of [init, ...init.getDescendants()]) {
      if (ownerOf(node) !== prop || (!Node.isCallExpression(node) && !Node.isNewExpression(node) && !Node.isTaggedTemplateExpression(node))) continue;
      const why = this.starts(node, prop, depth + 1, true);
      if (why !== undefined) return why;
    }
    return undefined;
  }

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

/** Whether iterating a value of `type` runs only the platform's iterators (an array, a tuple, a string, a Map, a Set, …). */
function platformIterable(type: Type): boolean {
  if (type.isUnion()) return type.getUnionTypes().every(platformIterable);
  if (type.isArray() || type.isTuple() || type.isString() || type.isStringLiteral()) return true;
  const decls = (type.getSymbol() ?? type.getAliasSymbol())?.getDeclarations() ?? [];
  // The protocol's own interfaces may be the user's (a generator, an object with [Symbol.iterator]); MapIterator,
  // ArrayIterator and the like are made by the platform.
  return decls.length > 0 && decls.every((d) => isPlatformFile(d.getSourceFile()) && !/^(Async)?(Generator|Iterable|Iterator|IterableIterator|IteratorObject)$/.test(Node.hasName(d) ? d.getName() : ''));
}

const isThenableType = (node: Node): boolean => {
  const type = node.getType();
  return type.getProperty('then') !== undefined || (type.isUnion() && type.getUnionTypes().some((t) => t.getProperty('then') !== undefined));
};

/** TypeScript's own lib files, and Node's types. */
function isPlatformFile(file: SourceFile): boolean {
  const at = file.getFilePath();
  return /\/node_modules\/typescript\/lib\/lib\.[^/]*\.d\.ts$/.test(at) || at.includes('/node_modules/@types/node/');
}

/** shallot's own code (its functions start no work but the promises their types say). */
const isShallotFile = (file: SourceFile): boolean => shallotPath(file) !== undefined;

/** The first work `owner` starts (skipping `query.skip`), as a reason; undefined for none. */
export function workOf(owner: Body, query: WorkQuery = {}): string | undefined {
  return new Reader(owner).bodyWork(owner, 0, false, query);
}

/**
 * The first work the options handed to a layer factory may start when the layer calls them (`logger({ sink })`,
 * `setHeader(…, { when })`, `errorBoundary({ onError })`), as a reason: every function among the arguments (a
 * literal, a name of one, a method of an object literal) is read as though called (Reader.handed, strict). An
 * argument whose functions cannot be told (a spread, an options object built elsewhere that holds one) is work.
 */
export function optionsWork(call: CallExpression): string | undefined {
  const reader = new Reader(call);
  const text = call.getExpression().getText().slice(0, 40);
  for (const arg of call.getArguments()) {
    const why = reader.handed(unwrap(arg), text, 0, true);
    if (why !== undefined) return why;
  }
  return undefined;
}

/** Whether calling a value of `node`'s type is possible (a function, or a union holding one: `Sink | false`). */
const callable = (node: Node): boolean => {
  const type = node.getType();
  return type.getCallSignatures().length > 0 || (type.isUnion() && type.getUnionTypes().some((t) => t.getCallSignatures().length > 0));
};

/** Whether `node` is part of an expression `owner` awaits. */
function insideAwait(node: Node, owner: Node): boolean {
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
function isSchedulingGlobal(callee: Node, depth = 0): boolean {
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
  if (only !== undefined && Node.isVariableDeclaration(only) && !only.getSourceFile().isDeclarationFile() && depth < MAX_DEPTH) {
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
