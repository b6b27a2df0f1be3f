/** Review 4 probes: promise-style plain functions (.then chains, a kept promise, Promise.all / race returned). */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const handler = ".handle((req) => {\n  req.log.push('handler ' + req.n);\n  if (req.n === 5) throw new Error('boom ' + req.n);\n  return new Response('n=' + req.n, { status: req.n === 4 ? 404 : 200 });\n})";

const layers = `
export const audit = (log: string[], what: string): Promise<void> => Promise.resolve().then(() => { log.push('audit ' + what); });
const thenHeader = middleware('thenHeader', (req: R, next: Next) =>
  next().then((res) => {
    req.log.push('thenHeader ' + res.status);
    res.headers.append('x-then', String(req.n));
    return res;
  }),
);
const kept = middleware('kept', function (req: R, next: Next) {
  const p = next().then((r) => {
    req.log.push('kept then');
    return r;
  });
  req.log.push('kept after next');
  return p;
});
const all = middleware('all', (req: R, next: Next) => {
  req.log.push('all in');
  return Promise.all([next(), audit(req.log, 'all')]).then(([res]) => res);
});
const allAwait = middleware('allAwait', async (req: R, next: Next) => {
  const [res] = await Promise.all([next(), audit(req.log, 'allAwait')]);
  req.log.push('allAwait done');
  return res;
});
const raced = middleware('raced', async (req: R, next: Next) => {
  const timeout = new Promise<Response>((resolve) => setTimeout(() => resolve(new Response('timeout', { status: 504 })), 500));
  return Promise.race([next(), timeout]).then((r) => { req.log.push('raced ' + r.status); return r; });
});
const catching = middleware('catching', (req: R, next: Next) =>
  next().catch((e: unknown) => {
    req.log.push('catching ' + (e as Error).message);
    return new Response('recovered', { status: 503 });
  }),
);
const fin = middleware('fin', (req: R, next: Next) => next().finally(() => req.log.push('fin')));
const plainReturn = middleware('plainReturn', (req: R, next: Next) => {
  req.log.push('plainReturn');
  if (req.n === 2) return Promise.resolve(new Response('plain early', { status: 202 }));
  return next();
});
const before = middleware('before', async (req: R, next: Next) => {
  req.log.push('before in');
  const res = await next();
  req.log.push('before out ' + res.status);
  return res;
});
`;

describe('promise-style plain functions', () => {
  it('each twice, around inlined async layers', async () => {
    await same('r4-promises', {
      'app.ts': `${header}${R}${layers}
export const thens = chain<R>().use(thenHeader).use(before).use(thenHeader).use(before)${handler};
export const keeps = chain<R>().use(kept).use(before).use(kept)${handler};
export const alls = chain<R>().use(all).use(before).use(allAwait).use(all).use(allAwait)${handler};
export const races = chain<R>().use(raced).use(before).use(raced)${handler};
export const catches = chain<R>().use(catching).use(fin).use(before).use(catching).use(fin)${handler};
export const plains = chain<R>().use(plainReturn).use(before).use(plainReturn).use(thenHeader)${handler};
const sub = chain<R>().use(fin).use(plainReturn).use(before);
export const subs = chain<R>().use(before).use(sub).use(catching).use(sub)${handler};
`,
    });
  });
  it('the same chains built with chain({ guards: false })', async () => {
    await same('r4-promises-off', {
      'app.ts': `${header}${R}${layers}
export const thens = chain<R>({ guards: false }).use(thenHeader).use(before).use(thenHeader).use(before)${handler};
export const keeps = chain<R>({ guards: false }).use(kept).use(before).use(kept)${handler};
export const alls = chain<R>({ guards: false }).use(all).use(before).use(allAwait).use(all).use(allAwait)${handler};
export const races = chain<R>({ guards: false }).use(raced).use(before).use(raced)${handler};
export const catches = chain<R>({ guards: false }).use(catching).use(fin).use(before).use(catching).use(fin)${handler};
export const plains = chain<R>({ guards: false }).use(plainReturn).use(before).use(plainReturn).use(thenHeader)${handler};
const sub = chain<R>({ guards: false }).use(fin).use(plainReturn).use(before);
export const subs = chain<R>({ guards: false }).use(before).use(sub).use(catching).use(sub)${handler};
`,
    });
  });
});
