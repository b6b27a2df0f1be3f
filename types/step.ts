import type { appTypes } from './app.js';
import type { ChainError } from './error.js';
import type { LayerTypes, Middleware, layerTypes } from './layer.js';
import type { AppAsLayerText, LiteralName, NotALayerText, PlainFunctionText, UncalledFactoryText } from './messages.js';
import type { ChainState, chainState } from './state.js';

/**
 * What one `.use(x)` contributes: for a middleware, its own {@link LayerTypes}
 * record (the common case, read as it is); for a builder, a {@link SubChain}; for
 * anything else, a {@link NotALayer} saying why.
 *
 * HACK: a layer is not copied into a step record of its own. Building one per
 * `.use()` (its label, its colour, whether it is transparent) cost more than all
 * the checks; the checks and `After` read `L['needs']`, `L['out']`, … directly,
 * and spell a label (`middleware 'auth'`) only where a message or a state field
 * needs it.
 */
export type Step = LayerTypes | SubChain<ChainState> | NotALayer;

/**
 * The {@link Step} of whatever was passed to `.use()`. A factory passed uncalled
 * is an error, and otherwise counts as the layer it would make, so that the layers
 * below it are checked as if it had been called (one mistake, one error).
 * Anything else that is neither a layer nor a builder changes nothing.
 */
export type StepOf<X> = X extends Middleware<infer L>
  ? L
  : X extends { readonly [chainState]: infer S extends ChainState }
    ? SubChain<S>
    : X extends { readonly [appTypes]: unknown }
      ? NotALayer<ChainError<AppAsLayerText>>
      : X extends (...args: infer A) => infer R
        ? R extends { readonly [layerTypes]: infer L extends LayerTypes }
          ? NotALayer<ChainError<UncalledFactoryText<FactoryCall<L['name'], A>>>, L>
          : NotALayer<ChainError<PlainFunctionText>>
        : NotALayer<ChainError<NotALayerText, [got: X]>>;

/** A spliced builder, in state `S`. */
export interface SubChain<S extends ChainState> {
  readonly spliced: S;
}

/** A `.use()` argument that is no layer: the error, and the layer it stands for if any (an uncalled factory's). */
export interface NotALayer<Problem = unknown, As extends LayerTypes | undefined = undefined> {
  readonly problem: Problem;
  readonly as: As;
}

/** How messages name a layer. */
export type LabelOf<L extends LayerTypes> = `middleware '${L['name']}'`;

/** How to call a factory, for the message: `requestId()`, or `setHeader(…)` when it takes arguments. */
type FactoryCall<Name, Args extends unknown[]> = `${CallName<Name>}(${[] extends Args ? '' : '…'})`;

/**
 * The factory's name as its layers' name suggests it (`setHeader(X-A)` → `setHeader`), when that is a name code
 * could call: a layer named `role-check` or `auth:jwt` says nothing of its factory's name, so `the factory`.
 */
type CallName<Name> = Name extends `${infer Base}(${string}` ? Callable<LiteralName<Base, 'the factory'>> : Callable<LiteralName<Name, 'the factory'>>;

type Callable<Name extends string> = Name extends `${string}${'-' | ' ' | ':' | '/' | '.' | '@' | '#'}${string}` ? 'the factory' : Name;

/** A label as messages give it for a layer of a spliced sub-chain. */
export type InSubChain<Label extends string> = Label extends 'the caller' | `${string} (in a sub-chain)` ? Label : `${Label} (in a sub-chain)`;

/** `InSubChain` for a label that may be `false`. */
export type InSub<Label extends string | false> = Label extends string ? InSubChain<Label> : false;
