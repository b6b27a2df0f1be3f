// shallot/express, koa, fastify, hono, h3: the host's own context is typed from
// the chain, each adapter returns what its host's API takes, and a builder
// mounted as Hono or Koa middleware is checked against the host's context and
// its downstream's response.
import { expectError, expectType } from 'tsd';
import express, { type Request as ExpressRequest, type Response as ExpressResponse } from 'express';
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify';
import { H3, type H3Event } from 'h3';
import { Hono, type Context as HonoNativeContext } from 'hono';
import Koa from 'koa';
import { chain, middleware, type Next, type NextSync } from 'shallot';
import { json, setHeader, text, type HttpContext, type JsonResponse } from 'shallot/http';
import { toExpress, type ExpressContext } from 'shallot/express';
import { toFastify, type FastifyContext } from 'shallot/fastify';
import { toH3, type H3Context } from 'shallot/h3';
import { toHono, type HonoContext } from 'shallot/hono';
import { toKoa, type KoaContext } from 'shallot/koa';

// Express: req.express is Express's own req and res; the handler fits app.use and routes.
const viaExpress = chain<ExpressContext>().handle((req) => {
  expectType<ExpressRequest>(req.express.req);
  expectType<ExpressResponse>(req.express.res);
  return json({ body: req.express.req.body as unknown });
});
const server = express();
server.use('/api', toExpress(viaExpress));
server.get('/x', toExpress(chain<HttpContext>().handle(() => text('plain HttpContext chains fit too'))));
// A chain that needs more than the request gives is refused.
// error: is not assignable to parameter of type '(req: ExpressContext) =>
expectError(toExpress(chain<HttpContext & { user: string }>().handle((req) => text(req.user))));

// Fastify: req.fastify is Fastify's request and reply; the handler fits a route.
const fastify = Fastify();
fastify.get('/x', toFastify(chain<FastifyContext>().handle((req) => {
  expectType<FastifyRequest>(req.fastify.request);
  expectType<FastifyReply>(req.fastify.reply);
  return text(req.fastify.request.id);
})));

// h3: req.h3 is the event.
const h3 = new H3();
h3.get('/x', toH3(chain<H3Context>().handle((req) => {
  expectType<H3Event>(req.h3);
  return text(req.h3.url.pathname);
})));

// Hono: req.hono is Hono's Context with the app's Env, so variables are typed.
type Env = { Variables: { user: string } };
const who = middleware('who', async (req: HonoContext<Env>, next: Next<{ user: string }>) => {
  expectType<HonoNativeContext<Env>>(req.hono);
  return next({ user: req.hono.get('user') });
});
const hono = new Hono<Env>();
hono.use(toHono(chain<HonoContext<Env>>().use(who).use(setHeader('X-Custom-Header', 'Hello'))));
hono.get('/me', toHono(chain<HonoContext<Env>>().use(who).handle((req) => text(req.user))));
hono.get('/plain', toHono(chain<HttpContext>().handle(() => text('plain'))));

// Koa: req.koa is Koa's ctx with the app's state.
type State = { user: string };
const koa = new Koa<State>();
koa.use(toKoa(chain<KoaContext<State>>().use(middleware('state', async (req: KoaContext<State>, next: Next) => {
  expectType<string>(req.koa.state.user);
  return next();
}))));
koa.use(toKoa(chain<KoaContext<State>>().handle((req) => text(req.koa.state.user))));

// A builder mounted as middleware: its base must be what the host's context has...
// error: toHono(builder): the chain needs 'user', which Hono's context does not provide
expectError(toHono(chain<HttpContext & { user: string }>().use(setHeader('X-A', '1'))));
// error: toKoa(builder): the chain needs 'method' with another type than Koa's context provides
expectError(toKoa(chain<{ method: number }>()));

// ...no layer may be sync, since the downstream is async...
const header = middleware.sync('header', (_req: {}, next: NextSync) => next());
// error: toKoa(builder): middleware 'header' is sync, but Koa's downstream below it is async and would not be awaited
expectError(toKoa(chain<HttpContext>().use(header)));

// ...and the innermost layer must accept the plain Response the downstream hands up.
const jsonOnly = middleware('jsonOnly', async (_req: {}, next: Next<{}, JsonResponse<{ id: number }>>) => {
  const res = await next();
  return json({ id: res.data.id + 1 });
});
// error: toHono(builder): middleware 'jsonOnly' does not accept the Response that Hono's downstream hands up
expectError(toHono(chain<HttpContext>().use(jsonOnly)));
