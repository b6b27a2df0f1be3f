import type { LayerTypes, layerTypes } from './layer.js';
import type { Passed } from './passed.js';
import type { Unset } from './response.js';
import type { ChainState, chainState } from './state.js';

/**
 * What one `.use(x)` contributes, whether `x` is a middleware or a sub-chain:
 * the same record, so the checks and the growth of the state are written once.
 */
export interface Step {
  /** How messages name it. */
  readonly label: string;
  readonly needs: unknown;
  /** What it adds to the context (`unknown`, like the `ctx` of a state: see `state.ts`). */
  readonly adds: unknown;
  /** `true` for a spliced sub-chain: its context is intersected, not grown. */
  readonly spliced: boolean;
  readonly inner: unknown;
  /** Who demands `inner`, for messages. */
  readonly innerFrom: string;
  readonly out: unknown;
  readonly async: boolean;
  /** The label of its innermost sync layer, or `false`. */
  readonly sync: string | false;
}

/** The {@link Step} of a middleware or of a sub-chain. */
export type StepOf<X> = X extends { readonly [layerTypes]: infer L extends LayerTypes }
  ? LayerStep<L, `middleware '${L['name']}'`>
  : X extends { readonly [chainState]: infer S extends ChainState }
    ? SubChainStep<S, S['first'] extends '' ? 'an empty sub-chain' : `sub-chain starting at ${S['first']}`>
    : never;

interface LayerStep<L extends LayerTypes, Label extends string> {
  readonly label: Label;
  readonly needs: L['needs'];
  readonly adds: L['adds'];
  readonly spliced: false;
  readonly inner: L['inner'];
  readonly innerFrom: Label;
  readonly out: L['out'];
  readonly async: L['sync'] extends true ? false : true;
  readonly sync: L['sync'] extends true ? Label : false;
}

interface SubChainStep<S extends ChainState, Label extends string> {
  readonly label: Label;
  readonly needs: S['base'];
  readonly adds: S['ctx'];
  readonly spliced: true;
  readonly inner: S['expect'];
  readonly innerFrom: S['expectFrom'];
  readonly out: [S['out']] extends [Unset] ? Passed<unknown> : S['out'];
  readonly async: S['async'];
  readonly sync: S['sync'];
}
