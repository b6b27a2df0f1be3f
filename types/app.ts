/**
 * What tools read off a handled chain: its layers, outermost first.
 *
 * @example
 * ```ts
 * const app = chain<{ path: string }>().use(logging).use(header).handle(() => new Response('ok'));
 * app.description.layers.map((layer) => layer.name); // ['logging', 'header']
 * app.description.guards; // true outside production
 * ```
 */
export interface ChainDescription {
  readonly layers: readonly LayerInfo[];
  /** `true` when every layer is sync: the app then returns what the handler returns (a promise only if the handler's is). */
  readonly sync: boolean;
  /** Whether the runtime guards are on. */
  readonly guards: boolean;
  /** The innermost handler, for tools that call it (absent on generated handlers). */
  readonly handler?: (req: object) => unknown;
  /** True on a handler written by `shallot codegen`. */
  readonly generated?: boolean;
}

/**
 * One layer as a {@link ChainDescription} lists it.
 *
 * @example
 * ```ts
 * const syncLayers = app.description.layers.filter((layer: LayerInfo) => layer.sync);
 * ```
 */
export interface LayerInfo {
  readonly name: string;
  readonly sync: boolean;
  /** The layer's function, for tools that call it (absent on generated handlers, which inline it). */
  readonly fn?: (req: object, next: (adds?: object) => unknown) => unknown;
}

/**
 * The types of a handled chain, as {@link App} carries them: the same four as
 * `App`'s type parameters, as a record; read them with `RequestOf`, `ContextOf`
 * and `ResponseOf`.
 *
 * @example
 * ```ts
 * const app = chain<{ path: string }>().use(logging).handle(() => new Response('ok'));
 * type Req = AppTypesOf<typeof app>['req']; // { path: string }
 * ```
 */
export interface AppTypes {
  /** What the app is called with. */
  readonly req: object;
  /** The context the handler sees: the request plus every addition. */
  readonly ctx: unknown;
  /** The response it produces. */
  readonly res: unknown;
  /** What the call returns: `res` or a promise of it. */
  readonly result: unknown;
}

/**
 * A handled chain: a plain function from the request to the response (a promise of
 * it, unless every layer and the handler are synchronous), carrying its description.
 * A hover shows `App<Req, Res, Ctx, Result>`: what it is called with, what it
 * answers, the context its handler saw, and what a call returns.
 *
 * `App` alone is the type of any app, and `App<never, Response>` of any app that
 * answers with a `Response`; `App<HttpContext, Response>` is any app that can
 * serve an `HttpContext`, and can be passed on wherever an `HttpContext` handler
 * is taken (`toFetchHandler`, `serve`): a call returns `Res` or a promise of it
 * unless `Result` says more.
 *
 * HACK: four positional parameters rather than one record (the house style for
 * state). TypeScript compares two `App`s by the variance it measures for each
 * parameter; a record read through conditional types measures as covariant,
 * which would ask an app of `{}` to be an app of `{ path: string }` the wrong way
 * round. Alone, `Req` measures as contravariant, the others as covariant.
 *
 * @example
 * ```ts
 * const app = chain<{ path: string }>().use(logging).handle(() => new Response('ok'));
 * const res = await app({ path: '/' });
 * app.description.layers; // [{ name: 'logging', sync: false }]
 *
 * const apps = { app } satisfies Record<string, App>;
 * const serveAny = (served: App<never, Response>) => served.description.layers.length;
 * serveAny(app);
 * const fetchOf = (served: App<HttpContext, Response>) => toFetchHandler(served); // a helper over any HTTP app
 * ```
 */
export interface App<Req = never, Res = unknown, Ctx = unknown, Result = Res | Promise<Res>> {
  (req: Req): Result;
  readonly description: ChainDescription;
  /** Type-level only: the response and the context (the request is the call's parameter). */
  readonly [appTypes]: { readonly res: Res; readonly ctx: Ctx };
}

/**
 * The {@link AppTypes} of an app, as a record.
 *
 * @example
 * ```ts
 * const app = chain<{ path: string }>().handle(() => new Response('ok'));
 * type Types = AppTypesOf<typeof app>; // { req: { path: string }; ctx: { path: string }; res: Response; result: Promise<Response> }
 * ```
 */
export type AppTypesOf<A> = A extends App<infer Req, infer Res, infer Ctx, infer Result> ? { req: Req; ctx: Ctx; res: Res; result: Result } : never;

export declare const appTypes: unique symbol;
