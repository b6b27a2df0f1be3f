/**
 * Emits the flat body of one chain: each inlinable layer's code before
 * `next()`, then the layers below it, then its code after, in one function.
 * A layer's `return x` becomes `result = x; break <its label>`, so a layer's
 * `try`/`finally` still encloses exactly the layers below it, and no layer
 * boundary costs an `await`, a closure or an array lookup. A layer that cannot
 * be inlined is called directly, with the layers below it as its `next`.
 */
import path from 'node:path';
import { Node, ts, VariableDeclarationKind } from 'ts-morph';
import { nextTwice } from '../../src/errors.js';
import { unwrap } from '../inspect/shapes.js';
import type { ChainModel, LayerModel } from '../model.js';
import type { Imports, SpecifierStyle } from './imports.js';
import { relativeSpecifier } from './imports.js';
import type { Names } from './names.js';
import type { LiteralPlan } from './plan.js';

export interface Env {
  readonly names: Names;
  readonly imports: Imports;
  readonly genDir: string;
  readonly style: SpecifierStyle;
  /** The generated module's top-level declarations besides the chains' functions. */
  readonly decls: string[];
}

/** How each step of a chain is emitted. */
export interface ChainPlan {
  readonly chain: ChainModel;
  /** Per layer: a plan to inline it, or the reason it is called instead. */
  readonly layers: ReadonlyArray<LiteralPlan | string>;
  readonly handler: LiteralPlan | string;
}

const where = (node: Node, genDir: string): string => {
  const file = node.getSourceFile();
  return `${path.relative(genDir, file.getFilePath()).split(path.sep).join('/')}:${file.getLineAndColumnAtPos(node.getStart()).line}`;
};

/** Whether a value of this expression's type may be a promise (so `return x` in an async layer must await it). */
function mayBeThenable(expr: Node): boolean {
  const type = expr.getType();
  const check = (t: import('ts-morph').Type): boolean => t.isAny() || t.isUnknown() || t.isTypeParameter() || t.getProperty('then') !== undefined;
  return type.isUnion() ? type.getUnionTypes().some(check) : check(type);
}

/** Emits one chain; returns the name of its flat function. */
export class ChainEmitter {
  readonly #env: Env;
  readonly #plan: ChainPlan;
  readonly #source: () => string;
  readonly #ctx: string;
  readonly #renames = new Map<ts.Symbol, string>();

  constructor(env: Env, plan: ChainPlan, source: () => string, ctx: string) {
    this.#env = env;
    this.#plan = plan;
    this.#source = source;
    this.#ctx = ctx;
    this.#req = env.names.fresh('req');
    for (const p of [...plan.layers, plan.handler]) if (typeof p !== 'string') this.#bind(p);
  }

  readonly #req: string;

  /** Gives every module-level name an import and every local a fresh name. */
  #bind(plan: LiteralPlan): void {
    const { names, imports, genDir, style } = this.#env;
    for (const ref of plan.scope.moduleRefs.values()) {
      const from = ref.from;
      let specifier: string;
      let imported: string;
      if (from.kind === 'import') {
        specifier = from.specifier.startsWith('.')
          ? from.target !== undefined
            ? relativeSpecifier(genDir, from.target.getFilePath(), style)
            : relativeSpecifier(genDir, path.resolve(path.dirname(plan.fn.getSourceFile().getFilePath()), from.specifier), 'bare')
          : from.specifier;
        imported = from.imported;
      } else {
        specifier = relativeSpecifier(genDir, from.file.getFilePath(), style);
        imported = from.exported;
      }
      this.#renames.set(ref.symbol, imports.add(specifier, imported, ref.name, ref.typeOnly, false));
    }
    for (const local of plan.scope.locals) if (!this.#renames.has(local)) this.#renames.set(local, names.fresh(local.getName()));
  }

