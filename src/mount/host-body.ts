/**
 * A request body that the host's own middleware read before the chain ran
 * (`express.json()`, `koa-bodyparser`, Fastify's content-type parsers): the
 * socket has nothing left to give, so the chain's `request` gets a body made
 * from what the parser left behind, rather than a stream that never ends.
 */

/** What a host's body parser left on the request. */
export interface ParsedBody {
  /** The raw body, when the host kept it (`ctx.request.rawBody`, a `req.rawBody` from a `verify` hook). */
  readonly raw: unknown;
  /** The parsed body (`req.body`, `ctx.request.body`, `request.body`). */
  readonly parsed: unknown;
}

/** The body, and the request headers that go with it, of a request whose body the host already read. */
export interface RebuiltBody {
  readonly body: BodyInit;
  readonly headers: Headers;
}

// The body is decoded and its length is new: these describe the bytes on the wire, not these.
const WIRE_HEADERS = ['content-length', 'content-encoding', 'transfer-encoding'];

/**
 * The body of a request whose stream `host` (a name for messages) consumed:
 * its raw bytes when kept, else the parsed value serialized back (JSON for a
 * JSON media type, a form for `application/x-www-form-urlencoded`), else a body
 * whose read fails with an error that says where to find it.
 */
export function rebuiltBody(host: string, found: ParsedBody, headers: Headers): RebuiltBody {
  const out = new Headers(headers);
  for (const name of WIRE_HEADERS) out.delete(name);
  return { body: bodyOf(host, found, mediaType(headers.get('content-type'))), headers: out };
}

function bodyOf(host: string, { raw, parsed }: ParsedBody, type: string): RebuiltBody['body'] {
  // BodyInit types its Uint8Array over ArrayBuffer only; a node Buffer (over ArrayBufferLike) is as good to Request, which copies it.
  if (typeof raw === 'string' || raw instanceof Uint8Array) return raw as BodyInit;
  if (typeof parsed === 'string' || parsed instanceof Uint8Array) return parsed as BodyInit;
  // Any JSON value, a scalar or null too (express.json({ strict: false }) parses `42`, `false`, `null`).
  if (parsed !== undefined && (type === 'application/json' || type.endsWith('+json'))) {
    const text = JSON.stringify(parsed);
    if (text !== undefined) return text;
  }
  if (typeof parsed === 'object' && parsed !== null && type === 'application/x-www-form-urlencoded') return formEncoded(parsed);
  return failing(
    new TypeError(
      parsed === undefined
        ? `the request body was already read by ${host} middleware, which left no parsed body to rebuild it from: mount shallot before that middleware, or read the body where it put it`
        : `the request body was already read by ${host} middleware, which parsed it (${type || 'no content-type'}) into a value shallot cannot turn back into bytes: read it where that middleware put it`,
    ),
  );
}

/** The media type of a Content-Type value, lower case, without parameters. */
const mediaType = (value: string | null): string => (value === null ? '' : value.split(';', 1)[0]!.trim().toLowerCase());

/**
 * A parsed form back as `application/x-www-form-urlencoded`: nested objects with
 * brackets (`a[b]=1`, as `qs` writes and reads them), arrays of plain values as
 * repeated keys (which both `qs` and `querystring` read back as arrays).
 */
function formEncoded(value: object): string {
  const form = new URLSearchParams();
  const walk = (key: string, item: unknown): void => {
    if (Array.isArray(item)) {
      item.forEach((element, i) => (typeof element === 'object' && element !== null ? walk(`${key}[${i}]`, element) : walk(key, element)));
    } else if (typeof item === 'object' && item !== null) {
      for (const [name, inner] of Object.entries(item)) walk(key === '' ? name : `${key}[${name}]`, inner);
    } else {
      form.append(key, item === undefined || item === null ? '' : String(item));
    }
  };
  walk('', value);
  return form.toString();
}

/** A body whose first read fails with `error`. */
const failing = (error: Error): ReadableStream<Uint8Array> =>
  new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.error(error);
    },
  });
