/**
 * Light responses: what `text()` and `json()` return.
 *
 * A native `Response` costs several microseconds to construct on Node 20 (it builds
 * a ReadableStream for its body), more than the rest of a request. A *light*
 * response is an object that is `instanceof Response` and behaves as one, but
 * keeps its status, headers and body as plain values. `shallot/node` writes those
 * straight to the socket; anything that needs the native object (`body`,
 * `text()`, `clone()`) materializes it once, transparently. Only Fetch-standard
 * globals are used, so this runs on every runtime.
 *
 * A light response is never edited once made, except through its own `headers`
 * object by whoever holds it: putting a header (`withHeader()`, the header
 * layers) makes a copy. So one made at module level and returned for every
 * request answers each the same, and its body (a string) can be sent any number
 * of times, until someone reads it (`res.text()`, `res.body`'s reader): from
 * then on it is spent, as a native response would be.
 */
import { NativeResponse } from './native.js';

/** What `shallot/node` writes for a light response. */
export interface LightParts {
  readonly status: number;
  readonly statusText: string;
  /**
   * A `Headers` once anyone asked for `headers`; until then node's flat list
   * (`[lower-case name, value, …]`, every name once but `set-cookie`), not to
   * be modified.
   */
  readonly headers: Headers | readonly string[];
  /** `headers` is the flat list and every value in it is plain ASCII (each was checked so as it was put): node:http writes it as it is, no need to check again before sending. */
  readonly writable: boolean;
  readonly body: string | null;
}

/** Why a response's body cannot be sent: it was read, or a reader holds it. */
export type Spent = 'used' | 'locked';

export class LightResponse {
  readonly #status: number;
  readonly #statusText: string;
  readonly #body: string | null;
  /**
   * The headers while nobody has asked for the `Headers` object: a flat list of
   * lower-case names and values (node's form). Never changed once the response
   * is made: a put copies it.
   */
  #list: readonly string[];
  #headers: Headers | undefined;
  #native: Response | undefined;
  /** Copied from a response whose body was spent: this one is spent too. */
  readonly #spent: Spent | undefined;
  /** Every value of `#list` is plain ASCII (`isPlainAscii`), so node:http writes it as it is: known when it was made or put, so a send need not test it again. */
  readonly #writable: boolean;

