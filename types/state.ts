import type { Unset } from './response.js';

/**
 * What a chain builder carries from one `.use()` to the next: one record, so every
 * step reads and writes named fields instead of positional type parameters.
 *
 * @example
 * ```ts
 * // A helper that accepts any chain builder, whatever it has grown:
 * const withLogging = <T extends ChainState>(builder: Chain<T>) => builder.use(logging);
 * ```
 */
export interface ChainState {
  /** The request type the chain is called with: `chain<Base>()`. */
  readonly base: object;
  /**
   * `base` plus every addition of the layers so far: what the next layer sees.
   *
   * HACK: declared `unknown`, as are `flat` and `recent`, though they are object
   * types. Inferring `.use()`'s `this` compares the state with `ChainState`, and
   * TypeScript skips a property whose target type is `unknown`; against `object`
   * it would normalise the context intersection first, merging all its properties:
   * O(n²) per step.
   */
  readonly ctx: unknown;
  /** `ctx` as of the last snapshot, flattened: see `lookup.ts`. */
  readonly flat: unknown;
  /** The additions since the snapshot, intersected. */
  readonly recent: unknown;
  /** Steps since the snapshot. */
  readonly age: number;
  /** The response the innermost layer so far accepts from `next()`. */
  readonly expect: unknown;
  /** Who set `expect`, for messages. */
  readonly expectFrom: string;
  /** The chain's outward response type, or `Unset` while every layer is transparent. */
  readonly out: unknown;
  /** Some layer is async. */
  readonly async: boolean;
  /** The label of the innermost sync layer, or `false`. */
  readonly sync: string | false;
  /** The label of the outermost layer ('' for an empty chain). */
  readonly first: string;
}

/** The state of `chain<Base>()`. */
export interface InitialState<Base extends object> {
  readonly base: Base;
  readonly ctx: Base;
  readonly flat: Base;
  readonly recent: {};
  readonly age: 0;
  readonly expect: unknown;
  readonly expectFrom: 'the caller';
  readonly out: Unset;
  readonly async: false;
  readonly sync: false;
  readonly first: '';
}

export declare const chainState: unique symbol;

/** Any chain builder, whatever its state. */
export interface AnyChain {
  readonly [chainState]: ChainState;
}
