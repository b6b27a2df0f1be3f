import type { MayBePromise, Unset } from './response.js';
import type { ChainState } from './state.js';

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
 * // A function that accepts any app answering Fetch responses:
 * const serveAny = (app: App<AppTypes & { res: Response }>) => app;
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
 * @example
 * ```ts
 * const app = chain<{ path: string }>().use(logging).handle(() => new Response('ok'));
 * const res = await app({ path: '/' });
 * app.description.layers; // [{ name: 'logging', sync: false }]
 * ```
 */
export interface App<$ extends AppTypes = AppTypes> {
  (req: $['req']): $['result'];
  readonly description: ChainDescription;
  /** Type-level only: the app's {@link AppTypes}. */
  readonly [appTypes]: $;
}

export declare const appTypes: unique symbol;

/** The {@link AppTypes} of a chain in state `T` closed by a handler returning `R`. */
export interface AppOf<T extends ChainState, R> {
  readonly req: T['base'];
  readonly ctx: T['ctx'];
  readonly res: ResOf<T['out'], R>;
  readonly result: T['async'] extends true
    ? Promise<ResOf<T['out'], R>>
    : [T['out']] extends [Unset]
      ? R
      : MayBePromise<R> extends true
        ? Promise<T['out']>
        : T['out'];
}

/** The response of an app: what the outermost layer hands out, or, when every layer is transparent, what the handler returns. */
type ResOf<Out, R> = [Out] extends [Unset] ? Awaited<R> : Out;
