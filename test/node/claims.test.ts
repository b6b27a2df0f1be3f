/**
 * What the docs of shallot/node claim, each on a real server on 127.0.0.1 with
 * real clients: the lazy context, the 408 of answerClientError, close(graceMs),
 * errorBoundary on a server, and the request headers read without a Headers.
 */
import { createServer, request as httpRequest, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { chain, middleware, type Next, type NextSync } from '../../src/index.js';
import { errorBoundary, json, requestId, text, withHeader, type HttpContext } from '../../src/http/index.js';
import { answerClientError, serve, toNodeListener } from '../../src/node/index.js';
import { useNodeEnv } from '../helpers.js';
import { statusOf } from '../http/helpers.js';
import { call, start } from './helpers.js';

describe('the lazy context', () => {
  // Count the real constructors' uses: subclasses that behave as the originals.
  const NativeRequest = globalThis.Request;
  const NativeHeaders = globalThis.Headers;
  const made = { requests: 0, headers: 0 };
  beforeEach(() => {
    made.requests = made.headers = 0;
    globalThis.Request = class CountedRequest extends NativeRequest {
      constructor(...args: ConstructorParameters<typeof Request>) {
        super(...args);
        made.requests++;
      }
    };
    globalThis.Headers = class CountedHeaders extends NativeHeaders {
      constructor(...args: ConstructorParameters<typeof Headers>) {
        super(...args);
        made.headers++;
      }
    };
  });
  afterEach(() => {
    globalThis.Request = NativeRequest;
    globalThis.Headers = NativeHeaders;
  });

  it('a chain that reads only the path and method builds no Request and no Headers (POST with a body too)', async () => {
    const server = await start(chain<HttpContext>().handle((req) => text(`${req.method} ${req.path}`)));
    expect((await call(`${server.url}/only/path`)).body).toBe('GET /only/path');
    expect((await call(`${server.url}/posted`, { method: 'POST', body: (write) => write(Buffer.from('ignored')) })).body).toBe('POST /posted');
    expect(made).toEqual({ requests: 0, headers: 0 });
  });

  it('reading headers with get/has builds no Headers; reading the request builds one Request', async () => {
    const server = await start(
      chain<HttpContext>()
        .use(requestId())
        .handle(async (req) => (req.path === '/request' ? text(`${req.request.method} ${await req.request.text()}`) : text(req.requestId))),
    );
    expect((await call(server.url, { headers: { 'X-Request-Id': 'given' } })).body).toBe('given');
    expect(made).toEqual({ requests: 0, headers: 0 });
    expect((await call(`${server.url}/request`, { method: 'PUT', body: (write) => write(Buffer.from('abc')) })).body).toBe('PUT abc');
    expect(made.requests).toBe(1);
  });
});

describe('request headers', () => {
  it('answer get/has as Headers does: any case, repeated values joined, absent is null', async () => {
    const seen: unknown[] = [];
    const server = await start((req) => {
      const { headers } = req;
      seen.push(headers instanceof Headers, headers.get('X-Multi'), headers.get('x-multi'), headers.has('X-MISSING'), headers.get('x-missing'), headers.get('host'));
      return text('ok');
    });
    // Two X-Multi lines, as a proxy may send them.
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(server.port, '127.0.0.1');
      let out = '';
      socket.on('data', (chunk) => (out += chunk));
      socket.on('end', () => resolve(out));
      socket.on('error', reject);
      socket.end('GET / HTTP/1.1\r\nHost: here\r\nX-Multi: one\r\nx-multi: two\r\nConnection: close\r\n\r\n');
    });
    expect(statusOf(raw)).toBe(200);
    expect(seen).toEqual([true, 'one, two', 'one, two', false, null, 'here']);
  });

  it('behave as a real Headers for everything else: iteration, set, copies, an invalid name', async () => {
    const server = await start((req) => {
      const { headers } = req;
      const before = [...headers].filter(([name]) => name.startsWith('x-'));
      headers.set('x-added', 'yes');
      const copy = new Headers(headers);
      let invalid = '';
      try {
        headers.get('bad name');
      } catch (error) {
        invalid = (error as Error).name;
      }
      return json({ before, added: headers.get('x-added'), copied: copy.get('x-a'), invalid, request: req.request.headers.get('x-added') });
    });
    const res = await call(server.url, { headers: { 'X-A': '1', 'X-B': '2' } });
    expect(JSON.parse(res.body)).toEqual({ before: [['x-a', '1'], ['x-b', '2']], added: 'yes', copied: '1', invalid: 'TypeError', request: 'yes' });
  });
});

