/**
 * A Fetch `Response` taken apart for a host that writes status, headers and
 * body through its own API (Koa's `ctx`, Fastify's `reply`). A response from
 * `text()`/`json()` gives its string body as is, without building a stream.
 */
import { lightParts } from '../http/response.js';

/** The parts of a response, as a host's API takes them. */
export interface ResponseParts {
  readonly status: number;
  readonly statusText: string;
  /** Lower-case names; `set-cookie` once per cookie, every other name once. */
  readonly headers: readonly (readonly [string, string])[];
  readonly body: string | ReadableStream<Uint8Array> | null;
}

export function responseParts(res: Response): ResponseParts {
  const light = lightParts(res);
  if (light !== undefined) {
    const { status, statusText, headers, body } = light;
    return { status, statusText, headers: headers instanceof Headers ? [...headers] : pairs(headers), body };
  }
  return { status: res.status, statusText: res.statusText, headers: [...res.headers], body: res.body };
}

/** Node's flat `[name, value, …]` list as pairs, repeated names (but `set-cookie`) joined as `Headers` joins them. */
function pairs(list: readonly string[]): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < list.length; i += 2) {
    const name = list[i]!;
    const value = list[i + 1]!;
    const same = name === 'set-cookie' ? undefined : out.find((pair) => pair[0] === name);
    if (same) same[1] = `${same[1]}, ${value}`;
    else out.push([name, value]);
  }
  return out;
}
