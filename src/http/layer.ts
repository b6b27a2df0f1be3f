import type { Middleware } from '../../types/index.js';

/**
 * The type of a built-in layer of `shallot/http`: an async layer over Fetch
 * `Response`s, named `name`, reading `needs` from the request, adding `adds` for
 * the layers below and handing `out` upward (`Passed<Response>` for a layer that
 * returns what `next()` gave it, `Response` for one that may answer itself).
 *
 * The layers that only add to the response on its way up (logger, timing,
 * requestId, setHeader) are plain functions returning `next().then(…)`, not
 * async functions awaiting `next()`: the same answer, the same microtask ticks
 * and the same errors (a throw before `next()` is a rejection, as from an async
 * function, also where a unit test calls `layer.fn` on its own), without an
 * async function's frame and its saved registers per layer and request. They
 * keep the plain `return next().then(…)` form, which `shallot codegen` reads (a
 * called layer whose code it cannot read keeps every yield below it). What only
 * an async function would add matters in a direct call alone (in a chain, the
 * kernel's `next()` never throws on its first call and always answers a
 * promise): a hand-written `next` that throws, or that answers a response
 * rather than a promise, is not turned into a rejection or awaited.
 *
 * @example
 * ```ts
 * import type { Passed } from 'shallot';
 * import type { HttpLayer } from 'shallot/http';
 *
 * type Audit = HttpLayer<{ name: 'audit'; needs: { readonly path: string }; adds: {}; out: Passed<Response> }>;
 * ```
 */
export type HttpLayer<$ extends { readonly name: string; readonly needs: unknown; readonly adds: object; readonly out: unknown }> = Middleware<{
  name: $['name'];
  needs: $['needs'];
  adds: $['adds'];
  inner: Response;
  out: $['out'];
  sync: false;
}>;
