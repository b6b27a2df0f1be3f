import type { Middleware } from '../../types/index.js';

/**
 * The type of a built-in layer of `shallot/http`: an async layer over Fetch
 * `Response`s, named `name`, reading `needs` from the request, adding `adds` for
 * the layers below and handing `out` upward (`Passed<Response>` for a layer that
 * returns what `next()` gave it, `Response` for one that may answer itself).
 *
 * The layers that only add to the response on its way up (logger, timing,
 * requestId, setHeader) are plain functions returning `next().then(…)`, not
 * async functions awaiting `next()`: the same answer, the same microtask ticks,
 * and the same errors (the kernel turns a throw before `next()` into a
 * rejection), without an async function's frame and its saved registers, about
 * 400 bytes of garbage per layer and request on a server's hot path.
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
