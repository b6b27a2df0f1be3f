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

  // Async and sync positions run through different functions, so that V8's
  // feedback for one kind never makes the other's call sites polymorphic.

  /** Runs async layer k (k < a); its `next` reaches the position below through {@link below}. */
  function enterAsync(k: number, req: object): unknown {
    let called = false;
    return fns[k]!(req, (adds?: object): unknown => {
      if (called) throw nextTwice(names[k]!);
      called = true;
      if (adds !== undefined) Object.assign(req, adds);
      return below(k + 1, req);
    });
  }

  /** Position k as an async layer above it expects it: a promise, never a throw. */
  function below(k: number, req: object): unknown {
    try {
      if (k < a) return enterAsync(k, req);
      return Promise.resolve(enterSync(k, req));
    } catch (error) {
      return Promise.reject(error);
    }
  }

  /** Runs sync layer k (k >= a), or the handler at n, as is. */
  function enterSync(k: number, req: object): unknown {
    if (k === n) return handler(req);
    let called = false;
    return fns[k]!(req, (adds?: object): unknown => {
      if (called) throw nextTwice(names[k]!);
      called = true;
      if (adds !== undefined) Object.assign(req, adds);
      return enterSync(k + 1, req);
    });
  }

  return a > 0 ? (req: object): unknown => below(0, req) : (req: object): unknown => enterSync(0, req);
}
