/**
 * Finds the exported chains of a module: `export const app = chain<…>()…use(…)
 * .handle(…)`, with base builders and sub-chains (`const base = chain().use(a)`)
 * followed through consts, across modules. Structure is read from values: a
 * `.use(x)` is a sub-chain when `x` evaluates to a builder expression, a layer
 * when it evaluates to `middleware(…)` (or, where no value can be read, when
 * its type is a layer's). A layer used twice, or a sub-chain spliced twice, is
 * two uses. An exported app that is not written so (built in a loop, from an
 * array, with a conditional `.use`, of a value whose type hides what it is) is
 * reported with the reason rather than skipped in silence.
 */
import { Node, type CallExpression, type SourceFile } from 'ts-morph';
import { isFunctionLiteral, isLoop, methodCall, unwrap, type FunctionLiteral } from '../analysis/syntax.js';
import type { ChainModel, HandlerModel, LayerModel, ModuleModel, OpaqueChain, ReexportedChain } from '../model.js';
import { at, type Diagnostic } from '../diagnostics.js';
import { describeNode, Resolver } from './resolve.js';
import { isAppType, isBuilderType, isLayerType, isPartsFactory, isShallotDeclaration, layerNameType, layerSyncType } from './shapes.js';

/** Why a chain cannot be read, and where. */
interface Problem {
  readonly reason: string;
  readonly at: Node;
}

const isProblem = (x: unknown): x is Problem => typeof x === 'object' && x !== null && 'reason' in x;

/** Reads the chains of one module; `resolver` records every file read. */
class Reader {
  constructor(readonly resolver: Resolver) {}

  /** `callee` is shallot's `middleware` ('async') or `middleware.sync` ('sync'), by what it resolves to. */
  middlewareKind(callee: Node): 'async' | 'sync' | undefined {
    const sync = Node.isPropertyAccessExpression(callee) && callee.getName() === 'sync' && this.isShallot(unwrap(callee.getExpression()), 'middleware');
    const base = sync ? unwrap((callee as Node & { getExpression(): Node }).getExpression()) : callee;
    if (!this.isShallot(base, 'middleware')) return undefined;
    return sync ? 'sync' : 'async';
  }

  /** Whether `node` names shallot's own `chain` or `middleware` (renamed, re-exported, or through `import * as shallot`). */
  isShallot(node: Node, module: 'chain' | 'middleware'): boolean {
    const name = this.resolver.bindingName(unwrap(node));
    return name !== undefined && isShallotDeclaration(this.resolver.declarationOf(name), module);
  }

  /**
   * The layers of a builder expression; a problem when it is a builder that cannot
   * be read; undefined when it is not a builder at all. `stack`: the declarations
   * followed to get here (a cycle is only a cycle on one path, so a sub-chain
   * spliced twice is read twice).
   */
  builder(node: Node, stack: readonly Node[]): LayerModel[] | Problem | undefined {
    const found = this.resolver.valueOf(node, stack);
    if (typeof found === 'string') return isBuilderType(node) ? { reason: `its builder cannot be read: ${found}`, at: node } : undefined;
    const { value, stack: path } = found;
    const call = methodCall(value);
    if (call?.name === 'use') {
      const outer = this.builder(call.receiver, path);
      if (outer === undefined || isProblem(outer)) return outer;
      if (call.args.length !== 1) return { reason: `.use() takes one layer, got ${call.args.length} arguments`, at: value };
      const arg = call.args[0]!;
      if (Node.isSpreadElement(arg)) return { reason: 'its layers come from a spread array, known only at run time', at: arg };
      const sub = this.builder(arg, path);
      if (sub !== undefined) return isProblem(sub) ? sub : [...outer, ...sub];
      const layer = this.layer(arg, path);
      return isProblem(layer) ? layer : [...outer, layer];
    }
    if (Node.isCallExpression(value)) {
      const callee = unwrap(value.getExpression());
      if (this.isShallot(callee, 'chain')) return [];
      const made = this.madeBy(value, path);
      if (made !== undefined) return this.builder(made.returned, made.stack);
      if (call?.name === 'reduce' || call?.name === 'reduceRight') return { reason: 'it is built in a loop (reduce over an array of layers)', at: value };
      if (isBuilderType(value) || isBuilderType(node)) {
        const fn = this.resolver.functionOf(value.getExpression());
        const helper = typeof fn === 'string' ? '' : ' (a helper is read when it takes no arguments and only returns one chain()…use(…) expression)';
        return { reason: `its builder is ${describeNode(value)}, which shallot cannot see into${helper}`, at: value };
      }
      return undefined;
    }
    return isBuilderType(node) || isBuilderType(value) ? { reason: `its builder is ${describeNode(value)}`, at: value } : undefined;
  }

