/**
 * shallot/h3 on a real h3 v2 app served through h3's node adapter on 127.0.0.1:
 * a chain as a route (also under a `/**` prefix), streaming both ways, h3's
 * onError, and h3's event (its context) from a layer.
 */
import { H3, HTTPError, toNodeHandler } from 'h3';
import { createServer } from 'node:http';
import { describe, expect, it } from 'vitest';
import { chain, middleware, type Next } from '../../src/index.js';
import { json, text, type HttpContext } from '../../src/http/index.js';
import { toH3, type H3Context } from '../../src/mount/h3.js';
import { get, latin1Head, listen, postJson, streamingRequest, streamingResponse } from './helpers.js';

const seen = chain<HttpContext>().handle((req) => json({ method: req.method, path: req.path, url: req.url.href }));

const start = (app: H3): Promise<string> => listen(createServer(toNodeHandler(app)));

describe('toH3', () => {
  it('serves a route and a prefix with method and path as h3 routes them', async () => {
    const app = new H3();
    app.all('/api/**', toH3(seen));
    app.get('/one/:id', toH3(seen));
    const url = await start(app);
    expect(await (await get(`${url}/api/users/7?q=1`, { method: 'PUT' })).json()).toEqual({ method: 'PUT', path: '/api/users/7', url: `${url}/api/users/7?q=1` });
    expect(await (await get(`${url}/one/42`)).json()).toEqual({ method: 'GET', path: '/one/42', url: `${url}/one/42` });
    expect((await get(`${url}/elsewhere`)).status).toBe(404);
  });

  it('sends Latin-1 text in a header or status text as one byte per character, the body as UTF-8', async () => {
    const l1 = latin1Head();
    const app = new H3();
    app.get('/**', toH3(l1.app));
    const url = await start(app);
    await l1.check(url);
  });

  it('streams the response body, and the request body', async () => {
    const down = streamingResponse();
    const up = streamingRequest();
    const app = new H3();
    app.get('/down', toH3(down.app));
    app.post('/up', toH3(up.app));
    const url = await start(app);
    await down.check(`${url}/down`);
    await up.check(`${url}/up`);
  });

  it('a JSON POST reads the request body', async () => {
    const app = new H3();
    app.post('/echo', toH3(chain<HttpContext>().handle(async (req) => json({ received: await req.request.json() }))));
    const url = await start(app);
    expect(await (await postJson(`${url}/echo`, { hello: 'h3' })).json()).toEqual({ received: { hello: 'h3' } });
  });

  it("hands errors to h3's onError, HTTPErrors with their status", async () => {
    const seenErrors: string[] = [];
    const app = new H3({
      silent: true,
      onError: (error) => {
        seenErrors.push(error.message);
        return new Response(`h3 handled: ${error.message}`, { status: error.status === 500 ? 418 : error.status });
      },
    });
    app.get('/', toH3(chain<HttpContext>().handle(async () => { throw new Error('boom'); })));
    app.get('/teapot', toH3(() => { throw new HTTPError({ status: 409, message: 'conflict' }); }));
    const url = await start(app);
    const res = await get(url);
    expect([res.status, await res.text()]).toEqual([418, 'h3 handled: boom']);
    expect((await get(`${url}/teapot`)).status).toBe(409);
    expect(seenErrors).toEqual(['boom', 'conflict']);
  });

  it("reads what h3 middleware put in event.context, and keeps the headers it prepared", async () => {
    const who = middleware('who', async (req: H3Context, next: Next<{ user: string }>) => next({ user: String((req.h3.context as { user?: string }).user) }));
    const app = new H3();
    app.use((event) => {
      (event.context as { user?: string }).user = 'ada';
      event.res.headers.set('x-from-h3', 'kept');
    });
    app.get('/', toH3(chain<H3Context>().use(who).handle((req) => text(`hi ${req.user}`))));
    const url = await start(app);
    const res = await get(url);
    expect(await res.text()).toBe('hi ada');
    expect(res.headers.get('x-from-h3')).toBe('kept');
  });

  it('takes a handled chain only', () => {
    expect(() => toH3(chain<HttpContext>() as never)).toThrow(/toH3\(app\): got a chain builder without a handler/);
  });
});
