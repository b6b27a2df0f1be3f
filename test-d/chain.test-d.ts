// types/chain.ts, types/app.ts, types/helpers.ts: chains that must compile, and
// the types they produce.
import { expectAssignable, expectNotAssignable, expectType } from 'tsd';
import { chain, middleware, type ContextOf, type Next, type NextSync, type RequestOf, type ResponseOf } from 'shallot';
import { adminOnly, auth, header, json, logging, type JsonResponse, type User } from './fixtures.js';

// The handler sees Base plus every addition.
const app = chain<{ path: string; token: string }>()
  .use(logging)
  .use(auth)
  .use(adminOnly)
  .handle((req) => {
    expectType<string>(req.path);
    expectType<User>(req.user);
    return new Response(req.user.name);
  });
expectType<{ path: string; token: string }>(null! as RequestOf<typeof app>);
expectType<Response>(null! as ResponseOf<typeof app>);
expectType<Promise<Response>>(app({ path: '/', token: 'root' }));

// Transparent layers keep the handler's narrower response type.
const typed = chain<{ path: string }>().use(logging).handle(() => json({ id: 1 }));
expectType<JsonResponse<{ id: number }>>(null! as ResponseOf<typeof typed>);

// A layer that can short-circuit is not transparent: the outside sees its type.
const guarded = chain<{ user: User }>().use(adminOnly).handle(() => json({ id: 1 }));
expectType<Response>(null! as ResponseOf<typeof guarded>);

// Response-mapping layers: the outermost mapping decides the outside type.
const toText = middleware('toText', async (_req: {}, next: Next<{}, JsonResponse<{ id: number }>>) => {
  const res = await next();
  return `id=${res.data.id}`;
});
const mapped = chain<{}>().use(toText).handle(() => json({ id: 7 }));
expectType<string>(null! as ResponseOf<typeof mapped>);
expectType<Promise<string>>(mapped({}));

// Generic response types: a chain of strings, not Responses.
const upper = middleware('upper', async (_req: {}, next: Next<{}, string>) => (await next()).toUpperCase());
const text = chain<{}>().use(upper).handle(() => 'hello');
expectType<string>(null! as ResponseOf<typeof text>);

// Factories: a function that returns a layer.
const requireRole = (role: 'admin' | 'editor') =>
  middleware('requireRole', async (req: { user: User & { role: string } }, next: Next) =>
    req.user.role === role ? next() : new Response('Forbidden', { status: 403 }),
  );
const withRole = middleware('withRole', async (_req: { user: User }, next: Next<{ user: User & { role: string } }>) =>
  next({ user: { name: 'a', admin: true, role: 'admin' } }),
);
chain<{ token: string }>().use(auth).use(withRole).use(requireRole('admin')).handle((req) => new Response(req.user.role));

// Sub-chains needing context from the outer chain.
const adminArea = chain<{ user: User; path: string }>().use(adminOnly).use(logging);
const site = chain<{ token: string; path: string }>().use(auth).use(adminArea).handle((req) => new Response(req.user.name));
expectType<Promise<Response>>(site({ token: 't', path: '/' }));

// An all-sync chain returns the response itself.
const footer = middleware.sync('footer', (_req: {}, next: NextSync) => next());
const syncApp = chain<{}>().use(header).use(footer).handle(() => new Response('now'));
expectType<Response>(syncApp({}));

// Async layers above sync ones are fine; the app is async.
const mixed = chain<{ path: string }>().use(logging).use(header).handle(() => new Response('x'));
expectType<Promise<Response>>(mixed({ path: '/' }));

// Later additions overwrite earlier ones, as at run time.
const anon = middleware('anon', async (_req: {}, next: Next<{ user: User | null }>) => next({ user: null }));
const known = chain<{}>().use(anon).use(middleware('login', async (_req: {}, next: Next<{ user: User }>) => next({ user: { name: 'x', admin: false } })));
expectAssignable<{ user: User }>(null! as ContextOf<typeof known>);
expectNotAssignable<{ user: null }>(null! as ContextOf<typeof known>);

// The app carries its description.
expectType<
  readonly {
    readonly name: string;
    readonly sync: boolean;
    readonly fn?: (req: object, next: (adds?: object) => unknown) => unknown;
  }[]
>(app.description.layers);
