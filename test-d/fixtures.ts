// Layers shared by the type tests.
import { middleware, type Next, type NextSync } from 'shallot';

export interface User {
  name: string;
  admin: boolean;
}

/** Adds `user`; needs `token`. */
export const auth = middleware('auth', async (req: { token: string }, next: Next<{ user: User }>) =>
  next({ user: { name: req.token, admin: req.token === 'root' } }),
);

/** Needs `user`; short-circuits with a 403 (so it is not transparent). */
export const adminOnly = middleware('adminOnly', async (req: { user: User }, next: Next) =>
  req.user.admin ? next() : new Response('Forbidden', { status: 403 }),
);

/** Transparent: returns exactly what next() gave it. */
export const logging = middleware('logging', async (req: { path: string }, next: Next) => {
  const res = await next();
  console.log(req.path, res.status);
  return res;
});

/** A synchronous, transparent layer. */
export const header = middleware.sync('header', (_req: {}, next: NextSync) => {
  const res = next();
  res.headers.set('X-Custom-Header', 'Hello');
  return res;
});

/** A response type narrower than `Response`. */
export type JsonResponse<T> = Response & { readonly data: T };

export const json = <T>(data: T): JsonResponse<T> => Object.assign(Response.json(data), { data });
