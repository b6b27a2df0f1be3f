import { chain, middleware, type Next } from 'shallot';
import { note } from './log.js';

export interface User {
  readonly name: string;
  readonly admin: boolean;
}

/** Adds `user`, from the token. */
export const auth = middleware('auth', async (req: { token: string }, next: Next<{ user: User }>) => {
  note(`auth ${req.token}`);
  const user = { name: req.token, admin: req.token === 'root' };
  return next({ user });
});

/** Short-circuits in a conditional expression. */
export const adminOnly = middleware('adminOnly', async (req: { user: User }, next: Next) =>
  req.user.admin ? next() : new Response('Forbidden', { status: 403 }),
);

/** A sub-chain, spliced where it is used. */
export const secured = chain<{ token: string }>().use(auth).use(adminOnly);