  /** Trusted parts: `text()`/`json()` check them first. `writable`: every value of `list` is known to be plain ASCII. */
  constructor(status: number, statusText: string, body: string | null, list: readonly string[], headers?: Headers, spent?: Spent, writable = false) {
    this.#status = status;
    this.#statusText = statusText;
    this.#body = body;
    this.#list = list;
    this.#headers = headers;
    this.#spent = spent;
    this.#writable = writable;
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

  /** Whether the body can no longer be sent, and why. */
  #spentState(): Spent | undefined {
    if (this.#spent !== undefined) return this.#spent;
    const native = this.#native;
    if (native === undefined) return undefined;
    return native.bodyUsed ? 'used' : native.body?.locked ? 'locked' : undefined;
  }

  /** The same response (same class, `data` included) with other headers. */
  #copy(list: readonly string[], headers: Headers | undefined, writable: boolean): LightResponse {
    const spent = this.#spentState();
    return this instanceof LightJson
      ? new LightJson(this.data, this.#status, this.#statusText, this.#body!, list, headers, spent, writable)
      : new LightResponse(this.#status, this.#statusText, this.#body, list, headers, spent, writable);
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

  static is(value: unknown): value is LightResponse {
    return typeof value === 'object' && value !== null && #status in value;
  }

  /**
   * A copy of `value` with a checked header (`name` in lower case) put on it, as
   * `Headers.set`/`append` would; `undefined` when `value` is not a light response.
   * `writable`: the caller knows `headerValue` is plain ASCII.
   */
  static put(value: unknown, name: string, headerValue: string, append: boolean, writable: boolean): Response | undefined {
    if (!LightResponse.is(value)) return undefined;
    const current = value.#native?.headers ?? value.#headers;
    if (current !== undefined) {
      const headers = new Headers(current);
      if (append) headers.append(name, headerValue);
      else headers.set(name, headerValue);
      return value.#copy([], headers, false) as unknown as Response;
    }
    // A value joined onto another (a repeated append) is writable when both are.
    return value.#copy(putCopy(value.#list, name, headerValue, append), undefined, value.#writable && writable) as unknown as Response;
  }

  /** The plain parts to send, or `undefined` when `value` is not a light response or its body is spent. */
  static parts(value: unknown): LightParts | undefined {
    if (!LightResponse.is(value) || value.#spentState() !== undefined) return undefined;
    const headers = value.#native?.headers ?? value.#headers;
    if (headers !== undefined) return { status: value.#status, statusText: value.#statusText, headers, body: value.#body, writable: false };
    return { status: value.#status, statusText: value.#statusText, headers: value.#list, body: value.#body, writable: value.#writable };
  }

  /** Whether `value`'s body is spent (`undefined` too when it is not a light response). */
  static spent(value: LightResponse): Spent | undefined {
    return value.#spentState();
  }

  /** A new native `Response` with `value`'s parts, for an answer that leaves the process (its own body stream). */
  static fresh(value: LightResponse): Response {
    const status = value.#status;
    const statusText = value.#statusText;
    const headers = value.#native?.headers ?? value.#headers;
    if (headers !== undefined) return new NativeResponse(value.#body, { status, statusText, headers });
    // The flat list put on the new response's own headers, not given as the
    // init: Deno converts a HeadersInit five times slower than it sets the same
    // headers one by one (5.5 µs against 1.1 for six headers; Bun 1.1 against
    // 0.7). A name is in the list once, but for set-cookie (appended as pairs of
    // its own), and a body always has its content-type there, which replaces the
    // one the constructor gives a string body.
    const res = new NativeResponse(value.#body, { status, statusText });
    const own = res.headers;
    const list = value.#list;
    for (let i = 0; i < list.length; i += 2) {
      const name = list[i]!;
      if (name === 'set-cookie') own.append(name, list[i + 1]!);
      else own.set(name, list[i + 1]!);
    }
    return res;
  }

  /** The native `Response` behind `value`, made once (itself when it is not a light response). */
  static native(value: Response): Response {
    return LightResponse.is(value) ? value.#materialize() : value;
  }
}

/** @internal `headers` as node's flat `[name, value, name, value, …]` list: lower-case names, `set-cookie` once per cookie, every other name once. */
export function flatHeaders(headers: Headers): string[] {
  const list: string[] = [];
  headers.forEach((value, name) => {
    list.push(name, value);
  });
  return list;
}

/**
 * A copy of `list` with a checked header put on it as {@link putInList} puts it.
 * A new name (the common case: a layer adding its header) gets a copy of exactly
 * the size it needs: a slice and a push would grow the copy to half again its
 * size, garbage made on every request that passes a header-setting layer.
 */
function putCopy(list: readonly string[], name: string, headerValue: string, append: boolean): string[] {
  const n = list.length;
  let i = 0;
  while (i < n && list[i] !== name) i += 2;
  if (i === n || (append && name === 'set-cookie')) {
    const copy = new Array<string>(n + 2);
    for (let j = 0; j < n; j++) copy[j] = list[j]!;
    copy[n] = name;
    copy[n + 1] = headerValue;
    return copy;
  }
  const copy = list.slice();
  putInList(copy, name, headerValue, append);
  return copy;
}

/**
 * Puts a checked header (`name` in lower case) on node's flat `list`, in place,
 * as `Headers.set`/`append` would: the list keeps each name once (`set-cookie`
 * appended as pairs of its own), a repeated append joined as `Headers.get` and
 * `forEach` give it. Only ever run on a list no response holds yet.
 */
export function putInList(list: string[], name: string, headerValue: string, append: boolean): void {
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
}

/** A light JSON response, which keeps the value it was made from. */
export class LightJson<T> extends LightResponse {
  readonly data: T;
  constructor(data: T, status: number, statusText: string, body: string, list: readonly string[], headers?: Headers, spent?: Spent, writable = false) {
    super(status, statusText, body, list, headers, spent, writable);
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
