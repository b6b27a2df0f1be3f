/**
 * Every compile-time message text in one place, so their wording stays consistent.
 * They are plain strings: the checks wrap them in `ChainError<…>` themselves, so that
 * `tsc` prints the text rather than an alias name. `Label` is `middleware 'name'`
 * or `sub-chain starting at middleware 'name'`.
 */

/** Check 1: a layer reads a field nothing provides. */
export type MissingFieldText<Label extends string, Key extends string> = `${Label} needs '${Key}', which no earlier middleware adds`;

/** Check 2: a layer reads a field of another type than the chain provides. */
export type WrongFieldText<Label extends string, Key extends string> = `${Label} needs '${Key}' with another type than the chain provides`;

/** Check 3, between layers. */
export type WrongResponseText<Label extends string, Above extends string> = `${Label} returns a response that ${Above} does not accept`;

/** Check 3, at the handler. */
export type WrongHandlerResponseText<Above extends string> = `the handler returns a response that ${Above} does not accept`;

/** Check 4, between layers. */
export type AsyncBelowSyncText<Label extends string, Sync extends string> = `${Label} is async, but ${Sync} above it is sync and would not await it: make ${Sync} async with middleware(), or this one sync with middleware.sync()`;

/** Check 4, at the handler. */
export type AsyncHandlerBelowSyncText<Sync extends string> = `the handler is async, but ${Sync} above it is sync and would not await it: return the response synchronously, or make ${Sync} async with middleware()`;

/** A key as it appears in a message. */
export type KeyName<K> = K extends string | number ? `${K}` : '[symbol]';
