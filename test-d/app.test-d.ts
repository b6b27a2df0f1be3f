// types/app.ts and types/layer.ts: the top types. `App` alone is any app, `Middleware`
// alone any layer, so collections and helpers over them type-check; and they still
// reject what does not fit.
import { expectAssignable, expectError, expectNotAssignable, expectType } from 'tsd';
import { chain, middleware, type App, type AppTypesOf, type Middleware, type Next, type NextSync } from 'shallot';
import { toFetchHandler, type HttpContext } from 'shallot/http';
import { adminOnly, auth, header, json, logging, type JsonResponse } from './fixtures.js';

const site = chain<{ path: string }>().use(logging).handle(() => new Response('ok'));
const api = chain<{ token: string }>().use(auth).handle((req) => json({ user: req.user.name }));
const now = chain<{}>().use(header).handle(() => new Response('now'));
const words = chain<{}>().use(middleware('upper', async (_req: {}, next: Next<{}, string>) => (await next()).toUpperCase())).handle(() => 'hi');

// 2. Collections of apps and of layers.
export const apps = { site, api, now, words } satisfies Record<string, App>;
export const layers = { auth, adminOnly, logging, header } satisfies Record<string, Middleware>;
export const list: Middleware[] = [auth, adminOnly, logging, header];
export const one = middleware('one', async (_req: {}, next: Next) => next()) satisfies Middleware;
export const syncOne = middleware.sync('syncOne', (_req: {}, next: NextSync) => next()) satisfies Middleware;

// A function taking any app, or any app answering with a Response.
const layerCount = (app: App) => app.description.layers.length;
layerCount(site);
layerCount(words);
const serve = (app: App<never, Response>) => app.description.guards;
serve(site);
serve(api);
serve(now);
// error: Argument of type 'App<{}, string, {}, Promise<string>>' is not assignable to parameter of type 'App<never, Response, unknown, 
expectError(serve(words));
// A helper over any HTTP app hands it on to what takes an HttpContext handler: a
// call of App<Req, Res> returns Res or a promise of it.
const fetchOf = (app: App<HttpContext, Response>) => toFetchHandler(app);
fetchOf(chain<HttpContext>().use(logging).handle(() => new Response('ok')));
fetchOf(chain<{}>().use(header).handle(() => new Response('now')));
expectType<Response | Promise<Response>>(null! as ReturnType<App<HttpContext, Response>>);

// ...or any app that can be called with a given request.
const forPaths = (app: App<{ path: string }>) => app({ path: '/' });
forPaths(site);
forPaths(now);
// error: Argument of type 'App<{ token: string; }, JsonResponse<{ user: string; }>, { token: string; } & { user: User; }, Promise<JsonResponse<{ user: string; }>>>' is not assignable to parameter of type 'App<{ path: string; }, unknown, unknown, unknown>'.
expectError(forPaths(api));

expectAssignable<App<never, JsonResponse<{ user: string }>>>(api);
expectNotAssignable<App<never, JsonResponse<{ user: number }>>>(api);
expectAssignable<App<{ token: string; path: string }, Response, unknown, Promise<Response>>>(api);
expectType<unknown>(null! as ReturnType<App>);
expectType<{ req: { path: string }; ctx: { path: string }; res: Response; result: Promise<Response> }>(null! as AppTypesOf<typeof site>);

// A builder is not an app, nor an app a builder.
// error: is missing the following properties from type 'App<never, unknown, unknown, unknown>': description, [appTypes]
expectError(layerCount(chain<{}>()));
