/**
 * The one brand for compile-time chain errors: an object type whose only property
 * is named by the message.
 *
 * When a chain is wrong, the parameter of the offending `.use(…)` or `.handle(…)`
 * (or the `name` of a wrong `middleware(…)`) becomes a `ChainError`. Nothing the
 * user passes has a property named like a sentence, so the argument fails, and the
 * message is the first thing `tsc` says about it: TypeScript 7 (and every compiler,
 * for an arrow function's returned value) reports `Property '"<message>"' is
 * missing in type …` as the diagnostic's first line; TypeScript 5.9 and 6 put
 * `Argument of type '…' is not assignable to parameter of type 'ChainError<"<message>", …>'`
 * first, so there the message follows the argument's type. `Details` names the
 * types involved (`[needs: User, provides: User | undefined]`).
 *
 * HACK: the message is a property *name*, not a property type. A `[brand]: Message`
 * property (the usual branded-error shape) makes TypeScript 7 open with
 * `Property '[brand]' is missing …`, which says nothing; and a second required
 * property would turn the diagnostic into `… is missing the following properties`,
 * with the argument's type first again. So the message is the only property.
 *
 * @example
 * ```ts
 * import type { ChainError } from 'shallot';
 *
 * type E = ChainError<"middleware 'adminOnly' needs 'user', which the chain's Base lacks">;
 * // tsc: Property '"middleware 'adminOnly' needs 'user', which the chain's Base lacks"' is missing in type …
 * ```
 */
export type ChainError<Message extends string, Details = true> = { readonly [K in Message]: Details };
