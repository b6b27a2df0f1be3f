import type { ChainError } from './error.js';
import type { AnnotateReqText, NotAsyncText, NotSyncText, ReturnsNextText, ReturnsUndefinedText } from './messages.js';
import type { Next, NextSync } from './next.js';
import type { Passed } from './passed.js';

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

/**
 * The function of a layer with types `$`. For `Middleware` itself (`sync: boolean`,
 * any layer) it is the function type every layer function is assignable to.
 *
 * HACK: each function type is read off a method (`{ fn(…): … }['fn']`), whose
 * parameters TypeScript compares both ways. As a plain function type, `fn` would
 * make `Middleware` contravariant in `needs` while its brand is covariant, and
 * TypeScript 5.9 would measure `Middleware` as invariant: no layer would then be a
 * `Middleware`. For the same reason its `next` is a plain function type taking the
 * additions, not `Next<…>`: `Next`'s parameter is a conditional type in `Adds`, so
 * TypeScript measures `Next` as invariant in `Adds` (and `Middleware` with it). A
 * unit test passes any function that takes the additions and answers.
 */
export type LayerFn<$ extends LayerTypes> = [$['sync']] extends [true]
  ? { fn(req: $['needs'], next: (adds: $['adds']) => Passed<$['inner']>): $['out'] }['fn']
  : [$['sync']] extends [false]
    ? { fn(req: $['needs'], next: (adds: $['adds']) => Promise<Passed<$['inner']>>): Promise<$['out']> }['fn']
    : (req: never, next: never) => unknown;

/**
 * One layer of the onion, made by `middleware(name, fn)` or `middleware.sync(name, fn)`.
 * `Middleware` alone is the type of any layer (`satisfies Middleware`, `Middleware[]`).
 *
 * @example
 * ```ts
 * const adminOnly = middleware('adminOnly', async (req: { user: User }, next: Next) =>
 *   req.user.admin ? next() : new Response('Forbidden', { status: 403 }),
 * );
 * // adminOnly: Middleware<{ name: 'adminOnly'; needs: { user: User }; adds: {}; … }>
 * const layers = { auth, adminOnly } satisfies Record<string, Middleware>;
 * const list: Middleware[] = [auth, adminOnly];
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

/**
 * What an unannotated `req` is typed as: a message, so that reading a field of it
 * says what to write, and a generic layer (`<R extends …>(req: R, …)`), which
 * TypeScript instantiates with this default, fails at its definition saying it.
 */
export type Unannotated<Name extends string, NextName extends string = 'Next'> = [Name] extends [string] ? ChainError<AnnotateReqText<Name, NextName>> & NotAnnotated : never; // a conditional's outcome: shown as the message, not as `Unannotated<…>`

/** The brand of {@link Unannotated}: what tells it apart from a real annotation, whatever the layer's name. */
interface NotAnnotated {
  readonly [notAnnotated]: true;
}

declare const notAnnotated: unique symbol;

/** What a layer's promise resolves to (`Promise<X>` read directly, so `X` keeps its alias: `Passed<Response>`). */
type Resolved<Ret> = Ret extends Promise<infer Out> ? Out : Awaited<Ret>;

/** What the layer needs: its `req` annotation, or nothing when `req` is not annotated. */
type NeedsOf<Req> = Req extends NotAnnotated ? unknown : Req;

/**
 * The `name` parameter of `middleware(name, fn)`: `Name`, or the error when `fn`
 * returns something no async layer should.
 *
 * HACK: the checks of a layer's function report on its `name`, the string literal
 * before it. TypeScript prints an argument's type before the parameter's, and the
 * type of `'auth'` is `string`, so the message comes first on the line; on `fn`
 * it would come after the whole function type.
 */
type AsyncName<Name extends string, Ret> = [Ret] extends [Promise<unknown>]
  ? Extract<Resolved<Ret>, Unreturned> extends never
    ? Name
    : ReturnProblem<Name, Resolved<Ret>, Ret>
  : ChainError<NotAsyncText<Name>, [returns: Ret]>;

/** The `name` parameter of `middleware.sync(name, fn)` (see {@link AsyncName}). */
type SyncName<Name extends string, Ret> = Extract<Ret, PromiseLike<unknown> | Unreturned> extends never
  ? Name
  : Extract<Ret, PromiseLike<unknown>> extends never
    ? ReturnProblem<Name, Ret, Ret>
    : ChainError<NotSyncText<Name>>;

/** What no layer should hand up: nothing (a path without `return`), or a function (`next` itself). */
type Unreturned = undefined | void | Function;

/**
 * What a layer hands up as the chain sees it: `Out`, less what {@link ReturnProblem}
 * already rejects at the definition (`undefined` on a path without `return`, `next`
 * itself), so that a chain using the layer goes on as if it had been written right
 * and blames no other layer for it (one mistake, one error). A layer that hands up
 * nothing else counts as `return next()`, what its message says to write.
 *
 * A layer that can hand up `any` (a cache hit typed `any`, untyped JavaScript) is
 * taken to hand up what it gets from below, `Inner`: `any` would otherwise fail
 * every check of the layer above (a conditional over `any` takes both branches) and
 * leak into the app's response type.
 */
type HandedUp<Out, Inner> = 0 extends 1 & Out ? Inner : [Extract<Out, Unreturned>] extends [never] ? Out : Corrected<Exclude<Out, Unreturned>, Inner>;

type Corrected<Out, Inner> = [Out] extends [never] ? Passed<Inner> : Out;

/** Which of {@link Unreturned} a layer hands up: the message (only built when one of them is there). */
type ReturnProblem<Name extends string, Out, Ret> = Extract<Out, undefined | void> extends never
  ? ChainError<ReturnsNextText<Name>, [returns: Ret]>
  : ChainError<ReturnsUndefinedText<Name>, [returns: Ret]>;

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
  <$Name extends string, $Req = Unannotated<$Name>, $Adds extends object = {}, $Inner = Response, $Ret = Promise<never>>(
    name: AsyncName<$Name, $Ret>,
    fn: (req: $Req, next: Next<$Adds, $Inner>) => $Ret,
  ): Middleware<{ name: $Name; needs: NeedsOf<$Req>; adds: $Adds; inner: $Inner; out: HandedUp<Resolved<$Ret>, $Inner>; sync: false }>;

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
  sync<$Name extends string, $Req = Unannotated<$Name, 'NextSync'>, $Adds extends object = {}, $Inner = Response, $Ret = never>(
    name: SyncName<$Name, $Ret>,
    fn: (req: $Req, next: NextSync<$Adds, $Inner>) => $Ret,
  ): Middleware<{ name: $Name; needs: NeedsOf<$Req>; adds: $Adds; inner: $Inner; out: HandedUp<$Ret, $Inner>; sync: true }>;
}
