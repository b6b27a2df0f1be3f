/**
 * The request headers of a node:http request as a Fetch `Headers`, without
 * building one: `get` and `has` read node's `rawHeaders` directly (what most
 * layers do, once or twice per request: `requestId`, `cors`, an auth layer);
 * anything else builds the real `Headers` once and is answered by it from then on.
 */

import { knownHeaderName } from '../http/header.js';

const NativeHeaders = globalThis.Headers;

class RawHeaders {
  readonly #raw: readonly string[];
  #native: Headers | undefined;

  constructor(raw: readonly string[]) {
    this.#raw = raw;
  }

  /** As `Headers.get`: every value of `name` (any case), joined with `, `; `null` when absent. */
  get(name: string): string | null {
    if (this.#native !== undefined || typeof name !== 'string') return RawHeaders.native(this).get(name);
    // An invalid name is never found: the native object throws as Headers does. (Only
    // a token may match case-insensitively: 'x-\u212a', with the Kelvin sign, lowercases to 'x-k'.)
    const lower = knownHeaderName(name);
    if (lower === undefined) return RawHeaders.native(this).get(name);
    const raw = this.#raw;
    let found: string | null = null;
    for (let i = 0; i < raw.length; i += 2) {
      const key = raw[i]!;
      if (key === name || (key.length === lower.length && key.toLowerCase() === lower)) {
        found = found === null ? raw[i + 1]! : `${found}, ${raw[i + 1]!}`;
      }
    }
    return found;
  }

  has(name: string): boolean {
    return this.get(name) !== null;
  }

  /** The real `Headers` behind `value`, built on first use (`value` itself when it is one). */
  static native(value: object): Headers {
    if (!(#native in value)) return value as Headers;
    const self = value as unknown as RawHeaders;
    return (self.#native ??= headersOfRaw(self.#raw));
  }
}

// Everything else is the real object's, built on first use.
for (const key of ['append', 'delete', 'set', 'getSetCookie', 'keys', 'values', 'entries', 'forEach', Symbol.iterator, Symbol.for('nodejs.util.inspect.custom')] as const) {
  Object.defineProperty(RawHeaders.prototype, key, {
    value(this: Headers, ...args: unknown[]) {
      const native = RawHeaders.native(this) as unknown as Record<PropertyKey, (...a: unknown[]) => unknown>;
      return native[key]!(...args);
    },
    writable: true,
    configurable: true,
  });
}
Object.setPrototypeOf(RawHeaders.prototype, NativeHeaders.prototype);

/**
 * The first value of header `name` (lower case) in node's `rawHeaders`, as
 * `req.headers[name]` gives it for `host` and `content-length` (node keeps the
 * first of those), without making node build its `req.headers` object.
 */
export function firstRawHeader(raw: readonly string[], name: string): string | undefined {
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i]!;
    if (key.length === name.length && (key === name || key.toLowerCase() === name)) return raw[i + 1];
  }
  return undefined;
}

/** @internal A real `Headers` with every field of node's `rawHeaders` appended, as received. */
export function headersOfRaw(raw: readonly string[]): Headers {
  const headers = new NativeHeaders();
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
  return headers;
}

/** A `Headers` over node's `rawHeaders` (`[name, value, name, value, …]`, as received). */
export const rawHeaders = (raw: readonly string[]): Headers => new RawHeaders(raw) as unknown as Headers;

/** The real `Headers` behind `headers`, for APIs that check (`new Request(url, { headers })`). */
export const nativeHeaders = (headers: Headers): Headers => RawHeaders.native(headers);
