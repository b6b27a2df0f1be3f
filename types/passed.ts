/**
 * A response exactly as `next()` handed it up.
 *
 * `next()` returns `Promise<Passed<Res>>`. A layer whose every return is what
 * `next()` gave it has a `Passed` return type and is *transparent*: the chain lets
 * the handler's narrower response type through it. A layer that can also return a
 * response of its own (a short-circuit, a new `Response`) loses the brand: its
 * return type is `Response | Passed<Response>`, and a layer is transparent only
 * when every member of its return type carries the brand (see `IsPassed`).
 *
 * @example
 * ```ts
 * const log = middleware('log', async (req: {}, next: Next) => {
 *   const res = await next(); // Passed<Response>
 *   return res;               // transparent
 * });
 * ```
 */
export type Passed<Res> = Res & FromNext;

/**
 * The brand of {@link Passed}: what a hover shows when TypeScript no longer
 * remembers the alias, as in `Response & FromNext` ("a Response, from next()").
 *
 * HACK: an interface, not an inline `{ readonly [passed]: true }`. Intersected
 * with another type, an inline brand is written out in full, and a consumer's
 * declaration emit then meets a `unique symbol` it cannot name (TS2527); an
 * interface is written by name.
 *
 * @example
 * ```ts
 * import type { FromNext } from 'shallot';
 *
 * type Same = Response & FromNext; // what Passed<Response> spells out to
 * ```
 */
export interface FromNext {
  readonly [passed]: true;
}

declare const passed: unique symbol;

/** `Res` without the {@link Passed} brand (distributes over unions). */
export type Unpassed<Res> = Res extends Passed<infer Inner> ? Inner : Res;

/** `true` when every member of `Res` is a {@link Passed} response. */
export type IsPassed<Res> = [Res] extends [never] ? false : [Res] extends [FromNext] ? true : false;
