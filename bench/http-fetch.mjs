// The fetch handlers bench/http.bench.mjs serves on Bun, Deno and workerd (the
// runners bench/http-bun.mjs and bench/http-deno.mjs, and a worker the bench
// writes for workerd), each doing the work of bench/http/app.ts: logging to a
// sink that drops the line, timing with Server-Timing, a request id (the
// incoming X-Request-Id or a new UUID, echoed), X-Custom-Header, X-Status when
// 200, and a JSON body. Only Fetch-standard globals: it runs on all three.
//
// The shallot apps come from bench/.gen-http/out/ (the bench copies
// bench/http/app.ts there, generates and compiles it, and points its imports at
// dist/), so it must have run `npm run build` and the bench's preparation first.
import { toFetchHandler } from '../dist/src/http/index.js';
import * as runtime from './.gen-http/out/app.js';
import * as generated from './.gen-http/out/app.gen.js';

const sink = (_line) => {};
const VALID_ID = /^[\x21-\x7e]{1,200}$/;
const idOf = (incoming) => (incoming !== null && VALID_ID.test(incoming) ? incoming : crypto.randomUUID());

/** The path of a request's URL, read off the string as Hono does. */
const pathOf = (href) => {
  const start = href.indexOf('/', href.indexOf('://') + 3);
  const query = href.indexOf('?', start);
  return href.slice(start, query === -1 ? undefined : query);
};

/**
 * The floor: everything inline in one fetch handler, written the fastest way we
 * know: headers set on the new response one by one (on Deno, passing them as the
 * init's record is five times slower; on Bun, a third slower).
 */
function bare(request) {
  const path = pathOf(request.url);
  sink(`--> ${request.method} ${path}`);
  const start = performance.now();
  const id = idOf(request.headers.get('x-request-id'));
  const res = new Response(JSON.stringify({ hello: 'world', requestId: id }));
  const headers = res.headers;
  headers.set('content-type', 'application/json');
  headers.set('x-status', 'OK');
  headers.set('x-custom-header', 'Hello');
  headers.set('x-request-id', id);
  headers.set('server-timing', `total;dur=${(performance.now() - start).toFixed(1)}`);
  sink(`<-- ${request.method} ${path} ${res.status}`);
  return res;
}

export const handlers = {
  bare,
  shallot: toFetchHandler(runtime.app),
  'shallot-gen': toFetchHandler(generated.app),
  'shallot-sync': toFetchHandler(runtime.appSync),
  'shallot-sync-gen': toFetchHandler(generated.appSync),
};

/** Hono, written the way Hono writes it: the app of every runtime (bench/http-servers.mjs serves it on Node too). */
export function honoApp(Hono) {
  const app = new Hono();
  app.use(async (c, next) => {
    sink(`--> ${c.req.method} ${c.req.path}`);
    await next();
    sink(`<-- ${c.req.method} ${c.req.path} ${c.res.status}`);
  });
  app.use(async (c, next) => {
    const start = performance.now();
    await next();
    c.res.headers.append('Server-Timing', `total;dur=${(performance.now() - start).toFixed(1)}`);
  });
  app.use(async (c, next) => {
    const id = idOf(c.req.header('x-request-id') ?? null);
    c.set('requestId', id);
    await next();
    c.res.headers.set('X-Request-Id', id);
  });
  app.use(async (c, next) => {
    await next();
    c.res.headers.set('X-Custom-Header', 'Hello');
  });
  app.use(async (c, next) => {
    await next();
    if (c.res.status === 200) c.res.headers.set('X-Status', 'OK');
  });
  app.get('/hello', (c) => c.json({ hello: 'world', requestId: c.get('requestId') }));
  return app;
}

/** Elysia (Bun), written the way Elysia writes it: hooks around a handler that returns the body. */
export function elysiaApp(Elysia) {
  return new Elysia()
    .onRequest(({ request }) => {
      sink(`--> ${request.method} ${pathOf(request.url)}`);
    })
    .derive(({ request }) => ({ start: performance.now(), requestId: idOf(request.headers.get('x-request-id')) }))
    .onAfterHandle(({ set, start, requestId }) => {
      set.headers['server-timing'] = `total;dur=${(performance.now() - start).toFixed(1)}`;
      set.headers['x-request-id'] = requestId;
      set.headers['x-custom-header'] = 'Hello';
      if ((set.status ?? 200) === 200) set.headers['x-status'] = 'OK';
    })
    .onAfterResponse(({ request, path, set }) => {
      sink(`<-- ${request.method} ${path} ${set.status ?? 200}`);
    })
    .get('/hello', ({ requestId }) => ({ hello: 'world', requestId }));
}
