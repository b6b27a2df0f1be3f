import type { Passed } from './passed.js';

/** The arguments of `next`: the additions are required when `Adds` has required fields. */
export type NextArgs<Adds extends object> = {} extends Adds ? [adds?: Adds] : [adds: Adds];

/**
 * The `next` of an async layer.
 *
 * `Adds` is what the layer adds to the request for the layers below it
 * (`next({ user })`); `Res` is the response it accepts from them. `next()` returns
 * a promise, so using its result without `await` is a type error.
 *
 * @example
 * ```ts
 * const auth = middleware('auth', async (req: { token: string }, next: Next<{ user: User }>) => {
 *   return next({ user: await lookUp(req.token) });
 * });
 * ```
 */
export interface Next<Adds extends object = {}, Res = Response> {
  (...args: NextArgs<Adds>): Promise<Passed<Res>>;
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
  (...args: NextArgs<Adds>): Passed<Res>;
}
