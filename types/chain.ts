import type { After } from './after.js';
import type { App, AppOf } from './app.js';
import type { HandleProblem, UseProblem } from './checks.js';
import type { Flatten } from './context.js';
import type { AnyMiddleware } from './layer.js';
import type { AnyChain, ChainState, chainState } from './state.js';

/** The state of a chain builder. */
type StateOf<C extends AnyChain> = C[typeof chainState];
import type { StepOf } from './step.js';

/** What `.use()` takes: a middleware or another chain builder (spliced in place). */
export type Usable = AnyMiddleware | AnyChain;

/**
 * HACK: the parameter of `.use()` is `$X` itself when the step fits, and the
 * error otherwise. TypeScript still infers `$X` from the argument (it infers into
 * both branches of a conditional), then reports the mismatch on the argument, so
 * the message lands on the line of the offending `.use(…)`.
 */
export type UseParam<T extends ChainState, $X> = UseProblem<T, StepOf<$X>> extends infer E
  ? [E] extends [never]
    ? $X
    : E
  : never;

/** The return type `.handle(fn)` demands of `fn`: `$R` itself, or the error. */
export type HandleReturn<T extends ChainState, $R> = HandleProblem<T, $R> extends infer E
  ? [E] extends [never]
    ? $R
    : E
  : never;

/**
 * A chain builder over the request type `T['base']`.
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
 * const app = chain<{ path: string }>()
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
   * chain<{ path: string }>().use(auth).use(adminOnly);
   * ```
   */
  use<$X extends Usable, $C extends AnyChain>(this: $C, layer: UseParam<StateOf<$C>, $X>): Chain<After<StateOf<$C>, StepOf<$X>>>;

  /**
   * Closes the chain with the innermost handler. The handler sees the request
   * with every addition; its response must suit the innermost layer. Returns the
   * app: `(req) => Promise<Res>`, or `Res` when everything is synchronous.
   *
   * @example
   * ```ts
   * const app = chain<{ path: string }>().use(auth).handle((req) => new Response(req.user.name));
   * ```
   */
  handle<$R, $C extends AnyChain>(
    this: $C,
    fn: (req: Flatten<StateOf<$C>['ctx']>) => HandleReturn<StateOf<$C>, $R>,
  ): App<AppOf<StateOf<$C>, $R>>;
}
