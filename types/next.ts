import type { ChainError } from './error.js';
import type { KeyName, UndeclaredAddText } from './messages.js';
import type { Passed } from './passed.js';

/**
 * The parameter of `next`, given what it is passed (`$Passed`): the additions are
 * required when `Adds` has required fields (else the type takes `void`, and a
 * trailing parameter that takes `void` may be left out: `next()`). One parameter,
 * not a rest tuple (`...args: [adds?: Adds]`), which costs the checker twice as
 * much at every `next(…)` call: a third of the check time of an app's layer
 * definitions under TS 7. Under a plain `Next` (no additions),
 * every field passed is an error on that field: at run time it is assigned onto
 * the request, so it would reach the layers below unseen by their types. (With
 * declared additions, TypeScript's excess property check already rejects a field
 * they lack.)
 *
 * HACK: the plain case is tested inside `{} extends Adds`, as
 * `[keyof Adds] extends [never]`. In a generic factory (`Next<{ [P in K]: number }>`)
 * both tests are deferred, and TypeScript relates `next(adds)` to every outcome it
 * cannot rule out; nested this way (and only this way, under 5.9, 6 and 7) the
 * plain outcome is ruled out and `adds` is checked against `Adds` as before.
 */
export type NextArg<Adds extends object, $Passed> = {} extends Adds
  ? [keyof Adds] extends [never]
    ? Undeclared<$Passed> | void
    : Adds | void
  : Adds;

/** What `next()` is passed under a plain `Next`: each field replaced by the error. */
type Undeclared<$Passed> = { [K in keyof $Passed]: ChainError<UndeclaredAddText<KeyName<K>>> }; // (what was passed is named by the compiler: `Type 'User' is not assignable …`)

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
  <$Passed extends object = {}>(adds: NextArg<Adds, $Passed>): Passed<Res>;
}
