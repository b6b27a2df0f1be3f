/**
 * shallot/koa on a real Koa 3 server on 127.0.0.1: a handled chain as answering
 * middleware (also under koa-mount), a builder as middleware around
 * @koa/router's routes, streaming both ways, Koa's error handling, a body
 * @koa/bodyparser already read, and Koa's own ctx from a layer.
 */
import { bodyParser } from '@koa/bodyparser';
import Router from '@koa/router';
import Koa from 'koa';
import mount from 'koa-mount';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { chain, middleware, type Next } from '../../src/index.js';
import { json, setHeader, text, type HttpContext } from '../../src/http/index.js';
import { toKoa, type KoaContext } from '../../src/mount/koa.js';
import { get, latin1Head, listen, postJson, streamingRequest, streamingResponse } from './helpers.js';

const seen = chain<HttpContext>().handle((req) => json({ method: req.method, path: req.path, url: req.url.href }));

/** Koa's error handling as an app writes it: an outer middleware that answers 418 with the message. */
const teapot: Koa.Middleware = async (ctx, next) => {
  try {
    await next();
  } catch (error) {
    ctx.status = 418;
    ctx.body = `koa handled: ${(error as Error).message}`;
  }
};

/** Records what each layer's after-code saw, outermost first. */
function recorder(log: string[]) {
  return middleware('recorder', async (req: HttpContext, next: Next) => {
    log.push(`before ${req.method} ${req.path}`);
    const res = await next();
    log.push(`after ${res.status} ${res.headers.get('x-route') ?? '-'}`);
    return res;
  });
}

