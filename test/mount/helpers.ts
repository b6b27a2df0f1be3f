/**
 * Helpers for the mount tests (not a test file itself): a real server per host
 * on 127.0.0.1, and the streaming checks every adapter must pass.
 */
import { request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect } from 'vitest';
import { chain } from '../../src/index.js';
import { json, text, type HttpContext } from '../../src/http/index.js';

const open: (() => Promise<void>)[] = [];

afterEach(async () => {
  await Promise.all(open.splice(0).map((close) => close()));
});

/** Listens on 127.0.0.1, port 0, until the end of the test; resolves with the base URL. */
export async function listen(server: Server): Promise<string> {
  if (!server.listening) await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  else await new Promise<void>((resolve) => (server.address() ? resolve() : server.once('listening', resolve)));
  open.push(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve()));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

/** Closes `close` at the end of the test (for servers the host starts itself). */
export const closeAfter = (close: () => Promise<unknown>): void => {
  open.push(async () => {
    await close();
  });
};

/** A promise and its resolver. */
export function gate<T = void>(): { promise: Promise<T>; open: (value: T) => void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

/**
 * A chain whose response body streams: it sends `first`, then waits until the
 * client has read it (the test opens `sent`), then sends `second`. An adapter
 * that buffered the body would never let the client read `first`: the test
 * times out.
 */
export function streamingResponse(): { app: (req: HttpContext) => Promise<Response>; check: (url: string) => Promise<void> } {
  const read = gate();
  const app = chain<HttpContext>().handle(async () => {
    const encoder = new TextEncoder();
    const body = new ReadableStream<Uint8Array>({
      async start(controller) {
        controller.enqueue(encoder.encode('first;'));
        await read.promise;
        controller.enqueue(encoder.encode('second'));
        controller.close();
      },
    });
    return new Response(body, { headers: { 'content-type': 'text/plain', 'x-streamed': 'yes' } });
  });
  const check = async (url: string): Promise<void> => {
    const res = await fetch(url, { signal: AbortSignal.timeout(4000) });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-streamed')).toBe('yes');
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('first;')) {
      const { value, done } = await reader.read();
      if (done) throw new Error('the body ended before the first chunk');
      text += decoder.decode(value, { stream: true });
    }
    expect(text).toBe('first;');
    read.open();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    expect(text).toBe('first;second');
  };
  return { app, check };
}

/**
 * A chain that reads the request body as a stream: the client sends `one`,
 * waits until the chain has read it, then sends `two`. An adapter that
 * buffered the body first would never hand the chain `one` before the end.
 */
export function streamingRequest(): { app: (req: HttpContext) => Promise<Response>; check: (url: string, headers?: Record<string, string>) => Promise<void> } {
  let gotFirst = gate();
  const app = chain<HttpContext>().handle(async (req) => {
    const reader = req.request.body!.getReader();
    const decoder = new TextDecoder();
    let text = '';
    while (!text.includes('one;')) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    gotFirst.open();
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
    return new Response(`got ${text}`, { headers: { 'content-type': 'text/plain' } });
  });
  const check = async (url: string, headers: Record<string, string> = {}): Promise<void> => {
    gotFirst = gate();
    const answer = new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = httpRequest(url, { method: 'POST', headers: { 'content-type': 'application/octet-stream', 'transfer-encoding': 'chunked', ...headers } }, (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      });
      req.on('error', reject);
      req.write('one;');
      void gotFirst.promise.then(() => req.end('two'));
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error('the chain never saw the first chunk before the end: the body was buffered')), 4000);
    });
    const { status, body } = await Promise.race([answer, timeout]).finally(() => clearTimeout(timer));
    expect(status).toBe(200);
    expect(body).toBe('got one;two');
  };
  return { app, check };
}

/** A JSON POST, as a browser or API client sends it. */
export const postJson = (url: string, value: unknown): Promise<Response> =>
  fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(value), signal: AbortSignal.timeout(4000) });

/** GET with a bounded wait. */
export const get = (url: string, init: RequestInit = {}): Promise<Response> => fetch(url, { signal: AbortSignal.timeout(4000), ...init });

/** GET with node:http, whose client reads a head as Latin-1 (fetch reads a status text as UTF-8). */
function rawGet(url: string): Promise<{ statusText: string; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(url, { timeout: 4000 }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => resolve({ statusText: res.statusMessage ?? '', headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.on('timeout', () => req.destroy(new Error(`no answer from ${url}`)));
    req.on('error', reject);
    req.end();
  });
}

/**
 * A chain whose light responses carry Latin-1 text in the head (a header value
 * and a status text with 'é'), and a UTF-8 body: the client must read each head
 * character as one byte (node:http joins a head with a string body in the
 * body's encoding, which would send 'é' as two). `statusText: false` for a host
 * that sends no status text of its own (@hono/node-server).
 */
export function latin1Head({ statusText = true } = {}): { app: (req: HttpContext) => Response; check: (url: string) => Promise<void> } {
  const app = chain<HttpContext>().handle((req) =>
    req.path.endsWith('/json') ? json({ word: 'héllo' }, { statusText: 'Très bien', headers: { 'x-name': 'café' } }) : text('héllo', { headers: { 'x-name': 'café' } }),
  );
  const check = async (url: string): Promise<void> => {
    const plain = await rawGet(`${url}/text`);
    expect([plain.headers['x-name'], plain.body]).toEqual(['café', 'héllo']);
    const data = await rawGet(`${url}/json`);
    expect([data.headers['x-name'], JSON.parse(data.body)]).toEqual(['café', { word: 'héllo' }]);
    if (statusText) expect(data.statusText).toBe('Très bien');
  };
  return { app, check };
}
