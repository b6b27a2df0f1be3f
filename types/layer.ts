import type { ChainError } from './error.js';
import type { Next, NextSync } from './next.js';

/**
 * What a layer's types say about it, read off the annotations of its function:
 * `needs` from `req`, `adds` and `inner` from `next: Next<Adds, Inner>`, `out` from
 * its return type.
 *
 * @example
 * ```ts
 * const auth = middleware('auth', async (req: { token: string }, next: Next<{ user: User }>) => next({ user: find(req.token) }));
 * // Its LayerTypes, read through the helpers:
 * type Needs = NeedsOf<typeof auth>; // { token: string }
 * type Adds = AddsOf<typeof auth>; // { user: User }
 * ```
 */
export interface LayerTypes {
  /** The layer's name, as given to `middleware(name, fn)`; errors quote it. */
  readonly name: string;
  /** What the layer reads from the request. */
  readonly needs: unknown;
  /** What the layer adds to the request for the layers below it. */
  readonly adds: object;
  /** The response the layer accepts from `next()`. */
  readonly inner: unknown;
  /** The response the layer hands upward. */
  readonly out: unknown;
  /** `true` for `middleware.sync` layers. */
  readonly sync: boolean;
}

/** The function of a layer with types `$`. */
export type LayerFn<$ extends LayerTypes> = $['sync'] extends true
  ? (req: $['needs'], next: NextSync<$['adds'], $['inner']>) => $['out']
  : (req: $['needs'], next: Next<$['adds'], $['inner']>) => Promise<$['out']>;

/**
 * One layer of the onion, made by `middleware(name, fn)` or `middleware.sync(name, fn)`.
 *
 * @example
 * ```ts
 * const adminOnly = middleware('adminOnly', async (req: { user: User }, next: Next) =>
 *   req.user.admin ? next() : new Response('Forbidden', { status: 403 }),
 * );
 * // adminOnly: Middleware<{ name: 'adminOnly'; needs: { user: User }; adds: {}; … }>
 * ```
 */
export interface Middleware<$ extends LayerTypes = LayerTypes> {
  /** Type-level only: the layer's {@link LayerTypes}. Absent at run time. */
  readonly [layerTypes]: $;
  readonly kind: 'middleware';
  readonly name: $['name'];
  readonly sync: $['sync'];
  /** The layer's function, callable on its own (for unit tests of a layer). */
  readonly fn: LayerFn<$>;
}

export declare const layerTypes: unique symbol;

/** Any layer, whatever its types. */
export interface AnyMiddleware {
  readonly [layerTypes]: LayerTypes;
}

/** Rejects a synchronous layer function that returns a promise. */
type SyncOut<Name extends string, Out> = Out extends PromiseLike<unknown>
  ? ChainError<`middleware.sync '${Name}' returns a promise: declare it with middleware() instead`>
  : Out;

/**
 * Makes layers. `middleware(name, fn)` for an async layer, `middleware.sync(name, fn)`
 * for a synchronous one. All types come from `fn`'s annotations.
 *
 * @example
 * ```ts
 * const header = middleware('header', async (req: {}, next: Next) => next());
 * const stamp = middleware.sync('stamp', (req: {}, next: NextSync) => next());
 * ```
 */
export interface MiddlewareFactory {
  /**
   * An async layer: `fn(req, next)` runs code before `await next()`, code after,
   * and returns the response (or returns one without calling `next()`).
   *
   * @example
   * ```ts
   * const logging = middleware('logging', async (req: { path: string }, next: Next) => {
   *   console.log(req.path);
   *   const res = await next();
   *   console.log(res.status);
   *   return res;
   * });
   * ```
   */
  <const $Name extends string, $Req = unknown, $Adds extends object = {}, $Inner = Response, $Out = never>(
    name: $Name,
    fn: (req: $Req, next: Next<$Adds, $Inner>) => Promise<$Out>,
  ): Middleware<{ name: $Name; needs: $Req; adds: $Adds; inner: $Inner; out: $Out; sync: false }>;

  /**
   * A synchronous layer: `next()` returns the response itself. It may only sit
   * above synchronous layers and a synchronous handler.
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
  sync<const $Name extends string, $Req = unknown, $Adds extends object = {}, $Inner = Response, $Out = never>(
    name: $Name,
    fn: (req: $Req, next: NextSync<$Adds, $Inner>) => SyncOut<$Name, $Out>,
  ): Middleware<{ name: $Name; needs: $Req; adds: $Adds; inner: $Inner; out: $Out; sync: true }>;
}