describe('toKoa, given a handled chain', () => {
  it('answers with method and path as Koa routes them, under koa-mount too', async () => {
    const app = new Koa();
    app.use(mount('/api', toKoa(seen)));
    const url = await listen(app.listen(0, '127.0.0.1'));
    expect(await (await get(`${url}/api/users/7?q=1`, { method: 'PUT' })).json()).toEqual({ method: 'PUT', path: '/users/7', url: `${url}/users/7?q=1` });
    expect((await get(`${url}/elsewhere`)).status).toBe(404);
  });

  it('sends Latin-1 text in a header or status text as one byte per character, the body as UTF-8', async () => {
    const l1 = latin1Head();
    const app = new Koa();
    app.use(toKoa(l1.app));
    const url = await listen(app.listen(0, '127.0.0.1'));
    await l1.check(url);
  });

  it('streams the response body, and the request body', async () => {
    const down = streamingResponse();
    const up = streamingRequest();
    const app = new Koa();
    app.use(mount('/down', toKoa(down.app)));
    app.use(mount('/up', toKoa(up.app)));
    const url = await listen(app.listen(0, '127.0.0.1'));
    await down.check(`${url}/down`);
    await up.check(`${url}/up`);
  });

  it('writes status, status text, headers (every cookie) and a null body as the response has them', async () => {
    const app = new Koa();
    app.use(
      toKoa(() => {
        const headers = new Headers([['set-cookie', 'a=1'], ['set-cookie', 'b=2'], ['x-one', '1']]);
        return new Response(null, { status: 201, statusText: 'Made', headers });
      }),
    );
    const url = await listen(app.listen(0, '127.0.0.1'));
    const res = await get(url);
    expect([res.status, res.statusText]).toEqual([201, 'Made']);
    expect(res.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    expect(res.headers.get('x-one')).toBe('1');
    expect(res.headers.get('content-type')).toBeNull();
    expect(await res.text()).toBe('');
  });

  it('a JSON POST behind @koa/bodyparser reads the body the parser kept', async () => {
    const app = new Koa();
    app.use(bodyParser());
    app.use(toKoa(chain<KoaContext>().handle(async (req) => json({ received: await req.request.json(), parsed: (req.koa.request as { body?: unknown }).body }))));
    const url = await listen(app.listen(0, '127.0.0.1'));
    const res = await postJson(url, { hello: 'koa' });
    expect(await res.json()).toEqual({ received: { hello: 'koa' }, parsed: { hello: 'koa' } });
  });

  it("throws to Koa's error handling", async () => {
    const app = new Koa();
    app.use(teapot);
    app.use(toKoa(chain<HttpContext>().handle(async () => { throw new Error('boom'); })));
    const url = await listen(app.listen(0, '127.0.0.1'));
    const res = await get(url);
    expect(res.status).toBe(418);
    expect(await res.text()).toBe('koa handled: boom');
  });
});

describe('toKoa, given a builder without a handler', () => {
  it("runs the layers around @koa/router's routes; their after-code sees the router's response", async () => {
    const log: string[] = [];
    const router = new Router();
    router.get('/hello/:name', (ctx) => {
      ctx.set('x-route', 'hello');
      ctx.body = `hello ${ctx.params.name}`;
    });
    const app = new Koa();
    app.use(toKoa(chain<HttpContext>().use(recorder(log)).use(setHeader('X-Custom-Header', 'Hello')).use(setHeader('X-Status', 'OK', { when: (res) => res.status === 200 }))));
    app.use(router.routes());
    const url = await listen(app.listen(0, '127.0.0.1'));

    const res = await get(`${url}/hello/ada`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('hello ada');
    expect(res.headers.get('content-type')).toBe('text/plain; charset=utf-8');
    expect(res.headers.get('content-length')).toBe('9');
    expect([res.headers.get('x-route'), res.headers.get('x-custom-header'), res.headers.get('x-status')]).toEqual(['hello', 'Hello', 'OK']);
    // No route: Koa's 404 comes up through the layers, and goes out as Koa writes it.
    const missing = await get(`${url}/nowhere`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('Not Found');
    expect(missing.headers.get('x-custom-header')).toBe('Hello');
    expect(missing.headers.has('x-status')).toBe(false);
    expect(log).toEqual(['before GET /hello/ada', 'after 200 hello', 'before GET /nowhere', 'after 404 -']);
  });

  it("passes a stream from below through without reading it, and a layer's new response replaces Koa's", async () => {
    const router = new Router();
    router.get('/stream', (ctx) => {
      ctx.type = 'text/plain';
      ctx.body = Readable.from(['a', 'b', 'c']);
    });
    router.get('/json', (ctx) => {
      ctx.body = { from: 'koa' };
    });
    const rewrite = middleware('rewrite', async (req: HttpContext, next: Next) => {
      const res = await next();
      if (req.path !== '/json') return res;
      return json({ wrapped: await res.json() }, { status: 202, headers: { 'x-wrapped': 'yes' } });
    });
    const app = new Koa();
    app.use(toKoa(chain<HttpContext>().use(rewrite)));
    app.use(router.routes());
    const url = await listen(app.listen(0, '127.0.0.1'));
    const stream = await get(`${url}/stream`);
    expect(await stream.text()).toBe('abc');
    const wrapped = await get(`${url}/json`);
    expect(wrapped.status).toBe(202);
    expect(wrapped.headers.get('x-wrapped')).toBe('yes');
    expect(wrapped.headers.get('content-type')).toBe('application/json');
    expect(await wrapped.json()).toEqual({ wrapped: { from: 'koa' } });
  });

  it('short-circuits: a layer that answers itself keeps the router from running', async () => {
    let routed = 0;
    const router = new Router();
    router.get('/admin', (ctx) => {
      routed++;
      ctx.body = 'secret';
    });
    const guard = middleware('guard', async (req: HttpContext, next: Next) => (req.headers.get('authorization') === 'yes' ? next() : text('Forbidden', { status: 403 })));
    const app = new Koa();
    app.use(toKoa(chain<HttpContext>().use(guard)));
    app.use(router.routes());
    const url = await listen(app.listen(0, '127.0.0.1'));
    expect((await get(`${url}/admin`)).status).toBe(403);
    expect(routed).toBe(0);
    expect(await (await get(`${url}/admin`, { headers: { authorization: 'yes' } })).text()).toBe('secret');
    expect(routed).toBe(1);
  });

  it("an error below travels up through the layers' try/catch, and on to Koa when they let it", async () => {
    const router = new Router();
    router.get('/fail', () => {
      throw new Error('route failed');
    });
    const seen: string[] = [];
    const watch = middleware('watch', async (_req: HttpContext, next: Next) => {
      try {
        return await next();
      } catch (error) {
        seen.push((error as Error).message);
        throw error;
      }
    });
    const app = new Koa();
    app.use(teapot);
    app.use(toKoa(chain<HttpContext>().use(watch)));
    app.use(router.routes());
    const url = await listen(app.listen(0, '127.0.0.1'));
    const res = await get(`${url}/fail`);
    expect(res.status).toBe(418);
    expect(await res.text()).toBe('koa handled: route failed');
    expect(seen).toEqual(['route failed']);
  });

  it("reads Koa's ctx.state from a layer, typed through KoaContext", async () => {
    type Req = KoaContext<{ user: string }>;
    const who = middleware('who', async (req: Req, next: Next) => withUser(await next(), req.koa.state.user));
    const withUser = (res: Response, user: string): Response => {
      res.headers.set('x-user', user);
      return res;
    };
    const app = new Koa<{ user: string }>();
    app.use(async (ctx, next) => {
      ctx.state.user = 'ada';
      await next();
    });
    app.use(toKoa(chain<Req>().use(who)));
    app.use((ctx) => {
      ctx.body = 'ok';
    });
    const url = await listen(app.listen(0, '127.0.0.1'));
    const res = await get(url);
    expect(res.headers.get('x-user')).toBe('ada');
    expect(await res.text()).toBe('ok');
  });
});
