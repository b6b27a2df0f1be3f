import { chain, middleware, type Next, type NextSync } from 'shallot';

export const events: string[] = [];

/** Hands up what next() gave it and does nothing else: generated as nothing at all. */
const passAwait = middleware('passAwait', async (_req: {}, next: Next) => {
  const res = await next();
  return res;
});
const passReturn = middleware('passReturn', async (_req: {}, next: Next) => next());

/** `if (…) return next();` without braces: the layers below become a braced block there. */
const gate = middleware('gate', async (req: { path: string }, next: Next) => {
  if (req.path !== '/private') return next();
  return new Response('Forbidden', { status: 403 });
});

/** A response that a nested function reads keeps its own name (copied from the layers below). */
const later = middleware('later', async (_req: {}, next: Next) => {
  const res = await next();
  const status = (): number => res.status;
  events.push(`later saw ${status()}`);
  return res;
});

export const app = chain<{ path: string }>()
  .use(passAwait)
  .use(gate)
  .use(passReturn)
  .use(later)
  .handle((req) => new Response(`at ${req.path}`));

const passSync = middleware.sync('passSync', (_req: {}, next: NextSync) => {
  const res = next();
  return res;
});

/** All layers transparent: the handler's response is the function's. */
export const syncApp = chain<{ path: string }>()
  .use(passSync)
  .handle((req) => new Response(`sync at ${req.path}`));
