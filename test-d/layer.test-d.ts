// types/layer.ts and types/next.ts: what middleware() reads off fn's annotations.
import { expectError, expectType } from 'tsd';
import { middleware, type AddsOf, type Middleware, type NeedsOf, type Next, type NextSync, type Passed } from 'shallot';
import { adminOnly, auth, header, type User } from './fixtures.js';

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

// A layer that adds fields must pass them: next() alone is an error.
middleware('mustAdd', async (_req: {}, next: Next<{ user: User }>) => {
  // error: Expected 1 arguments, but got 0.
  expectError(next());
  return next({ user: { name: 'a', admin: false } });
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
