/**
 * What inspect learns about a project, and what verify and generate read: the
 * chains of each source module, each layer resolved to its definition, in
 * order (a layer used twice appears twice: each use is a copy of its own).
 */
import type { CallExpression, Node, SourceFile } from 'ts-morph';
import type { FunctionLiteral } from './analysis/syntax.js';
import type { Diagnostic } from './diagnostics.js';

export type { FunctionLiteral } from './analysis/syntax.js';

/** One use of a layer in a chain, outermost first (sub-chains already spliced). */
export interface LayerModel {
  /** The runtime name, from `middleware('name', …)` or the layer's type; undefined when only the run time knows it. */
  readonly name: string | undefined;
  /** `middleware.sync` (true), `middleware` (false), or undefined when only the run time knows. */
  readonly sync: boolean | undefined;
  /**
   * The function literal of the layer: its own (`middleware('x', literal)`), which
   * generate may inline unless {@link called} says why not, or the one a
   * factory returns, which only verify reads.
   */
  readonly fn: FunctionLiteral | undefined;
  /** Why the layer must be called rather than inlined (a factory's closure, a value known at run time); undefined when `fn` is its own. */
  readonly called: string | undefined;
  /** The `.use(…)` argument this layer came from (for diagnostics). */
  readonly use: Node;
  /**
   * Made by a factory of `shallot/http` whose layers are made of parts
   * (src/parts.ts: logger, timing, requestId, setHeader): generate runs their
   * parts in line rather than calling the layer.
   */
  readonly parts?: boolean | undefined;
  /** For a layer made of parts: the factory call that made it (`logger({ sink })`), whose options (a sink, a `when`) generate reads for work they start. */
  readonly factoryCall?: CallExpression | undefined;
}

/** The innermost handler of a chain. */
export interface HandlerModel {
  readonly fn: FunctionLiteral | undefined;
  /** Why it must be called (its function is not a literal shallot can read). */
  readonly called: string | undefined;
  readonly node: Node;
}

/** An exported chain: `export const app = chain<…>()…use(…).handle(…)`. */
export interface ChainModel {
  /** The declared name (`app` in `const app = …`). */
  readonly name: string;
  /** The names it is exported under (`app`, `default`, an alias), sorted. */
  readonly exports: readonly string[];
  readonly file: SourceFile;
  /** The `.handle(…)` call (its position names the chain in diagnostics). */
  readonly node: Node;
  readonly layers: readonly LayerModel[];
  readonly handler: HandlerModel;
}

/** An exported value that is a chain, but not one written so that it can be read statically. */
export interface OpaqueChain {
  readonly name: string;
  /** The names it is exported under: the generated module re-exports the runtime chain under them. */
  readonly exports: readonly string[];
  readonly file: SourceFile;
  readonly node: Node;
  readonly reason: string;
}

/**
 * What a module exports that another module declares (`export { shared } from './base'`, an import exported again,
 * `export *`): a chain, when the run finds it among that module's chains (or its type says it is one). The
 * generated module re-exports it (run.ts decides from where).
 */
export interface ReexportedChain {
  /** The names this module exports it under. */
  readonly exports: readonly string[];
  /** The module that declares it. */
  readonly from: SourceFile;
  /** The names `from` exports it under. */
  readonly names: readonly string[];
  /** Whether it holds a chain by its type (an `App`) or its value (`chain()…handle(…)`): re-exported as the runtime chain where no generated module has it. */
  readonly chain: boolean;
  /** Its declaration, for ordering. */
  readonly node: Node;
}

/** Everything inspect found in one source module. */
export interface ModuleModel {
  readonly file: SourceFile;
  readonly chains: readonly ChainModel[];
  readonly opaque: readonly OpaqueChain[];
  /** Chains exported in a way no generated module can export them (`export = chain()…`), each with what to write instead. */
  readonly unsupported: readonly Diagnostic[];
  /** Values declared elsewhere that it exports again, chains among them (written into its generated module only when it has chains of its own). */
  readonly reexports: readonly ReexportedChain[];
  /** Every file read to find and resolve them (the module itself included): what a rebuild depends on. */
  readonly inputs: ReadonlySet<string>;
}
