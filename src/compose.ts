import { ShallotError, nextTwice } from './errors.js';
import type { RuntimeLayer } from './middleware.js';

/** The innermost handler, as the runtime sees it. */
export type RuntimeHandler = (req: object) => unknown;

/** A composed chain: request in, response (or its promise) out. */
export type Composed = (req: object) => unknown;

/**
 * The fast kernel (guards off), built once per chain.
 *
 * Unchecked: a layer that calls `next()` twice is not told apart from the layer
 * below it. The second call runs the next position, so it can skip past a layer
 * that short-circuited. Only an overrun past the end is caught. The guards and
 * `shallot check` catch it; see the README's guard section.
 *
 * `layers` is `a` async layers followed by sync ones (the builder checked the
 * order). Per request it makes one `next` closure and one counter, and nothing
 * per layer: the k-th call of `next` in a request runs position k, because each
 * layer may call `next` only once and only while it runs, so calls arrive in
 * onion order. Additions are assigned onto the request object itself, which is
 * per request (as in Koa and Django).
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
    let i = -1;
    const next = (adds?: object): unknown => {
      if (adds !== undefined) Object.assign(req, adds);
      const k = ++i;
      if (k < a) {
        try {
          return fns[k]!(req, next);
        } catch (error) {
          return Promise.reject(error);
        }
      }
      if (k === a && a > 0) {
        try {
          return Promise.resolve(k < n ? fns[k]!(req, next) : handler(req));
        } catch (error) {
          return Promise.reject(error);
        }
      }
      if (k < n) return fns[k]!(req, next);
      if (k === n) return handler(req);
      // A layer called next() again after the whole chain below it had run: the
      // counter cannot tell which one, and the guards (off here) would have.
      throw overrun(names);
    };
    return next();
  };
}

function overrun(names: readonly string[]): ShallotError {
  if (names.length === 1) return nextTwice(names[0]!);
  return new ShallotError(
    'NEXT_TWICE',
    `a middleware of this chain (${names.map((name) => `'${name}'`).join(', ')}) called next() more than once; turn the guards on (chain({ guards: true })) to learn which`,
  );
}
