import type { appTypes } from './app.js';
import type { ChainError } from './error.js';
import type { LayerTypes, layerTypes } from './layer.js';
import type { AppAsLayerText, LiteralName, NotALayerText, PlainFunctionText, UncalledFactoryText } from './messages.js';
import type { Passed } from './passed.js';
import type { IsHandlerResponse } from './response.js';
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
  /** Who sets `out`, for messages. */
  readonly outFrom: string;
  /** Its outermost async layer (a label), or `false`. */
  readonly async: string | false;
  /** Its innermost sync layer (a label), or `false`. */
  readonly sync: string | false;
  /** For a sub-chain: the first of its layers to read each field of its base. */
  readonly reads: object;
  /** Why `x` is no step at all (an uncalled factory, an app, …), or `never`. */
  readonly problem: unknown;
}

/**
 * The {@link Step} of whatever was passed to `.use()`.
 *
 * A factory passed uncalled is an error, and otherwise counts as the layer it
 * would make, so that the layers below it are checked as if it had been called
 * (one mistake, one error). Anything else that is not a layer or a builder
 * changes nothing.
 */
export type StepOf<X> = X extends { readonly [layerTypes]: infer L extends LayerTypes }
  ? LayerStep<L, `middleware '${L['name']}'`, never>
  : X extends { readonly [chainState]: infer S extends ChainState }
    ? SubChainStep<S>
    : X extends { readonly [appTypes]: unknown }
      ? NoStep<ChainError<AppAsLayerText>>
      : X extends (...args: infer A) => infer R
        ? R extends { readonly [layerTypes]: infer L extends LayerTypes }
          ? LayerStep<L, `middleware '${L['name']}'`, ChainError<UncalledFactoryText<FactoryCall<L['name'], A>>>>
          : NoStep<ChainError<PlainFunctionText>>
        : NoStep<ChainError<NotALayerText, [got: X]>>;

/** How to call a factory, for the message: `requestId()`, or `setHeader(…)` when it takes arguments. */
type FactoryCall<Name, Args extends unknown[]> = `${CallName<Name>}(${[] extends Args ? '' : '…'})`;

/** The factory's name as its layers' name suggests it (`setHeader(X-A)` → `setHeader`). */
type CallName<Name> = Name extends `${infer Base}(${string}` ? LiteralName<Base, 'the factory'> : LiteralName<Name, 'the factory'>;

/** A label as messages give it for a layer of a spliced sub-chain. */
export type InSubChain<Label extends string> = Label extends 'the caller' | `${string} (in a sub-chain)` ? Label : `${Label} (in a sub-chain)`;

/** `InSubChain` for a label that may be `false`. */
type InSub<Label extends string | false> = Label extends string ? InSubChain<Label> : false;

interface LayerStep<L extends LayerTypes, Label extends string, Problem> {
  readonly label: Label;
  readonly needs: L['needs'];
  readonly adds: L['adds'];
  readonly spliced: false;
  readonly inner: L['inner'];
  readonly innerFrom: Label;
  readonly out: L['out'];
  readonly outFrom: Label;
  readonly async: L['sync'] extends true ? false : Label;
  readonly sync: L['sync'] extends true ? Label : false;
  readonly reads: {};
  readonly problem: Problem;
}

interface SubChainStep<S extends ChainState> {
  readonly label: 'the sub-chain';
  readonly needs: S['req'];
  readonly adds: S['ctx'];
  readonly spliced: true;
  readonly inner: S['res'];
  readonly innerFrom: InSubChain<S['from']>;
  readonly out: IsHandlerResponse<S['out']> extends true ? Passed<unknown> : S['out'];
  readonly outFrom: InSubChain<S['outFrom']>;
  readonly async: InSub<S['async']>;
  readonly sync: InSub<S['sync']>;
  readonly reads: S['reads'];
  readonly problem: never;
}

/** A `.use()` argument that is no step: the state stays as it was. */
interface NoStep<Problem> {
  readonly label: 'this argument';
  readonly needs: {};
  readonly adds: {};
  readonly spliced: false;
  readonly inner: unknown;
  readonly innerFrom: string;
  readonly out: Passed<unknown>;
  readonly outFrom: string;
  readonly async: false;
  readonly sync: false;
  readonly reads: {};
  readonly problem: Problem;
}
