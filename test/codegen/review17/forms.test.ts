/**
 * Review 17: every function form handed to middleware()/middleware.sync()/handle(), layers reused in one chain,
 * across chains and in a sub-chain spliced twice, and a no-parameter helper returning a builder.
 */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const top = `${header}${R}
const h = async (req: R): Promise<Response> => {
  req.log.push('handler ' + req.n);
  await null;
  if (req.n === 3) throw new Error('boom');
  return new Response('ok ' + req.n);
};
`;

describe('review17: function forms', () => {
  it('async arrows, function expressions, declarations, const arrows by name', async () => {
    await same('r17-forms-async', {
      'app.ts': `${top}
const exprBody = middleware('exprBody', async (req: R, next: Next) => (req.log.push('expr'), next()));
const block = middleware('block', async (req: R, next: Next) => {
  req.log.push('block in');
  const res = await next();
  req.log.push('block out ' + res.status);
  return res;
});
const named = middleware('named', async function namedFn(req: R, next: Next) {
  req.log.push('named ' + typeof namedFn);
  return next();
});
const anon = middleware('anon', async function (req: R, next: Next) {
  req.log.push('anon');
  const r = await next();
  r.headers.set('x-anon', '1');
  return r;
});
async function declared(req: R, next: Next): Promise<Response> {
  req.log.push('declared ' + declared.name);
  return next();
}
const decl = middleware('decl', declared);
const arrowFn = async (req: R, next: Next): Promise<Response> => {
  req.log.push('arrowFn');
  if (req.n === 5) return new Response('five', { status: 205 });
  return next();
};
const byName = middleware('byName', arrowFn);
export const f1 = chain<R>().use(exprBody).use(block).use(named).handle(h);
export const f2 = chain<R>().use(anon).use(decl).use(byName).handle(h);
export const f3 = chain<R>().use(block).use(exprBody).use(block).use(decl).use(decl).handle(h);
`,
    });
  }, 120_000);

  it('object method, class static method', async () => {
    await same('r17-forms-methods', {
      'app.ts': `${top}
const m = {
  async run(req: R, next: Next) {
    req.log.push('m.run');
    const res = await next();
    req.log.push('m.run out ' + res.status);
    return res;
  },
};
export class Guard {
  static async check(req: R, next: Next): Promise<Response> {
    req.log.push('Guard.check');
    if (req.n === 1) return new Response('denied', { status: 401 });
    return next();
  }
}
const om = middleware('om', m.run);
const st = middleware('st', Guard.check);
export const m1 = chain<R>().use(om).use(st).handle(h);
export const m2 = chain<R>().use(st).use(om).use(st).handle(h);
`,
    });
  }, 120_000);

  it('plain functions returning next().then(...) and Promise.resolve(next())', async () => {
    await same('r17-forms-promise', {
      'app.ts': `${top}
const thenStyle = middleware('thenStyle', (req: R, next: Next) => {
  req.log.push('then in');
  return next().then((res) => {
    req.log.push('then out ' + res.status);
    res.headers.set('x-then', '1');
    return res;
  });
});
const thenCatch = middleware('thenCatch', function (req: R, next: Next) {
  return next().then(
    (res) => res,
    (e: unknown) => {
      req.log.push('thenCatch ' + (e as Error).message);
      return new Response('recovered', { status: 500 });
    },
  );
});
const resolved = middleware('resolved', (req: R, next: Next) => {
  req.log.push('resolved');
  return Promise.resolve(next());
});
export const p1 = chain<R>().use(thenStyle).use(resolved).handle(h);
export const p2 = chain<R>().use(thenCatch).use(thenStyle).use(resolved).handle(h);
export const p3 = chain<R>().use(resolved).use(thenCatch).handle(h);
`,
    });
  }, 120_000);

  it('sync layers via middleware.sync and sync handlers', async () => {
    await same('r17-forms-sync', {
      'app.ts': `${header}${R}
const s1 = middleware.sync('s1', (req: R, next: NextSync) => {
  req.log.push('s1 in');
  const res = next();
  req.log.push('s1 out ' + res.status);
  return res;
});
function s2fn(req: R, next: NextSync): Response {
  try {
    return next();
  } finally {
    req.log.push('s2 finally');
  }
}
const s2 = middleware.sync('s2', s2fn);
const s3 = middleware.sync('s3', (req: R, next: NextSync) => (req.n === 2 ? new Response('two', { status: 202 }) : next()));
const hs = (req: R): Response => {
  req.log.push('hs ' + req.n);
  if (req.n === 4) throw new Error('sync boom');
  return new Response('sync ' + req.n);
};
const a = middleware('a', async (req: R, next: Next) => {
  req.log.push('a in');
  const res = await next();
  req.log.push('a out');
  return res;
});
export const y1 = chain<R>().use(s1).use(s2).use(s3).handle(hs);
export const y2 = chain<R>().use(a).use(s2).use(s3).handle(hs);
export const y3 = chain<R>().use(a).use(s1).use(s1).handle(hs);
export const y4 = chain<R>().use(a).use(s3).handle(hs);
`,
    });
  }, 120_000);

  it('reuse: twice in one chain, across chains, sub-chain spliced twice, helper returning a builder', async () => {
    await same('r17-reuse', {
      'app.ts': `${top}
let counter = 0;
const a = middleware('a', async (req: R, next: Next) => {
  req.log.push('a in');
  const res = await next();
  req.log.push('a out ' + res.status);
  return res;
});
const b = middleware('b', async (req: R, next: Next) => {
  req.log.push('b');
  if (req.n === 2) return new Response('b stop', { status: 409 });
  return next();
});
const sub = chain<R>().use(a).use(b);
const base = () => chain<R>().use(a);
export const r1 = chain<R>().use(a).use(b).use(a).handle(h);
export const r2 = chain<R>().use(b).use(a).handle(h);
export const r3 = chain<R>().use(sub).use(b).use(sub).handle(h);
export const r4 = base().use(b).handle(h);
export const r5 = base().use(sub).handle(async (req: R) => {
  req.log.push('r5 ' + req.n + ' ' + typeof counter);
  return new Response('r5');
});
`,
    });
  }, 120_000);
});
