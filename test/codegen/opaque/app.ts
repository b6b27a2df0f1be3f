import { chain, middleware, type Next } from 'shallot';
import { retryOn403 } from './retry-lib.js';

/** Answers 403 outside /open, without calling next(). */
const gate = middleware('gate', async (req: { path: string; log: string[] }, next: Next) => {
  req.log.push('gate');
  if (req.path !== '/open') return new Response('Forbidden', { status: 403 });
  return next();
});

/**
 * A layer codegen cannot see into (JavaScript behind a declaration file) above a
 * gate: it is called, and its next() keeps the runtime's check, so its retry
 * past the 403 fails with NEXT_TWICE instead of reaching the handler.
 */
export const app = chain<{ path: string; log: string[] }>()
  .use(retryOn403())
  .use(gate)
  .handle((req) => {
    req.log.push('handler');
    return new Response('secret');
  });
