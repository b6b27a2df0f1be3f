import type { Unset } from './response.js';

/**
 * What a chain builder carries from one `.use()` to the next: one record, so every
 * step reads and writes named fields instead of positional type parameters.
 */
export interface ChainState {
  /** The request type the chain is called with: `chain<Base>()`. */
  readonly base: object;
  /** `base` plus every addition of the layers so far: what the next layer sees. */
  readonly ctx: object;
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
