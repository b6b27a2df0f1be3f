import type { MiddlewareFactory } from '../types/layer.js';
import { badArgument, describe } from './errors.js';

/** A layer as the runtime sees it (the typed view is `Middleware` in `types/`). */
export interface RuntimeLayer {
  readonly kind: 'middleware';
  readonly name: string;
  readonly sync: boolean;
  readonly fn: (req: object, next: (adds?: object) => unknown) => unknown;
}

function make(name: unknown, fn: unknown, sync: boolean): RuntimeLayer {
  const factory = sync ? 'middleware.sync' : 'middleware';
  if (typeof name !== 'string' || name === '') {
    throw badArgument(`${factory}(name, fn)`, `name must be a non-empty string, got ${describe(name)}`);
  }
  if (typeof fn !== 'function') {
    throw badArgument(`${factory}('${name}', fn)`, `fn must be a function (req, next) => response, got ${describe(fn)}`, name);
  }
  return Object.freeze({ kind: 'middleware', name, sync, fn: fn as RuntimeLayer['fn'] });
}

/**
 * Makes a layer. `middleware(name, fn)` is async: `fn(req, next)` returns a
 * promise of the response. `middleware.sync(name, fn)` is synchronous: `next()`
 * returns the response itself. The layer's types come from the annotations of
 * `fn`'s parameters: `req` is what it needs, `next: Next<Adds, Res>` what it adds
 * and what it gets back.
 *
 * @example
 * ```ts
 * import { middleware, type Next } from 'shallot';
 *
 * const header = middleware('header', async (req: {}, next: Next) => {
 *   const res = await next();
 *   res.headers.set('X-Custom-Header', 'Hello');
 *   return res;
 * });
 * ```
 */
export const middleware: MiddlewareFactory = Object.assign(
  (name: string, fn: unknown) => make(name, fn, false),
  { sync: (name: string, fn: unknown) => make(name, fn, true) },
) as unknown as MiddlewareFactory;

/** Whether `value` is a layer made by {@link middleware}. */
export const isLayer = (value: unknown): value is RuntimeLayer =>
  typeof value === 'object' &&
  value !== null &&
  (value as { kind?: unknown }).kind === 'middleware' &&
  typeof (value as { fn?: unknown }).fn === 'function';
