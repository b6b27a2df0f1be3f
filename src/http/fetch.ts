import { badArgument, describe } from '../errors.js';
import { contextOf, type HttpContext } from './context.js';
import { nativeResponse, TEXT } from './response.js';
import { consoleError } from './sink.js';

/**
 * An app that can serve HTTP: a handled chain (or any function) that takes an
 * {@link HttpContext} (or less) and returns a `Response`.
 *
 * @example
 * ```ts
 * import { chain } from 'shallot';
 * import { text, type HttpApp, type HttpContext } from 'shallot/http';
 *
 * const app: HttpApp = chain<HttpContext>().handle((req) => text(req.path));
 * ```
 */
export type HttpApp = (req: HttpContext) => Response | PromiseLike<Response>;

/**
 * Options of {@link toFetchHandler}.
 *
 * @example
 * ```ts
 * export default { fetch: toFetchHandler(app, { onError: (error) => report(error) }) };
 * ```
 */
export interface FetchHandlerOptions {
  /**
   * Told of errors that escape the app (they become a bare 500; put
   * `errorBoundary()` in the chain to shape that answer). Default: `console.error`.
   */
  readonly onError?: ((error: unknown) => void) | undefined;
}

// The global `Response` as this module found it, and the tag every Response has:
// a server that swaps the global for a class of its own (@hono/node-server's
// `serve` does) leaves earlier instances, light responses among them, outside
// the new class, and `instanceof Response` alone would call them non-responses.
const LoadedResponse = globalThis.Response;
const objectTag = Object.prototype.toString;

/**
 * `true` for a `Response` (light responses included): the guards' `isResponse`
 * for HTTP chains, so a layer that returns anything else is named at once.
 *
 * @example
 * ```ts
 * import { chain } from 'shallot';
 * import { isResponse, text, type HttpContext } from 'shallot/http';
 *
 * const app = chain<HttpContext>({ isResponse }).handle(() => text('ok'));
 * ```
 */
export const isResponse = (value: unknown): value is Response =>
  value instanceof LoadedResponse || (typeof value === 'object' && value !== null && objectTag.call(value) === '[object Response]');

/**
 * Makes a Fetch handler of an app, `(request) => Promise<Response>`: what Bun,
 * Deno and workerd serve, and what a test can call directly. An error that
 * escapes the app, or a result that is not a `Response`, becomes a 500 with no
 * details (and is reported to `onError`).
 *
 * @example
 * ```ts
 * import { chain } from 'shallot';
 * import { text, toFetchHandler, type HttpContext } from 'shallot/http';
 *
 * const app = chain<HttpContext>().handle((req) => text(`hello from ${req.path}`));
 * const fetchHandler = toFetchHandler(app);
 * // Bun.serve({ fetch: fetchHandler }); Deno.serve(fetchHandler); export default { fetch: fetchHandler };
 * const res = await fetchHandler(new Request('http://localhost/there'));
 * ```
 */
export function toFetchHandler(app: HttpApp, options: FetchHandlerOptions = {}): (request: Request) => Promise<Response> {
  if (typeof app !== 'function') throw badArgument('toFetchHandler(app)', `app must be a function (req) => Response, such as a handled chain, got ${describe(app)}`);
  const onError = options.onError ?? consoleError;
  if (typeof onError !== 'function') throw badArgument('toFetchHandler(app, { onError })', `onError must be a function (error) => void, got ${describe(onError)}`);
  return async (request: Request): Promise<Response> => {
    let res: unknown;
    try {
      res = await app(contextOf(request));
    } catch (error) {
      onError(error);
      return internalError();
    }
    if (!isResponse(res)) {
      onError(appReturned(res));
      return internalError();
    }
    return nativeResponse(res);
  };
}

const internalError = (): Response => new Response('Internal Server Error', { status: 500, headers: { 'content-type': TEXT } });

/** The error an adapter reports when the app's result is not a response. */
export const appReturned = (value: unknown): TypeError => new TypeError(`the app returned ${describe(value)} instead of a Response`);