describe('answerClientError', () => {
  it('answers 408 to a client that sends its headers too slowly, and closes the connection', async () => {
    const server = createServer({ headersTimeout: 200, requestTimeout: 300, connectionsCheckingInterval: 50 }, toNodeListener(() => text('ok')));
    server.on('clientError', answerClientError);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const raw = await new Promise<string>((resolve, reject) => {
        const socket = connect(port, '127.0.0.1');
        let out = '';
        socket.on('data', (chunk) => (out += chunk));
        socket.on('close', () => resolve(out));
        socket.on('error', reject);
        socket.write('GET / HTTP/1.1\r\nHost: x\r\n'); // and never the blank line
      });
      expect(statusOf(raw)).toBe(408);
      expect(raw).toContain('Connection: close');
      expect(raw).toContain('Request Timeout: ERR_HTTP_REQUEST_TIMEOUT');
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('serve().close(graceMs)', () => {
  /** A GET whose response (or failure) is reported, not thrown. */
  const get = (url: string): Promise<{ status: number; body: string } | { error: string }> =>
    new Promise((resolve) => {
      const req = httpRequest(url, (res: IncomingMessage) => {
        let body = '';
        res.on('data', (chunk) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', (error) => resolve({ error: error.message }));
      });
      req.on('error', (error) => resolve({ error: error.message }));
      req.end();
    });

  it('lets a request in flight finish within the grace, then resolves', async () => {
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    const server = await serve(
      async () => {
        arrived();
        await released;
        return text('finished');
      },
      { port: 0 },
    );
    const inFlight = get(`${server.url}/slow`);
    await arrival;
    let closed = false;
    const closing = server.close(10_000).then(() => (closed = true));
    // New connections are refused at once, while the request in flight goes on.
    expect(await get(`${server.url}/late`)).toHaveProperty('error');
    expect(closed).toBe(false);
    release();
    expect(await inFlight).toEqual({ status: 200, body: 'finished' });
    await closing;
    expect(closed).toBe(true);
  });

  it('cuts a request still in flight when the grace is over, and resolves', async () => {
    let arrived!: () => void;
    const arrival = new Promise<void>((resolve) => (arrived = resolve));
    let aborted!: (reason: unknown) => void;
    const abort = new Promise((resolve) => (aborted = resolve));
    const server = await serve(
      (req) => {
        req.signal.addEventListener('abort', () => aborted(req.signal.reason));
        arrived();
        return new Promise<Response>(() => {}); // never answers
      },
      { port: 0, timeout: 0 },
    );
    const inFlight = get(`${server.url}/hangs`);
    await arrival;
    await server.close(50);
    expect(await inFlight).toEqual({ error: 'socket hang up' });
    expect((await abort as DOMException).name).toBe('AbortError'); // the app hears the client is gone
  });

  it('rejects a bad grace by name', async () => {
    const server = await start(() => text('x'));
    expect(() => server.close(-1)).toThrow('served.close(graceMs): graceMs must be a number of milliseconds');
  });
});

describe('errorBoundary on a server', () => {
  const boom = middleware('boom', async (_req: {}, _next: Next): Promise<Response> => {
    throw new Error('secret internals');
  });
  const app = () =>
    chain<HttpContext>()
      .use(errorBoundary({ onError: () => {} }))
      .use(boom)
      .handle(() => text('never'));

  describe.each([
    { env: 'production', shows: 'without the stack', body: /^Internal Server Error$/ },
    { env: 'development', shows: 'with the stack', body: /^Internal Server Error\n\nError: secret internals\n\s+at / },
  ])('NODE_ENV=$env', ({ env, shows, body }) => {
    useNodeEnv(env);
    it(`answers 500 ${shows}`, async () => {
      const server = await start(app());
      const res = await call(server.url);
      expect(res.status).toBe(500);
      expect(res.body).toMatch(body);
    });
  });
});

describe('an all-sync chain on node:http', () => {
  /** Whether the response was written by the time the listener returned, for an app made by `app`. */
  async function endedInListener(app: (req: HttpContext) => Response | Promise<Response>): Promise<boolean> {
    const listener = toNodeListener(app);
    let ended: boolean | undefined;
    const server = createServer((req, res) => {
      listener(req, res);
      ended = res.writableEnded;
    });
    await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
    try {
      const res = await fetch(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
      expect(res.headers.get('x-sync')).toBe('yes');
      expect(await res.json()).toEqual({ ok: true });
    } finally {
      await new Promise((ok) => server.close(ok));
    }
    return ended!;
  }
  const tag = middleware.sync('tag', (_req: {}, next: NextSync) => withHeader(next(), 'x-sync', 'yes'));

  it('writes the answer before the listener returns: no promise between the app and the socket', async () => {
    expect(await endedInListener(chain<HttpContext>({ guards: false }).use(tag).handle(() => json({ ok: true })))).toBe(true);
    expect(await endedInListener(chain<HttpContext>({ guards: true }).use(tag).handle(() => json({ ok: true })))).toBe(true);
  });

  it('(an async chain answers later, through its promise)', async () => {
    const later = middleware('later', async (_req: {}, next: Next) => withHeader(await next(), 'x-sync', 'yes'));
    expect(await endedInListener(chain<HttpContext>({ guards: false }).use(later).handle(() => json({ ok: true })))).toBe(false);
  });
});
