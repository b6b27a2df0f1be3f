import type { HandlerResponse } from './response.js';

/**
 * What a chain builder carries from one `.use()` to the next: one record, so every
 * step reads and writes named fields, and a hover over a builder reads as a
 * description of it: the request it is called with (`req`), the context the next
 * layer sees (`ctx`), the response the next layer or the handler must hand up
 * (`res`), and what the app will hand out (`out`).
 *
 * @example
 * ```ts
 * const admin = chain<{ token: string }>().use(auth).use(adminOnly);
 * // hover: Chain<{ req: { token: string }; ctx: { token: string } & { user: User }; res: Response; out: Response; … }>
 * type Ctx = ContextOf<typeof admin>; // { token: string } & { user: User }
 * ```
 */
export interface ChainState {
  /** The request type the chain is called with: `chain<Base>()`. */
  readonly req: object;
  /**
   * `req` plus every addition of the layers so far: what the next layer sees.
   *
   * HACK: declared `unknown`, as are the lookup's `flat` and `recent`, though they
   * are object types. Inferring `.use()`'s `this` compares the state with
   * `ChainState`, and TypeScript skips a property whose target type is `unknown`;
   * against `object` it would normalise the context intersection first, merging all
   * its properties: O(n²) per step.
   */
  readonly ctx: unknown;
  /** The response the innermost layer so far accepts from `next()`: what the handler must return. */
  readonly res: unknown;
  /** The chain's outward response type, or `HandlerResponse` while every layer is transparent. */
  readonly out: unknown;
  /** The innermost sync layer (its label), or `false`: every layer below it must be sync. */
  readonly sync: string | false;
  /** The outermost async layer (its label), or `false` while every layer is sync. */
  readonly async: string | false;
  /** Who set `res`, for messages. */
  readonly from: string;
  /** Who set `out`, for messages about a spliced sub-chain. */
  readonly outFrom: string;
  /** For each field of `req` a layer reads: the first such layer, for messages about a spliced sub-chain. */
  readonly reads: object;
  /** The lookup index, where the checks read the context's fields (see `lookup.ts`): `ctx` as of the last snapshot, flattened. */
  readonly flat: unknown;
  /** The additions since the snapshot, intersected. */
  readonly recent: unknown;
  /** Steps since the snapshot. */
  readonly age: number;
}

/**
 * The state of `chain<Base>()`: a record, so that a hover shows its fields.
 *
 * HACK: the record is the outcome of a conditional that always holds. A type alias
 * used through an import is shown by its name (`Chain<Start<…>>`) wherever its
 * result is an object type; a conditional's outcome carries no alias.
 */
export type Start<Base extends object> = [Base] extends [object] ? {
  req: Base;
  ctx: Base;
  res: unknown;
  out: HandlerResponse;
  sync: false;
  async: false;
  from: 'the caller';
  outFrom: 'the caller';
  reads: {};
  flat: Base;
  recent: {};
  age: 0;
} : never;

export declare const chainState: unique symbol;

/** Any chain builder, whatever its state. */
export interface AnyChain {
  readonly [chainState]: ChainState;
}

/** The state of a chain builder. */
export type StateOf<C extends AnyChain> = C[typeof chainState];
