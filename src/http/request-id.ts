import type { Middleware, Next, Passed } from '../../types/index.js';
import { ShallotError } from '../errors.js';
import { middleware } from '../middleware.js';
import { withHeader } from './response.js';

/** Options of {@link requestId}. */
export interface RequestIdOptions {
  /** The header read from the request and echoed on the response. Default: `X-Request-Id`. */
  readonly header?: string;
  /** Makes a new id. Default: `crypto.randomUUID()`. */
  readonly generate?: () => string;
  /** Use an incoming id (1 to 200 visible ASCII characters). Default: `true`. */
  readonly trustIncoming?: boolean;
}

/** The type of {@link requestId}'s layer: reads the headers, adds `requestId: string`. */
export type RequestIdLayer = Middleware<{
  name: 'requestId';
  needs: { readonly headers: Headers };
  adds: { requestId: string };
  inner: Response;
  out: Passed<Response>;
  sync: false;
}>;

const VALID_ID = /^[\x21-\x7e]{1,200}$/;

/**
 * Gives each request an id: the incoming `X-Request-Id` when it is a sane value
 * (1 to 200 visible ASCII characters), a new UUID otherwise. Adds `requestId` for
 * the layers below and echoes it on the response.
 *
 * @example
 * ```ts
 * import { chain } from 'shallot';
 * import { requestId, text, type HttpContext } from 'shallot/http';
 *
 * const app = chain<HttpContext>().use(requestId()).handle((req) => text(`your id: ${req.requestId}`));
 * ```
 */
export function requestId(options: RequestIdOptions = {}): RequestIdLayer {
  const { header = 'X-Request-Id', generate = () => crypto.randomUUID(), trustIncoming = true } = options;
  try {
    new Headers().set(header, 'x');
  } catch {
    throw new ShallotError('BAD_ARGUMENT', `requestId({ header }): ${JSON.stringify(header)} is not a valid header name`, 'requestId');
  }
  if (typeof generate !== 'function') {
    throw new ShallotError('BAD_ARGUMENT', `requestId({ generate }): generate must be a function () => string, got ${typeof generate}`, 'requestId');
  }
  return middleware('requestId', async (req: { readonly headers: Headers }, next: Next<{ requestId: string }>) => {
    const incoming = trustIncoming ? req.headers.get(header) : null;
    const id = incoming !== null && VALID_ID.test(incoming) ? incoming : generate();
    const res = await next({ requestId: id });
    return withHeader(res, header, id);
  });
}
