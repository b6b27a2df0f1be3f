// One Node server per child process for bench/http.bench.mjs: `node bench/http-servers.mjs <name>`
// serves GET /hello on 127.0.0.1 (a free port, printed as {"port": N} on stdout) with
// the same work in every framework, written the way that framework writes it:
//   logging (path before, status after, to a silent sink), timing (performance.now(),
//   a Server-Timing header), X-Custom-Header: Hello, X-Status: OK when 200, a
//   request id (the incoming X-Request-Id or a new UUID, echoed), and a JSON body.
import { randomUUID } from 'node:crypto';
import http from 'node:http';

const name = process.argv[2];
const sink = () => {};
const VALID_ID = /^[\x21-\x7e]{1,200}$/;
const idOf = (incoming) => (typeof incoming === 'string' && VALID_ID.test(incoming) ? incoming : randomUUID());
const body = (requestId) => ({ hello: 'world', requestId });
const ready = (port) => console.log(JSON.stringify({ port }));
// The shallot apps: bench/http/app.ts, generated and compiled by the bench into bench/.gen-http/out/.
const apps = (generated) => import(generated ? './.gen-http/out/app.gen.js' : './.gen-http/out/app.js');

const servers = {
  // The floor: everything inline in one node:http handler.
  async raw() {
    const server = http.createServer((req, res) => {
      sink(`--> ${req.method} ${req.url}`);
      const start = performance.now();
      const id = idOf(req.headers['x-request-id']);
      const json = JSON.stringify(body(id));
      res.writeHead(200, {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(json),
        'x-status': 'OK',
        'x-custom-header': 'Hello',
        'x-request-id': id,
        'server-timing': `total;dur=${(performance.now() - start).toFixed(1)}`,
      });
      res.end(json);
      sink(`<-- ${req.method} ${req.url} 200`);
    });
    server.listen(0, '127.0.0.1', () => ready(server.address().port));
  },

  async shallot(which = 'app', generated = false) {
    const { serve } = await import('shallot/node');
    const server = await serve((await apps(generated))[which], { port: 0, hostname: '127.0.0.1' });
    ready(server.port);
  },
  'shallot-gen': () => servers.shallot('app', true),
  'shallot-guards': () => servers.shallot('appGuarded'),
  'shallot-sync': () => servers.shallot('appSync'),
  'shallot-sync-gen': () => servers.shallot('appSync', true),

  async hono() {
    const { Hono } = await import('hono');
    const { serve } = await import('@hono/node-server');
    // The one Hono app of the bench, the same on Node, Bun and Deno.
    const { honoApp } = await import('./http-fetch.mjs');
    serve({ fetch: honoApp(Hono).fetch, port: 0, hostname: '127.0.0.1' }, (info) => ready(info.port));
  },

  async koa() {
    const { default: Koa } = await import('koa');
    const app = new Koa();
    app.use(async (ctx, next) => {
      sink(`--> ${ctx.method} ${ctx.path}`);
      await next();
      sink(`<-- ${ctx.method} ${ctx.path} ${ctx.status}`);
    });
    app.use(async (ctx, next) => {
      const start = performance.now();
      await next();
      ctx.append('Server-Timing', `total;dur=${(performance.now() - start).toFixed(1)}`);
    });
    app.use(async (ctx, next) => {
      ctx.state.requestId = idOf(ctx.get('x-request-id') || undefined);
      await next();
      ctx.set('X-Request-Id', ctx.state.requestId);
    });
    app.use(async (ctx, next) => {
      await next();
      ctx.set('X-Custom-Header', 'Hello');
    });
    app.use(async (ctx, next) => {
      await next();
      if (ctx.status === 200) ctx.set('X-Status', 'OK');
    });
    app.use(async (ctx) => {
      if (ctx.path === '/hello') ctx.body = body(ctx.state.requestId);
    });
    const server = app.listen(0, '127.0.0.1', () => ready(server.address().port));
  },

  async express() {
    const { default: express } = await import('express');
    const app = express();
    app.disable('x-powered-by');
    app.disable('etag');
    app.use((req, res, next) => {
      sink(`--> ${req.method} ${req.path}`);
      res.on('finish', () => sink(`<-- ${req.method} ${req.path} ${res.statusCode}`));
      next();
    });
    app.use((req, res, next) => {
      const start = performance.now();
      const writeHead = res.writeHead;
      res.writeHead = function (...args) {
        res.append('Server-Timing', `total;dur=${(performance.now() - start).toFixed(1)}`);
        if (res.statusCode === 200) res.setHeader('X-Status', 'OK');
        return writeHead.apply(this, args);
      };
      next();
    });
    app.use((req, res, next) => {
      req.requestId = idOf(req.get('x-request-id'));
      res.setHeader('X-Request-Id', req.requestId);
      res.setHeader('X-Custom-Header', 'Hello');
      next();
    });
    app.get('/hello', (req, res) => res.json(body(req.requestId)));
    const server = app.listen(0, '127.0.0.1', () => ready(server.address().port));
  },

  async fastify() {
    const { default: Fastify } = await import('fastify');
    // node's keep-alive timeout (5 s), as every other server here has; Fastify's own default is 72 s.
    const app = Fastify({ logger: false, keepAliveTimeout: 5000 });
    app.addHook('onRequest', async (req) => {
      sink(`--> ${req.method} ${req.url}`);
      req.start = performance.now();
      req.requestId = idOf(req.headers['x-request-id']);
    });
    app.addHook('onSend', async (req, reply) => {
      reply.header('Server-Timing', `total;dur=${(performance.now() - req.start).toFixed(1)}`);
      reply.header('X-Request-Id', req.requestId);
      reply.header('X-Custom-Header', 'Hello');
      if (reply.statusCode === 200) reply.header('X-Status', 'OK');
    });
    app.addHook('onResponse', async (req, reply) => sink(`<-- ${req.method} ${req.url} ${reply.statusCode}`));
    app.get('/hello', async (req) => body(req.requestId));
    await app.listen({ port: 0, host: '127.0.0.1' });
    ready(app.server.address().port);
  },
};

if (!servers[name]) {
  console.error(`bench/http-servers.mjs: unknown server ${JSON.stringify(name)}; one of ${Object.keys(servers).join(', ')}`);
  process.exit(2);
}
await servers[name]();
