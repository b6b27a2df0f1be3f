// 1. Declaration emit: a library (or a `composite` monorepo package) that exports
// what shallot's builders return, with `declaration: true`. Compiled, as a consumer
// of the installed package, by scripts/declaration-emit.mjs under TS 5.9, 6 and 7;
// every inferred type here must be nameable from shallot's entry points, and the
// emitted .d.ts must compile again.
import { chain, middleware, type App, type Middleware, type Next, type NextSync } from 'shallot';
import { errorBoundary, json, logger, requestId, setHeader, text, timing, type HttpContext } from 'shallot/http';

export interface User {
  name: string;
  admin: boolean;
}

// Layers: plain, adding, short-circuiting, sync, factories.
export const auth = middleware('auth', async (req: { token: string }, next: Next<{ user: User }>) =>
  next({ user: { name: req.token, admin: req.token === 'root' } }),
);
export const adminOnly = middleware('adminOnly', async (req: { user: User }, next: Next) =>
  req.user.admin ? next() : new Response('Forbidden', { status: 403 }),
);
export const stamp = middleware.sync('stamp', (_req: {}, next: NextSync) => {
  const res = next();
  res.headers.set('X-Stamp', '1');
  return res;
});
export const requireRole = (role: string) =>
  middleware('requireRole', async (req: { user: User & { role?: string } }, next: Next) =>
    req.user.role === role ? next() : new Response('Forbidden', { status: 403 }),
  );
export const all: Middleware[] = [auth, adminOnly, stamp];

// Builders: empty, over the HTTP base, with the built-in layers, with a sub-chain.
export const empty = chain<HttpContext>();
export const base = chain<HttpContext>().use(errorBoundary()).use(logger()).use(timing()).use(requestId()).use(setHeader('X-Custom-Header', 'Hello'));
export const signedIn = chain<{ token: string }>().use(auth);
export const adminArea = chain<{ user: User }>().use(adminOnly);
export const site = chain<HttpContext & { token: string }>().use(signedIn).use(adminArea);

// Apps: async, sync, typed JSON through transparent layers, a long chain past
// several snapshots of the lookup index, and an overwrite.
export const app = base.handle((req) => json({ id: req.requestId }));
export const syncApp = chain<{}>().use(stamp).handle(() => new Response('now'));
export const siteApp = site.handle((req) => text(req.user.name));
const add = <const K extends string>(key: K) =>
  middleware(key, async (_req: {}, next: Next<{ [P in K]: number }>) => next({ [key]: 1 } as { [P in K]: number }));
export const long = chain<{ path: string }>()
  .use(add('a1')).use(add('a2')).use(add('a3')).use(add('a4')).use(add('a5')).use(add('a6')).use(add('a7')).use(add('a8'))
  .use(add('a9')).use(add('a10')).use(add('a11')).use(add('a12')).use(add('a13')).use(add('a14')).use(add('a15')).use(add('a16'))
  .use(add('a17')).use(add('a18')).use(add('a19')).use(add('a20')).use(add('a21')).use(add('a22')).use(add('a23')).use(add('a24'))
  .use(add('a25')).use(add('a26')).use(add('a27')).use(add('a28')).use(add('a29')).use(add('a30')).use(add('a31')).use(add('a32'))
  .use(add('a33'));
export const longApp = long.handle((req) => new Response(String(req.a1 + req.a33)));
const anon = middleware('anon', async (_req: {}, next: Next<{ user: User | null }>) => next({ user: null }));
export const overwritten = signedIn.use(anon).use(auth);

// A library's usual shapes: routes checked against the top type, a helper over any
// app, a class holding an app, a union request, a default export.
export const routes = { app, health: chain<HttpContext>().handle(() => text('ok')) } satisfies Record<string, App<HttpContext, Response>>;
export const names = (apps: Record<string, App<HttpContext, Response>>) => Object.keys(apps);
export class Service {
  readonly app = signedIn.handle((req) => text(req.user.name));
  static readonly base = base;
}
interface Page { kind: 'page'; path: string }
interface Api { kind: 'api'; path: string; version: number }
const route = middleware('route', async (req: Page | Api, next: Next) => (req.kind === 'api' ? next() : text(req.path)));
export const unionApp = chain<Page | Api>().use(route).handle((req) => text(req.kind));
export default app;