  /**
   * The builder expression a call returns when the callee is a project function of no parameters whose body is
   * that one expression (`const chain = () => base<R>().use(log)`, `function api() { return chain<R>().use(a); }`):
   * a project's own `chain()` helper. Each call builds the same layers again, so the call is read as its body.
   * Anything else in the body (a statement, a parameter, `this`, `arguments`) leaves the call unread.
   */
  madeBy(call: CallExpression, stack: readonly Node[]): { returned: Node; stack: readonly Node[] } | undefined {
    if (call.getArguments().length !== 0) return undefined;
    const found = this.resolver.valueOf(call.getExpression(), stack);
    if (typeof found === 'string' || !isFunctionLiteral(found.value)) return undefined;
    const fn = found.value;
    if (fn.getParameters().length !== 0 || fn.isAsync() || (!Node.isArrowFunction(fn) && fn.isGenerator())) return undefined;
    const body = fn.getBody();
    if (body === undefined) return undefined;
    let returned: Node | undefined = body;
    if (Node.isBlock(body)) {
      const [only, ...rest] = body.getStatements();
      returned = rest.length === 0 && only !== undefined && Node.isReturnStatement(only) ? only.getExpression() : undefined;
    }
    if (returned === undefined) return undefined;
    const own = [returned, ...returned.getDescendants()].some((n) => Node.isThisExpression(n) || (Node.isIdentifier(n) && n.getText() === 'arguments'));
    return own ? undefined : { returned, stack: found.stack };
  }

  /** The layer a `.use(arg)` adds (not a builder), or why it cannot be told. */
  layer(arg: Node, stack: readonly Node[]): LayerModel | Problem {
    const typeName = layerNameType(arg);
    const typeSync = layerSyncType(arg);
    const found = this.resolver.valueOf(arg, stack);
    const called = (reason: string, fn?: FunctionLiteral, sync = typeSync, name = typeName): LayerModel => ({ name, sync, fn, called: reason, use: arg });
    if (typeof found === 'string') {
      return isLayerType(arg) ? called(`${found}, so it is known only at run time`) : { reason: `cannot tell what .use(${arg.getText()}) adds: ${found}, and its type is not a layer's`, at: arg };
    }
    const { value } = found;
    if (Node.isCallExpression(value)) {
      const callee = unwrap(value.getExpression());
      const kind = this.middlewareKind(callee);
      if (kind !== undefined) {
        const [nameArg, fnArg] = value.getArguments();
        const nameNode = nameArg === undefined ? undefined : unwrap(nameArg);
        const name = nameNode !== undefined && (Node.isStringLiteral(nameNode) || Node.isNoSubstitutionTemplateLiteral(nameNode)) ? nameNode.getLiteralValue() : layerNameType(value);
        const sync = kind === 'sync';
        if (fnArg === undefined) return called('it has no function', undefined, sync, name);
        const fn = this.resolver.functionOf(fnArg);
        if (typeof fn === 'string') return called(`its function cannot be read: ${fn}`, undefined, sync, name);
        return { name, sync, fn, called: undefined, use: arg };
      }
      if (isLayerType(arg) || isLayerType(value)) {
        const factory = this.resolver.functionOf(callee);
        const made = typeof factory === 'string' ? [] : this.returnedLayers(factory);
        const kinds = new Set(made.map((m) => m.kind));
        const sync = typeSync ?? (kinds.size === 1 ? [...kinds][0] === 'sync' : undefined);
        const model = called(`it is made at run time by ${callee.getText()}(…)`, made.length === 1 ? made[0]!.fn : undefined, sync);
        const factoryName = this.resolver.bindingName(callee);
        return factoryName !== undefined && isPartsFactory(this.resolver.declarationOf(factoryName)) ? { ...model, sync: false, parts: true, factoryCall: value } : model;
      }
      return { reason: `cannot tell what .use(${arg.getText()}) adds: it is ${describeNode(value)}, and its type is neither a layer's nor a chain's`, at: arg };
    }
    // A function, a property, an element: a type error or a value known only at run time.
    if (isLayerType(arg) || isFunctionLiteral(value)) return called(`it is ${describeNode(value)}, known only at run time`);
    return { reason: `cannot tell what .use(${arg.getText()}) adds: it is ${describeNode(value)}, and its type is not a layer's`, at: arg };
  }

