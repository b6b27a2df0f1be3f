/**
 * shallot/fastify on a real Fastify 5 server on 127.0.0.1: a chain as a route
 * (also under a plugin's prefix), streaming both ways, Fastify's error handler,
 * a JSON body Fastify parsed first, and Fastify's request and reply from a layer.
 */
import Fastify, { type FastifyInstance } from 'fastify';
import { describe, expect, it } from 'vitest';
import { chain, middleware, type Next } from '../../src/index.js';
import { json, text, type HttpContext } from '../../src/http/index.js';
import { toFastify, type FastifyContext } from '../../src/mount/fastify.js';
import { closeAfter, get, latin1Head, postJson, streamingRequest, streamingResponse } from './helpers.js';

const seen = chain<HttpContext>().handle((req) => json({ method: req.method, path: req.path, url: req.url.href }));

async function start(fastify: FastifyInstance): Promise<string> {
  const url = await fastify.listen({ port: 0, host: '127.0.0.1' });
  closeAfter(() => fastify.close());
  return url;
}

describe('toFastify', () => {
  it("serves a route, and a plugin's prefix, with method and path as Fastify routes them", async () => {
    const fastify = Fastify();
    await fastify.register(async (scope) => scope.all('/*', toFastify(seen)), { prefix: '/api' });
    fastify.get('/one', toFastify(seen));
    const url = await start(fastify);
    expect(await (await get(`${url}/api/users/7?q=1`, { method: 'DELETE' })).json()).toEqual({ method: 'DELETE', path: '/api/users/7', url: `${url}/api/users/7?q=1` });
    expect(await (await get(`${url}/one`)).json()).toEqual({ method: 'GET', path: '/one', url: `${url}/one` });
    expect((await get(`${url}/elsewhere`)).status).toBe(404);
  });

  it('sends Latin-1 text in a header or status text as one byte per character, the body as UTF-8', async () => {
    const l1 = latin1Head();
    const fastify = Fastify();
    fastify.get('/*', toFastify(l1.app));
    const url = await start(fastify);
    await l1.check(url);
  });

  it('streams the response body, and (with a parser that leaves it unread) the request body', async () => {
    const down = streamingResponse();
    const up = streamingRequest();
    const fastify = Fastify();
    fastify.addContentTypeParser('application/octet-stream', (_req, _payload, done) => done(null));
    fastify.get('/down', toFastify(down.app));
    fastify.post('/up', toFastify(up.app));
    const url = await start(fastify);
    await down.check(`${url}/down`);
    await up.check(`${url}/up`);
  });

  it('a JSON POST reads the body Fastify already parsed', async () => {
    const fastify = Fastify();
    fastify.post('/echo', toFastify(chain<FastifyContext>().handle(async (req) => json({ received: await req.request.json(), parsed: req.fastify.request.body }))));
    const url = await start(fastify);
    expect(await (await postJson(`${url}/echo`, { hello: 'fastify' })).json()).toEqual({ received: { hello: 'fastify' }, parsed: { hello: 'fastify' } });
  });

  it("writes status, status text and every cookie; keeps what Fastify's hooks set", async () => {
    const fastify = Fastify();
    fastify.addHook('onRequest', async (_request, reply) => {
      reply.header('x-from-hook', 'kept');
    });
    fastify.get('/light', toFastify(() => text('light', { status: 202, statusText: 'Taken', headers: [['set-cookie', 'a=1'], ['set-cookie', 'b=2']] })));
    fastify.get('/native', toFastify(() => new Response('native', { status: 201, headers: [['set-cookie', 'c=3'], ['set-cookie', 'd=4']] })));
    const url = await start(fastify);
    const light = await get(`${url}/light`);
    expect([light.status, light.statusText, await light.text(), light.headers.get('x-from-hook')]).toEqual([202, 'Taken', 'light', 'kept']);
    expect(light.headers.getSetCookie()).toEqual(['a=1', 'b=2']);
    const native = await get(`${url}/native`);
    expect([native.status, await native.text(), native.headers.get('x-from-hook')]).toEqual([201, 'native', 'kept']);
    expect(native.headers.getSetCookie()).toEqual(['c=3', 'd=4']);
  });

  it("hands errors to Fastify's error handler", async () => {
    const fastify = Fastify();
    fastify.setErrorHandler((error: Error, _request, reply) => reply.code(418).type('text/plain').send(`fastify handled: ${error.message}`));
    fastify.get('/', toFastify(chain<HttpContext>().handle(async () => { throw new Error('boom'); })));
    fastify.get('/undefined', toFastify((() => undefined) as unknown as () => Response));
    const url = await start(fastify);
    const res = await get(url);
    expect([res.status, await res.text()]).toEqual([418, 'fastify handled: boom']);
    expect(await (await get(`${url}/undefined`)).text()).toBe('fastify handled: the app returned undefined instead of a Response');
  });

  it("reaches Fastify's request and reply from a layer", async () => {
    const who = middleware('who', async (req: FastifyContext, next: Next<{ user: string }>) => next({ user: (req.fastify.request as unknown as { user: string }).user }));
    const fastify = Fastify();
    fastify.decorateRequest('user', '');
    fastify.addHook('preHandler', async (request) => {
      (request as unknown as { user: string }).user = 'ada';
    });
    fastify.get('/', toFastify(chain<FastifyContext>().use(who).handle((req) => json({ user: req.user, id: typeof req.fastify.request.id }))));
    const url = await start(fastify);
    expect(await (await get(url)).json()).toEqual({ user: 'ada', id: 'string' });
  });
});
