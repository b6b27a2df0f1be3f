/**
 * The base request context of `shallot/http`: what every HTTP chain starts from.
 */

/**
 * The request as a chain sees it: the Fetch `Request` plus what a handler needs
 * without parsing it again. Start HTTP chains with `chain<HttpContext>()`; layers
 * that need only part of it (`{ path: string }`) fit too.
 *
 * On `node:http` (`shallot/node`) the fields are computed on first use, so a
 * handler that never touches `request` does not pay for building one.
 *
 * @example
 * ```ts
 * import { chain } from 'shallot';
 * import { text, type HttpContext } from 'shallot/http';
 *
 * const app = chain<HttpContext>().handle((req) => text(`${req.method} ${req.path}?${req.url.searchParams}`));
 * ```
 */
export interface HttpContext {
  /** The Fetch request itself (body, headers, signal, …). */
  readonly request: Request;
  /** `request.url`, parsed. */
  readonly url: URL;
  /** The request method, upper case as sent (`GET`, `POST`, …). */
  readonly method: string;
  /** `url.pathname`: percent-encoded, dot segments resolved. */
  readonly path: string;
  /** `request.headers`. */
  readonly headers: Headers;
  /** `request.signal`: aborts when the client goes away (or the request times out). */
  readonly signal: AbortSignal;
}

/**
 * The {@link HttpContext} of a Fetch `Request` (what `toFetchHandler` passes to the app).
 *
 * @example
 * ```ts
 * import { contextOf } from 'shallot/http';
 *
 * const ctx = contextOf(new Request('http://localhost/a/../b?x=1'));
 * ctx.path; // '/b'
 * ```
 */
export function contextOf(request: Request): HttpContext {
  const url = new URL(request.url);
  return {
    request,
    url,
    method: request.method,
    path: url.pathname,
    headers: request.headers,
    signal: request.signal,
  };
}