  /** The `middleware(…)` calls a factory's body makes, with their literals (for verify, and for the kind of layer it makes). */
  returnedLayers(factory: FunctionLiteral): { kind: 'async' | 'sync'; fn: FunctionLiteral | undefined }[] {
    const body = factory.getBody();
    if (body === undefined) return [];
    const out: { kind: 'async' | 'sync'; fn: FunctionLiteral | undefined }[] = [];
    for (const n of [body, ...body.getDescendants()]) {
      if (!Node.isCallExpression(n)) continue;
      const kind = this.middlewareKind(unwrap(n.getExpression()));
      if (kind === undefined) continue;
      const fnArg = n.getArguments()[1];
      const fn = fnArg === undefined ? undefined : this.resolver.functionOf(fnArg);
      out.push({ kind, fn: typeof fn === 'string' ? undefined : fn });
    }
    return out;
  }

  handler(arg: Node): HandlerModel {
    const fn = this.resolver.functionOf(arg);
    return typeof fn === 'string' ? { fn: undefined, called: fn, node: arg } : { fn, called: undefined, node: arg };
  }
}

/** Why an exported app's initializer is not a static chain (when the builder did not already say). */
function opaqueReason(init: Node): Problem {
  const loop = [init, ...init.getDescendants()].find(
    (n) => isLoop(n) || (Node.isCallExpression(n) && /^(reduce|reduceRight|forEach|map)$/.test(methodCall(n)?.name ?? '')),
  );
  if (loop !== undefined) return { reason: 'it is built in a loop', at: loop };
  return { reason: `it is ${describeNode(init)}, not chain()…use(…).handle(…)`, at: init };
}

/**
 * The chain a `const` names when its initializer is only a name (`export const alias = app`): the declaration
 * that holds the `chain()…handle(…)` and that expression, or undefined.
 */
function aliasOf(resolver: Resolver, decl: Node): { decl: Node; value: Node } | undefined {
  const init = resolver.constInitializer(decl);
  // A name, or `ns.name` of a namespace import (`export const api = routes.api`).
  if (typeof init === 'string' || resolver.bindingName(init) === undefined) return undefined;
  const found = resolver.valueOf(init, [decl]);
  if (typeof found === 'string' || methodCall(found.value)?.name !== 'handle') return undefined;
  // The name was followed to at least one declaration, the last of which holds the chain.
  return { decl: found.stack.at(-1)!, value: found.value };
}