  /** The flat function and what it needs, as module-level source text. */
  emit(fnName: string): string {
    const { names } = this.#env;
    const req = this.#req;
    const result = names.fresh('res');
    const body = this.#level(0, result, req);
    const async = this.async;
    const chainWhere = where(this.#plan.chain.node, this.#env.genDir);
    return [
      `/** The chain '${this.#plan.chain.name}' of ${chainWhere}, flattened: ${[...this.#plan.chain.layers.map((l) => l.name ?? '?'), 'handler'].join(' -> ')}. */`,
      `${async ? 'async ' : ''}function ${fnName}(${req}: ${this.#ctx}) {`,
      `let ${result};`,
      body,
      `return ${result};`,
      '}',
    ].join('\n');
  }

  /** Statements that run step `k` (a layer, or the handler past the last) and leave its response in `target`. */
  #level(k: number, target: string, req: string): string {
    const { chain } = this.#plan;
    if (k === chain.layers.length) return this.#handler(target, req);
    const layer = chain.layers[k]!;
    const plan = this.#plan.layers[k]!;
    if (typeof plan === 'string') return this.#call(k, layer, plan, target, req);
    return this.#inline(k, layer, plan, target, req);
  }

  /**
   * Whether the code emitted for steps `k`… can contain an `await`: a layer that is
   * not known to be sync (inlined async code, or an awaited call), or an inlined
   * async handler.
   */
  #awaitsFrom(k: number): boolean {
    const { chain, handler } = this.#plan;
    return chain.layers.slice(k).some((l) => l.sync !== true) || (typeof handler !== 'string' && handler.async);
  }

  /** Whether the flat function is async (the app returns a promise). */
  get async(): boolean {
    return this.#awaitsFrom(0);
  }

  #handler(target: string, req: string): string {
    const plan = this.#plan.handler;
    const { handler } = this.#plan.chain;
    if (typeof plan === 'string') {
      const awaitIt = this.#awaitsFrom(0) && (handler.fn === undefined || handler.fn.isAsync() || mayBeThenable(handler.node)) ? 'await ' : '';
      return `// the handler (${where(handler.node, this.#env.genDir)}) is called, not inlined: ${plan}\n${target} = ${awaitIt}${this.#source()}.description.handler!(${req});`;
    }
    const label = this.#env.names.fresh('handler$');
    return `// the handler (${where(plan.fn, this.#env.genDir)})\n${this.#body(plan, -1, target, label, req)}`;
  }

  /** A layer that is called rather than inlined, with the rest of the chain as its next(). */
  #call(k: number, layer: LayerModel, reason: string, target: string, req: string): string {
    const { names, decls } = this.#env;
    const base = (layer.name ?? `layer${k}`).replace(/[^\w$]/g, '_');
    const fn = names.fresh(`${base}Fn`);
    decls.push(`/** The layer '${layer.name ?? k}' (${where(layer.use, this.#env.genDir)}), called directly: ${reason}. */\nconst ${fn} = ${this.#source()}.description.layers[${k}]!.fn!;`);
    const rest = names.fresh(`${this.#plan.chain.name}After${base.charAt(0).toUpperCase()}${base.slice(1)}`);
    const restReq = names.fresh('req');
    const restResult = names.fresh('res');
    const innerAsync = layer.sync !== true || this.#awaitsFrom(k + 1);
    decls.push(
      [
        `/** What '${layer.name ?? k}' reaches through next(): the rest of the chain '${this.#plan.chain.name}'. */`,
        `${innerAsync ? 'async ' : ''}function ${rest}(${restReq}: ${this.#ctx}) {`,
        `let ${restResult};`,
        this.#level(k + 1, restResult, restReq),
        `return ${restResult};`,
        '}',
      ].join('\n'),
    );
    const awaitIt = layer.sync === true ? '' : 'await ';
    // verify cannot see into a called layer, so its next() keeps the check the
    // runtime composer makes with the guards off: a second call throws NEXT_TWICE.
    const called = names.fresh(`${base}Called`);
    const twice = nextTwice(layer.name ?? `layer${k}`);
    const shallotError = this.#env.imports.add('shallot', 'ShallotError', 'ShallotError', false);
    return [
      `// layer '${layer.name ?? k}' (${where(layer.use, this.#env.genDir)}) is called, not inlined: ${reason}`,
      `let ${called} = false;`,
      `${target} = ${awaitIt}${fn}(${req}, (adds?: object) => {`,
      `if (${called}) throw new ${shallotError}(${JSON.stringify(twice.code)}, ${JSON.stringify(twice.message)}, ${JSON.stringify(twice.layer)});`,
      `${called} = true;`,
      `if (adds !== undefined) Object.assign(${req}, adds);`,
      `return ${rest}(${req});`,
      '});',
    ].join('\n');
  }

  #inline(k: number, layer: LayerModel, plan: LiteralPlan, target: string, req: string): string {
    const comment = `// layer '${layer.name}' (${where(plan.fn, this.#env.genDir)})`;
    if (plan.passThrough) return `${comment} hands up next()'s response as it is: nothing to run\n${this.#level(k + 1, target, req)}`;
    const label = this.#env.names.fresh(`${(layer.name ?? `layer${k}`).replace(/[^\w$]/g, '_')}$`);
    return `${comment}\n${this.#body(plan, k, target, label, req)}`;
  }

  /**
   * The literal's body as a block that leaves its response in `target`, labelled
   * `label` when a `return` before its end needs to leave it early.
   */
  #body(plan: LiteralPlan, k: number, target: string, label: string, req: string): string {
    const { layers } = this.#plan.chain;
    const above = k === -1 ? layers.at(-1) : layers[k - 1];
    const printer = new Printer(this, plan, k === -1 ? layers.length : k, target, label, req, above !== undefined && above.sync !== true);
    const binding = printer.binding();
    const body = plan.fn.getBody()!;
    let block: string;
    if (Node.isBlock(body)) {
      const text = printer.print(body);
      block = binding === '' ? text : `{\n${binding}${text.slice(1).replace(/^[ \t]*\n/, '')}`;
    } else block = binding === '' ? printer.ret(body, true) : `{\n${binding}${printer.ret(body, true)}\n}`;
    return block.includes(`break ${label};`) ? `${label}: ${block}` : block;
  }

  /** Internal to {@link Printer}: whether step `k` is the handler. */
  isHandler(k: number): boolean {
    return k === this.#plan.chain.layers.length;
  }
  /** Internal to {@link Printer}: prints `symbol` as `name` (a parameter that is the request itself). */
  alias(symbol: ts.Symbol, name: string): void {
    this.#renames.set(symbol, name);
  }
  /** Internal to {@link Printer}: renames and the steps below `k`. */
  rename(symbol: ts.Symbol): string | undefined {
    const name = this.#renames.get(symbol);
    if (name !== undefined) this.#env.imports.use(name);
    return name;
  }
  inner(k: number, target: string, req: string): string {
    return this.#level(k, target, req);
  }
  innerIsOpaque(k: number): boolean {
    const plan = k === this.#plan.chain.layers.length ? this.#plan.handler : this.#plan.layers[k];
    return typeof plan === 'string';
  }
  get env(): Env {
    return this.#env;
  }
}

