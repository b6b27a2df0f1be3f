/**
 * The one brand for compile-time chain errors.
 *
 * When a chain is wrong, the parameter of the offending `.use(…)` or `.handle(…)`
 * becomes a `ChainError`, so `tsc` prints the message on that line, e.g.
 * `… is not assignable to parameter of type 'ChainError<"middleware 'adminOnly' needs 'user', which no earlier middleware adds">'`.
 *
 * @example
 * ```ts
 * type E = ChainError<"middleware 'auth' is async, but …">;
 * ```
 */
export interface ChainError<Message extends string> {
  readonly [chainError]: Message;
}

declare const chainError: unique symbol;