/** The chains exported by `file`. */
export function findChains(file: SourceFile): ModuleModel {
  const resolver = new Resolver();
  resolver.read(file);
  const reader = new Reader(resolver);
  // One declaration may be exported under several names (`export { app as default }`).
  const names = new Map<Node, string[]>();
  // A chain another module declares, exported here again (`export { shared } from './base'`, an import exported).
  const foreign = new Map<Node, string[]>();
  for (const [name, decls] of file.getExportedDeclarations()) {
    // `export = …`: read with the module's export assignments below.
    if (name === 'export=') continue;
    for (const decl of decls) {
      if (decl.getSourceFile() !== file) {
        if (mayBeChain(decl)) foreign.set(decl, [...(foreign.get(decl) ?? []), name]);
      } else if (Node.isVariableDeclaration(decl) || Node.isBindingElement(decl)) names.set(decl, [...(names.get(decl) ?? []), name]);
    }
  }
  // `export const alias = app;`: another name of a chain this module exports is one more name of that chain (as at
  // run time, `alias === app`); of any other chain (a private const, an import), it is that chain under its own name.
  const aliased = new Map<Node, Node>();
  for (const decl of [...names.keys()]) {
    const target = aliasOf(resolver, decl);
    if (target === undefined) continue;
    if (names.has(target.decl)) {
      names.set(target.decl, [...names.get(target.decl)!, ...names.get(decl)!]);
      names.delete(decl);
    } else aliased.set(decl, target.value);
  }
  const chains: ChainModel[] = [];
  const opaque: OpaqueChain[] = [];
  for (const [decl, exported] of names) {
    const exports = exported.sort();
    if (!Node.isVariableDeclaration(decl)) {
      // `export const { api } = apps;`, `export const [first] = list;`: exported, so never skipped in silence.
      if (Node.isBindingElement(decl) && isAppType(decl.getNameNode())) opaque.push({ name: decl.getName(), exports, file, node: decl, reason: `'${decl.getName()}' is declared by destructuring, which codegen does not follow` });
      continue;
    }
    const name = decl.getName();
    const written = decl.getInitializer();
    const handle = written === undefined ? undefined : methodCall(unwrap(written));
    // A chain by its value (`chain()…handle(…)`, or a name of one: `export const api: Handler = inner`) or its type.
    const handled = (handle?.name === 'handle' && reader.builder(handle.receiver, [decl]) !== undefined) || aliased.has(decl);
    if (!handled && !isAppType(decl.getNameNode())) continue;
    const init = aliased.get(decl) ?? resolver.constInitializer(decl);
    if (typeof init === 'string') {
      opaque.push({ name, exports, file, node: decl, reason: init });
      continue;
    }
    const call = methodCall(init);
    const layers = call?.name === 'handle' ? reader.builder(call.receiver, [decl]) : undefined;
    if (layers === undefined) {
      // A name that cannot be followed (`export const api = swapped`, a `let`) says why.
      const followed = resolver.bindingName(init) === undefined ? undefined : resolver.valueOf(init, [decl]);
      const { reason, at } = typeof followed === 'string' ? { reason: followed, at: init } : opaqueReason(init);
      opaque.push({ name, exports, file, node: at, reason });
      continue;
    }
    if (isProblem(layers)) {
      opaque.push({ name, exports, file, node: layers.at, reason: layers.reason });
      continue;
    }
    const handlerArg = call!.args[0];
    if (handlerArg === undefined) {
      opaque.push({ name, exports, file, node: init, reason: '.handle() is given no handler' });
      continue;
    }
    chains.push({ name, exports, file, node: init as CallExpression, layers, handler: reader.handler(handlerArg) });
  }
  // `export default chain()…handle(…)`: a chain with no name of its own; `export default (app)`, `ns.app`, `app as
  // App`: the chain the expression names (a name getExportedDeclarations already followed is handled above).
  const named = new Set([...names.values(), ...foreign.values()].flat());
  const unsupported: Diagnostic[] = [];
  for (const assignment of file.getExportAssignments()) {
    if (assignment.isExportEquals()) {
      // A CommonJS module's one export: an ES module (what codegen writes) cannot export that way.
      if (isAppType(assignment.getExpression()) || methodCall(unwrap(assignment.getExpression()))?.name === 'handle') {
        unsupported.push(at(assignment, 'export-equals', `the chain of 'export =' is not generated: shallot codegen writes ES modules, which cannot export that way; export it as \`export default\` or by name (\`export const app = …\`)`));
      }
      continue;
    }
    if (named.has('default')) continue;
    const written = unwrap(assignment.getExpression());
    const found = methodCall(written)?.name === 'handle' ? { value: written, stack: [] } : resolver.valueOf(written, [assignment]);
    const init = typeof found === 'string' ? written : found.value;
    const call = methodCall(init);
    if (call?.name !== 'handle' || (!isAppType(init) && reader.builder(call.receiver, [assignment]) === undefined)) {
      if (isAppType(assignment.getExpression())) opaque.push({ name: 'default', exports: ['default'], file, node: assignment, reason: typeof found === 'string' ? found : opaqueReason(init).reason });
      continue;
    }
    // Another name of a chain this module exports: one more name of it, as at run time.
    const same = chains.find((c) => c.node === init);
    if (same !== undefined) {
      chains[chains.indexOf(same)] = { ...same, exports: [...same.exports, 'default'].sort() };
      continue;
    }
    const layers = reader.builder(call.receiver, [assignment]);
    if (layers === undefined || isProblem(layers)) {
      const { reason, at } = layers ?? opaqueReason(init);
      opaque.push({ name: 'default', exports: ['default'], file, node: at, reason });
      continue;
    }
    const handlerArg = call.args[0];
    if (handlerArg === undefined) {
      opaque.push({ name: 'default', exports: ['default'], file, node: init, reason: '.handle() is given no handler' });
      continue;
    }
    chains.push({ name: 'default', exports: ['default'], file, node: init as CallExpression, layers, handler: reader.handler(handlerArg) });
  }
  const reexports: ReexportedChain[] = [...foreign].map(([decl, exported]) => {
    const from = decl.getSourceFile();
    resolver.read(from);
    const names = [...from.getExportedDeclarations()].filter(([, decls]) => decls.some((d) => d === decl)).map(([name]) => name);
    // `export default apps.main`: seen from here, the property it names; seen from its own module, an expression.
    const defaults = from.getExportAssignments().some((a) => !a.isExportEquals() && (unwrap(a.getExpression()).getSymbol()?.getDeclarations() ?? []).some((d) => d === decl));
    if (defaults && !names.includes('default')) names.push('default');
    return { exports: exported.sort(), from, names: names.sort(), chain: isChainDeclaration(decl), node: decl };
  });
  const byPos = <T extends { node: Node }>(a: T, b: T): number => a.node.getStart() - b.node.getStart();
  const byPlace = (a: ReexportedChain, b: ReexportedChain): number => a.from.getFilePath().localeCompare(b.from.getFilePath()) || byPos(a, b);
  return { file, chains: chains.sort(byPos), opaque: opaque.sort(byPos), unsupported, reexports: reexports.sort(byPlace), inputs: resolver.files };
}

