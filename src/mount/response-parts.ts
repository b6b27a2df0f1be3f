/**
 * A Fetch `Response` taken apart for a host that writes status, headers and
 * body through its own API (Koa's `ctx`, Fastify's `reply`). A response from
 * `text()`/`json()` gives its body whole, without building a stream.
 */
import { isPlainAscii } from '../http/header.js';
import { lightParts } from '../http/response.js';

/** The parts of a response, as a host's API takes them. */
export interface ResponseParts {
  readonly status: number;
  readonly statusText: string;
  /** Lower-case names; `set-cookie` once per cookie, every other name once. */
  readonly headers: readonly (readonly [string, string])[];
  /**
   * A light response's body whole: a string, or its UTF-8 bytes when the head
   * has Latin-1 text (node:http sends a head with a string body in the body's
   * encoding, so 'é' in a header would go out as two bytes).
   */
  readonly body: string | Buffer | ReadableStream<Uint8Array> | null;
}

export function responseParts(res: Response): ResponseParts {
  const light = lightParts(res);
  if (light !== undefined) {
    const { status, statusText, body, writable } = light;
    const headers = light.headers instanceof Headers ? [...light.headers] : pairs(light.headers);
    // `writable`: every value is already known plain ASCII (as send() reads it).
    const latin1 = body !== null && (!isPlainAscii(statusText) || (!writable && headers.some(([, value]) => !isPlainAscii(value))));
    return { status, statusText, headers, body: latin1 ? Buffer.from(body) : body };
  }
  return { status: res.status, statusText: res.statusText, headers: [...res.headers], body: res.body };
}

/**
 * Node's flat `[name, value, …]` list as pairs. A light response's list already
 * has every name once but `set-cookie` (lightInit takes it from `Headers`, and
 * putInList keeps it so), so this only pairs it up.
 */
function pairs(list: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < list.length; i += 2) out.push([list[i]!, list[i + 1]!]);
  return out;
}
