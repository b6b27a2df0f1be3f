/**
 * shallot/hono on a real Hono app served by @hono/node-server on 127.0.0.1: a
 * handled chain as a route (also under app.route's prefix), a builder as
 * middleware around Hono's routes, streaming both ways, Hono's onError, a body a
 * validator already read, and Hono's typed context from a layer.
 */
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { validator } from 'hono/validator';
import type { Server } from 'node:http';
import { describe, expect, it } from 'vitest';
import { chain, middleware, type Next } from '../../src/index.js';
import { json, setHeader, text, toFetchHandler, type HttpContext } from '../../src/http/index.js';
import { toHono, type HonoContext } from '../../src/mount/hono.js';
import { get, latin1Head, listen, postJson, streamingRequest, streamingResponse } from './helpers.js';

/** The global Response before @hono/node-server's `serve` replaces it with its own class. */
const loadedResponse = globalThis.Response;

const seen = chain<HttpContext>().handle((req) => json({ method: req.method, path: req.path, url: req.url.href }));

/** Serves `app` with @hono/node-server on 127.0.0.1, until the end of the test. */
function start(app: Hono<any>): Promise<string> {
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }) as Server;
  return listen(server);
}

/** Hono's error handling as an app writes it. */
const withTeapot = <H extends Hono<any>>(app: H): H => {
  app.onError((error, c) => c.text(`hono handled: ${error.message}`, 418));
  return app;
};

describe('toHono, given a handled chain', () => {
  it('answers a route, and under app.route(prefix), with method and path as Hono routes them', async () => {
    const sub = new Hono();
    sub.all('/users/:id', toHono(seen));
    const app = new Hono();
    app.route('/api', sub);
    app.get('/one', toHono(seen));
    const url = await start(app);
    expect(await (await get(`${url}/api/users/7?q=1`, { method: 'PATCH' })).json()).toEqual({ method: 'PATCH', path: '/api/users/7', url: `${url}/api/users/7?q=1` });
    expect(await (await get(`${url}/one`)).json()).toEqual({ method: 'GET', path: '/one', url: `${url}/one` });
    expect((await get(`${url}/elsewhere`)).status).toBe(404);
  });

  it('sends Latin-1 text in a header or status text as one byte per character, the body as UTF-8', async () => {
    // @hono/node-server writes status and headers only (writeHead(res.status, headers)): no status text to check.
    const l1 = latin1Head({ statusText: false });
    const app = new Hono();
    app.get('/*', toHono(l1.app));
    const url = await start(app);
    await l1.check(url);
  });

  it('streams the response body, and the request body', async () => {
    const down = streamingResponse();
    const up = streamingRequest();
    const app = new Hono();
    app.get('/down', toHono(down.app));
    app.post('/up', toHono(up.app));
    const url = await start(app);
    await down.check(`${url}/down`);
    await up.check(`${url}/up`);
  });

  it("a JSON POST after Hono's validator read the body gets it from Hono's cache", async () => {
    const app = new Hono();
    app.post(
      '/echo',
      validator('json', (value) => value as { hello: string }),
      toHono(chain<HonoContext>().handle(async (req) => json({ received: await req.request.json(), raw: req.hono.req.raw.bodyUsed }))),
    );
    const url = await start(app);
    expect(await (await postJson(`${url}/echo`, { hello: 'hono' })).json()).toEqual({ received: { hello: 'hono' }, raw: true });
  });

  it("throws to Hono's onError", async () => {
    const app = withTeapot(new Hono());
    app.get('/', toHono(chain<HttpContext>().handle(async () => { throw new Error('boom'); })));
    app.get('/undefined', toHono((() => undefined) as unknown as () => Response));
    const url = await start(app);
    expect([(await get(url)).status, await (await get(url)).text()]).toEqual([418, 'hono handled: boom']);
    expect(await (await get(`${url}/undefined`)).text()).toBe('hono handled: the app returned undefined instead of a Response');
  });
});

