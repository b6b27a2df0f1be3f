import { runAsync, runSync, type Rest } from './kernel.js';
import type { RuntimeLayer } from './middleware.js';

/** The innermost handler, as the runtime sees it. */
export type RuntimeHandler = (req: object) => unknown;

/** A composed chain: request in, response (or its promise) out. */
export type Composed = (req: object) => unknown;

/**
 * The fast kernel (guards off), built once per chain.
 *
 * `layers` is `asyncCount` async layers followed by sync ones (the builder
 * checked the order). Position k is one function, made here once: it runs
 * layer k through {@link runAsync} or {@link runSync} (the same functions a
 * generated handler calls its called layers through), with position k + 1 as
 * the rest of the chain. Each layer gets its own `next`, made when the layer is
 * entered (as in koa-compose and Hono), which remembers whether it was called:
 * a second call throws NEXT_TWICE naming the layer, with the guards off too.
 * One `next` shared by all layers would allocate nothing per layer, but it
 * cannot tell which layer calls it, so a retry past a layer that
 * short-circuited ran the layer below that one: a silent wrong answer.
 * Additions are assigned onto the request object itself, which is per request
 * (as in Koa and Django).
 *
 * An async position always answers a promise (a plain function that answers at
 * once included), as the app's type says; sync positions and the handler are
 * called as they are.
 */
export function composeFast(layers: readonly RuntimeLayer[], asyncCount: number, handler: RuntimeHandler): Composed {
  let rest: Rest = (req) => handler(req);
  for (let k = layers.length - 1; k >= 0; k--) {
    const layer = layers[k]!;
    const below = rest;
    rest = k < asyncCount ? (req) => runAsync(layer, req, below) : (req) => runSync(layer, req, below);
  }
  return rest;
}
