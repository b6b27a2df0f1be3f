// types/layer.ts and types/next.ts: what middleware() reads off fn's annotations.
import { expectError, expectType } from 'tsd';
import { chain, middleware, type AddsOf, type Middleware, type NeedsOf, type Next, type NextSync, type Passed, type ResponseOf } from 'shallot';
import { adminOnly, auth, header, logging, type User } from './fixtures.js';

expectType<{ token: string }>(null! as NeedsOf<typeof auth>);
expectType<{ user: User }>(null! as AddsOf<typeof auth>);
expectType<{ user: User }>(null! as NeedsOf<typeof adminOnly>);
expectType<{}>(null! as AddsOf<typeof adminOnly>);
expectType<'auth'>(auth.name);
expectType<false>(auth.sync);
expectType<true>(header.sync);

// The layer's own type records its name, needs, adds, the response it accepts and the one it returns.
expectType<Middleware<{ name: 'auth'; needs: { token: string }; adds: { user: User }; inner: Response; out: Passed<Response>; sync: false }>>(auth);

// next() returns a promise typed precisely; awaited, a Passed<Response>.
middleware('precise', async (_req: {}, next: Next) => {
  expectType<Promise<Passed<Response>>>(next());
  return next();
});

// A layer that adds fields must pass them: next() alone is an error, which says so.
middleware('mustAdd', async (_req: {}, next: Next<{ user: User }>) => {
  // leads: next() is called without the additions this layer's Next<…> declares: pass them, next({ … })
  expectError(next());
  return next({ user: { name: 'a', admin: false } });
});
middleware.sync('mustAddSync', (_req: {}, next: NextSync<{ user: User }>) => {
  // leads: next() is called without the additions this layer's Next<…> declares: pass them, next({ … })
  expectError(next());
  return next({ user: { name: 'a', admin: false } });
});
// Optional additions: next() and next(undefined) are fine, as next({ … }) is.
middleware('mayAdd', async (_req: {}, next: Next<{ user?: User }>) => {
  await next(undefined);
  await next({ user: { name: 'a', admin: false } });
  return next();
});

// Check 5: using next()'s result without await.
middleware('noAwait', async (_req: {}, next: Next) => {
  const res = next();
  // error: Property 'headers' does not exist on type 'Promise<Passed<Response>>'.
  expectError(res.headers);
  return res;
});

// A sync layer's next() returns the response itself.
middleware.sync('syncNext', (_req: {}, next: NextSync) => {
  expectType<Passed<Response>>(next());
  return next();
});

// middleware.sync with a function that returns a promise.
// error: middleware.sync 'notSync' returns a promise: declare it with middleware() instead
expectError(middleware.sync('notSync', async (_req: {}, next: NextSync) => next()));

// 6. A layer that forgets `return`, or returns undefined on some path: an error on
// the layer's name, saying what to write.
expectError(
  // leads: middleware 'forgetful' can return undefined: return the response on every path (return next(), or return res)", [returns: Promise<void>]
  middleware('forgetful', async (_req: {}, next: Next) => {
    await next();
  }),
);
expectError(
  // leads: middleware 'sometimes' can return undefined: return the response on every path
  middleware('sometimes', async (req: { path: string }, next: Next) => {
    if (req.path === '/') return next();
    return undefined;
  }),
);
expectError(
  // leads: middleware 'syncForgetful' can return undefined
  middleware.sync('syncForgetful', (_req: {}, next: NextSync) => {
    next();
  }),
);

// ...and a layer that returns `next` instead of `next()`.
// leads: middleware 'uncalled' returns next itself: call it, return next()
expectError(middleware('uncalled', async (_req: {}, next: Next) => next));
// leads: middleware 'syncUncalled' returns next itself: call it, return next()
expectError(middleware.sync('syncUncalled', (_req: {}, next: NextSync) => next));

