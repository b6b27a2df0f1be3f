/**
 * The built-in layers of shallot/http on real Request/Response objects.
 */
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { chain, middleware, ShallotError, type Next } from '../../src/index.js';
import {
  cors,
  errorBoundary,
  isResponse,
  json,
  logger,
  requestId,
  setHeader,
  text,
  timing,
  type HttpContext,
} from '../../src/http/index.js';
import { shallotThrow, useNodeEnv } from '../helpers.js';
import { ctx, lines, upstream } from './helpers.js';

const ok = (): Response => text('ok');

describe('logger', () => {
  it('writes the method and path before the inner layers, the status after', async () => {
    const log = lines();
    const inner = middleware('inner', async (_req: {}, next: Next) => {
      log.sink('inner');
      return next();
    });
    const app = chain<HttpContext>().use(logger(log)).use(inner).handle(() => text('gone', { status: 404 }));
    const res = await app(ctx('/missing?x=1'));
    expect(res.status).toBe(404);
    expect(log.lines).toEqual(['--> GET /missing', 'inner', '<-- GET /missing 404']);
  });

  it('logs an error from below and passes it on', async () => {
    const log = lines();
    const app = chain<HttpContext>().use(logger(log)).handle((): Response => {
      throw new RangeError('bad range');
    });
    await expect(app(ctx('/x', { method: 'POST', body: 'b' }))).rejects.toThrow('bad range');
    expect(log.lines).toEqual(['--> POST /x', '<-- POST /x threw RangeError: bad range']);
  });

  it('defaults to console.log', async () => {
    const seen: unknown[] = [];
    const original = console.log;
    console.log = (...args: unknown[]) => void seen.push(...args);
    try {
      await chain<HttpContext>().use(logger()).handle(ok)(ctx('/'));
    } finally {
      console.log = original;
    }
    expect(seen).toEqual(['--> GET /', '<-- GET / 200']);
  });
});

describe('timing', () => {
  it('writes "Request took N seconds" with four decimals after the response is made, and a Server-Timing header', async () => {
    const log = lines();
    const app = chain<HttpContext>()
      .use(timing(log))
      .handle(async () => {
        await new Promise((resolve) => setTimeout(resolve, 20));
        log.sink('handler');
        return ok();
      });
    const res = await app(ctx());
    expect(log.lines).toHaveLength(2);
    expect(log.lines[0]).toBe('handler');
    const match = /^Request took (\d+\.\d{4}) seconds$/.exec(log.lines[1]!);
    expect(match).not.toBeNull();
    const seconds = Number(match![1]);
    expect(seconds).toBeGreaterThanOrEqual(0.015);
    const header = res.headers.get('server-timing')!;
    const ms = Number(/^total;dur=(\d+\.\d)$/.exec(header)![1]);
    expect(Math.abs(ms / 1000 - seconds)).toBeLessThan(0.001);
  });

  it('appends to a Server-Timing the handler set, and takes a metric name', async () => {
    const app = chain<HttpContext>()
      .use(timing({ sink: false, metric: 'app' }))
      .handle(() => text('ok', { headers: { 'server-timing': 'db;dur=3' } }));
    const res = await app(ctx());
    expect(res.headers.get('server-timing')).toMatch(/^db;dur=3, app;dur=\d+\.\d$/);
  });

  it('with metric: false adds no header', async () => {
    const res = await chain<HttpContext>().use(timing({ sink: false, metric: false })).handle(ok)(ctx());
    expect(res.headers.has('server-timing')).toBe(false);
  });

  it('rejects a metric that is not a header token', () => {
    expect(() => timing({ metric: 'to tal' })).toThrow(/metric must be a header token/);
  });
});

