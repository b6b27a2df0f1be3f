/**
 * Writing a Fetch `Response` to a node:http `ServerResponse`: light responses
 * (from `text()`/`json()`) in one `writeHead` + `end`, others by streaming their
 * body with backpressure.
 */
import type { ServerResponse } from 'node:http';
import { isNodeWritable, isPlainAscii } from '../http/header.js';
import { flatHeaders } from '../http/light.js';
import { lightParts } from '../http/response.js';

const noop = (): void => {};


/** Whether node's flat list has a header `name` (lower case). */
function hasName(list: readonly string[], name: string): boolean {
  for (let i = 0; i < list.length; i += 2) if (list[i] === name) return true;
  return false;
}

/**
 * The head to send for a response `fetch()` returned (`type` 'basic' or 'cors', never 'default' for one a program
 * made): fetch decodes a gzip, br or deflate body but keeps the upstream's Content-Encoding and Content-Length (of
 * the encoded bytes), so a proxy that answers with it would send plain bytes labelled gzip, longer than declared.
 * Those two go; the body is sent as the decoded stream it is.
 */
function decodedByFetch(res: Response, list: string[]): string[] {
  if (res.type === 'default') return list;
  const at = list.indexOf('content-encoding');
  if (at < 0 || at % 2 !== 0) return list;
  const codings = list[at + 1]!.toLowerCase().split(',').map((c) => c.trim()).filter((c) => c !== '' && c !== 'identity');
  // Only the codings fetch decodes: a body of another (zstd on Node 20) is still encoded, and says so.
  if (codings.length === 0 || !codings.every((c) => FETCH_DECODES.has(c))) return list;
  const out: string[] = [];
  for (let i = 0; i < list.length; i += 2) if (list[i] !== 'content-length' && list[i] !== 'content-encoding') out.push(list[i]!, list[i + 1]!);
  return out;
}

const FETCH_DECODES: ReadonlySet<string> = new Set(['gzip', 'x-gzip', 'deflate', 'br']);

/**
 * The chain's head over the headers a host's middleware already set on `out` (Express's `res.cookie()`,
 * `res.vary()`): node's `writeHead(status, list)` drops every header the list names, so a session cookie would
 * go when the chain sets one of its own, and a `Vary: Origin` when it varies on something else. Set-Cookie
 * values go beside the host's, Vary lists are merged; every other header is the chain's.
 */
function overHost(out: ServerResponse, list: readonly string[]): readonly string[] {
  const cookies = out.getHeader('set-cookie');
  const vary = out.getHeader('vary');
  if ((cookies === undefined || !hasName(list, 'set-cookie')) && (vary === undefined || !hasName(list, 'vary'))) return list;
  // Set on `out` and left out of the list: writeHead keeps the headers of `out` the list does not name (and with
  // headers already set, node 20 keeps one value of a name the list repeats).
  const rest: string[] = [];
  const chainCookies: string[] = [];
  let chainVary: string | undefined;
  for (let i = 0; i < list.length; i += 2) {
    const name = list[i]!;
    const value = list[i + 1]!;
    if (name === 'set-cookie' && cookies !== undefined) chainCookies.push(value);
    else if (name === 'vary' && vary !== undefined) chainVary = chainVary === undefined ? value : `${chainVary}, ${value}`;
    else rest.push(name, value);
  }
  if (chainCookies.length > 0) out.setHeader('set-cookie', [...(Array.isArray(cookies) ? cookies : [String(cookies)]), ...chainCookies]);
  if (chainVary !== undefined) {
    const names = new Set(chainVary.split(',').map((v) => v.trim().toLowerCase()));
    const extra = String(vary).split(',').map((v) => v.trim()).filter((v) => v !== '' && !names.has(v.toLowerCase()));
    out.setHeader('vary', [chainVary, ...extra].join(', '));
  }
  return rest;
}

function writeHead(out: ServerResponse, status: number, statusText: string, headers: readonly string[], strict: boolean): void {
  // A body of another length than its Content-Length is an error, not bytes written past the response: on a
  // keep-alive connection (or a proxy's pooled one) the extra bytes would be read as the next response. `strict`
  // is false where send() measured the length itself. (Not once the client is gone: nothing is written then, and
  // end() would count that as a short body.)
  if (strict && !out.destroyed) out.strictContentLength = true;
  // node only reads the list (its type asks for a mutable one).
  const list = headers as string[];
  if (statusText) out.writeHead(status, statusText, list);
  else out.writeHead(status, list);
}

