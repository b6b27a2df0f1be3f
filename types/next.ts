import type { ChainError } from './error.js';
import type { AddsMissingText, KeyName, UndeclaredAddText } from './messages.js';
import type { Passed } from './passed.js';

/**
 * The parameter of `next(adds)`, given what it is passed (`$Passed`). Under a
 * plain `Next` (no additions), every field passed is an error on that field: at
 * run time it is assigned onto the request, so it would reach the layers below
 * unseen by their types. (With declared additions, TypeScript's excess property
 * check already rejects a field they lack.) `undefined` is taken where `next()`
 * may be called without additions. The plain case's parameter is what was passed
 * with each field replaced by the error (the compiler names what was passed:
 * `Type 'User' is not assignable …`), written out rather than as an alias: for
 * `next(extra)` the compiler prints the parameter's type on the first line, and
 * an alias would print as its name, the message two lines further down.
 *
 * HACK: the plain case is tested inside `{} extends Adds`, as
 * `[keyof Adds] extends [never]`. In a generic factory (`Next<{ [P in K]: number }>`)
 * both tests are deferred, and TypeScript relates `next(adds)` to every outcome it
 * cannot rule out; nested this way (and only this way, under 5.9, 6 and 7) the
 * plain outcome is ruled out and `adds` is checked against `Adds` as before.
 */
export type NextArg<Adds extends object, $Passed> = {} extends Adds
  ? [keyof Adds] extends [never]
    ? { [K in keyof $Passed]: ChainError<UndeclaredAddText<KeyName<K>>> } | undefined
    : Adds | undefined
  : Adds;

/**
 * The `this` of `next()` called without additions: `void` (what a plain call has)
 * where the additions are optional, else the error that names them.
 */
export type NextBare<Adds extends object> = {} extends Adds ? void : ChainError<AddsMissingText>;

/**
 * The `next` of an async layer.
 *
 * `Adds` is what the layer adds to the request for the layers below it
 * (`next({ user })`); `Res` is the response it accepts from them. `next()` returns
 * a promise, so using its result without `await` is a type error. A `Next` is
 * another only for the same additions: a helper a layer hands its `next` to takes
 * the layer's own `Next<…>` (a `Next<{ user: User }>` where the layer declared
 * `Next<{}>` would pass additions the layers below never see).
 *
 * @example
 * ```ts
 * const auth = middleware('auth', async (req: { token: string }, next: Next<{ user: User }>) => {
 *   return next({ user: await lookUp(req.token) });
 * });
 * ```
 */
export interface Next<Adds extends object = {}, Res = Response> {
  (this: NextBare<Adds>): Promise<Passed<Res>>;
  <$Passed extends object = {}>(adds: NextArg<Adds, $Passed>): Promise<Passed<Res>>;
}

/**
 * The `next` of a synchronous layer (`middleware.sync`): it returns the response
 * itself. A synchronous layer may only sit above synchronous layers.
 *
 * @example
 * ```ts
 * const header = middleware.sync('header', (req: {}, next: NextSync) => {
 *   const res = next();
 *   res.headers.set('X-Custom-Header', 'Hello');
 *   return res;
 * });
 * ```
 */
export interface NextSync<Adds extends object = {}, Res = Response> {
  (this: NextBare<Adds>): Passed<Res>;
  <$Passed extends object = {}>(adds: NextArg<Adds, $Passed>): Passed<Res>;
}
