import { nextTwice } from './errors.js';

/**
 * The two ways of running one layer, shared by the fast composer
 * ({@link composeFast}) and by the handlers `shallot codegen` writes, which call
 * every layer they do not inline through these same functions: a called layer
 * behaves in a generated handler exactly as in the runtime chain.
 */

/** What a layer runs as: its name (for errors) and its function. */
export interface LayerCall {
  readonly name: string;
  readonly fn: (req: object, next: (adds?: object) => unknown) => unknown;
}

/** The rest of a chain below a layer: request in, response (or its promise) out. */
export type Rest = (req: object) => unknown;

/** `rest(req)` as an async layer's `next()` hands it out: always a promise; a throw becomes a rejection. */
export function promised(rest: Rest, req: object): Promise<unknown> {
  try {
    return Promise.resolve(rest(req));
  } catch (error) {
    return Promise.reject(error);
  }
}

/**
 * Runs the async layer `layer` on `req`, its `next()` reaching `rest`. Always a
 * promise, never a throw, whatever the layer's function does (a plain function
 * that answers at once, or throws, included). Its `next` is its own: a second
 * call throws NEXT_TWICE naming the layer. The function is called as a
 * function, not as a method (`this` is undefined).
 */
export function runAsync(layer: LayerCall, req: object, rest: Rest): Promise<unknown> {
  const fn = layer.fn;
  let called = false;
  try {
    return Promise.resolve(
      fn(req, (adds?: object): unknown => {
        if (called) throw nextTwice(layer.name);
        called = true;
        if (adds !== undefined) Object.assign(req, adds);
        return promised(rest, req);
      }),
    );
  } catch (error) {
    return Promise.reject(error);
  }
}

/** Runs the sync layer `layer` on `req`, its `next()` calling `rest` directly: what the layer returns, as it is. */
export function runSync(layer: LayerCall, req: object, rest: Rest): unknown {
  const fn = layer.fn;
  let called = false;
  return fn(req, (adds?: object): unknown => {
    if (called) throw nextTwice(layer.name);
    called = true;
    if (adds !== undefined) Object.assign(req, adds);
    return rest(req);
  });
}