/** Whether `statement` sits in a statement list (so it may be replaced by several statements). */
const inBlock = (statement: Node): boolean => {
  const parent = statement.getParent();
  return Node.isBlock(parent) || Node.isCaseClause(parent) || Node.isDefaultClause(parent) || Node.isSourceFile(parent);
};

/** Prints one literal with its names renamed, its returns and its next() call rewritten. */
class Printer {
  readonly #text: string;
  constructor(
    readonly emitter: ChainEmitter,
    readonly plan: LiteralPlan,
    readonly k: number,
    readonly target: string,
    readonly label: string,
    readonly req: string,
    /** Whether the step above awaits this one's response (so a promise returned here must be awaited). */
    readonly consumerAsync: boolean,
  ) {
    this.#text = plan.fn.getSourceFile().getFullText();
  }

  /** `const <req param> = req;` when the layer reads its request. */
  binding(): string {
    const param = this.plan.req;
    if (param === undefined) return '';
    const nameNode = param.getNameNode();
    if (Node.isIdentifier(nameNode)) {
      const symbol = nameNode.getSymbol()?.compilerSymbol;
      const uses = this.plan.scope.refs.filter((r) => r.symbol === symbol && r.id !== nameNode);
      if (uses.length === 0) return '';
      const assigned = uses.some(({ id }) => {
        const p = id.getParent();
        return (Node.isBinaryExpression(p) && p.getLeft() === id && /^[^=!<>]*=$/.test(p.getOperatorToken().getText())) || Node.isPrefixUnaryExpression(p) || Node.isPostfixUnaryExpression(p);
      });
      const type = param.getTypeNode();
      if (!assigned && type === undefined && symbol !== undefined && this.emitter.isHandler(this.k)) {
        // Its type is inferred from .handle(): the chain's context, so the request itself serves.
        this.emitter.alias(symbol, this.req);
        return '';
      }
      return `${assigned ? 'let' : 'const'} ${this.print(nameNode)}${type ? `: ${this.print(type)}` : ''} = ${this.req};\n`;
    }
    const type = param.getTypeNode();
    return `const ${this.print(nameNode)}${type ? `: ${this.print(type)}` : ''} = ${this.req};\n`;
  }

