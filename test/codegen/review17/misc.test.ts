/**
 * Review 17: parameter shapes and names: destructured req with defaults, shadowing of req/next/res inside the
 * body, closures capturing next, handlers that throw synchronously or return non-promises in async chains.
 */
import { describe, it } from 'vitest';
import { expect } from 'vitest';
import { R, diagnostics, gen, header, same } from '../review/lib.js';

const top = `${header}${R}
const a = middleware('a', async (req: R, next: Next) => {
  req.log.push('a in');
  const res = await next();
  req.log.push('a out ' + res.status);
  return res;
});
const h = async (req: R): Promise<Response> => {
  req.log.push('handler ' + req.n);
  await null;
  if (req.n === 3) throw new Error('boom');
  return new Response('ok ' + req.n);
};
`;

describe('review17: parameters, shadowing, closures, handlers', () => {
  it('destructured req, defaults', async () => {
    await same('r17-destructure', {
      'app.ts': `${top}
const d1 = middleware('d1', async ({ n, log }: R, next: Next) => {
  log.push('d1 ' + n);
  const res = await next();
  log.push('d1 out ' + res.status);
  return res;
});
const d2 = middleware('d2', async ({ n = 7, log, extra = 'none' }: R & { extra?: string }, next: Next) => {
  log.push('d2 ' + n + ' ' + extra);
  if (n === 2) return new Response('d2 stop', { status: 402 });
  return next();
});
const d3 = middleware('d3', async ({ log, ...rest }: R, next: Next) => {
  log.push('d3 ' + Object.keys(rest).join(','));
  return next();
});
export const x1 = chain<R>().use(d1).use(d2).handle(h);
export const x2 = chain<R>().use(d2).use(a).use(d1).use(d3).handle(h);
`,
    });
  }, 120_000);

  it('shadowing req, next, res inside the body', async () => {
    await same('r17-shadow', {
      'app.ts': `${top}
const sh1 = middleware('sh1', async (req: R, next: Next) => {
  {
    const req = { n: 100, log: [] as string[] };
    req.log.push('inner');
  }
  const res = await next();
  {
    const next = () => 'shadowed';
    req.log.push('sh1 ' + next());
  }
  return res;
});
const sh2 = middleware('sh2', async (req: R, next: Next) => {
  const fns = [1, 2].map((next) => next * 2);
  req.log.push('sh2 ' + fns.join(','));
  const res = await next();
  const f = (res: number) => res + 1;
  req.log.push('sh2 ' + f(res.status));
  return res;
});
const sh3 = middleware('sh3', async (req: R, next: Next) => {
  let res = new Response('initial', { status: 201 });
  if (req.n !== 1) res = await next();
  function next2(req: number) {
    return req * 3;
  }
  req.log.push('sh3 ' + next2(req.n) + ' ' + res.status);
  return res;
});
const sh4 = middleware('sh4', async (req: R, next: Next) => {
  try {
    return await next();
  } catch (next) {
    req.log.push('sh4 caught ' + (next as Error).message);
    return new Response('sh4', { status: 500 });
  }
});
export const s1 = chain<R>().use(sh1).use(sh2).use(sh3).handle(h);
export const s2 = chain<R>().use(sh4).use(sh3).use(sh1).handle(h);
`,
    });
  }, 120_000);

  it('closures capturing next', async () => {
    await same('r17-closures', {
      'app.ts': `${top}
const c1 = middleware('c1', async (req: R, next: Next) => {
  const go = () => next();
  req.log.push('c1');
  return go();
});
const c2 = middleware('c2', async (req: R, next: Next) => {
  const run = async () => {
    const r = await next();
    req.log.push('c2 run ' + r.status);
    return r;
  };
  if (req.n === 5) return new Response('c2 five');
  return run();
});
const c4 = middleware('c4', async (req: R, next: Next) => {
  return new Promise<Response>((resolve, reject) => {
    req.log.push('c4 executor');
    next().then(resolve, reject);
  });
});
export const k1 = chain<R>().use(c1).use(c2).use(a).handle(h);
export const k2 = chain<R>().use(c4).use(c1).use(c2).handle(h);
`,
    });
  }, 120_000);

  it('handlers that throw synchronously, return non-promises in async chains', async () => {
    await same('r17-handlers', {
      'app.ts': `${top}
const syncThrow = (req: R): Response => {
  req.log.push('syncThrow ' + req.n);
  if (req.n % 2 === 1) throw new Error('sync thrown');
  return new Response('plain ' + req.n);
};
function declaredHandler(req: R): Response | Promise<Response> {
  req.log.push('declared ' + req.n);
  if (req.n === 2) return Promise.resolve(new Response('promised'));
  if (req.n === 4) throw new Error('declared thrown');
  return new Response('value');
}
const guard = middleware('guard', async (req: R, next: Next) => {
  try {
    return await next();
  } catch (e) {
    req.log.push('guard ' + (e as Error).message);
    return new Response('guarded', { status: 500 });
  }
});
const passthrough = middleware('pass', (req: R, next: Next) => {
  req.log.push('pass');
  return next();
});
export const hh1 = chain<R>().use(a).handle(syncThrow);
export const hh2 = chain<R>().use(guard).use(passthrough).handle(syncThrow);
export const hh3 = chain<R>().use(passthrough).handle(declaredHandler);
export const hh4 = chain<R>().use(passthrough).use(a).handle(function (req: R) {
  req.log.push('fn expr');
  if (req.n === 1) throw new Error('fe');
  return new Response('fe ' + req.n);
});
export const hh5 = chain<R>().handle(syncThrow);
export const hh6 = chain<R>().use(passthrough).handle(async (req: R) => {
  if (req.n === 0) throw new Error('async throw before await');
  req.log.push('h6');
  return new Response('h6');
});
`,
    });
  }, 120_000);

  it('next stored in an array is reported', () => {
    const p = gen('r17-closure-array', {
      'app.ts': `${top}
const c3 = middleware('c3', async (req: R, next: Next) => {
  const later = [next];
  req.log.push('c3');
  return later[0]!();
});
export const k3 = chain<R>().use(c3).handle(h);
`,
    });
    expect(diagnostics(p)).toContain("middleware 'c3' passes next into an array");
  }, 120_000);
});