// 8. middleware() given a function that returns a response, not a promise.
// leads: middleware 'notAsync' returns a response, not a promise: make its function async, or declare it with middleware.sync()", [returns: Response]
expectError(middleware('notAsync', (_req: {}, _next: Next) => new Response('now')));
// A plain (not async) function that returns next()'s promise is an async layer all the same.
expectType<false>(middleware('promised', (_req: {}, next: Next) => next()).sync);

// 7. next({ user }) under a plain Next: the addition would vanish from the types,
// so it is an error where it is passed, naming the field.
const someone: User = { name: 'a', admin: true };
middleware('undeclared', async (_req: {}, next: Next) => {
  // leads: next() is given 'user', which this layer's Next<…> does not declare: declare it, Next<{ user: … }>
  expectError(next({ user: someone }));
  return next();
});
// Additions passed in a variable: the message is on the first line too (it was the third, behind an alias).
middleware('undeclaredVariable', async (_req: { token: string }, next: Next) => {
  const extra = { user: _req.token };
  // leads: next() is given 'user', which this layer's Next<…> does not declare
  expectError(next(extra));
  return next();
});
middleware('undeclaredInner', async (_req: {}, next: Next<{}, Response>) => {
  // leads: next() is given 'role', which this layer's Next<…> does not declare
  expectError(next({ role: 'admin' }));
  return next();
});
// Declared additions are checked by TypeScript's own excess property check.
middleware('extra', async (_req: {}, next: Next<{ user: User }>) => {
  // error: Object literal may only specify known properties, and 'role' does not exist in type '{ user: User; }'.
  expectError(next({ user: someone, role: 'admin' }));
  return next({ user: someone });
});
// An unannotated next is a plain Next.
middleware('bare', async (_req: {}, next) => {
  // leads: next() is given 'user', which this layer's Next<…> does not declare
  expectError(next({ user: 1 }));
  return next();
});

// 4. Layers generic in their request are rejected at their definition: the default
// of an unannotated request says what to write. (Supporting them would cost the
// contextual typing of every layer's `next`; see README.)
expectError(
  // error: middleware 'generic' reads its request through an annotation: write (req: { … }, next: Next) => …, with the fields it needs, not a type parameter
  middleware('generic', async <R extends { path: string }>(req: R, next: Next) => {
    console.log(req.path);
    return next();
  }),
);
// A sync one is told to write NextSync.
expectError(
  // error: middleware 'genericSync' reads its request through an annotation: write (req: { … }, next: NextSync) => …
  middleware.sync('genericSync', <R extends { path: string }>(req: R, next: NextSync) => {
    console.log(req.path);
    return next();
  }),
);
// Written as the message says, the same layer compiles and is checked where it is used.
const annotated = middleware('annotated', async (req: { path: string }, next: Next) => {
  console.log(req.path);
  return next();
});
expectType<{ path: string }>(null! as NeedsOf<typeof annotated>);

// An unannotated request needs nothing, and reading a field of it says what to write.
const bare = middleware('bare2', async (_req, next: Next) => next());
expectType<unknown>(null! as NeedsOf<typeof bare>);
middleware('reader', async (req, next: Next) => {
  // error: Property 'path' does not exist on type 'ChainError<"middleware 'reader' reads its request through an annotation: write (req: { … }, next: Next) => …, with the fields it needs, not a type parameter"> & NotAnnotated'.
  expectError(req.path);
  return next();
});

// A layer that can hand up `any` (a cache typed `any`) is taken to hand up what it
// gets from below: the layer above accepts it, and `any` does not reach the app.
declare const hits: Map<number, () => any>;
const cache = middleware.sync('cache', (req: { n: number }, next: NextSync) => {
  const hit = hits.get(req.n)?.();
  if (hit !== undefined) return hit;
  return next();
});
const cached = chain<{ n: number; path: string }>().use(logging).use(cache).handle(() => new Response('fresh'));
expectType<Response>(null! as ResponseOf<typeof cached>);
