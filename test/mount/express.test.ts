/**
 * shallot/express on a real Express 5 server on 127.0.0.1: a chain as a route
 * and under a mount point, streaming both ways, Express's error handling,
 * bodies Express's parsers already read, and Express's own req/res from a layer.
 */
import express, { type ErrorRequestHandler } from 'express';
import { describe, expect, it } from 'vitest';
import { chain, middleware, type Next } from '../../src/index.js';
import { json, text, type HttpContext } from '../../src/http/index.js';
import { toExpress, type ExpressContext } from '../../src/mount/express.js';
import { gate, get, latin1Head, listen, postJson, streamingRequest, streamingResponse } from './helpers.js';

/** What the chain saw of the request. */
const seen = chain<HttpContext>().handle((req) => json({ method: req.method, path: req.path, url: req.url.href, search: req.url.search }));

/** Express's error handling, as an app would write it: the error's message, as 418. */
const teapot: ErrorRequestHandler = (error: Error, _req, res, _next) => {
  res.status(418).type('text/plain').send(`express handled: ${error.message}`);
};

describe('toExpress', () => {
  it('serves a route and a mount point with method and path as Express routes them', async () => {
    const app = express();
    app.use('/api', toExpress(seen));
    app.get('/one/:id', toExpress(seen));
    const url = await listen(app.listen(0, '127.0.0.1'));

    const mounted = await get(`${url}/api/users/7?q=1`, { method: 'DELETE' });
    expect(await mounted.json()).toEqual({ method: 'DELETE', path: '/users/7', url: `${url}/users/7?q=1`, search: '?q=1' });
    const route = await get(`${url}/one/42`);
    expect(await route.json()).toEqual({ method: 'GET', path: '/one/42', url: `${url}/one/42`, search: '' });
    // Outside the mount point Express answers (its own 404), not the chain.
    expect((await get(`${url}/elsewhere`)).status).toBe(404);
  });

  it('sends Latin-1 text in a header or status text as one byte per character, the body as UTF-8', async () => {
    const l1 = latin1Head();
    const app = express();
    app.get('/*splat', toExpress(l1.app));
    const url = await listen(app.listen(0, '127.0.0.1'));
    await l1.check(url);
  });

  it('streams the response body, and the request body', async () => {
    const down = streamingResponse();
    const up = streamingRequest();
    const app = express();
    app.get('/down', toExpress(down.app));
    app.post('/up', toExpress(up.app));
    const url = await listen(app.listen(0, '127.0.0.1'));
    await down.check(`${url}/down`);
    await up.check(`${url}/up`);
  });

  it('a JSON POST behind express.json() reads the body Express already parsed, at once', async () => {
    const echo = chain<ExpressContext>().handle(async (req) =>
      json({ received: await req.request.json(), parsedByExpress: req.express.req.body, length: req.headers.get('content-length') }),
    );
    const app = express();
    app.use(express.json());
    app.use(express.urlencoded({ extended: true }));
    app.use(express.text());
    app.post('/echo', toExpress(echo));
    app.post('/form', toExpress(chain<HttpContext>().handle(async (req) => json(Object.fromEntries(await req.request.formData())))));
    app.post('/text', toExpress(chain<HttpContext>().handle(async (req) => text(`text: ${await req.request.text()}`))));
    const url = await listen(app.listen(0, '127.0.0.1'));

    const started = performance.now();
    const res = await postJson(`${url}/echo`, { hello: 'shallot', n: [1, 2] });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(res.status).toBe(200);
    // The bytes are JSON.stringify's, not the client's: the length that came with them is dropped.
    expect(await res.json()).toEqual({ received: { hello: 'shallot', n: [1, 2] }, parsedByExpress: { hello: 'shallot', n: [1, 2] }, length: null });

    const form = await get(`${url}/form`, { method: 'POST', body: new URLSearchParams({ a: '1', 'b[c]': '2' }) });
    expect(await form.json()).toEqual({ a: '1', 'b[c]': '2' });
    const plain = await get(`${url}/text`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body: 'hi' });
    expect(await plain.text()).toBe('text: hi');
  });

  it('a body a parser read but left nothing for fails the read with what to do, instead of hanging', async () => {
    const app = express();
    app.use((req, _res, next) => {
      req.on('end', () => next());
      req.resume(); // a middleware that drains the body and keeps nothing
    });
    app.post('/', toExpress(chain<HttpContext>().handle(async (req) => text(await req.request.text()))));
    app.use(teapot);
    const url = await listen(app.listen(0, '127.0.0.1'));
    const res = await get(url, { method: 'POST', headers: { 'content-type': 'application/octet-stream' }, body: 'lost' });
    expect(res.status).toBe(418);
    expect(await res.text()).toMatch(/^express handled: the request body was already read by Express middleware, which left no parsed body/);
  });

  it("hands errors to Express's error handling: thrown, rejected, a non-response, a body that fails", async () => {
    const app = express();
    app.get('/throw', toExpress(() => { throw new Error('sync boom'); }));
    app.get('/reject', toExpress(chain<HttpContext>().handle(async () => { throw new Error('async boom'); })));
    app.get('/undefined', toExpress((() => undefined) as unknown as () => Response));
    const failed: unknown[] = [];
    app.get('/midway', toExpress(() => new Response(new ReadableStream({ pull(c) { c.enqueue(new TextEncoder().encode('partial')); c.error(new Error('stream broke')); } }))));
    app.use(((error, req, res, next) => {
      if (req.path === '/midway') failed.push(error);
      teapot(error, req, res, next);
    }) as ErrorRequestHandler);
    const url = await listen(app.listen(0, '127.0.0.1'));

    for (const [path, message] of [['/throw', 'sync boom'], ['/reject', 'async boom'], ['/undefined', 'the app returned undefined instead of a Response']]) {
      const res = await get(`${url}${path}`);
      expect(res.status, path).toBe(418);
      expect(await res.text()).toBe(`express handled: ${message}`);
    }
    // Headers were out: Express can only cut the connection, and is told why.
    await expect(get(`${url}/midway`).then((res) => res.text())).rejects.toThrow();
    await expect.poll(() => failed.map((e) => (e as Error).message)).toEqual(['stream broke']);
  });

  it("reaches Express's own req and res, and keeps the headers Express middleware set", async () => {
    const user = middleware('user', async (req: ExpressContext, next: Next<{ user: string }>) => next({ user: String(req.express.res.locals.user) }));
    const app = express();
    app.use((req, res, next) => {
      res.locals.user = 'ada';
      res.setHeader('x-from-express', 'kept');
      next();
    });
    app.get('/me', toExpress(chain<ExpressContext>().use(user).handle((req) => json({ user: req.user, ip: req.express.req.ip }))));
    const url = await listen(app.listen(0, '127.0.0.1'));
    const res = await get(`${url}/me`);
    expect(res.headers.get('x-from-express')).toBe('kept');
    expect(res.headers.get('x-powered-by')).toBe('Express');
    expect(await res.json()).toEqual({ user: 'ada', ip: '127.0.0.1' });
  });

  it("aborts the chain's signal when the client goes away", async () => {
    const aborted = gate<string>();
    const app = express();
    app.get(
      '/slow',
      toExpress(chain<HttpContext>().handle(async (req) => {
        await new Promise<void>((resolve) => req.signal.addEventListener('abort', () => resolve()));
        aborted.open(String((req.signal.reason as DOMException).name));
        return text('too late');
      })),
    );
    const url = await listen(app.listen(0, '127.0.0.1'));
    const client = new AbortController();
    const pending = fetch(`${url}/slow`, { signal: client.signal }).catch(() => 'client gave up');
    await new Promise((resolve) => setTimeout(resolve, 100));
    client.abort();
    expect(await pending).toBe('client gave up');
    expect(await aborted.promise).toBe('AbortError');
  });

  it('takes a handled chain only: a builder is a BAD_ARGUMENT that says to close it', () => {
    expect(() => toExpress(chain<HttpContext>() as never)).toThrow(/toExpress\(app\): got a chain builder without a handler.*close the chain with \.handle\(fn\)/);
    expect(() => toExpress(42 as never)).toThrow(/toExpress\(app\): app must be a handled chain/);
  });
});
