/**
 * Responses: `text()` and `json()` make them cheaply (light responses, see
 * light.ts), `withHeader()` puts a header on any response without editing one
 * that another request may see.
 */
import { badArgument, describe } from '../errors.js';
import { checkHeader, isPlainValue, lowerHeaderName } from './header.js';
import { flatHeaders, LightJson, LightResponse, putInList, type LightParts } from './light.js';
import { NativeResponse } from './native.js';

export type { LightParts } from './light.js';

/** The content type of plain text answers. */
export const TEXT = 'text/plain;charset=UTF-8';
const JSON_TYPE = 'application/json';

/** A status text as `Response` takes it: the reason-phrase of RFC 9112 (tab, space, visible ASCII, Latin-1). */
const REASON = /^[\t\x20-\x7e\x80-\xff]*$/;

/** The checked status, status text and header list of a light response, as `new Response(body, init)` would check them. */
function lightInit(body: string | null, contentType: string, init: ResponseInit | undefined): [number, string, string[]] {
  const status = init?.status ?? 200;
  if (!Number.isInteger(status) || status < 200 || status > 599) {
    throw badArgument('response init { status }', `must be an integer from 200 to 599, got ${describe(status)}`);
  }
  if (body !== null && (status === 204 || status === 205 || status === 304)) {
    throw badArgument('response init { status }', `a response with status ${status} cannot have a body`);
  }
  const statusText = init?.statusText ?? '';
  if (typeof statusText !== 'string' || !REASON.test(statusText)) {
    throw badArgument('response init { statusText }', `${describe(statusText)} is not a valid statusText (tab, space and visible Latin-1 characters only, no line breaks)`);
  }
  if (init?.headers === undefined) return [status, statusText, body === null ? [] : ['content-type', contentType]];
  const headers = headersOf(init.headers);
  if (body !== null && !headers.has('content-type')) headers.set('content-type', contentType);
  return [status, statusText, flatHeaders(headers)];
}

/** `new Headers(init)`, with a `BAD_ARGUMENT` naming the header it refuses. */
function headersOf(init: HeadersInit): Headers {
  const where = 'response init { headers }';
  try {
    return new Headers(init);
  } catch (error) {
    if (!(error instanceof TypeError)) throw error;
    const entries: unknown[] = init instanceof Headers ? [] : Symbol.iterator in Object(init) ? [...(init as Iterable<unknown>)] : Object.entries(init);
    for (const entry of entries) {
      if (!Array.isArray(entry) || entry.length !== 2) throw badArgument(where, `each header must be a [name, value] pair, got ${describe(entry)}`);
      checkHeader(where, String(entry[0]), String(entry[1]));
    }
    throw badArgument(where, error.message);
  }
}

/** @internal The plain parts of a light response, for `shallot/node` (undefined when it is not one, or its body is spent). */
export const lightParts = (value: unknown): LightParts | undefined => LightResponse.parts(value);

/**
 * @internal Puts a header whose name (lower case) and value are known valid on
 * `res`, as {@link withHeader} does; for layers that checked them when made.
 * `writable`: the caller knows the value is plain ASCII too (see
 * `isPlainAscii`), so `shallot/node` need not test it again as it sends.
 */
export function putHeader<R extends Response>(res: R, name: string, value: string, mode: 'set' | 'append', writable = false): R {
  return (LightResponse.put(res, name, value, mode === 'append', writable) as R | undefined) ?? withNativeHeader(res, name, value, mode);
}

/** @internal A light response without a body (a preflight's 204), its headers as node's flat list (lower-case names, checked values). */
export function emptyResponse(status: number, headers: readonly string[]): Response {
  // One list, each header appended as put() would: one response, not a copy per header.
  const list: string[] = [];
  for (let i = 0; i < headers.length; i += 2) putInList(list, headers[i]!, headers[i + 1]!, true);
  return new LightResponse(status, '', null, list) as unknown as Response;
}

/**
 * The native `Response` for `res`: `res` itself, or the materialized form of a
 * response from {@link text} or {@link json} (made once, and from then on the
 * one whose body is read).
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
 * Cheaper than `new Response(body)` on Node, and the same everywhere else. It
 * checks `init` as `Response` does, with a `BAD_ARGUMENT` naming what it refuses.
 * It is never edited by the layers it passes (they hand up copies), so one made
 * once can answer every request.
 *
 * @example
 * ```ts
 * import { text } from 'shallot/http';
 *
 * const NOT_FOUND = text('Not found', { status: 404 }); // at module level: every 404 is this one
 * ```
 */
export function text(body: string, init?: ResponseInit): Response {
  if (typeof body !== 'string') throw badArgument('text(body)', `body must be a string, got ${describe(body)}`);
  const [status, statusText, list] = lightInit(body, TEXT, init);
  // Without init headers, the list is the content type alone, which node:http writes.
  return new LightResponse(status, statusText, body, list, undefined, undefined, init?.headers === undefined) as unknown as Response;
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
 * also keeps `data` for the layers above it and for tests. Light, as {@link text}'s.
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
  const [status, statusText, list] = lightInit(body, JSON_TYPE, init);
  // Without init headers, the list is the content type alone, which node:http writes.
  return new LightJson(data, status, statusText, body, list, undefined, undefined, init?.headers === undefined) as unknown as JsonResponse<T>;
}

/**
 * Sets (or appends) a header on `res` and returns the response to hand upward:
 * always use what it returns. On a response from {@link text} or {@link json},
 * and on one without a body (which could answer more than one request), that is
 * a copy with the header, so a response another request can see is never
 * edited; a copy keeps the status, headers, body and `res`'s own fields (such as
 * `json()`'s `data`). On any other response it is `res` itself, edited, or a copy
 * when its headers are immutable (the result of `fetch()`). An invalid name or
 * value (as `Headers` decides: a token, Latin-1 text without NUL or line breaks)
 * throws a `ShallotError` (`BAD_ARGUMENT`) naming the header.
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
  const where = `withHeader(res, name, value)`;
  const lower = lowerHeaderName(where, name);
  // Most values are plain ASCII: valid as they are, and written by node:http as they are.
  const plain = isPlainValue(value);
  const checked = plain ? value : checkHeader(where, name, value);
  if (mode !== 'set' && mode !== 'append') throw badArgument('withHeader(res, name, value, mode)', `mode must be 'set' or 'append', got ${describe(mode)}`);
  return putHeader(res, lower, checked, mode, plain);
}

/** `withHeader` on a response that is not light. */
function withNativeHeader<R extends Response>(res: R, name: string, value: string, mode: 'set' | 'append'): R {
  // A body can be sent once, so a response with one answers one request: edit it.
  // One without can answer many: copy it.
  if (res.body !== null) {
    try {
      res.headers[mode](name, value);
      return res;
    } catch (error) {
      // The name and value were checked, so the headers are immutable.
      if (!(error instanceof TypeError)) throw error;
    }
  }
  const copy = new NativeResponse(res.body, res) as R;
  // Own string-keyed fields only: a runtime may keep a response's state in own
  // symbol-keyed ones (undici does), and those must stay the copy's.
  for (const key of Object.keys(res)) (copy as Record<string, unknown>)[key] = (res as Record<string, unknown>)[key];
  copy.headers[mode](name, value);
  return copy;
}
