/**
 * Review 17: control flow around next(): try/finally, try/catch/finally with return await, finally that logs or
 * overrides, catch that rethrows or answers, throw after await, conditional next() and early returns, loops with
 * break, labelled blocks, `using`.
 */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const top = `${header}${R}
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}
const h = async (req: R): Promise<Response> => {
  req.log.push('handler ' + req.n);
  await null;
  if (req.n === 3) throw new HttpError(418, 'teapot');
  if (req.n === 4) throw new Error('plain boom');
  return new Response('ok ' + req.n);
};
const a = middleware('a', async (req: R, next: Next) => {
  req.log.push('a in');
  const res = await next();
  req.log.push('a out ' + res.status);
  return res;
});
`;

describe('review17: control flow', () => {
  it('try/finally, try/catch/finally, rethrow, catch answers, throw after await', async () => {
    await same('r17-flow-try', {
      'app.ts': `${top}
const tf = middleware('tf', async (req: R, next: Next) => {
  try {
    return next();
  } finally {
    req.log.push('tf finally');
  }
});
const tcf = middleware('tcf', async (req: R, next: Next) => {
  try {
    req.log.push('tcf try');
    return await next();
  } catch (e) {
    req.log.push('tcf catch ' + (e as Error).message);
    if (e instanceof HttpError) return new Response(e.message, { status: e.status });
    throw e;
  } finally {
    req.log.push('tcf finally');
  }
});
const override = middleware('override', async (req: R, next: Next) => {
  try {
    return await next();
  } finally {
    req.log.push('override finally');
    // eslint-disable-next-line no-unsafe-finally
    if (req.n >= 3) return new Response('overridden', { status: 299 });
  }
});
const rethrow = middleware('rethrow', async (req: R, next: Next) => {
  try {
    return await next();
  } catch (e) {
    req.log.push('rethrow');
    throw new Error('wrapped: ' + (e as Error).message);
  }
});
const afterThrow = middleware('afterThrow', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('afterThrow ' + res.status);
  if (req.n === 1) throw new HttpError(500, 'after');
  return res;
});
export const t1 = chain<R>().use(tf).use(a).handle(h);
export const t2 = chain<R>().use(tcf).use(tf).use(afterThrow).handle(h);
export const t3 = chain<R>().use(a).use(override).use(rethrow).handle(h);
export const t4 = chain<R>().use(tcf).use(rethrow).use(afterThrow).use(a).handle(h);
export const t5 = chain<R>().use(override).use(tcf).use(override).handle(h);
`,
    });
  }, 120_000);

  it('conditional next, early returns, loops with break, labelled blocks', async () => {
    await same('r17-flow-cond', {
      'app.ts': `${top}
const cond = middleware('cond', async (req: R, next: Next) => {
  if (req.n === 0) return new Response('zero', { status: 204 });
  if (req.n % 2 === 1) {
    req.log.push('cond odd');
    return next();
  }
  req.log.push('cond even');
  const r = await next();
  return new Response('even ' + r.status, { status: r.status });
});
const loop = middleware('loop', async (req: R, next: Next) => {
  for (let i = 0; i < 10; i++) {
    req.log.push('loop ' + i);
    if (i >= req.n) break;
  }
  while (true) {
    if (req.n === 5) return new Response('loop five');
    break;
  }
  return next();
});
const loopInside = middleware('loopInside', async (req: R, next: Next) => {
  for (const x of [1, 2, 3]) {
    if (x === 2) {
      const res = await next();
      req.log.push('loopInside ' + res.status);
      return res;
    }
    req.log.push('loopInside skip ' + x);
  }
  return new Response('unreachable');
});
const labelled = middleware('labelled', async (req: R, next: Next) => {
  outer: {
    inner: {
      if (req.n === 2) break outer;
      if (req.n === 1) break inner;
      req.log.push('labelled fall');
    }
    req.log.push('labelled after inner');
    return next();
  }
  req.log.push('labelled after outer');
  return new Response('labelled', { status: 203 });
});
export const c1 = chain<R>().use(a).use(cond).use(loop).handle(h);
export const c2 = chain<R>().use(loop).use(labelled).use(a).handle(h);
export const c3 = chain<R>().use(loopInside).use(cond).use(labelled).handle(h);
`,
    });
  }, 120_000);

  it('using declarations', async () => {
    await same('r17-flow-using', {
      'app.ts': `${top}
const resource = (req: R, tag: string) => ({
  [Symbol.dispose]() {
    req.log.push('dispose ' + tag);
  },
});
const scoped = middleware('scoped', async (req: R, next: Next) => {
  using r1 = resource(req, 'one');
  req.log.push('scoped in ' + typeof r1);
  const res = await next();
  req.log.push('scoped out ' + res.status);
  return res;
});
const scopedRet = middleware('scopedRet', async (req: R, next: Next) => {
  using _r = resource(req, 'ret');
  return next();
});
export const u1 = chain<R>().use(scoped).use(a).handle(h);
export const u2 = chain<R>().use(a).use(scopedRet).use(scoped).handle(h);
`,
    });
  }, 120_000);
});
