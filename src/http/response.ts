/**
 * Responses: `text()` and `json()` make them cheaply, `withHeader()` edits headers
 * even when a response's headers are immutable.
 *
 * A native `Response` costs several microseconds to construct on Node 20 (it builds
 * a ReadableStream for its body), more than the rest of a request. `text()` and
 * `json()` return a *light* response instead: an object that is `instanceof
 * Response` and behaves as one, which keeps its status, headers and body as plain
 * values. `shallot/node` writes those straight to the socket; anything that needs
 * the native object (`body`, `text()`, `clone()`, a runtime's `fetch` handler)
 * materializes it once, transparently. Only Fetch-standard globals are used, so
 * this runs on every runtime.
 */
import { badArgument, describe } from '../errors.js';
import { checkHeader } from './header.js';

const NativeResponse = globalThis.Response;
/** The content type of plain text answers. */
export const TEXT = 'text/plain;charset=UTF-8';
const JSON_TYPE = 'application/json';
const TEXT_HEADERS: readonly string[] = ['content-type', TEXT];
const JSON_HEADERS: readonly string[] = ['content-type', JSON_TYPE];

/** What `shallot/node` writes for a light response that was never materialized. */
export interface LightParts {
  readonly status: number;
  readonly statusText: string;
  /**
   * A `Headers` once anyone asked for `headers`; until then node's flat list
   * (`[lower-case name, value, …]`), not to be modified.
   */
  readonly headers: Headers | readonly string[];
  readonly body: string | null;
}

class LightResponse {
  readonly #status: number;
  readonly #statusText: string;
  readonly #body: string | null;
  /**
   * The headers while nobody has asked for the `Headers` object: a flat list of
   * lower-case names and values (node's form), the content type first.
   */
  #list: string[];
  #headers: Headers | undefined;
  #native: Response | undefined;

