import { badArgument, describe } from '../errors.js';
import { clientAnswer, unsendable } from './answer.js';
import { contextOf, type HttpContext } from './context.js';
import { LightResponse } from './light.js';
import { isAnyResponse, NativeResponse } from './native.js';
import { TEXT } from './response.js';
import { consoleError } from './sink.js';

export { appReturned } from './answer.js';

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

/**
 * `true` for a `Response` (light responses included, and responses of a class a
 * library put in place of `globalThis.Response`, as Hono's node-server does): the
 * guards' `isResponse` for HTTP chains, so a layer that returns anything else is
 * named at once.
 *
 * @example
 * ```ts
 * import { chain } from 'shallot';
 * import { isResponse, text, type HttpContext } from 'shallot/http';
 *
 * const app = chain<HttpContext>({ isResponse }).handle(() => text('ok'));
 * ```
 */
export const isResponse = (value: unknown): value is Response => isAnyResponse(value);

/**
 * Makes a Fetch handler of an app, `(request) => Promise<Response>`: what Bun,
 * Deno and workerd serve, and what a test can call directly. An error that
 * escapes the app, a result that is not a `Response`, or one whose body was
 * already read, becomes a 500 with no details (and is reported to `onError`); a
 * `BadRequestError` (from `readJson()`, say) becomes its 400. A response from
 * `text()`/`json()` is handed over as a new native `Response` each time, so one
 * made once can answer every request.
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
  // No async function per request: a sync app's answer is handed over in one
  // resolved promise, an async one's through one `then` (what an `await` costs).
  const failed = (error: unknown): Response => {
    const client = clientAnswer(error);
    if (client !== undefined) return new NativeResponse(client.body, { status: client.status, headers: { 'content-type': TEXT } });
    onError(error);
    return internalError();
  };
  const answer = (res: unknown): Response => {
    const problem = unsendable(res);
    if (problem !== undefined) {
      onError(problem);
      return internalError();
    }
    return LightResponse.is(res) ? LightResponse.fresh(res) : (res as Response);
  };
  return (request: Request): Promise<Response> => {
    let res: unknown;
    try {
      res = app(contextOf(request));
    } catch (error) {
      return settle(failed, error);
    }
    return isAnyResponse(res) ? settle(answer, res) : Promise.resolve(res).then(answer, failed);
  };
}

/** `Promise.resolve(make(value))`, or its rejection should `make` throw (an `onError` that throws): as an async function would answer. */
function settle(make: (value: unknown) => Response, value: unknown): Promise<Response> {
  try {
    return Promise.resolve(make(value));
  } catch (error) {
    return Promise.reject(error);
  }
}

const internalError = (): Response => new NativeResponse('Internal Server Error', { status: 500, headers: { 'content-type': TEXT } });
