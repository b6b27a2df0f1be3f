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

const NativeResponse = globalThis.Response;
/** The content type of plain text answers. */
export const TEXT = 'text/plain;charset=UTF-8';
const JSON_TYPE = 'application/json';

/** What `shallot/node` writes for a light response that was never materialized. */
export interface LightParts {
  readonly status: number;
  readonly statusText: string;
  /** A `Headers` once anyone asked for `headers`; otherwise just the content type. */
  readonly headers: Headers | string;
  readonly body: string | null;
}

class LightResponse {
  readonly #status: number;
  readonly #statusText: string;
  readonly #body: string | null;
  readonly #type: string;
  #headers: Headers | undefined;
  #native: Response | undefined;

  constructor(body: string | null, type: string, init: ResponseInit | undefined) {
    const status = init?.status ?? 200;
    if (!Number.isInteger(status) || status < 200 || status > 599) {
      throw new RangeError(`response status must be an integer from 200 to 599, got ${String(status)}`);
    }
    if (body !== null && (status === 204 || status === 205 || status === 304)) {
      throw new TypeError(`a response with status ${status} cannot have a body`);
    }
    this.#status = status;
    this.#statusText = init?.statusText ?? '';
    this.#body = body;
    this.#type = type;
    if (init?.headers !== undefined) {
      const headers = new Headers(init.headers);
      if (body !== null && !headers.has('content-type')) headers.set('content-type', type);
      this.#headers = headers;
    }
  }

  #materialize(): Response {
    if (this.#native === undefined) {
      const headers = this.#headers ?? (this.#body === null ? undefined : { 'content-type': this.#type });
      this.#native = new NativeResponse(this.#body, { status: this.#status, statusText: this.#statusText, headers });
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
    if (this.#native !== undefined) return this.#native.headers;
    if (this.#headers === undefined) {
      this.#headers = new Headers(this.#body === null ? undefined : { 'content-type': this.#type });
    }
    return this.#headers;
  }

  /** The plain parts, or `undefined` when `value` is not a light response or was materialized. */
  static parts(value: unknown): LightParts | undefined {
    if (typeof value !== 'object' || value === null || !(#native in value) || value.#native !== undefined) return undefined;
    return { status: value.#status, statusText: value.#statusText, headers: value.#headers ?? value.#type, body: value.#body };
  }

  /** The native `Response` behind `value` (itself when it is not a light response). */
  static native(value: Response): Response {
    return #native in value ? (value as unknown as LightResponse).#materialize() : value;
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
  if (typeof body !== 'string') throw new TypeError(`text(body): body must be a string, got ${typeof body}`);
  return new LightResponse(body, TEXT, init) as unknown as Response;
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
  if (body === undefined) throw new TypeError(`json(data): ${typeof data} is not JSON-serializable`);
  return Object.assign(new LightResponse(body, JSON_TYPE, init) as unknown as Response, { data });
}

/**
 * Sets (or appends) a header on `res` and returns the response to hand upward.
 * Usually that is `res` itself; when `res`'s headers are immutable
 * (`Response.redirect()`, the result of `fetch()`), it is a copy with the same
 * status, headers and body (and `res`'s own fields, such as `json()`'s `data`),
 * where nothing would be thrown. Invalid names or values still throw a `TypeError`.
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
  try {
    res.headers[mode](name, value);
    return res;
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    // Either the headers are immutable, or the name/value is invalid: a copy tells
    // which (it throws again in the second case).
    const probe = new Headers();
    probe[mode](name, value);
  }
  const copy = new NativeResponse(res.body, res) as R;
  // Own string-keyed fields only: a runtime may keep a response's state in own
  // symbol-keyed ones (undici does), and those must stay the copy's.
  for (const key of Object.keys(res)) (copy as Record<string, unknown>)[key] = (res as Record<string, unknown>)[key];
  copy.headers[mode](name, value);
  return copy;
}