  constructor(body: string | null, defaults: readonly string[], init: ResponseInit | undefined) {
    const status = init?.status ?? 200;
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw badArgument('response init { status }', `must be an integer from 200 to 599, got ${describe(status)}`);
    }
    if (body !== null && (status === 204 || status === 205 || status === 304)) {
      throw badArgument('response init { status }', `a response with status ${status} cannot have a body`);
    }
    this.#status = status;
    this.#statusText = init?.statusText ?? '';
    this.#body = body;
    this.#list = body === null ? [] : [defaults[0]!, defaults[1]!];
    if (init?.headers !== undefined) {
      const headers = new Headers(init.headers);
      if (body !== null && !headers.has('content-type')) headers.set('content-type', defaults[1]!);
      this.#headers = headers;
    }
  }

  #headersObject(): Headers {
    if (this.#headers === undefined) {
      const headers = new Headers();
      const list = this.#list;
      for (let i = 0; i < list.length; i += 2) headers.append(list[i]!, list[i + 1]!);
      this.#headers = headers;
      this.#list = [];
    }
    return this.#headers;
  }

  #materialize(): Response {
    if (this.#native === undefined) {
      this.#native = new NativeResponse(this.#body, { status: this.#status, statusText: this.#statusText, headers: this.#headersObject() });
    }
    return this.#native;
  }

  get status(): number {
    return this.#status;
  }
  get statusText(): string {
    return this.#statusText;
  }
  get ok(): boolean {
    return this.#status >= 200 && this.#status < 300;
  }
  get headers(): Headers {
    return this.#native !== undefined ? this.#native.headers : this.#headersObject();
  }

  /**
   * Puts a checked header (`name` in lower case) on `value` without a `Headers`
   * object, as `Headers.set`/`append` would; `false` when `value` is not a light
   * response that still keeps its headers as a list.
   */
  static put(value: unknown, name: string, headerValue: string, append: boolean): boolean {
    if (typeof value !== 'object' || value === null || !(#native in value) || value.#headers !== undefined || value.#native !== undefined) return false;
    const list = value.#list;
    let i = 0;
    while (i < list.length && list[i] !== name) i += 2;
    if (i === list.length || (append && name === 'set-cookie')) {
      list.push(name, headerValue);
    } else if (append) {
      list[i + 1] = `${list[i + 1]!}, ${headerValue}`; // what Headers.get and forEach give for a repeated name
    } else {
      list[i + 1] = headerValue;
      for (let j = i + 2; j < list.length; ) {
        if (list[j] === name) list.splice(j, 2);
        else j += 2;
      }
    }
    return true;
  }

  /** The plain parts, or `undefined` when `value` is not a light response or was materialized. */
  static parts(value: unknown): LightParts | undefined {
    if (typeof value !== 'object' || value === null || !(#native in value) || value.#native !== undefined) return undefined;
    return { status: value.#status, statusText: value.#statusText, headers: value.#headers ?? value.#list, body: value.#body };
  }

  /** The native `Response` behind `value` (itself when it is not a light response). */
  static native(value: Response): Response {
    return #native in value ? (value as unknown as LightResponse).#materialize() : value;
  }
}

/** A light JSON response, which keeps the value it was made from. */
class LightJson<T> extends LightResponse {
  readonly data: T;
  constructor(body: string, data: T, init: ResponseInit | undefined) {
    super(body, JSON_HEADERS, init);
    this.data = data;
  }
}

// Everything else a Response has is the native one's, made on first use.
for (const key of ['body', 'bodyUsed', 'redirected', 'type', 'url'] as const) {
  Object.defineProperty(LightResponse.prototype, key, {
    get(this: Response) {
      return LightResponse.native(this)[key];
    },
  });
}
for (const key of ['arrayBuffer', 'blob', 'bytes', 'clone', 'formData', 'json', 'text'] as const) {
  Object.defineProperty(LightResponse.prototype, key, {
    value(this: Response) {
      const native = LightResponse.native(this) as unknown as Record<string, () => unknown>;
      return native[key]!();
    },
    writable: true,
    configurable: true,
  });
}
Object.setPrototypeOf(LightResponse.prototype, NativeResponse.prototype);

/** @internal The plain parts of a light response, for `shallot/node`. */
export const lightParts = LightResponse.parts;

/**
 * @internal Puts a header whose name (lower case) and value are known valid on
 * `res`, as {@link withHeader} does; for layers that checked them when made.
 */
export function putHeader<R extends Response>(res: R, name: string, value: string, mode: 'set' | 'append'): R {
  return LightResponse.put(res, name, value, mode === 'append') ? res : withNativeHeader(res, name, value, mode);
}

/** @internal A light response without a body (a preflight's 204), its headers as node's flat list. */
export function emptyResponse(status: number, headers: readonly string[]): Response {
  const res = new LightResponse(null, TEXT_HEADERS, { status }) as unknown as Response;
  for (let i = 0; i < headers.length; i += 2) LightResponse.put(res, headers[i]!, headers[i + 1]!, true);
  return res;
}

/**
 * The native `Response` for `res`: `res` itself, or the materialized form of a
 * response from {@link text} or {@link json}. `toFetchHandler` calls it for you.
 *
 * @example
 * ```ts
 * import { nativeResponse, text } from 'shallot/http';
 *
 * const res = nativeResponse(text('hi')); // a plain Response, for an API that needs one
 * ```
 */
export const nativeResponse = (res: Response): Response => LightResponse.native(res);

/**
 * A text response (`text/plain;charset=UTF-8` unless `init.headers` says otherwise).
 * Cheaper than `new Response(body)` on Node, and the same everywhere else.
 *
 * @example
 * ```ts
 * import { text } from 'shallot/http';
 *
 * const res = text('Not found', { status: 404 });
 * ```
 */
export function text(body: string, init?: ResponseInit): Response {
  if (typeof body !== 'string') throw badArgument('text(body)', `body must be a string, got ${describe(body)}`);
  return new LightResponse(body, TEXT_HEADERS, init) as unknown as Response;
}

/**
 * A JSON response that keeps the value it was made from, typed, in `data`.
 *
 * @example
 * ```ts
 * import { json, type JsonResponse } from 'shallot/http';
 *
 * const res: JsonResponse<{ id: number }> = json({ id: 1 });
 * ```
 */
export type JsonResponse<T> = Response & { readonly data: T };

/**
 * A JSON response (`application/json`), like `Response.json(data, init)`, that
 * also keeps `data` for the layers above it and for tests.
 *
 * @example
 * ```ts
 * import { json, type JsonResponse } from 'shallot/http';
 *
 * const res: JsonResponse<{ id: number }> = json({ id: 1 }, { status: 201 });
 * res.data.id; // 1
 * ```
 */
export function json<T>(data: T, init?: ResponseInit): JsonResponse<T> {
  const body = JSON.stringify(data);
  if (body === undefined) throw badArgument('json(data)', `${describe(data)} is not JSON-serializable`);
  return new LightJson(body, data, init) as unknown as JsonResponse<T>;
}

/**
 * Sets (or appends) a header on `res` and returns the response to hand upward.
 * Usually that is `res` itself; when `res`'s headers are immutable
 * (`Response.redirect()`, the result of `fetch()`), it is a copy with the same
 * status, headers and body (and `res`'s own fields, such as `json()`'s `data`),
 * where nothing would be thrown. An invalid name or value throws a
 * `ShallotError` (`BAD_ARGUMENT`). On a response from {@link text} or
 * {@link json} no `Headers` object is built until someone reads `headers`.
 *
 * @example
 * ```ts
 * import { withHeader } from 'shallot/http';
 *
 * const res = withHeader(Response.redirect('https://example.com/', 302), 'X-Custom-Header', 'Hello');
 * res.headers.get('X-Custom-Header'); // 'Hello'
 * ```
 */
export function withHeader<R extends Response>(res: R, name: string, value: string, mode: 'set' | 'append' = 'set'): R {
  const checked = checkHeader(`withHeader(res, name, value)`, name, value);
  if (mode !== 'set' && mode !== 'append') throw badArgument('withHeader(res, name, value, mode)', `mode must be 'set' or 'append', got ${describe(mode)}`);
  return putHeader(res, name.toLowerCase(), checked, mode);
}

/** `withHeader` on a response that is not (or no longer) light. */
function withNativeHeader<R extends Response>(res: R, name: string, value: string, mode: 'set' | 'append'): R {
  try {
    res.headers[mode](name, value);
    return res;
  } catch (error) {
    // The name and value were checked, so the headers are immutable.
    if (!(error instanceof TypeError)) throw error;
  }
  const copy = new NativeResponse(res.body, res) as R;
  // Own string-keyed fields only: a runtime may keep a response's state in own
  // symbol-keyed ones (undici does), and those must stay the copy's.
  for (const key of Object.keys(res)) (copy as Record<string, unknown>)[key] = (res as Record<string, unknown>)[key];
  copy.headers[mode](name, value);
  return copy;
}
