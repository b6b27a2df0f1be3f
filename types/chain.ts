import type { After } from './after.js';
import type { App } from './app.js';
import type { HandleProblem, UseProblem } from './checks.js';
import type { HandlerResponse, IsHandlerResponse, MayBePromise } from './response.js';
import type { AnyChain, ChainState, StateOf, chainState } from './state.js';
import type { LayerTypes, Middleware } from './layer.js';
import type { StepOf } from './step.js';

/**
 * HACK: the parameter of `.use()` is `$X` itself when the step fits, and the
 * error otherwise. TypeScript still infers `$X` from the argument (it infers into
 * both branches of a conditional), then reports the mismatch on the argument, so
 * the message lands on the line of the offending `.use(…)`.
 */
export type UseParam<T extends ChainState, $X, $L extends LayerTypes> = UseProblem<T, StepFor<$X, $L>> extends infer E
  ? [E] extends [never]
    ? $X
    : E
  : Middleware<$L>;

/**
 * The step of `.use(x)`: `$L` when `x` is a middleware (inferred from it), else
 * what `StepOf` makes of `x`.
 *
 * HACK: `$L` is inferred from `Middleware<$L>` in the branch of `UseParam` that is
 * never taken (`extends infer E` always holds): TypeScript infers into every branch
 * of a conditional, so a layer's types arrive by type-argument inference, and the
 * common step costs no conditional on the argument's type.
 */
export type StepFor<$X, $L extends LayerTypes> = $L extends NoLayer ? StepOf<$X> : $L;

/** The default of `$L`: `x` is no middleware. */
export interface NoLayer extends LayerTypes {
  readonly [noLayer]: true;
}

declare const noLayer: unique symbol;

/** The return type `.handle(fn)` demands of `fn`: `$R` itself, or the error. */
export type HandleReturn<T extends ChainState, $R> = HandleProblem<T, $R> extends infer E
  ? [E] extends [never]
    ? $R
    : E
  : never;

/** The {@link App} of a chain in state `T` closed by a handler returning `R`. */
export type AppOf<T extends ChainState, R> = App<T['req'], ResOf<T['out'], R>, T['ctx'], ResultOf<T, R>> & {}; // `& {}`: shown as `App<…>`, not `AppOf<…>`

/** What calling the app returns. */
type ResultOf<T extends ChainState, R> = T['async'] extends string
  ? Promise<ResOf<T['out'], R>>
  : IsHandlerResponse<T['out']> extends true
    ? R
    : MayBePromise<R> extends true
      ? Promise<T['out']>
      : T['out'];

/** The response of an app: what the outermost layer hands out, or, when every layer is transparent, what the handler returns. */
type ResOf<Out, R> = IsHandlerResponse<Out> extends true ? Awaited<R> : Exclude<Out, HandlerResponse>;

/**
 * A chain builder. Its state `T` is a record: a hover shows the request it is
 * called with (`req`), the context the next layer sees (`ctx`), the response the
 * next layer or the handler must hand up (`res`), what the app hands out (`out`,
 * `HandlerResponse` while every layer is transparent), and the bookkeeping the
 * checks need: the innermost sync and outermost async layer, who set `res` and
 * `out`, which layer first reads each field of `req`, and the lookup index.
 *
 * HACK: the methods reach the state through an inferred `this: $C` rather than
 * through `T`. A generic method that mentions its interface's `T` is instantiated
 * through a composite mapper that re-instantiates `T` on every call, walking every
 * member of the context intersection: O(n) per `.use()`, O(n²) per chain. Through
 * `$C` the state is looked up, never walked, and each step stays O(1). Immutable: `.use()` returns a
 * new builder, so a builder can be shared and spliced into several chains.
 *
 * @example
 * ```ts
 * const app = chain<{ path: string; token: string }>()
 *   .use(logging)
 *   .use(auth)       // adds `user`
 *   .use(adminOnly)  // needs `user`: fine, auth is above it
 *   .handle((req) => new Response(`hello ${req.user.name}`));
 * ```
 */
export interface Chain<T extends ChainState = ChainState> {
  /** Type-level only: the builder's {@link ChainState}. */
  readonly [chainState]: T;
  readonly kind: 'chain';

  /**
   * Adds an inner layer (or splices a sub-chain's layers) below the ones so far.
   * A type error names the layer when it does not fit: a field it needs that no
   * earlier layer adds, a response the layer above does not accept, an async
   * layer below a sync one.
   *
   * @example
   * ```ts
   * chain<{ token: string }>().use(auth).use(adminOnly);
   * ```
   */
  use<$X, $C extends AnyChain, $L extends LayerTypes = NoLayer>(this: $C, layer: UseParam<StateOf<$C>, $X, $L>): Chain<After<StateOf<$C>, StepFor<$X, $L>>>;

  /**
   * Closes the chain with the innermost handler. The handler sees the request
   * with every addition; its response must suit the innermost layer. Returns the
   * app: `(req) => Promise<Res>`, or `Res` when everything is synchronous.
   *
   * @example
   * ```ts
   * const app = chain<{ token: string }>().use(auth).handle((req) => new Response(req.user.name));
   * ```
   */
  handle<$R, $C extends AnyChain>(
    this: $C,
    fn: (req: StateOf<$C>['ctx']) => HandleReturn<StateOf<$C>, $R>,
  ): AppOf<StateOf<$C>, $R>;
}
