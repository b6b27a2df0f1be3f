import type { Passed } from '../../types/index.js';
import { badArgument, describe } from '../errors.js';
import { checkHeaderName } from './header.js';
import { httpPartsLayer, type HttpLayer } from './layer.js';
import { putHeader, withHeader } from './response.js';

/**
 * Options of {@link requestId}.
 *
 * @example
 * ```ts
 * requestId({ header: 'X-Correlation-Id', generate: () => crypto.randomUUID(), trustIncoming: false });
 * ```
 */
export interface RequestIdOptions {
  /** The header read from the request and echoed on the response. Default: `X-Request-Id`. */
  readonly header?: string | undefined;
  /** Makes a new id. Default: `crypto.randomUUID()`. */
  readonly generate?: (() => string) | undefined;
  /** Use an incoming id (1 to 200 visible ASCII characters). Default: `true`. */
  readonly trustIncoming?: boolean | undefined;
}

/**
 * The type of {@link requestId}'s layer: reads the headers, adds `requestId: string`.
 *
 * @example
 * ```ts
 * const ids: RequestIdLayer = requestId();
 * type Adds = AddsOf<RequestIdLayer>; // { requestId: string }
 * ```
 */
export type RequestIdLayer = HttpLayer<{ name: 'requestId'; needs: { readonly headers: Headers }; adds: { requestId: string }; out: Passed<Response> }>;

const uuid = (): string => crypto.randomUUID();
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
  const { header = 'X-Request-Id', generate = uuid, trustIncoming = true } = options;
  checkHeaderName('requestId({ header })', header, 'requestId');
  if (typeof generate !== 'function') {
    throw badArgument('requestId({ generate })', `generate must be a function () => string, got ${describe(generate)}`, 'requestId');
  }
  const lower = header.toLowerCase();
  // Made of parts (see HttpLayer, ./layer.ts): the state is the addition itself. A sane incoming id and a
  // UUID are valid header values, written by node:http as they are (visible ASCII); another generator's id
  // is checked, unless it is sane too (then both ways put the same value).
  type Id = { readonly requestId: string };
  const plain = generate === uuid ? () => true : (id: string) => VALID_ID.test(id);
  return httpPartsLayer<RequestIdLayer, Id>('requestId', {
    enter: (req: { readonly headers: Headers }): Id => {
      const incoming = trustIncoming ? req.headers.get(lower) : null;
      return { requestId: incoming !== null && VALID_ID.test(incoming) ? incoming : generate() };
    },
    adds: (added: Id) => added,
    leave: ({ requestId: id }: Id, res: Response) => (plain(id) ? putHeader(res, lower, id, 'set', true) : withHeader(res, lower, id)),
  });
}
