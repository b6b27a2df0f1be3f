import type { App, appTypes } from './app.js';
import type { LayerTypes, layerTypes } from './layer.js';
import type { ChainState, chainState } from './state.js';

/**
 * The request type an app (or a chain builder) is called with.
 *
 * @example
 * ```ts
 * const app = chain<{ path: string }>().handle(() => new Response('ok'));
 * type R = RequestOf<typeof app>; // { path: string }
 * ```
 */
export type RequestOf<A> = A extends App<infer R, unknown, unknown, unknown>
  ? R
  : A extends { readonly [chainState]: infer S extends ChainState }
    ? S['req']
    : never;

/**
 * The response an app produces (not the promise of it).
 *
 * @example
 * ```ts
 * const app = chain<{}>().handle(() => Response.json({ ok: true }));
 * type R = ResponseOf<typeof app>; // Response
 * ```
 */
export type ResponseOf<A> = A extends { readonly [appTypes]: { readonly res: infer R } } ? R : never;

/**
 * What a middleware reads from the request.
 *
 * @example
 * ```ts
 * const adminOnly = middleware('adminOnly', async (req: { user: User }, next: Next) => next());
 * type N = NeedsOf<typeof adminOnly>; // { user: User }
 * ```
 */
export type NeedsOf<M> = M extends { readonly [layerTypes]: infer L extends LayerTypes } ? L['needs'] : never;

/**
 * What a middleware adds to the request for the layers below it.
 *
 * @example
 * ```ts
 * const auth = middleware('auth', async (req: {}, next: Next<{ user: User }>) => next({ user: { name: 'ada', admin: true } }));
 * type A = AddsOf<typeof auth>; // { user: User }
 * ```
 */
export type AddsOf<M> = M extends { readonly [layerTypes]: infer L extends LayerTypes } ? L['adds'] : never;

/**
 * The request type the next layer (or the handler) of a chain builder sees:
 * the base plus every addition so far.
 *
 * @example
 * ```ts
 * const c = chain<{ token: string }>().use(auth);
 * type C = ContextOf<typeof c>; // { token: string } & { user: User }
 * ```
 */
export type ContextOf<C> = C extends { readonly [chainState]: infer S extends ChainState }
  ? S['ctx']
  : C extends { readonly [appTypes]: { readonly ctx: infer Ctx } }
    ? Ctx
    : never;
