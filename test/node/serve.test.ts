/**
 * shallot/node: serve() and toNodeListener() with real clients on 127.0.0.1.
 */
import { createServer, Agent, request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { chain, middleware, type Next } from '../../src/index.js';
import { json, requestId, setHeader, text, toFetchHandler, type HttpContext } from '../../src/http/index.js';
import { shallotRejection, shallotThrow } from '../helpers.js';
import { serve, toNodeListener } from '../../src/node/index.js';
import { rawRequest, statusOf } from '../http/helpers.js';
import { call, start } from './helpers.js';

describe('serve', () => {
  it('resolves with the bound port, url and close()', async () => {
    const server = await serve(() => text('hi'), { port: 0, hostname: '127.0.0.1' });
    expect(server.port).toBeGreaterThan(0);
    expect(server.hostname).toBe('127.0.0.1');
    expect(server.url).toBe(`http://127.0.0.1:${server.port}`);
    const res = await fetch(server.url);
    expect(await res.text()).toBe('hi');
    await server.close();
    await expect(fetch(server.url)).rejects.toThrow();
  });

  it('says which address it could not listen on', async () => {
    const first = await start(() => text('x'));
    await expect(serve(() => text('y'), { port: first.port })).rejects.toThrow(`serve(): cannot listen on 127.0.0.1:${first.port}: EADDRINUSE`);
    await expect(serve(() => text('y'), { port: 70000 })).rejects.toThrow('port must be an integer from 0 to 65535');
  });

  it('gives the chain the context: method, path, url, headers and the Fetch request', async () => {
    const server = await start(async (req) =>
      json({
        method: req.method,
        path: req.path,
        url: req.url.href,
        query: req.url.searchParams.get('q'),
        header: req.headers.get('x-multi'),
        requestUrl: req.request.url,
        requestMethod: req.request.method,
        aborted: req.signal.aborted,
      }),
    );
    const res = await call(`${server.url}/a/b%20c/../d?q=1`, { method: 'PUT', headers: { 'x-multi': 'one' } });
    expect(JSON.parse(res.body)).toEqual({
      method: 'PUT',
      path: '/a/d',
      url: `${server.url}/a/d?q=1`,
      query: '1',
      header: 'one',
      requestUrl: `${server.url}/a/d?q=1`,
      requestMethod: 'PUT',
      aborted: false,
    });
  });

  it('writes status, statusText, headers (several Set-Cookie) and body of native responses too', async () => {
    const server = await start(() => {
      const headers = new Headers({ 'x-a': '1' });
      headers.append('set-cookie', 'a=1');
      headers.append('set-cookie', 'b=2');
      return new Response('native body', { status: 202, statusText: 'Taken', headers });
    });
    const raw = await rawRequest(server.port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(raw).toMatch(/^HTTP\/1\.1 202 Taken\r\n/);
    expect(raw).toContain('set-cookie: a=1\r\nset-cookie: b=2\r\n');
    expect(raw).toContain('x-a: 1\r\n');
    expect(raw).toMatch(/\r\n\r\nb\r\nnative body\r\n0\r\n\r\n$/); // chunked: the length is not known up front
  });

  it('sends light responses with Content-Length and headers layers added', async () => {
    const app = chain<HttpContext>().use(setHeader('X-Custom-Header', 'Hello')).handle(() => text('héllo'));
    const server = await start(app);
    const raw = await rawRequest(server.port, 'GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(raw).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
    expect(raw).toContain('content-type: text/plain;charset=UTF-8\r\n');
    expect(raw).toContain('x-custom-header: Hello\r\n');
    expect(raw).toContain('content-length: 6\r\n');
    expect(Buffer.from(raw, 'latin1').toString('utf8')).toMatch(/\r\n\r\nhéllo$/);
  });

  it('answers HEAD with the headers and no body', async () => {
    let cancelled = false;
    const server = await start((req) =>
      req.path === '/stream'
        ? new Response(new ReadableStream({ pull: (c) => c.enqueue(new Uint8Array(10)), cancel: () => void (cancelled = true) }))
        : text('12345'),
    );
    const raw = await rawRequest(server.port, 'HEAD / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(raw).toContain('content-length: 5\r\n');
    expect(raw.endsWith('\r\n\r\n')).toBe(true);
    const streamed = await rawRequest(server.port, 'HEAD /stream HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n');
    expect(statusOf(streamed)).toBe(200);
    expect(streamed.endsWith('\r\n\r\n')).toBe(true);
    expect(cancelled).toBe(true);
  });

  it('keeps connections alive: pipelined requests on one socket, and an agent reusing its socket', async () => {
    const app = chain<HttpContext>().use(requestId()).handle((req) => text(req.path));
    const server = await start(app);
    const raw = await rawRequest(
      server.port,
      'GET /one HTTP/1.1\r\nHost: x\r\n\r\nGET /two HTTP/1.1\r\nHost: x\r\n\r\nGET /three HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    expect(raw.match(/HTTP\/1\.1 200 OK/g)).toHaveLength(3);
    expect(raw.indexOf('/one')).toBeLessThan(raw.indexOf('/two'));
    expect(raw.indexOf('/two')).toBeLessThan(raw.indexOf('/three'));

    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const reused: boolean[] = [];
    for (let i = 0; i < 3; i++) {
      await new Promise<void>((resolve, reject) => {
        const req = httpRequest(`${server.url}/k`, { agent }, (res) => {
          reused.push(req.reusedSocket);
          res.resume();
          res.on('end', resolve);
        });
        req.on('error', reject);
        req.end();
      });
    }
    agent.destroy();
    expect(reused).toEqual([false, true, true]);
  });

  it('serves a synchronous app (a response, not a promise)', async () => {
    const server = await start(chain<HttpContext>().handle(() => text('sync')));
    expect(await (await fetch(server.url)).text()).toBe('sync');
  });

  it('lets a layer replace lazy fields (next({ url }))', async () => {
    const rewrite = middleware('rewrite', async (req: HttpContext, next: Next<{ url: URL; path: string }>) =>
      next({ url: new URL('/rewritten', req.url), path: '/rewritten' }),
    );
    const server = await start(chain<HttpContext>().use(rewrite).handle((req) => text(`${req.path} ${req.url.pathname}`)));
    expect(await (await fetch(`${server.url}/original`)).text()).toBe('/rewritten /rewritten');
  });
});

describe('toNodeListener', () => {
  it('serves an app on a server of your own', async () => {
    const server = createServer(toNodeListener(chain<HttpContext>().handle((req) => text(`own ${req.path}`))));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      expect(await (await fetch(`http://127.0.0.1:${port}/x`)).text()).toBe('own /x');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('rejects bad arguments by name, with a BAD_ARGUMENT ShallotError', async () => {
    const cases: [() => unknown, string][] = [
      [() => toNodeListener('x' as unknown as () => Response), 'toNodeListener(app): app must be a function'],
      [() => toNodeListener(() => text('x'), { bodyLimit: -1 }), 'toNodeListener(app, { bodyLimit }): bodyLimit must be a whole number of bytes'],
      [() => toNodeListener(() => text('x'), { timeout: Number.NaN }), 'toNodeListener(app, { timeout }): timeout must be a number of milliseconds'],
      [() => toNodeListener(() => text('x'), { onError: 1 as unknown as () => void }), 'toNodeListener(app, { onError }): onError must be a function'],
      [() => toFetchHandler(() => text('x'), { onError: 'x' as unknown as () => void }), 'toFetchHandler(app, { onError }): onError must be a function'],
    ];
    for (const [make, message] of cases) {
      const error = shallotThrow(make);
      expect(error.code).toBe('BAD_ARGUMENT');
      expect(error.message.startsWith(message), error.message).toBe(true);
    }
    for (const [options, message] of [
      [{ port: -1 }, 'serve(app, { port }): port must be an integer'],
      [{ hostname: '' }, 'serve(app, { hostname }): hostname must be a non-empty string'],
      [{ bodyLimit: 1.5 }, 'serve(app, { bodyLimit }): bodyLimit must be a whole number'],
      [{ maxHeaderSize: 0 }, 'serve(app, { maxHeaderSize }): maxHeaderSize must be a positive whole number'],
      [{ keepAliveTimeout: -5 }, 'serve(app, { keepAliveTimeout }): keepAliveTimeout must be a number'],
    ] as const) {
      const error = await shallotRejection(serve(() => text('x'), options));
      expect(error.code).toBe('BAD_ARGUMENT');
      expect(error.message.startsWith(message), error.message).toBe(true);
    }
  });
});
