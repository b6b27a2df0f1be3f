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
 * The path of a serialized http(s) URL (what `Request.url` gives), read off the
 * string: the host holds no `/`, `?` or `#`, and the serializer already
 * percent-encoded the path and resolved its dot segments, so this is
 * `new URL(href).pathname` without parsing. Other schemes are parsed.
 */
function pathOf(href: string): string {
  const scheme = href.startsWith('http://') ? 7 : href.startsWith('https://') ? 8 : -1;
  if (scheme === -1) return new URL(href).pathname;
  const start = href.indexOf('/', scheme);
  if (start === -1) return '/';
  let end = href.length;
  const query = href.indexOf('?', start);
  if (query !== -1) end = query;
  const fragment = href.indexOf('#', start);
  if (fragment !== -1 && fragment < end) end = fragment;
  return href.slice(start, end);
}

/**
 * The context of a Fetch `Request`: reads nothing of the request until a layer
 * asks. `request.signal` makes the runtime set up abort tracking (on Deno it
 * halves a bare handler), and parsing the URL costs more than the rest of a
 * small chain, so each field is read, and kept, on first use. Each can be
 * replaced (a layer's `next({ url })` sets it like a plain field).
 */
class FetchContext implements HttpContext {
  readonly request: Request;
  #url: URL | undefined;
  #path: string | undefined;
  #method: string | undefined;
  #headers: Headers | undefined;

  constructor(request: Request) {
    this.request = request;
  }

  get url(): URL {
    return (this.#url ??= new URL(this.request.url));
  }
  set url(value: URL) {
    own(this, 'url', value);
  }
  get path(): string {
    return (this.#path ??= this.#url !== undefined ? this.#url.pathname : pathOf(this.request.url));
  }
  set path(value: string) {
    own(this, 'path', value);
  }
  get method(): string {
    return (this.#method ??= this.request.method);
  }
  set method(value: string) {
    own(this, 'method', value);
  }
  get headers(): Headers {
    return (this.#headers ??= this.request.headers);
  }
  set headers(value: Headers) {
    own(this, 'headers', value);
  }
  get signal(): AbortSignal {
    return this.request.signal;
  }
  set signal(value: AbortSignal) {
    own(this, 'signal', value);
  }
}

/**
 * @internal Gives `target` its own `key`, in place of the getter: what a plain
 * field would be after an assignment. The setters of every lazy context (this
 * one, shallot/node's, the mount adapters') go through it.
 */
export const own = (target: object, key: string, value: unknown): void => {
  Object.defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
};

// A pathname made only of these characters, with no dot segment, is its own
// `URL.pathname`: the URL parser neither percent-encodes nor normalizes it. Any
// other target takes the slow path through `new URL`. (test/node/head.test.ts
// checks this against the URL parser on random targets.)
const PLAIN_PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$/;

/** @internal Whether `pathname` (a request target's, without its query) is already `URL.pathname`'s form, so no URL need be parsed. */
export const isPlainPath = (pathname: string): boolean => PLAIN_PATH.test(pathname) && !pathname.includes('/.');

/**
 * The {@link HttpContext} of a Fetch `Request` (what `toFetchHandler` passes to
 * the app). Its fields are read from the request on first use, so a chain
 * that reads only the path never parses the URL nor touches `request.signal`.
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
  return new FetchContext(request);
}
