/** Review 4 probes: a returned value that may be a promise (typed any / a type parameter), inside try/catch/finally. */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

describe('a returned promise the layer does not await, inside try', () => {
  it('try { return lookup() } catch { fallback } finally { log }: the rejection is not caught, the finally runs first', async () => {
    await same('r4-settle-try', {
      'app.ts': `${header}${R}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const lookup = (req: R): any => (req.n === 2 ? Promise.reject(new Error('lookup failed')) : req.n === 3 ? Promise.resolve(new Response('looked up')) : undefined);
const cache = middleware('cache', async (req: R, next: Next) => {
  try {
    const hit = lookup(req);
    if (hit !== undefined) return hit;
  } catch {
    req.log.push('cache catch');
    return new Response('fallback');
  } finally {
    req.log.push('cache finally');
  }
  return next();
});
const plainCache = middleware('plainCache', (req: R, next: Next) => {
  try {
    return lookup(req) ?? next();
  } finally {
    req.log.push('plainCache finally');
  }
});
const outer = middleware('outer', async (req: R, next: Next) => {
  try {
    const res = await next();
    req.log.push('outer ' + res.status);
    return res;
  } catch (e) {
    req.log.push('outer caught ' + (e as Error).message);
    return new Response('outer caught', { status: 502 });
  }
});
const h = (req: R) => { req.log.push('handler'); return new Response('h ' + req.n); };
export const a = chain<R>().use(outer).use(cache).handle(h);
export const b = chain<R>().use(cache).handle(h);
export const c = chain<R>().use(outer).use(plainCache).use(cache).handle(h);
export const d = chain<R>().use(outer).use(cache).use(outer).use(cache).handle(h);
`,
    });
  });
});
