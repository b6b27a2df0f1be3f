/**
 * Header validity, as the Fetch standard's `Headers` decides it, in one place:
 * the layers check their fixed names and values with it when they are made, and
 * light responses (response.ts) use it to take headers without a `Headers` object.
 */
import { badArgument, describe } from '../errors.js';

/** A header name is an HTTP token (RFC 9110 §5.1). */
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
/** HTTP whitespace at either end of a value, which `Headers` strips. */
const EDGE_SPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;
/** What a value may not contain once stripped. */
const FORBIDDEN = /[\0\r\n]/;
/** A code unit above 0xFF: not a ByteString, which `Headers` requires (WebIDL). */
const NOT_LATIN1 = /[^\0-\xff]/;

const isSpace = (code: number): boolean => code === 32 || code === 9 || code === 10 || code === 13;

/** What node:http refuses in a header value as it writes it (`Headers` lets most control characters through). */
const UNWRITABLE = /[^\t\x20-\x7e\x80-\xff]/;

/** `true` when node:http writes `value` as a header value: no control character but tab, nothing above Latin-1. */
export const isNodeWritable = (value: string): boolean => !UNWRITABLE.test(value);

/** What is the same byte for byte in Latin-1 and UTF-8: printable ASCII and tab. */
const NOT_ASCII = /[^\t\x20-\x7e]/;

/**
 * `true` when `value` is printable ASCII (or tab): a header value node:http
 * writes as it is whatever encoding it gives the head (see `shallot/node`'s send).
 */
export const isPlainAscii = (value: string): boolean => !NOT_ASCII.test(value);

/** `true` when `name` is a valid header name (a token). */
export const isHeaderName = (name: unknown): name is string => typeof name === 'string' && TOKEN.test(name);

/**
 * `value` as `Headers` stores it (HTTP whitespace stripped from both ends), or
 * `undefined` when `Headers` would reject it: a character outside Latin-1 (the
 * ByteString rule), or a NUL or a line break inside.
 */
export function headerValue(value: unknown): string | undefined {
  if (typeof value !== 'string' || NOT_LATIN1.test(value)) return undefined;
  const trimmed = isSpace(value.charCodeAt(0)) || isSpace(value.charCodeAt(value.length - 1)) ? value.replace(EDGE_SPACE, '') : value;
  return FORBIDDEN.test(trimmed) ? undefined : trimmed;
}

/** How a message shows a header name or value. */
const shown = (value: unknown): string => (typeof value === 'string' ? JSON.stringify(value) : describe(value));

/**
 * Throws a `BAD_ARGUMENT` `ShallotError` unless `name` is a valid header
 * name. `where` names the call and argument, as in `requestId({ header })`;
 * `layer` is the layer being made, when there is one.
 */
export function checkHeaderName(where: string, name: unknown, layer?: string): asserts name is string {
  if (!isHeaderName(name)) throw badArgument(where, `${shown(name)} is not a valid header name (a token such as 'X-Custom-Header')`, layer);
}

/**
 * Names {@link lowerHeaderName} found valid, each with its lower-case form. Names
 * come from code, so a few; bounded all the same (emptied when full).
 */
const lowerNames = new Map<string, string>();
const LOWER_NAMES_MAX = 64;

/**
 * `name` in lower case when it is a valid header name, else `undefined`: for
 * names asked per request (`withHeader`, a request's `headers.get`), tested
 * once per name.
 */
export function knownHeaderName(name: string): string | undefined {
  const known = lowerNames.get(name);
  if (known !== undefined) return known;
  if (!TOKEN.test(name)) return undefined;
  const lower = name.toLowerCase();
  if (lowerNames.size >= LOWER_NAMES_MAX) lowerNames.clear();
  lowerNames.set(name, lower);
  return lower;
}

/** {@link checkHeaderName}, and `name` in lower case (see {@link knownHeaderName}). */
export function lowerHeaderName(where: string, name: unknown, layer?: string): string {
  const lower = typeof name === 'string' ? knownHeaderName(name) : undefined;
  if (lower !== undefined) return lower;
  checkHeaderName(where, name, layer);
  return name.toLowerCase(); // not reached: checkHeaderName threw
}

/**
 * `true` when `value` is a header value `Headers` stores as it is and node:http
 * writes as it is: plain ASCII without whitespace at either end (most values).
 */
export const isPlainValue = (value: unknown): value is string =>
  typeof value === 'string' && !NOT_ASCII.test(value) && (value.length === 0 || (!isSpace(value.charCodeAt(0)) && !isSpace(value.charCodeAt(value.length - 1))));

/** {@link checkHeaderName}, and the same for `value`; returns the value as `Headers` stores it. */
export function checkHeader(where: string, name: unknown, value: unknown, layer?: string): string {
  checkHeaderName(where, name, layer);
  const normalized = headerValue(value);
  if (normalized === undefined) {
    const why = typeof value === 'string' && NOT_LATIN1.test(value) ? 'a header value is Latin-1 text; percent-encode the rest' : 'a string without NUL or line breaks';
    throw badArgument(where, `${shown(value)} is not a valid value for header ${name} (${why})`, layer);
  }
  return normalized;
}
