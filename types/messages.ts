/**
 * Every compile-time message text in one place, so their wording stays consistent.
 * They are plain string literal types: the checks wrap them in `ChainError<…>`
 * themselves, with the types involved as its details. `Label` is `middleware 'name'`,
 * or `middleware 'name' (in a sub-chain)` for a layer of a spliced sub-chain.
 *
 * A message must stay a string *literal*: interpolate only literal names (see
 * `LiteralName`), never a pattern such as `` `setHeader(${string})` ``, which would
 * make `ChainError` an index signature that nothing fails against.
 */

/** Check 1, at the first layer: the field is not in `chain<Base>()`'s `Base`. */
export type MissingFromBaseText<Label extends string, Key extends string> = `${Label} needs '${Key}', which the chain's Base lacks`;

/** Check 1, further down: neither `Base` nor an earlier layer has the field. */
export type MissingFieldText<Label extends string, Key extends string> = `${Label} needs '${Key}', which neither the chain's Base nor an earlier middleware adds`;

/** Check 2: the chain has the field, with a type the layer does not accept. Details: `[needs, provides]`. */
export type WrongFieldText<Label extends string, Key extends string> = `${Label} needs '${Key}' of another type than the chain provides`;

/** Checks 1 and 2 for several fields at once. Details: each field's problem. */
export type FieldsText<Label extends string> = `${Label} needs fields the chain does not provide as it needs them`;

/** What the details of {@link FieldsText} say of a field nothing provides. */
export type NotProvided = 'not provided';

/** A layer whose request type is a union the chain does not match as a whole. Details: `[needs, provides]`. */
export type WrongRequestText<Label extends string> = `${Label} needs a request of another type than the chain provides`;

/** Check 3, between layers. Details: `[returns, accepts]`. */
export type WrongResponseText<Label extends string, Above extends string> = `${Label} returns a response that ${Above} does not accept`;

/** Check 3, at the handler. Details: `[returns, accepts]`. */
export type WrongHandlerResponseText<Above extends string> = `the handler returns a response that ${Above} does not accept`;

/** Check 4, between layers. */
export type AsyncBelowSyncText<Label extends string, Sync extends string> = `${Label} is async, but ${Sync} above it is sync and would not await it: make ${Sync} async with middleware(), or this one sync with middleware.sync()`;

/** Check 4, at the handler. */
export type AsyncHandlerBelowSyncText<Sync extends string> = `the handler is async, but ${Sync} above it is sync and would not await it: return the response synchronously, or make ${Sync} async with middleware()`;

/** A layer whose `req` is not annotated, or is generic: what its request type defaults to, so the compiler says what to write. */
export type AnnotateReqText<Name extends string, NextName extends string = 'Next'> = `middleware '${Name}' reads its request through an annotation: write (req: { … }, next: ${NextName}) => …, with the fields it needs, not a type parameter`;

/** `middleware(name, fn)` with an `fn` that returns a response rather than a promise of one. Details: `[returns]`. */
export type NotAsyncText<Name extends string> = `middleware '${Name}' returns a response, not a promise: make its function async, or declare it with middleware.sync()`;

/** `middleware.sync(name, fn)` with an `fn` that returns a promise. */
export type NotSyncText<Name extends string> = `middleware.sync '${Name}' returns a promise: declare it with middleware() instead`;

/** A layer that can return `undefined` (a path without `return`). Details: `[returns]`. */
export type ReturnsUndefinedText<Name extends string> = `middleware '${Name}' can return undefined: return the response on every path (return next(), or return res)`;

/** A layer that returns `next` itself. Details: `[returns]`. */
export type ReturnsNextText<Name extends string> = `middleware '${Name}' returns next itself: call it, return next()`;

/** `next()` without the additions its `Next<Adds>` declares as required. */
export type AddsMissingText = `next() is called without the additions this layer's Next<…> declares: pass them, next({ … })`;

/** `next({ … })` passing a field its `Next<Adds>` does not declare. The compiler names what was passed. */
export type UndeclaredAddText<Key extends string> = `next() is given '${Key}', which this layer's Next<…> does not declare: declare it, Next<{ ${Key}: … }>`;

/** `.use(factory)` with a factory of layers, not called: `Call` shows the call (`requestId()`). */
export type UncalledFactoryText<Call extends string> = `chain.use() is given a middleware factory, not a middleware: call it, ${Call}`;

/** `.use(fn)` with a plain function. */
export type PlainFunctionText = `chain.use() takes a middleware, not a plain function: wrap it, middleware('name', fn)`;

/** `.use(app)` with a handled chain. */
export type AppAsLayerText = `chain.use() takes a middleware or a chain builder, not an app: use the chain before .handle()`;

/** `.use(x)` with anything else. Details: `[got]`. */
export type NotALayerText = `chain.use() takes a middleware (from middleware()) or a chain builder (from chain())`;

/** A key as it appears in a message. */
export type KeyName<K> = K extends string | number ? `${K}` : '[symbol]';

/** `Name` when it is a string literal, else `Fallback` (see the note at the top). */
export type LiteralName<Name, Fallback extends string> = Name extends string ? ({} extends Record<Name, 1> ? Fallback : Name) : Fallback;
