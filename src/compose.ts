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
 * order). Each layer gets its own `next`, made when the layer is entered, as in
 * koa-compose and Hono: a second call of it throws NEXT_TWICE naming the layer,
 * with the guards off too. A `next` shared by all layers (one closure per
 * request) was tried and measured no faster, but it cannot tell which layer
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

  return function run(req: object): unknown {
    /** The deepest position entered so far. */
    let deepest = -1;
    const enter = (k: number): unknown => {
      deepest = k;
      if (k === n) return handler(req);
      return fns[k]!(req, (adds?: object): unknown => {
        if (deepest > k) throw nextTwice(names[k]!);
        if (adds !== undefined) Object.assign(req, adds);
        return at(k + 1);
      });
    };
    /** Position k, shaped for its caller: async positions never throw. */
    const at = (k: number): unknown => {
      if (k < a || (k === a && a > 0)) {
        try {
          return k < a ? enter(k) : Promise.resolve(enter(k));
        } catch (error) {
          return Promise.reject(error);
        }
      }
      return enter(k);
    };
    return at(0);
  };
}
