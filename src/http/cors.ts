import type { Middleware, Next } from '../../types/index.js';
import { ShallotError } from '../errors.js';
import { middleware } from '../middleware.js';
import { withHeader } from './response.js';

/** Options of {@link cors}. */
export interface CorsOptions {
  /**
   * Which origins may read responses: `'*'` (any, the default), one origin, a list,
   * or a predicate. With `credentials`, `'*'` echoes the request's origin instead,
   * as the Fetch standard requires.
   */
  readonly origin?: string | readonly string[] | ((origin: string) => boolean);
  /** Methods a preflight allows. Default: GET, HEAD, PUT, PATCH, POST, DELETE. */
  readonly methods?: readonly string[];
  /** Request headers a preflight allows. Default: those the preflight asks for. */
  readonly allowHeaders?: readonly string[];
  /** Response headers scripts may read, beyond the CORS-safelisted ones. */
  readonly exposeHeaders?: readonly string[];
  /** Allow credentials (cookies, HTTP auth). Default: `false`. */
  readonly credentials?: boolean;
  /** How long (seconds) a browser may cache a preflight answer. */
  readonly maxAge?: number;
}

/** The type of {@link cors}'s layer: it reads the method and headers, and answers preflights itself. */
export type CorsLayer = Middleware<{
  name: 'cors';
  needs: { readonly method: string; readonly headers: Headers };
  adds: {};
  inner: Response;
  out: Response;
  sync: false;
}>;

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
    throw new ShallotError('BAD_ARGUMENT', `cors({ maxAge }): maxAge must be a whole number of seconds, got ${String(maxAge)}`, 'cors');
  }
  const allowed: (requestOrigin: string) => boolean =
    typeof origin === 'function'
      ? origin
      : typeof origin === 'string'
        ? (o) => origin === '*' || o === origin
        : Array.isArray(origin)
          ? (o) => origin.includes(o)
          : badOrigin(origin);
  // `*` is only a valid answer without credentials; otherwise echo the origin.
  const wildcard = origin === '*' && !credentials;
  const allowMethods = methods.join(', ');
  const allowHeaderList = allowHeaders?.join(', ');
  const exposeList = exposeHeaders?.length ? exposeHeaders.join(', ') : undefined;

  return middleware('cors', async (req: { readonly method: string; readonly headers: Headers }, next: Next): Promise<Response> => {
    const requestOrigin = req.headers.get('origin');
    const allowOrigin = requestOrigin === null ? null : wildcard ? '*' : allowed(requestOrigin) ? requestOrigin : null;

    if (req.method === 'OPTIONS' && requestOrigin !== null && req.headers.has('access-control-request-method')) {
      const headers = new Headers();
      if (!wildcard) headers.append('Vary', 'Origin');
      if (allowOrigin !== null) {
        headers.set('Access-Control-Allow-Origin', allowOrigin);
        if (credentials) headers.set('Access-Control-Allow-Credentials', 'true');
        headers.set('Access-Control-Allow-Methods', allowMethods);
        const asked = req.headers.get('access-control-request-headers');
        if (allowHeaderList !== undefined) headers.set('Access-Control-Allow-Headers', allowHeaderList);
        else if (asked) {
          headers.set('Access-Control-Allow-Headers', asked);
          headers.append('Vary', 'Access-Control-Request-Headers');
        }
        if (maxAge !== undefined) headers.set('Access-Control-Max-Age', String(maxAge));
      }
      return new Response(null, { status: 204, headers });
    }

    let res: Response = await next();
    if (!wildcard) res = withHeader(res, 'Vary', 'Origin', 'append');
    if (allowOrigin !== null) {
      res = withHeader(res, 'Access-Control-Allow-Origin', allowOrigin);
      if (credentials) res = withHeader(res, 'Access-Control-Allow-Credentials', 'true');
      if (exposeList !== undefined) res = withHeader(res, 'Access-Control-Expose-Headers', exposeList);
    }
    return res;
  });
}

function badOrigin(origin: unknown): never {
  throw new ShallotError('BAD_ARGUMENT', `cors({ origin }): origin must be '*', an origin, a list of origins or a function, got ${typeof origin}`, 'cors');
}
