import type { Middleware } from '../../types/index.js';
import { partsLayer, type LayerParts } from '../parts.js';

/**
 * The type of a built-in layer of `shallot/http`: an async layer over Fetch
 * `Response`s, named `name`, reading `needs` from the request, adding `adds` for
 * the layers below and handing `out` upward (`Passed<Response>` for a layer that
 * returns what `next()` gave it, `Response` for one that may answer itself).
 *
 * The layers that only add to the response on its way up (logger, timing,
 * requestId, setHeader) are made of parts (`LayerParts` of src/parts.ts:
 * enter, adds, leave, fail): their `fn` is a plain function returning
 * `next().then(…)`, not an async function awaiting `next()`, with the same
 * answer, the same microtask ticks and the same errors (a throw before
 * `next()` is a rejection, as from an async function, also where a unit test
 * calls `layer.fn` on its own), without an async function's frame per layer and
 * request; and a handler `shallot codegen` writes runs their parts in line,
 * with no `next` and no promise per layer. What only an async function would
 * add matters in a direct call alone (in a chain, the kernel's `next()` never
 * throws on its first call and always answers a promise): a hand-written
 * `next` that throws, or that answers a response rather than a promise, is not
 * turned into a rejection or awaited.
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

/** A built-in layer of type `L` made of `parts` (see `LayerParts`): the one place the runtime layer meets its type. */
export function httpPartsLayer<L extends HttpLayer<{ name: string; needs: unknown; adds: object; out: unknown }>, S>(name: string, parts: LayerParts<S>): L {
  return partsLayer(name, parts) as unknown as L;
}
