import { chain, middleware, type NextSync } from 'shallot';

const header = middleware.sync('header', (_req: {}, next: NextSync) => {
  const res = next();
  res.headers.set('X-Custom-Header', 'Hello');
  return res;
});

const guard = middleware.sync('guard', (req: { path: string }, next: NextSync<{ depth: number }>) => {
  if (req.path.startsWith('/private')) return new Response('Forbidden', { status: 403 });
  return next({ depth: req.path.split('/').length - 1 });
});

/** An all-sync chain: the generated handler has no promise at all. */
export const app = chain<{ path: string }>()
  .use(header)
  .use(guard)
  .handle((req) => new Response(`depth ${req.depth}`));
