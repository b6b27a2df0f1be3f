/** Review 4 probes: several next() sites in plain and async layers, with additions, used twice and in sub-chains. */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

describe('several sites', () => {
  it('a plain router returning next(adds) on three paths, an async layer with an awaited site and a returned one, a sync one with two', async () => {
    await same('r4-sites', {
      'app.ts': `${header}${R}
const router = middleware('router', (req: R, next: Next<{ route: string }>) => {
  if (req.n === 0) return next({ route: 'home' });
  if (req.n < 3) return next({ route: 'list' + req.n });
  if (req.n === 3) return Promise.resolve(new Response('moved', { status: 301, headers: { location: '/' } }));
  return next({ route: 'other' });
});
const twoWays = middleware('twoWays', async (req: R & { route: string }, next: Next) => {
  if (req.route === 'home') {
    const res = await next();
    res.headers.set('x-home', '1');
    return res;
  }
  req.log.push('twoWays raw ' + req.route);
  return next();
});
const syncTwo = middleware.sync('syncTwo', (req: R & { route: string }, next: NextSync<{ sync: boolean }>) => {
  if (req.n % 2 === 0) return next({ sync: true });
  const res = next({ sync: false });
  req.log.push('syncTwo ' + res.status);
  return res;
});
const handler = (req: R & { route: string; sync: boolean }) => {
  req.log.push('handler ' + req.route + ' ' + req.sync);
  if (req.n === 5) throw new Error('five');
  return new Response(req.route);
};
const sub = chain<R & { route: string }>().use(twoWays).use(twoWays);
export const app = chain<R>().use(router).use(twoWays).use(syncTwo).use(syncTwo).handle(handler);
export const subs = chain<R>().use(router).use(sub).use(syncTwo).handle(handler);
export const off = chain<R>({ guards: false }).use(router).use(sub).use(twoWays).use(syncTwo).handle(handler);
`,
    });
  });
});
