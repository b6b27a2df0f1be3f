/**
 * Response flow: what each position of the chain must hand upward.
 *
 * Walking from the outside in, `expect` is what the innermost layer so far accepts
 * from `next()`. A layer that maps responses must return something `expect`
 * admits, and then sets `expect` to its own `inner`. A transparent layer (see
 * `Passed`) returns whatever came from below, so the position below it must satisfy
 * both: `expect` narrows to the narrower of the two.
 */

/** Marks a chain whose layers are all transparent so far: the handler's type will reach the outside. */
export type Unset = typeof unset;
declare const unset: unique symbol;

/** The narrower of two response requirements (their intersection when neither contains the other). */
export type Narrower<A, B> = [B] extends [A] ? B : [A] extends [B] ? A : A & B;

/** `true` when `R` may be a promise, i.e. an async handler or layer result. */
export type MayBePromise<R> = [R] extends [Exclude<R, PromiseLike<unknown>>] ? false : true;
