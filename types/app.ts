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
 * The types of a handled chain, as {@link App} carries them; read them with
 * `RequestOf`, `ContextOf` and `ResponseOf`.
 *
 * @example
 * ```ts
 * const app = chain<{ path: string }>().use(logging).handle(() => new Response('ok'));
 * // hover: App<{ req: { path: string }; ctx: { path: string }; res: Response; result: Promise<Response> }>
 * type Res = ResponseOf<typeof app>; // Response
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
 *
 * `App` alone is the type of any app, and `App<{ res: Response }>` of any app that
 * answers with a `Response`: the fields left out of `$` are left open.
 *
 * @example
 * ```ts
 * const app = chain<{ path: string }>().use(logging).handle(() => new Response('ok'));
 * const res = await app({ path: '/' });
 * app.description.layers; // [{ name: 'logging', sync: false }]
 *
 * const apps = { app } satisfies Record<string, App>;
 * const serveAny = (served: App<{ res: Response }>) => served.description.layers.length;
 * serveAny(app);
 * ```
 */
export interface App<$ extends Partial<AppTypes> = {}> {
  (req: Field<$, 'req', never>): Field<$, 'result', unknown>;
  readonly description: ChainDescription;
  /**
   * Type-level only: the app's {@link AppTypes} but `req`, which the call
   * signature carries (a parameter: an app needing less fits where more is given).
   */
  readonly [appTypes]: { readonly ctx: Field<$, 'ctx', unknown>; readonly res: Field<$, 'res', unknown> };
}

/** `$[K]`, or `Else` when `$` leaves it out. */
type Field<$, K extends keyof AppTypes, Else> = $ extends { readonly [P in K]: infer V } ? V : Else;

export declare const appTypes: unique symbol;
