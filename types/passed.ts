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
export type Passed<Res> = Res & { readonly [passed]: true };

declare const passed: unique symbol;

/** `Res` without the {@link Passed} brand (distributes over unions). */
export type Unpassed<Res> = Res extends Passed<infer Inner> ? Inner : Res;

/** `true` when every member of `Res` is a {@link Passed} response. */
export type IsPassed<Res> = [Res] extends [never]
  ? false
  : [Res] extends [{ readonly [passed]: true }]
    ? true
    : false;
