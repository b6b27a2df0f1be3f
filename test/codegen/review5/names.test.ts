/** Review 5 probes, B: which layer a guard error names, in sub-chains spliced at different depths. */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

describe('guard errors name the right layer', () => {
  it('BAD_ADDITIONS and NOT_A_RESPONSE from layers of a sub-chain spliced twice, and from a layer used twice', async () => {
    await same('r5-names-subchain', {
      'app.ts': `${header}${R}
const mapper = middleware('mapper', async (_req: R, next: Next) => {
  try {
    return await next();
  } catch (e) {
    return new Response('error ' + (e as Error).message + ' ' + String((e as { code?: unknown }).code), { status: 500 });
  }
});
const addA = middleware('addA', async (req: R, next: Next<{ a: number }>) => next((req.n === 1 && req.log.length === 0 ? 'bad' : { a: 1 }) as any));
const addB = middleware('addB', async (req: R, next: Next<{ b: number }>) => {
  req.log.push('b');
  return next((req.n === 2 && req.log.length === 2 ? 7 : { b: 1 }) as any);
});
const nothing = middleware('nothing', async (req: R, next: Next) => {
  const res = await next();
  return (req.n === 3 && req.log.length === 1 ? undefined : res) as Response;
});
const syncAdd = middleware.sync('syncAdd', (req: R, next: NextSync<{ s: number }>) => next((req.n === 4 ? null : { s: 1 }) as any));
const sub = chain<R>().use(addA).use(addB).use(nothing);
export const app = chain<R>().use(mapper).use(sub).use(nothing).use(sub).use(syncAdd).use(syncAdd).handle((req) => new Response('n' + req.n));
`,
    });
  });
});
