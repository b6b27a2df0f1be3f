/** Review 5 probes, B: guard errors thrown inside a layer's try (NOT_A_RESPONSE, SYNC_GOT_PROMISE, BAD_ADDITIONS), caught by the layer. */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const lyingHandler = `.handle(((req: R) => {
  req.log.push('handler ' + req.n);
  if (req.n === 1) return undefined;
  if (req.n === 2) return Promise.resolve(new Response('promised'));
  if (req.n === 3) return null;
  if (req.n === 4) throw new Error('boom');
  return new Response('n=' + req.n);
}) as any)`;

describe('guard errors caught by the layer that meets them', () => {
  it('a sync layer: try { next() } catch { answer e.message } (and finally)', async () => {
    await same('r5-caught-sync', {
      'app.ts': `${header}${R}
const safe = middleware.sync('safe', (req: R, next: NextSync) => {
  try {
    const res = next();
    res.headers.set('x-safe', '1');
    return res;
  } catch (e) {
    req.log.push('caught ' + (e as Error).message + ' ' + String((e as { code?: unknown }).code));
    return new Response('caught', { status: 500 });
  } finally {
    req.log.push('finally');
  }
});
const adds = middleware.sync('adds', (req: R, next: NextSync<{ a: number }>) => {
  try {
    return next((req.n === 3 ? 'str' : { a: 1 }) as any);
  } catch (e) {
    return new Response('adds ' + String((e as { code?: unknown }).code));
  }
});
export const app = chain<R>().use(safe)${lyingHandler};
export const under = chain<R>().use(safe).use(safe)${lyingHandler};
export const addsApp = chain<R>().use(adds).use(safe)${lyingHandler};
export const asyncAbove = chain<R>().use(middleware('top', async (_req: R, next: Next) => next())).use(safe)${lyingHandler};
`,
    });
  });
  it('an async layer: try { await next() } catch, over an inlined layer answering a non-response', async () => {
    await same('r5-caught-async', {
      'app.ts': `${header}${R}
const safe = middleware('safe', async (req: R, next: Next) => {
  let res: Response;
  try {
    res = await next();
  } catch (e) {
    req.log.push('caught ' + (e as Error).message + ' ' + String((e as { code?: unknown }).code));
    return new Response('caught', { status: 500 });
  } finally {
    req.log.push('finally');
  }
  return res;
});
const odd = middleware('odd', async (req: R, next: Next) => {
  const res = await next();
  return (req.n === 0 ? undefined : res) as Response;
});
const oddSync = middleware.sync('oddSync', (req: R, next: NextSync) => {
  const res = next();
  return (req.n === 5 ? 0 : res) as Response;
});
export const app = chain<R>().use(safe).use(odd)${lyingHandler};
export const deep = chain<R>().use(safe).use(odd).use(safe).use(oddSync)${lyingHandler};
`,
    });
  });
});
