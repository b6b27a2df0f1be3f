/**
 * What inspect learns about a project, and what verify and generate read: the
 * chains of each source module, each layer resolved to its definition.
 */
import type { ArrowFunction, FunctionDeclaration, FunctionExpression, Node, SourceFile } from 'ts-morph';

/** A function literal that a layer or handler is defined by. */
export type FunctionLiteral = ArrowFunction | FunctionExpression | FunctionDeclaration;

/** One layer of a chain, in order, outermost first (sub-chains already spliced). */
export interface LayerModel {
  /** The runtime name, from `middleware('name', …)`, or undefined when only the run time knows it. */
  readonly name: string | undefined;
  /** `middleware.sync` (true), `middleware` (false), or unknown until run time (undefined). */
  readonly sync: boolean | undefined;
  /** The function literal that defines the layer, when inspect found one. */
  readonly fn: FunctionLiteral | undefined;
  /** Why `fn` is missing, or why it closes over something (a factory's parameters). */
  readonly opaque: string | undefined;
  /** The `.use(…)` argument this layer came from (for diagnostics). */
  readonly use: Node;
}

/** The innermost handler of a chain. */
export interface HandlerModel {
  readonly fn: FunctionLiteral | undefined;
  readonly opaque: string | undefined;
  readonly node: Node;
}

/** An exported chain: `export const app = chain<…>()…use(…).handle(…)`. */
export interface ChainModel {
  /** The exported name. */
  readonly name: string;
  readonly file: SourceFile;
  /** The `.handle(…)` call (its position names the chain in diagnostics). */
  readonly node: Node;
  readonly layers: readonly LayerModel[];
  readonly handler: HandlerModel;
}

/** An exported value that is a chain, but not one written so that it can be read statically. */
export interface OpaqueChain {
  readonly name: string;
  readonly file: SourceFile;
  readonly node: Node;
  readonly reason: string;
}

/** Everything inspect found in one source module. */
export interface ModuleModel {
  readonly file: SourceFile;
  readonly chains: readonly ChainModel[];
  readonly opaque: readonly OpaqueChain[];
}
