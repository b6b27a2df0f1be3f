// `any` fits everything, as in an assignment: a field, a layer's response or a
// handler's response typed `any` (a JSON parse, an untyped cache, a JS module) is
// never reported as of another type. A conditional on a type that is not a bare
// parameter takes both branches for `any`; the checks must not report that branch.
import { expectType } from 'tsd';
import { chain, middleware, type Next, type NextSync } from 'shallot';

interface User { id: string }
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const loose: any;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
declare const hits: Map<string, () => any>;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const parseBody = middleware('parseBody', async (_req: { path: string }, next: Next<{ body: any }>) => next({ body: loose }));
const needsUser = middleware('needsUser', async (req: { body: User }, next: Next) => {
  req.body.id;
  return next();
});
const untyped = middleware('untyped', async (_req: { path: string }, next: Next) => {
  const res = await next();
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return res as any;
});
const stamp = middleware('stamp', async (_req: { path: string }, next: Next) => {
  const res = await next();
  res.headers.set('x-stamp', '1');
  return res;
});
const cache = middleware.sync('cache', (req: { path: string }, next: NextSync) => {
  const hit = hits.get(req.path)?.();
  if (hit !== undefined) return hit;
  return next();
});

// a field an earlier layer adds as any
chain<{ path: string }>().use(parseBody).use(needsUser).handle((req) => new Response(req.body.id));
// a field of the Base typed any
chain<{ path: string; body: unknown } & { body: any }>().use(needsUser).handle(() => new Response('x'));
// a layer returning any below one that wants a Response
expectType<Response>(await chain<{ path: string }>().use(stamp).use(untyped).handle(() => new Response('x'))({ path: '/' }));
// a sync layer returning an any-typed hit below an async one
chain<{ path: string }>().use(stamp).use(cache).handle(() => new Response('fresh'));
// a handler returning any below a layer that wants a Response
chain<{ path: string }>().use(stamp).handle(() => loose);
// a sub-chain whose response is any
const sub = chain<{ path: string }>().use(untyped);
chain<{ path: string }>().use(stamp).use(sub).handle(() => new Response('x'));
