/** Review probes: handlers in every form, in async and sync chains. */
import { describe, it } from 'vitest';
import { R, header, same } from './lib.js';

describe('handlers', () => {
  it('function declarations from another module, plain functions returning promises, try/finally, early returns, additions read', async () => {
    await same('handlers-forms', {
      'handlers.ts': `import type { R } from './app.js';
export async function show(req: R & { user: string }): Promise<Response> {
  req.log.push('show');
  if (req.n === 2) return new Response('two', { status: 202 });
  await Promise.resolve();
  return new Response('user ' + req.user);
}
export function later(req: R): Promise<Response> {
  try {
    if (req.n === 3) throw new Error('sync throw in later');
    return Promise.resolve(new Response('later ' + req.n));
  } finally {
    req.log.push('later finally');
  }
}
export const rejecting = (req: R): Promise<Response> => (req.n === 4 ? Promise.reject(new Error('rejected')) : Promise.resolve(new Response('ok ' + req.n)));
export default (req: R) => new Response('default ' + req.n);
`,
      'app.ts': `${header}import handleDefault, { later, rejecting, show } from './handlers.js';
${R}
const user = middleware('user', async (req: R, next: Next<{ user: string }>) => {
  try {
    const res = await next({ user: 'u' + req.n });
    res.headers.set('x-user', 'set');
    return res;
  } catch (error) {
    req.log.push('caught ' + (error as Error).message);
    return new Response('caught', { status: 500 });
  }
});
const passing = middleware('passing', (_req: R, next: Next) => next());
export const a = chain<R>().use(user).handle(show);
export const b = chain<R>().use(user).handle(later);
export const c = chain<R>().use(user).use(passing).handle(rejecting);
export const d = chain<R>().use(passing).handle(rejecting);
export const e = chain<R>().handle(later);
export const f = chain<R>().use(user).handle(handleDefault);
export const g = chain<R>().handle(async (req) => {
  try {
    return rejecting(req);
  } finally {
    req.log.push('g finally');
  }
});
`,
    });
  });

  it('sync chains: a plain handler returning a promise where no layer reads it, and handlers that throw', async () => {
    await same('handlers-sync', {
      'app.ts': `${header}${R}
const id = middleware.sync('id', (req: R, next: NextSync<{ id: string }>) => next({ id: 'id' + req.n }));
const tag = middleware.sync('tag', (req: R, next: NextSync) => {
  const res = next();
  res.headers.set('x-tag', String(req.n));
  return res;
});
export const a = chain<R>().use(id).use(tag).handle((req) => {
  if (req.n === 3) throw new TypeError('three');
  return new Response(req.id);
});
export const b = chain<R>().handle((req) => Promise.resolve(new Response('promised ' + req.n)));
export const c = chain<R>().handle((req) => {
  if (req.n === 2) throw 'two';
  return new Response('c');
});
`,
    });
  });
});