/**
 * Throws, naming the header, when node:http would refuse a value of `list`;
 * before anything is written. Returns whether a value is not plain ASCII (a
 * Latin-1 character such as 'é').
 */
function checkWritable(list: readonly string[]): boolean {
  let latin1 = false;
  for (let i = 1; i < list.length; i += 2) {
    const value = list[i]!;
    if (isPlainAscii(value)) continue;
    if (!isNodeWritable(value)) {
      throw new TypeError(`the response header ${list[i - 1]!} has a value node:http cannot send, ${JSON.stringify(value.slice(0, 100))}: control characters other than tab are not allowed in a header value`);
    }
    latin1 = true;
  }
  return latin1;
}

/**
 * Sends `res` on `out`. Throws before writing anything when node:http cannot
 * write its head (a header value with a control character). Resolves when the
 * body is written (or given up because the client went away); rejects only on a
 * body stream error, after which `out` is destroyed. `head` drops the body
 * (HEAD requests). `host`: `out` belongs to a framework whose middleware may
 * have set headers on it already (see {@link overHost}).
 */
export function send(out: ServerResponse, res: Response, head: boolean, host = false): Promise<void> | undefined {
  const light = lightParts(res);
  if (light !== undefined) {
    const { status, statusText, headers, body, writable } = light;
    // Both forms have lower-case names.
    let list = headers instanceof Headers ? flatHeaders(headers) : headers;
    const latin1 = (!writable && checkWritable(list)) || (statusText !== '' && !isPlainAscii(statusText));
    const measured = body !== null && !hasName(list, 'content-length');
    if (measured) {
      // A new list: the response's own must stay as it is (it may be sent again).
      list = [...list, 'content-length', String(Buffer.byteLength(body))];
    }
    writeHead(out, status, statusText, host ? overHost(out, list) : list, !measured);
    // node:http sends a head together with a string body in the body's encoding
    // (UTF-8): with Latin-1 text in the head, the body goes as bytes and the head as Latin-1.
    out.end(body === null ? undefined : latin1 ? Buffer.from(body) : body);
    return undefined;
  }
  const list = decodedByFetch(res, flatHeaders(res.headers));
  checkWritable(list);
  writeHead(out, res.status, res.statusText, host ? overHost(out, list) : list, true);
  const body = res.body;
  if (body === null) {
    out.end();
    return undefined;
  }
  if (head || out.destroyed) {
    out.end();
    body.cancel().catch(noop);
    return undefined;
  }
  return pipe(body, out);
}

/** Copies `body` to `out`, waiting for 'drain' whenever `out` is full; cancels `body` if `out` closes first. */
async function pipe(body: ReadableStream<Uint8Array>, out: ServerResponse): Promise<void> {
  let reader: ReadableStreamDefaultReader<Uint8Array>;
  try {
    reader = body.getReader();
  } catch (error) {
    // Locked: the caller should have checked; still, never leave the client waiting.
    out.destroy(error instanceof Error ? error : new Error(String(error)));
    throw error;
  }
  let closed = false;
  let wake: () => void = noop;
  const onClose = (): void => {
    closed = true;
    reader.cancel().catch(noop);
    wake();
  };
  const onDrain = (): void => wake();
  out.on('close', onClose);
  out.on('drain', onDrain);
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || closed || out.destroyed) break;
      if (!out.write(value) && !closed) await new Promise<void>((resolve) => (wake = resolve));
      if (closed) break;
    }
    if (!closed && !out.destroyed) out.end();
  } catch (error) {
    // The body stream failed after the status line went out: all we can do is cut
    // the connection, so the client sees a truncated response rather than a whole one.
    out.destroy(error instanceof Error ? error : new Error(String(error)));
    if (!closed) throw error;
  } finally {
    out.off('close', onClose);
    out.off('drain', onDrain);
    wake = noop;
  }
}
