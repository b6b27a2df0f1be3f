/** Review 3 probes: middleware as users write it for real servers: AsyncLocalStorage, header rewriting loops, cache revalidation, sessions, error mapping with non-Error throws. */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const requests = [0, 1, 2, 3, 4, 5, 6, 7].map((n) => ({ n }));

describe('a realistic server', () => {
  it('request context in AsyncLocalStorage read by inlined layers below, header rewriting, a session, a cache, an error boundary', async () => {
    await same('r3-realistic', {
      'context.ts': `import { AsyncLocalStorage } from 'node:async_hooks';
export const als = new AsyncLocalStorage<{ id: string }>();
export const current = (): string => als.getStore()?.id ?? 'none';
`,
      'app.ts': `${header}${R}
import { als, current } from './context.js';
export type Session = { user: string | null; dirty: boolean };
export const HOP = new Set(['connection', 'keep-alive', 'x-internal']);
const boundary = middleware('boundary', async ({ n, log }: R, next: Next) => {
  try {
    return await next();
  } catch (error: unknown) {
    const message = error instanceof Error ? error.message : typeof error === 'string' ? error : JSON.stringify(error);
    log.push('boundary ' + message);
    return new Response('error: ' + message, { status: n === 6 ? 503 : 500 });
  }
});
const context = middleware('context', (req: R, next: Next) => als.run({ id: 'req-' + req.n }, () => next()));
const session = middleware('session', async (req: R, next: Next<{ session: Session }>) => {
  const session: Session = { user: req.n % 2 === 0 ? 'u' + req.n : null, dirty: false };
  const res = await next({ session });
  if (session.dirty) res.headers.append('set-cookie', 'sid=' + session.user + '; HttpOnly');
  return res;
});
const strip = middleware('strip', async (req: R, next: Next) => {
  const res = await next();
  const out = new Headers();
  for (const [k, v] of res.headers) {
    if (HOP.has(k)) continue;
    out.set(k, v);
  }
  req.log.push('strip ' + current());
  return new Response(res.body, { status: res.status, headers: out });
});
const store = new Map<number, { res: Response; at: number }>([[1, { res: new Response('cached one', { headers: { 'x-internal': 'c' } }), at: 0 }], [7, { res: new Response('stale'), at: 0 }]]);
export { store };
const cache = middleware('cache', async (req: R, next: Next) => {
  const hit = store.get(req.n);
  if (hit !== undefined && req.n !== 7) {
    req.log.push('cache hit');
    return hit.res.clone();
  }
  const res = await next();
  if (res.status === 200 && req.n === 4) res.headers.set('cache-control', 'max-age=60');
  return res;
});
const auth = middleware('auth', async (req: R & { session: Session }, next: Next<{ user: string }>) => {
  req.log.push('auth in ' + current());
  if (req.session.user === null) {
    if (req.n === 5) throw { code: 'E_ANON', n: req.n };
    if (req.n === 3) throw 'anonymous three';
    return new Response('login', { status: 401 });
  }
  req.session.dirty = req.n > 2;
  return next({ user: req.session.user });
});
export const app = chain<R>()
  .use(boundary)
  .use(context)
  .use(session)
  .use(strip)
  .use(cache)
  .use(auth)
  .handle((req) => {
    req.log.push('handler ' + req.user + ' ' + current());
    if (req.n === 6) throw new RangeError('six');
    const res = new Response('hello ' + req.user);
    res.headers.set('x-internal', 'secret');
    res.headers.set('keep-alive', 'timeout=5');
    res.headers.set('x-user', req.user);
    return res;
  });
`,
    }, requests);
  });
});
