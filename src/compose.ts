import { nextTwice } from './errors.js';
import type { RuntimeLayer } from './middleware.js';

/** The innermost handler, as the runtime sees it. */
export type RuntimeHandler = (req: object) => unknown;

/** A composed chain: request in, response (or its promise) out. */
export type Composed = (req: object) => unknown;

/**
 * The fast kernel (guards off), built once per chain.
 *
 * `layers` is `a` async layers followed by sync ones (the builder checked the
 * order). Each layer gets its own `next`, made when the layer is entered (as in
 * koa-compose and Hono), which remembers whether it was called: a second call
 * throws NEXT_TWICE naming the layer, with the guards off too. One `next` shared
 * by all layers would allocate nothing per layer, but it cannot tell which layer
 * calls it, so a retry past a layer that short-circuited ran the layer below
 * that one: a silent wrong answer. Additions are assigned onto the request
 * object itself, which is per request (as in Koa and Django).
 *
 * Position k < a is an async layer; a sync throw there becomes a rejection. The
 * first position past the async layers is reached through a promise (the async
 * layer above expects one); below it everything is called directly.
 */
export function composeFast(layers: readonly RuntimeLayer[], asyncCount: number, handler: RuntimeHandler): Composed {
  const fns = layers.map((layer) => layer.fn);
  const names = layers.map((layer) => layer.name);
  const n = fns.length;
  const a = asyncCount;

  /** Runs position k (a layer, or the handler at n) as is. */
  function enter(k: number, req: object): unknown {
    if (k === n) return handler(req);
    let called = false;
    return fns[k]!(req, (adds?: object): unknown => {
      if (called) throw nextTwice(names[k]!);
      called = true;
      if (adds !== undefined) Object.assign(req, adds);
      return at(k + 1, req);
    });
  }

  /** Runs position k, shaped for its caller: async positions never throw. */
  function at(k: number, req: object): unknown {
    if (k < a) {
      try {
        return enter(k, req);
      } catch (error) {
        return Promise.reject(error);
      }
    }
    if (k === a && a > 0) {
      try {
        return Promise.resolve(enter(k, req));
      } catch (error) {
        return Promise.reject(error);
      }
    }
    return enter(k, req);
  }

  return (req: object): unknown => at(0, req);
}
