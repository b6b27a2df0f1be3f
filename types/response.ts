/**
 * Response flow: what each position of the chain must hand upward.
 *
 * Walking from the outside in, `res` is what the innermost layer so far accepts
 * from `next()`. A layer that maps responses must return something `res` admits,
 * and then sets `res` to its own `inner`. A transparent layer (see `Passed`)
 * returns whatever came from below, so the position below it must satisfy both:
 * `res` narrows to the narrower of the two.
 */

/**
 * The outward response of a chain whose layers are all transparent so far: the
 * handler's response will reach the outside, whatever it is.
 *
 * @example
 * ```ts
 * const builder = chain<{ path: string }>().use(logging); // logging hands up what next() gave it
 * // hover: Chain<{ req: { path: string }; ctx: { path: string }; res: Response; out: HandlerResponse; … }>
 * const app = builder.handle(() => Response.json({ ok: true }));
 * type Out = ResponseOf<typeof app>; // Response: the handler's
 * ```
 */
export interface HandlerResponse {
  readonly [handlerResponse]: true;
}

declare const handlerResponse: unique symbol;

/** `true` for {@link HandlerResponse} itself (not for a response type that happens to be assignable). */
export type IsHandlerResponse<Out> = [Out] extends [HandlerResponse] ? ([HandlerResponse] extends [Out] ? true : false) : false;

/** The narrower of two response requirements (their intersection when neither contains the other). */
export type Narrower<A, B> = [B] extends [A] ? B : [A] extends [B] ? A : A & B;

/** `true` when `R` may be a promise, i.e. an async handler or layer result. */
export type MayBePromise<R> = [R] extends [Exclude<R, PromiseLike<unknown>>] ? false : true;