/**
 * A declaration another module exports that can hold a chain: any value (a variable, destructured or not,
 * `export default <expression>`, the property `export default apps.main` names), not a type, class, function,
 * enum or namespace, nor a module's namespace object (`export * as routes from './routes.js'`, or
 * `import * as routes …; export { routes }`: the declaration is that module's file; its chains are that module's).
 */
const mayBeChain = (decl: Node): boolean =>
  !(Node.isSourceFile(decl) || Node.isInterfaceDeclaration(decl) || Node.isTypeAliasDeclaration(decl) || Node.isClassDeclaration(decl) || Node.isFunctionDeclaration(decl) || Node.isEnumDeclaration(decl) || Node.isModuleDeclaration(decl) || (Node.isExportAssignment(decl) && decl.isExportEquals()));

/** Whether the declaration holds a chain, by its type (an `App`) or, where a type annotation hides that, by its value (`chain()…handle(…)`). */
function isChainDeclaration(decl: Node): boolean {
  const typed = Node.isVariableDeclaration(decl) || Node.isBindingElement(decl) || Node.isShorthandPropertyAssignment(decl) ? decl.getNameNode() : Node.isExportAssignment(decl) ? decl.getExpression() : Node.isPropertyAssignment(decl) ? (decl.getInitializer() ?? decl) : decl;
  if (isAppType(typed)) return true;
  const init = Node.isVariableDeclaration(decl) || Node.isPropertyAssignment(decl) ? decl.getInitializer() : Node.isExportAssignment(decl) ? decl.getExpression() : undefined;
  return init !== undefined && methodCall(unwrap(init))?.name === 'handle';
}
