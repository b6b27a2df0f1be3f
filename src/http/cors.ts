import type { Next } from '../../types/index.js';
import { badArgument, describe } from '../errors.js';
import { middleware } from '../middleware.js';
import { isHeaderName } from './header.js';
import type { HttpLayer } from './layer.js';
import { emptyResponse, putHeader } from './response.js';

/**
 * Options of {@link cors}.
 *
 * @example
 * ```ts
 * cors({ origin: ['https://app.example'], methods: ['GET', 'POST'], allowHeaders: ['content-type'], credentials: true, maxAge: 600 });
 * ```
 */
export interface CorsOptions {
  /**
   * Which origins may read responses: `'*'` (any, the default), one origin, a list,
   * or a predicate. With `credentials`, `'*'` echoes the request's origin instead,
   * as the Fetch standard requires.
   */
  readonly origin?: string | readonly string[] | ((origin: string) => boolean) | undefined;
  /** Methods a preflight allows. Default: GET, HEAD, PUT, PATCH, POST, DELETE. */
  readonly methods?: readonly string[] | undefined;
  /** Request headers a preflight allows. Default: those the preflight asks for. */
  readonly allowHeaders?: readonly string[] | undefined;
  /** Response headers scripts may read, beyond the CORS-safelisted ones. */
  readonly exposeHeaders?: readonly string[] | undefined;
  /** Allow credentials (cookies, HTTP auth). Default: `false`. */
  readonly credentials?: boolean | undefined;
  /** How long (seconds) a browser may cache a preflight answer. */
  readonly maxAge?: number | undefined;
}

/**
 * The type of {@link cors}'s layer: it reads the method and headers, and answers preflights itself.
 *
 * @example
 * ```ts
 * const allowApp: CorsLayer = cors({ origin: 'https://app.example' });
 * ```
 */
export type CorsLayer = HttpLayer<{ name: 'cors'; needs: { readonly method: string; readonly headers: Headers }; adds: {}; out: Response }>;

const DEFAULT_METHODS = ['GET', 'HEAD', 'PUT', 'PATCH', 'POST', 'DELETE'];

/**
 * Cross-origin resource sharing, per the Fetch standard. A preflight (`OPTIONS`
 * with `Access-Control-Request-Method`) is answered here with `204` and the
 * `Access-Control-Allow-*` headers (none when the origin is not allowed, which the
 * browser treats as a refusal); any other request runs the chain and gets
 * `Access-Control-Allow-Origin` (and `-Credentials`, `-Expose-Headers`) when its
 * origin is allowed. `Vary: Origin` is added whenever the answer depends on it.
 *
 * @example
 * ```ts
 * import { chain } from 'shallot';
 * import { cors, json, type HttpContext } from 'shallot/http';
 *
 * const api = chain<HttpContext>()
 *   .use(cors({ origin: ['https://app.example'], credentials: true, maxAge: 600 }))
 *   .handle(() => json({ ok: true }));
 * ```
 */
export function cors(options: CorsOptions = {}): CorsLayer {
  const { origin = '*', methods = DEFAULT_METHODS, allowHeaders, exposeHeaders, credentials = false, maxAge } = options;
  if (maxAge !== undefined && !(Number.isInteger(maxAge) && maxAge >= 0)) {
    throw badArgument('cors({ maxAge })', `maxAge must be a whole number of seconds, got ${describe(maxAge)}`, 'cors');
  }
  const allowed = originTest(origin);
  // `*` is only a valid answer without credentials; otherwise echo the origin.
  const wildcard = origin === '*' && !credentials;

  // Everything but the origin is fixed: computed here, once.
  const allowMethods = list('cors({ methods })', methods, 'method');
  const allowHeaderList = allowHeaders === undefined ? undefined : list('cors({ allowHeaders })', allowHeaders, 'header');
  const exposeList = exposeHeaders === undefined || exposeHeaders.length === 0 ? undefined : list('cors({ exposeHeaders })', exposeHeaders, 'header');
  /** A refused preflight's headers, and the fixed part of an allowed one's (after the origin). */
  const refused: readonly string[] = wildcard ? [] : ['vary', 'Origin'];
  const preflightTail: string[] = [];
  if (credentials) preflightTail.push('access-control-allow-credentials', 'true');
  preflightTail.push('access-control-allow-methods', allowMethods);
  if (allowHeaderList !== undefined) preflightTail.push('access-control-allow-headers', allowHeaderList);
  if (maxAge !== undefined) preflightTail.push('access-control-max-age', String(maxAge));

  const preflight = (allowOrigin: string | null, asked: string | null): Response => {
    if (allowOrigin === null) return emptyResponse(204, refused);
    const headers = [...refused, 'access-control-allow-origin', allowOrigin, ...preflightTail];
    // Without a fixed list, allow what the preflight asks for (read from Headers, so a valid value).
    if (allowHeaderList === undefined && asked) headers.push('access-control-allow-headers', asked, 'vary', 'Access-Control-Request-Headers');
    return emptyResponse(204, headers);
  };

  return middleware('cors', async (req: { readonly method: string; readonly headers: Headers }, next: Next): Promise<Response> => {
    const requestOrigin = req.headers.get('origin');
    const allowOrigin = requestOrigin === null ? null : wildcard ? '*' : allowed(requestOrigin) ? requestOrigin : null;

    if (req.method === 'OPTIONS' && requestOrigin !== null && req.headers.has('access-control-request-method')) {
      return preflight(allowOrigin, req.headers.get('access-control-request-headers'));
    }

    let res: Response = await next();
    if (!wildcard) res = putHeader(res, 'vary', 'Origin', 'append');
    if (allowOrigin !== null) {
      // An origin read from Headers is a valid value.
      res = putHeader(res, 'access-control-allow-origin', allowOrigin, 'set');
      if (credentials) res = putHeader(res, 'access-control-allow-credentials', 'true', 'set');
      if (exposeList !== undefined) res = putHeader(res, 'access-control-expose-headers', exposeList, 'set');
    }
    return res;
  });
}

/** The test of `origin` against the allowed ones. */
function originTest(origin: unknown): (requestOrigin: string) => boolean {
  if (typeof origin === 'function') return origin as (requestOrigin: string) => boolean;
  if (origin === '*') return () => true;
  if (typeof origin === 'string') return (o) => o === origin;
  if (Array.isArray(origin) && origin.every((o) => typeof o === 'string')) return (o) => (origin as string[]).includes(o);
  throw badArgument('cors({ origin })', `origin must be '*', an origin, a list of origins or a function, got ${describe(origin)}`, 'cors');
}

/** `items` as one header value, each checked to be a token (a method or a header name). */
function list(where: string, items: unknown, what: 'method' | 'header'): string {
  if (!Array.isArray(items)) throw badArgument(where, `must be a list of ${what} names, got ${describe(items)}`, 'cors');
  for (const item of items) {
    if (!isHeaderName(item)) throw badArgument(where, `${describe(item)} is not a valid ${what} name (a token such as ${what === 'method' ? "'GET'" : "'Content-Type'"})`, 'cors');
  }
  return items.join(', ');
}
