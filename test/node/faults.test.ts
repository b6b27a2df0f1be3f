/**
 * shallot/node under bad input and bad layers: each gets a clear status code,
 * never a crash, and the server goes on serving.
 */
import { describe, expect, it } from 'vitest';
import { chain, middleware, type Next } from '../../src/index.js';
import { errorBoundary, logger, text, type HttpContext } from '../../src/http/index.js';
import { rawRequest, statusOf } from '../http/helpers.js';
import { call, sleep, start, until } from './helpers.js';

const echoLength = async (req: HttpContext): Promise<Response> => text(`read ${(await req.request.arrayBuffer()).byteLength}`);

describe('malformed requests', () => {
  it.each([
    ['a garbage request line', 'GARBAGE\r\n\r\n'],
    ['a request target the parser rejects', 'GET nope HTTP/1.1\r\nHost: x\r\n\r\n'],
    ['a header without a colon', 'GET / HTTP/1.1\r\nHost: x\r\nNoColonHere\r\n\r\n'],
    ['a control character in a header value', 'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n'],
    ['both Content-Length and Transfer-Encoding (request smuggling)', 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n'],
    ['a bad chunk size', 'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n'],
    ['no Host header in HTTP/1.1', 'GET / HTTP/1.1\r\n\r\n'],
  ])('%s: 400 and the connection closed', async (_name, request) => {
    const server = await start(async (req) => (req.method === 'POST' ? echoLength(req) : text('ok')));
    const raw = await rawRequest(server.port, request);
    expect(statusOf(raw)).toBe(400);
    expect(raw).toMatch(/connection: close/i);
    expect(await (await fetch(server.url)).text()).toBe('ok');
  });

  it.each([
    ['a Host with a path in it', 'GET / HTTP/1.1\r\nHost: evil.example/x\r\nConnection: close\r\n\r\n', 'invalid Host header'],
    ['an absolute URL that does not parse', 'GET http://[bad/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 'invalid request target'],
    ['an absolute URL of another scheme', 'GET ftp://x/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n', 'invalid request target'],
  ])('%s: 400 from the listener, with the reason', async (_name, request, reason) => {
    let ran = false;
    const server = await start(() => {
      ran = true;
      return text('ok');
    });
    const raw = await rawRequest(server.port, request);
    expect(statusOf(raw)).toBe(400);
    expect(raw).toContain(`Bad Request: ${reason}`);
    expect(ran).toBe(false);
  });

  it('oversize headers: 431', async () => {
    const server = await start(() => text('ok'), { maxHeaderSize: 2048 });
    const raw = await rawRequest(server.port, `GET / HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(4000)}\r\n\r\n`);
    expect(statusOf(raw)).toBe(431);
    expect((await call(server.url, { headers: { 'x-small': 'a'.repeat(1000) } })).status).toBe(200);
  });
});

describe('client errors the app throws', () => {
  it('one of the http-errors kind (4xx, expose: true): its status and message, not reported, the connection kept', async () => {
    const errors: unknown[] = [];
    const server = await start(
      (req) => {
        if (req.path === '/gone') throw Object.assign(new Error('no such user'), { status: 404, statusCode: 404, expose: true });
        if (req.path === '/secret') throw Object.assign(new Error('db password wrong'), { status: 401, expose: false });
        return text('ok');
      },
      { onError: (e: unknown) => errors.push(e) },
    );
    const gone = await call(`${server.url}/gone`);
    expect([gone.status, gone.body]).toEqual([404, 'no such user']);
    const secret = await call(`${server.url}/secret`);
    expect([secret.status, secret.body]).toEqual([500, 'Internal Server Error']);
    expect(errors).toHaveLength(1);
  });
});

describe('oversize bodies', () => {
  it('a Content-Length over the limit: 413 before the app runs or the body is read', async () => {
    let ran = false;
    const server = await start(
      (req) => {
        ran = true;
        return echoLength(req);
      },
      { bodyLimit: 1000 },
    );
    const raw = await rawRequest(server.port, 'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n');
    expect(statusOf(raw)).toBe(413);
    expect(raw).toContain('Payload Too Large: the limit is 1000 bytes');
    expect(ran).toBe(false);
    const fits = await call(server.url, { method: 'POST', body: (write) => write(Buffer.alloc(1000)) });
    expect(fits.body).toBe('read 1000');
  });

  it('a chunked body that grows over the limit: 413 whatever the app answers, connection closed', async () => {
    const errors: unknown[] = [];
    const app = chain<HttpContext>()
      .use(errorBoundary({ onError: (e) => errors.push(e) }))
      .handle(echoLength);
    const server = await start(app, { bodyLimit: 10_000 });
    const raw = await rawRequest(
      server.port,
      `POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n${'1000\r\n'.concat('a'.repeat(0x1000), '\r\n').repeat(4)}0\r\n\r\n`,
    );
    expect(statusOf(raw)).toBe(413);
    expect(raw).toContain('connection: close');
    expect((errors[0] as Error).name).toBe('BodyTooLargeError'); // what the app saw
    expect((await call(server.url, { method: 'POST', body: (write) => write(Buffer.alloc(100)) })).body).toBe('read 100');
  });
});

describe('bad layers', () => {
  it('a layer that throws: a bare 500 (no details), reported to onError; errorBoundary shapes it instead', async () => {
    const explode = middleware('explode', async (_req: {}, _next: Next): Promise<Response> => {
      throw new Error('secret internals');
    });
    const bare = await start(chain<HttpContext>().use(explode).handle(() => text('x')));
    const res = await call(bare.url);
    expect(res.status).toBe(500);
    expect(res.body).toBe('Internal Server Error');
    expect((bare.errors[0] as Error).message).toBe('secret internals');

    const bounded = await start(
      chain<HttpContext>()
        .use(errorBoundary({ expose: true, onError: () => {} }))
        .use(explode)
        .handle(() => text('x')),
    );
    const shaped = await call(bounded.url);
    expect(shaped.status).toBe(500);
    expect(shaped.body).toContain('Error: secret internals');
  });

  it('a layer that never resolves: the timeout answers 503, aborts the signal, and frees the connection', async () => {
    let reason: unknown;
    const hang = middleware('hang', async (req: HttpContext, _next: Next): Promise<Response> => {
      req.signal.addEventListener('abort', () => (reason = req.signal.reason));
      return new Promise<Response>(() => {});
    });
    const log: string[] = [];
    const server = await start(
      chain<HttpContext>()
        .use(logger({ sink: (l) => log.push(l) }))
        .use(hang)
        .handle(() => text('never')),
      { timeout: 150 },
    );
    const started = Date.now();
    const res = await call(server.url);
    expect(res.status).toBe(503);
    expect(res.body).toBe('Service Unavailable: the request timed out');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect((reason as DOMException).name).toBe('TimeoutError');
    expect(log).toEqual(['--> GET /']);
    const count = await new Promise<number>((resolve) => server.server.getConnections((_e, n) => resolve(n)));
    expect(count).toBe(0);
    expect(server.errors).toEqual([]);
  });

  it('timeouts of many requests at once: each hanging one gets 503, one answered in time is untouched', async () => {
    const server = await start(async (req) => (req.path.startsWith('/hang') ? new Promise<Response>(() => {}) : text(req.path)), { timeout: 1000 });
    // In this order, the answered request sits between hanging ones in the listener's deadline list.
    const calls = ['/hang1', '/hang2', '/quick', '/hang3'].map((path) => call(`${server.url}${path}`));
    const answers = await Promise.all(calls);
    expect(answers.map((res) => res.status)).toEqual([503, 503, 200, 503]);
    expect(answers[2]!.body).toBe('/quick');
    expect((await call(`${server.url}/after`)).body).toBe('/after');
    expect(server.errors).toEqual([]);
  });

  it('a response after the timeout is dropped (its body released), not written twice', async () => {
    let cancelled = false;
    const server = await start(
      async () => {
        await sleep(200);
        return new Response(new ReadableStream({ pull: (c) => c.enqueue(new Uint8Array(1)), cancel: () => void (cancelled = true) }));
      },
      { timeout: 50 },
    );
    expect((await call(server.url)).status).toBe(503);
    await until(() => cancelled, 3000, 'the late body to be cancelled');
    expect(server.errors).toEqual([]);
  });

  it('an app that returns something other than a Response: 500, and onError says what it got', async () => {
    const server = await start((() => 'just a string') as unknown as () => Response);
    expect((await call(server.url)).status).toBe(500);
    expect((server.errors[0] as Error).message).toBe('the app returned the string "just a string" instead of a Response');
  });
});