  print(node: Node): string {
    const custom = this.#rule(node);
    if (custom !== undefined) return custom;
    const children = node.getChildren();
    if (children.length === 0) return node.getText();
    let out = '';
    let pos = node.getStart();
    for (const child of children) {
      const start = child.getStart();
      if (start < pos) continue; // JSDoc attached before the node's first token
      out += this.#text.slice(pos, start) + this.print(child);
      pos = child.getEnd();
    }
    return out + this.#text.slice(pos, node.getEnd());
  }

  #rule(node: Node): string | undefined {
    const { plan } = this;
    if (node === plan.site) return this.#result ?? undefined;
    if (Node.isIdentifier(node)) {
      const parent = node.getParent();
      if (Node.isShorthandPropertyAssignment(parent) && parent.getNameNode() === node) {
        const symbol = parent.getValueSymbol()?.compilerSymbol;
        const name = symbol && this.emitter.rename(symbol);
        return name !== undefined && name !== node.getText() ? `${node.getText()}: ${name}` : undefined;
      }
      const symbol = node.getSymbol()?.compilerSymbol;
      const name = symbol && plan.scope.refs.some((r) => r.id === node) ? this.emitter.rename(symbol) : undefined;
      return name;
    }
    if (Node.isBindingElement(node) && node.getPropertyNameNode() === undefined && node.getDotDotDotToken() === undefined && Node.isObjectBindingPattern(node.getParent())) {
      const nameNode = node.getNameNode();
      const printed = this.print(nameNode);
      if (!Node.isIdentifier(nameNode) || printed === nameNode.getText()) return undefined;
      const init = node.getInitializer();
      return `${nameNode.getText()}: ${printed}${init ? ` = ${this.print(init)}` : ''}`;
    }
    if (Node.isReturnStatement(node) && node.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a)) === plan.fn) {
      const expr = node.getExpression();
      if (plan.mode === 'hoist' && plan.statement === node && !this.#hoisting) return this.#hoisted(node);
      const tail = this.#isTail(node);
      const text = expr === undefined ? this.#leave('undefined', tail) : this.ret(expr, tail);
      return tail || inBlock(node) ? text : `{\n${text}\n}`;
    }
    if (plan.mode === 'hoist' && node === plan.statement && !this.#hoisting) return this.#hoisted(node);
    return undefined;
  }

  #hoisting = false;

  #result: string | undefined;

  /** The inner steps, then `statement` with the next() call replaced by their response. */
  #hoisted(statement: Node): string {
    const into = this.#declaredResult(statement);
    if (into !== undefined) return this.#runInner(into);
    const before = this.#runInner();
    this.#hoisting = true;
    let text: string;
    try {
      text = Node.isReturnStatement(statement) ? this.#assign(statement.getExpressionOrThrow(), this.#isTail(statement)) : this.#withResult(statement);
    } finally {
      this.#hoisting = false;
    }
    return inBlock(statement) ? `${before}\n${text}` : `{\n${before}\n${text}\n}`;
  }

  /** Whether `statement` is the last statement of the literal's body (so leaving the block needs no `break`). */
  #isTail(statement: Node): boolean {
    const body = this.plan.fn.getBody();
    return body !== undefined && Node.isBlock(body) && body.getStatements().at(-1) === statement;
  }

  /** `target = value;`, then a `break` out of the layer's block unless this is its last statement. */
  #leave(value: string, tail: boolean): string {
    return tail ? `${this.target} = ${value};` : `${this.target} = ${value};\nbreak ${this.label};`;
  }

  #withResult(node: Node): string {
    this.#result = this.#consumed();
    try {
      return this.print(node);
    } finally {
      this.#result = undefined;
    }
  }

  #pending: string | undefined;

  /**
   * For `const res = await next();` (one plain name, no type annotation, not read
   * by a nested function, the step below inlined): the renamed `res`, which the
   * steps below then write to directly, instead of to a fresh name copied into it.
   */
  #declaredResult(statement: Node): string | undefined {
    const { plan } = this;
    if (!Node.isVariableStatement(statement) || this.emitter.innerIsOpaque(this.k + 1)) return undefined;
    const kind = statement.getDeclarationKind();
    const [declaration, ...more] = statement.getDeclarations();
    if ((kind !== VariableDeclarationKind.Const && kind !== VariableDeclarationKind.Let) || declaration === undefined || more.length > 0) return undefined;
    const name = declaration.getNameNode();
    const init = declaration.getInitializer();
    if (!Node.isIdentifier(name) || declaration.getTypeNode() !== undefined || init === undefined || unwrap(init) !== plan.site) return undefined;
    const symbol = name.getSymbol()?.compilerSymbol;
    if (symbol === undefined) return undefined;
    const closedOver = plan.scope.refs.some((r) => r.symbol === symbol && r.id.getFirstAncestor((a) => Node.isFunctionLikeDeclaration(a)) !== plan.fn);
    return closedOver ? undefined : this.emitter.rename(symbol);
  }

  /** Runs the steps below: `Object.assign(req, additions); let r; …` (into `into` when given, else a fresh name left in #pending). */
  #runInner(into?: string): string {
    const { plan } = this;
    const arg = plan.call!.getArguments()[0];
    const inner = into ?? this.emitter.env.names.fresh('res');
    this.#pending = inner;
    const adds = arg === undefined ? '' : `Object.assign(${this.req}, ${this.print(arg)});\n`;
    return `${adds}let ${inner};\n${this.emitter.inner(this.k + 1, inner, this.req)}`;
  }

  /** The inner response as this layer sees it (typed through its next() when the inner step was called, not inlined). */
  #consumed(): string {
    const inner = this.#pending!;
    if (!this.emitter.innerIsOpaque(this.k + 1)) return inner;
    const type = this.plan.next?.getTypeNode();
    const nextType = type ? this.print(type) : this.emitter.env.imports.add('shallot', this.plan.async ? 'Next' : 'NextSync', this.plan.async ? 'Next' : 'NextSync', true);
    return this.plan.async ? `(${inner} as Awaited<ReturnType<${nextType}>>)` : `(${inner} as ReturnType<${nextType}>)`;
  }

  /**
   * `target = <expr>; break label;` for a returned expression (through `?:` when
   * next() is in one branch): statements, to be braced where one statement is due.
   * `tail`: the return is the body's last statement, so no `break` is needed.
   */
  ret(expr: Node, tail: boolean): string {
    const { plan } = this;
    let e = expr;
    while (Node.isParenthesizedExpression(e)) e = e.getExpression();
    if (plan.mode === 'return' && plan.site !== undefined && (e === plan.site || e === plan.call)) {
      const before = this.#runInner();
      return `${before}\n${this.#leave(this.#consumed(), tail)}`;
    }
    if (plan.mode === 'return' && Node.isConditionalExpression(e) && plan.site !== undefined && e.containsRange(plan.site.getPos(), plan.site.getEnd())) {
      return `if (${this.print(e.getCondition())}) {\n${this.ret(e.getWhenTrue(), tail)}\n} else {\n${this.ret(e.getWhenFalse(), tail)}\n}`;
    }
    return this.#assign(e, tail);
  }

  #assign(e: Node, tail: boolean): string {
    const value = this.#withResultIfPending(e);
    const awaitIt = this.consumerAsync && mayBeThenable(e) ? 'await ' : '';
    return this.#leave(`${awaitIt}${value}`, tail);
  }

  #withResultIfPending(e: Node): string {
    const site = this.plan.site;
    return this.#pending !== undefined && site !== undefined && e.getPos() <= site.getPos() && site.getEnd() <= e.getEnd() ? this.#withResult(e) : this.print(e);
  }
}