describe('setHeader', () => {
  it('sets the header on every response, including short-circuits below it', async () => {
    const deny = middleware('deny', async (req: HttpContext, next: Next) => (req.path === '/no' ? new Response('no', { status: 403 }) : next()));
    const app = chain<HttpContext>().use(setHeader('X-Custom-Header', 'Hello')).use(deny).handle(ok);
    for (const path of ['/', '/no']) {
      expect((await app(ctx(path))).headers.get('x-custom-header')).toBe('Hello');
    }
  });

  it('with when, only where the predicate holds (the conditional header: X-Status: OK on 200)', async () => {
    const app = chain<HttpContext>()
      .use(setHeader('X-Status', 'OK', { when: (res) => res.status === 200 }))
      .handle((req) => (req.path === '/' ? ok() : text('missing', { status: 404 })));
    expect((await app(ctx('/'))).headers.get('x-status')).toBe('OK');
    expect((await app(ctx('/missing'))).headers.has('x-status')).toBe(false);
  });

  it('is named after its header, and checks name and value when made', () => {
    expect(setHeader('X-A', '1').name).toBe('setHeader(X-A)');
    const error = (() => {
      try {
        setHeader('X-A', 'line\r\nbreak');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(ShallotError);
    expect((error as ShallotError).code).toBe('BAD_ARGUMENT');
    expect((error as ShallotError).layer).toBe('setHeader(X-A)');
    expect((error as ShallotError).message).toBe('setHeader(name, value): "line\\r\\nbreak" is not a valid value for header X-A (a string without NUL or line breaks)');
    expect(() => setHeader('bad name', 'x')).toThrow(/not a valid header/);
  });
});

describe('requestId', () => {
  it('adds a new UUID for the layers below and echoes it', async () => {
    let seen = '';
    const app = chain<HttpContext>()
      .use(requestId())
      .handle((req) => {
        seen = req.requestId;
        return ok();
      });
    const res = await app(ctx());
    expect(seen).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(res.headers.get('x-request-id')).toBe(seen);
    const first = seen;
    const other = await app(ctx());
    expect(other.headers.get('x-request-id')).toBe(seen);
    expect(seen).not.toBe(first);
  });

  it('honours a sane incoming id, replaces an insane one', async () => {
    const app = chain<HttpContext>().use(requestId()).handle((req) => text(req.requestId));
    const honoured = await app(ctx('/', { headers: { 'X-Request-Id': 'abc-123' } }));
    expect(await honoured.text()).toBe('abc-123');
    expect(honoured.headers.get('x-request-id')).toBe('abc-123');
    const tooLong = await app(ctx('/', { headers: { 'X-Request-Id': 'a'.repeat(201) } }));
    expect(await tooLong.text()).not.toBe('a'.repeat(201));
    const spaced = await app(ctx('/', { headers: { 'X-Request-Id': 'has space' } }));
    expect(await spaced.text()).not.toBe('has space');
  });

  it('takes a header name, a generator, and can ignore incoming ids', async () => {
    let n = 0;
    const app = chain<HttpContext>()
      .use(requestId({ header: 'X-Trace', generate: () => `t${++n}`, trustIncoming: false }))
      .handle((req) => text(req.requestId));
    const res = await app(ctx('/', { headers: { 'X-Trace': 'from-client' } }));
    expect(await res.text()).toBe('t1');
    expect(res.headers.get('x-trace')).toBe('t1');
  });
});

describe('errorBoundary', () => {
  const boom = (): Response => {
    throw new Error('boom');
  };

  it('turns an error below into a 500 that shows the stack when exposed', async () => {
    const errors: unknown[] = [];
    const app = chain<HttpContext>().use(errorBoundary({ expose: true, onError: (e) => errors.push(e) })).handle(boom);
    const res = await app(ctx());
    expect(res.status).toBe(500);
    const body = await res.text();
    expect(body).toMatch(/^Internal Server Error\n\nError: boom\n\s+at /);
    expect(errors).toHaveLength(1);
  });

  it('answers a client error of the http-errors kind (4xx, expose) with its status and message, unreported; a 5xx or an unexposed one is a 500', async () => {
    const errors: unknown[] = [];
    const app = (error: unknown) => chain<HttpContext>().use(errorBoundary({ expose: false, onError: (e) => errors.push(e) })).handle((): Response => {
      throw error;
    });
    // As http-errors (Koa's ctx.throw) makes them; a Koa route's ctx.throw(404) is test/mount/review16/koa.test.ts.
    const createError = (status: number, message: string) => Object.assign(new Error(message), { status, statusCode: status, expose: status < 500 });
    const notFound = createError(404, 'no such user');
    const res = await app(notFound)(ctx());
    expect([res.status, await res.text()]).toEqual([404, 'no such user']);
    // Fastify's httpErrors carry statusCode.
    const fastifyLike = Object.assign(new Error('slow down'), { statusCode: 429, expose: true });
    expect((await app(fastifyLike)(ctx())).status).toBe(429);
    expect(errors).toEqual([]);
    for (const error of [createError(503, 'down'), Object.assign(new Error('secret'), { status: 401, expose: false }), Object.assign(new Error('odd'), { status: 404.5, expose: true })]) {
      const answer = await app(error)(ctx());
      expect([answer.status, await answer.text()]).toEqual([500, 'Internal Server Error']);
    }
    expect(errors).toHaveLength(3);
  });

  it('hides the stack when not exposed', async () => {
    const app = chain<HttpContext>().use(errorBoundary({ expose: false, onError: () => {} })).handle(boom);
    const res = await app(ctx());
    expect(res.status).toBe(500);
    expect(await res.text()).toBe('Internal Server Error');
  });

  it('catches a guard error too (a layer that dropped next())', async () => {
    const forgetful = middleware('forgetful', async (_req: {}, next: Next) => {
      void next();
      return ok();
    });
    const errors: unknown[] = [];
    const app = chain<HttpContext>({ guards: true }).use(errorBoundary({ onError: (e) => errors.push(e) })).use(forgetful).handle(ok);
    expect((await app(ctx())).status).toBe(500);
    expect((errors[0] as ShallotError).code).toBe('MISSING_AWAIT');
  });

  it('passes responses through untouched', async () => {
    const res = json({ a: 1 });
    const out = await chain<HttpContext>().use(errorBoundary()).handle(() => res)(ctx());
    expect(out).toBe(res);
  });

  describe('in production (NODE_ENV=production)', () => {
    useNodeEnv('production');
    it('hides the stack by default', async () => {
      const res = await chain<HttpContext>().use(errorBoundary({ onError: () => {} })).handle(boom)(ctx());
      expect(await res.text()).toBe('Internal Server Error');
    });
  });

  describe('in development (NODE_ENV=development)', () => {
    useNodeEnv('development');
    it('shows the stack by default', async () => {
      const res = await chain<HttpContext>().use(errorBoundary({ onError: () => {} })).handle(boom)(ctx());
      expect(await res.text()).toContain('Error: boom');
    });
  });

  describe('with NODE_ENV unset on a runtime that has process.env', () => {
    let saved: string | undefined;
    beforeEach(() => {
      saved = process.env.NODE_ENV;
      delete process.env.NODE_ENV;
    });
    afterEach(() => {
      if (saved !== undefined) process.env.NODE_ENV = saved;
    });
    it('shows the stack by default (only production, or no process at all, hides it)', async () => {
      const res = await chain<HttpContext>().use(errorBoundary({ onError: () => {} })).handle(boom)(ctx());
      expect(await res.text()).toContain('Error: boom');
    });
  });
});

describe('cors', () => {
  const preflight = (origin: string, headers: Record<string, string> = {}) =>
    ctx('/api', { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'PUT', ...headers } });

  it('answers a preflight with 204 and the allow headers, without running the chain', async () => {
    let ran = false;
    const app = chain<HttpContext>()
      .use(cors({ maxAge: 600 }))
      .handle(() => {
        ran = true;
        return ok();
      });
    const res = await app(preflight('https://app.example', { 'access-control-request-headers': 'content-type, x-token' }));
    expect(ran).toBe(false);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-methods')).toBe('GET, HEAD, PUT, PATCH, POST, DELETE');
    expect(res.headers.get('access-control-allow-headers')).toBe('content-type, x-token');
    expect(res.headers.get('access-control-max-age')).toBe('600');
    expect(res.headers.get('vary')).toBe('Access-Control-Request-Headers');
  });

  it('refuses a preflight from an origin not allowed (no allow headers)', async () => {
    const app = chain<HttpContext>().use(cors({ origin: ['https://app.example'] })).handle(ok);
    const res = await app(preflight('https://evil.example'));
    expect(res.status).toBe(204);
    expect(res.headers.has('access-control-allow-origin')).toBe(false);
    expect(res.headers.has('access-control-allow-methods')).toBe(false);
    expect(res.headers.get('vary')).toBe('Origin');
  });

  it('echoes an allowed origin, with credentials, on a simple request', async () => {
    const app = chain<HttpContext>()
      .use(cors({ origin: (o) => o.endsWith('.example'), credentials: true, exposeHeaders: ['X-Request-Id'] }))
      .handle(ok);
    const res = await app(ctx('/', { headers: { origin: 'https://app.example' } }));
    expect(res.headers.get('access-control-allow-origin')).toBe('https://app.example');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
    expect(res.headers.get('access-control-expose-headers')).toBe('X-Request-Id');
    expect(res.headers.get('vary')).toBe('Origin');
    const refused = await app(ctx('/', { headers: { origin: 'https://evil.test' } }));
    expect(refused.headers.has('access-control-allow-origin')).toBe(false);
  });

  it("with credentials, '*' echoes the origin (the Fetch standard forbids '*' with credentials)", async () => {
    const app = chain<HttpContext>().use(cors({ credentials: true })).handle(ok);
    const res = await app(preflight('https://a.example'));
    expect(res.headers.get('access-control-allow-origin')).toBe('https://a.example');
    expect(res.headers.get('access-control-allow-credentials')).toBe('true');
  });

  it('leaves requests without Origin alone, and passes a non-CORS OPTIONS to the chain', async () => {
    const app = chain<HttpContext>().use(cors()).handle((req) => text(req.method));
    const plain = await app(ctx('/'));
    expect(plain.headers.has('access-control-allow-origin')).toBe(false);
    const options = await app(ctx('/', { method: 'OPTIONS', headers: { origin: 'https://a.example' } }));
    expect(await options.text()).toBe('OPTIONS');
    expect(options.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('answers a preflight with the configured allowMethods and allowHeaders, not what was asked, on every preflight', async () => {
    const app = chain<HttpContext>()
      .use(cors({ origin: 'https://app.example', methods: ['GET', 'PUT'], allowHeaders: ['Content-Type', 'X-Token'], credentials: true }))
      .handle(ok);
    for (let i = 0; i < 2; i++) {
      const res = await app(preflight('https://app.example', { 'access-control-request-headers': 'x-other' }));
      expect(res.status).toBe(204);
      expect(Object.fromEntries(res.headers)).toEqual({
        'access-control-allow-origin': 'https://app.example',
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'GET, PUT',
        'access-control-allow-headers': 'Content-Type, X-Token',
        vary: 'Origin',
      });
    }
    // An empty list allows no request headers beyond the safelisted ones.
    const none = await chain<HttpContext>().use(cors({ allowHeaders: [] })).handle(ok)(preflight('https://a.example', { 'access-control-request-headers': 'x-token' }));
    expect(none.headers.get('access-control-allow-headers')).toBe('');
  });

  it('rejects bad options by name', () => {
    expect(() => cors({ maxAge: -1 })).toThrow(/cors\(\{ maxAge \}\)/);
    expect(() => cors({ origin: 42 as unknown as string })).toThrow(/cors\(\{ origin \}\)/);
    expect(() => cors({ methods: ['GET', 'NOT A METHOD'] })).toThrow(`cors({ methods }): the string "NOT A METHOD" is not a valid method name`);
    expect(() => cors({ allowHeaders: ['x\ny'] })).toThrow(/^cors\(\{ allowHeaders \}\): the string "x\\ny" is not a valid header name/);
  });
});

describe('bad arguments', () => {
  it('every layer factory throws a BAD_ARGUMENT ShallotError naming the call and the argument', () => {
    const cases: [() => unknown, string][] = [
      [() => logger({ sink: 'stdout' as unknown as () => void }), 'logger({ sink }): sink must be a function'],
      [() => timing({ sink: 1 as unknown as false }), 'timing({ sink }): sink must be a function or false'],
      [() => timing({ metric: 'to tal' }), "timing({ metric }): metric must be a header token such as 'total'"],
      [() => requestId({ header: 'X Id' }), 'requestId({ header }): "X Id" is not a valid header name'],
      [() => requestId({ generate: 'uuid' as unknown as () => string }), 'requestId({ generate }): generate must be a function'],
      [() => setHeader('X-A', 'b', { when: true as unknown as () => boolean }), 'setHeader(name, value, { when }): when must be a function'],
      [() => errorBoundary({ onError: 'log' as unknown as () => void }), 'errorBoundary({ onError }): onError must be a function'],
      [() => cors({ methods: 'GET' as unknown as string[] }), 'cors({ methods }): must be a list of method names'],
    ];
    for (const [make, message] of cases) {
      const error = shallotThrow(make);
      expect(error.code).toBe('BAD_ARGUMENT');
      expect(error.message.startsWith(message), `${error.message} starts with ${message}`).toBe(true);
    }
  });
});

describe('responses with immutable headers', () => {
  let up: Awaited<ReturnType<typeof upstream>>;
  beforeAll(async () => {
    up = await upstream();
  });
  afterAll(() => up.close());

  const headerLayers = () =>
    chain<HttpContext>({ isResponse })
      .use(cors({ origin: 'https://a.example' }))
      .use(timing({ sink: false }))
      .use(requestId())
      .use(setHeader('X-Custom-Header', 'Hello'))
      .use(setHeader('X-Status', 'OK', { when: (res) => res.ok }));

  it('Response.redirect(): the header layers do not throw, the redirect stays a redirect', async () => {
    const redirect = Response.redirect('https://example.com/next', 302);
    expect(() => redirect.headers.set('x', 'y')).toThrow(TypeError); // the premise
    const res = await headerLayers().handle(() => redirect)(ctx('/', { headers: { origin: 'https://a.example' } }));
    expect(res.status).toBe(302);
    expect(res.headers.get('location')).toBe('https://example.com/next');
    expect(res.headers.get('x-custom-header')).toBe('Hello');
    expect(res.headers.get('x-request-id')).toBeTruthy();
    expect(res.headers.get('server-timing')).toMatch(/^total;dur=/);
    expect(res.headers.get('access-control-allow-origin')).toBe('https://a.example');
    expect(res.headers.has('x-status')).toBe(false);
  });

  it('a proxied fetch() result: headers added, status, headers and body kept', async () => {
    const res = await headerLayers().handle((req) => fetch(`${up.url}${req.path}`))(ctx('/proxied'));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-upstream')).toBe('yes');
    expect(res.headers.get('x-custom-header')).toBe('Hello');
    expect(res.headers.get('x-status')).toBe('OK');
    expect(await res.text()).toBe('upstream saw /proxied');
  });
});