describe('toHono, given a builder without a handler', () => {
  it("runs the layers around Hono's routes; their after-code sees the route's response", async () => {
    const log: string[] = [];
    const recorder = middleware('recorder', async (req: HttpContext, next: Next) => {
      log.push(`before ${req.path}`);
      const res = await next();
      log.push(`after ${res.status} ${res.headers.get('x-route') ?? '-'}`);
      return res;
    });
    const app = new Hono();
    app.use(toHono(chain<HttpContext>().use(recorder).use(setHeader('X-Custom-Header', 'Hello')).use(setHeader('X-Status', 'OK', { when: (res) => res.status === 200 }))));
    app.get('/hello/:name', (c) => {
      c.header('x-route', 'hello');
      return c.text(`hello ${c.req.param('name')}`);
    });
    const url = await start(app);
    const res = await get(`${url}/hello/ada`);
    expect(await res.text()).toBe('hello ada');
    expect([res.headers.get('x-route'), res.headers.get('x-custom-header'), res.headers.get('x-status')]).toEqual(['hello', 'Hello', 'OK']);
    const missing = await get(`${url}/nowhere`);
    expect([missing.status, missing.headers.get('x-custom-header'), missing.headers.has('x-status')]).toEqual([404, 'Hello', false]);
    expect(log).toEqual(['before /hello/ada', 'after 200 hello', 'before /nowhere', 'after 404 -']);
  });

  it("a layer's new response replaces the route's whole, headers included; a short-circuit keeps the route from running", async () => {
    let routed = 0;
    const replace = middleware('replace', async (req: HttpContext, next: Next) => {
      if (req.headers.get('authorization') !== 'yes') return text('Forbidden', { status: 403 });
      const res = await next();
      return json({ wrapped: await res.text() }, { status: 201 });
    });
    const app = new Hono();
    app.use('/api/*', toHono(chain<HttpContext>().use(replace)));
    app.get('/api/x', (c) => {
      routed++;
      c.header('x-route', 'dropped');
      return c.text('inner');
    });
    const url = await start(app);
    expect((await get(`${url}/api/x`)).status).toBe(403);
    expect(routed).toBe(0);
    const res = await get(`${url}/api/x`, { headers: { authorization: 'yes' } });
    expect(res.status).toBe(201);
    expect(res.headers.has('x-route')).toBe(false);
    expect(await res.json()).toEqual({ wrapped: 'inner' });
  });

  it("an error below is Hono's onError response when it reaches the layers", async () => {
    const statuses: number[] = [];
    const watch = middleware('watch', async (_req: HttpContext, next: Next) => {
      const res = await next();
      statuses.push(res.status);
      return res;
    });
    const app = withTeapot(new Hono());
    app.use(toHono(chain<HttpContext>().use(watch)));
    app.get('/fail', () => {
      throw new Error('route failed');
    });
    const url = await start(app);
    const res = await get(`${url}/fail`);
    expect([res.status, await res.text()]).toEqual([418, 'hono handled: route failed']);
    expect(statuses).toEqual([418]);
  });

  it("reads Hono's variables from a layer, typed through HonoContext<Env>", async () => {
    type Env = { Variables: { user: string } };
    type Req = HonoContext<Env>;
    const who = middleware('who', async (req: Req, next: Next) => {
      const res = await next();
      res.headers.set('x-user', req.hono.get('user'));
      return res;
    });
    const app = new Hono<Env>();
    app.use(async (c, next) => {
      c.set('user', 'ada');
      await next();
    });
    app.use(toHono(chain<Req>().use(who)));
    app.get('/', (c) => c.text(`hi ${c.get('user')}`));
    const url = await start(app);
    const res = await get(url);
    expect(res.headers.get('x-user')).toBe('ada');
    expect(await res.text()).toBe('hi ada');
  });
});

describe('toFetchHandler on @hono/node-server', () => {
  it("answers with light responses though node-server swapped the global Response for its own", async () => {
    const server = serve({ fetch: toFetchHandler(seen), port: 0, hostname: '127.0.0.1' }) as Server;
    const url = await listen(server);
    expect(globalThis.Response).not.toBe(loadedResponse);
    const res = await get(`${url}/x`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ method: 'GET', path: '/x', url: `${url}/x` });
  });
});
