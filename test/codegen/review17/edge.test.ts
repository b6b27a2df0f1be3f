/**
 * Review 17: edges where inlining could change meaning: synchronous throws from inner layers/handlers seen by an
 * outer try/catch around `return next()` or by next().catch, `this` in detached methods, next's own properties,
 * hoisted var/function names colliding across layers, `using` with throw.
 */
import { describe, expect, it } from 'vitest';
import { R, diagnostics, gen, header, same } from '../review/lib.js';

const top = `${header}${R}
const syncThrow = (req: R): Response => {
  req.log.push('syncThrow ' + req.n);
  if (req.n % 2 === 1) throw new Error('sync thrown');
  return new Response('plain ' + req.n);
};
const earlyThrow = middleware('earlyThrow', (req: R, next: Next) => {
  req.log.push('earlyThrow');
  if (req.n === 2) throw new Error('early');
  return next();
});
`;

describe('review17: edges', () => {
  it('outer try/catch around return next() (no await) with inner sync throws', async () => {
    await same('r17-edge-syncthrow', {
      'app.ts': `${top}
const noAwaitCatch = middleware('noAwaitCatch', async (req: R, next: Next) => {
  try {
    return next();
  } catch (e) {
    req.log.push('noAwaitCatch caught ' + (e as Error).message);
    return new Response('caught', { status: 500 });
  }
});
const plainCatch = middleware('plainCatch', (req: R, next: Next) => {
  try {
    return next();
  } catch (e) {
    req.log.push('plainCatch caught ' + (e as Error).message);
    return Promise.resolve(new Response('caught', { status: 501 }));
  }
});
const dotCatch = middleware('dotCatch', (req: R, next: Next) =>
  next().catch((e: unknown) => {
    req.log.push('dotCatch ' + (e as Error).message);
    return new Response('dotCatch', { status: 502 });
  }),
);
const resolveCatch = middleware('resolveCatch', (req: R, next: Next) => {
  req.log.push('resolveCatch');
  return Promise.resolve(next()).catch(() => new Response('rc', { status: 503 }));
});
export const e1 = chain<R>().use(noAwaitCatch).handle(syncThrow);
export const e2 = chain<R>().use(noAwaitCatch).use(earlyThrow).handle(syncThrow);
export const e3 = chain<R>().use(plainCatch).handle(syncThrow);
export const e4 = chain<R>().use(plainCatch).use(earlyThrow).handle(syncThrow);
export const e5 = chain<R>().use(dotCatch).use(earlyThrow).handle(syncThrow);
export const e6 = chain<R>().use(resolveCatch).use(earlyThrow).handle(syncThrow);
export const e7 = chain<R>().use(earlyThrow).handle(syncThrow);
`,
    });
  }, 120_000);

  it('this in detached methods', async () => {
    await same('r17-edge-this', {
      'app.ts': `${top}
const obj = {
  tag: 'obj',
  async run(this: unknown, req: R, next: Next) {
    req.log.push('this ' + typeof this);
    return next();
  },
};
export class St {
  static tag = 'St';
  static async check(this: unknown, req: R, next: Next): Promise<Response> {
    req.log.push('static this ' + typeof this);
    return next();
  }
}
export const t1 = chain<R>().use(middleware('obj', obj.run)).use(middleware('st', St.check)).handle(syncThrow);
`,
    });
  }, 120_000);

  it('colliding names and hoisting across inlined layers', async () => {
    await same('r17-edge-names', {
      'app.ts': `${top}
let res = 'module res';
const req = 'module req';
const v1 = middleware('v1', async (r: R, next: Next) => {
  if (r.n > 100) {
    var hoisted: string | undefined = 'v1';
  }
  r.log.push('v1 ' + String(hoisted) + ' ' + helper());
  function helper() {
    return 'helper v1';
  }
  const out = await next();
  r.log.push('v1 module ' + res + ' ' + req);
  return out;
});
const v2 = middleware('v2', async (r: R, next: Next) => {
  var hoisted = 'v2';
  function helper() {
    return 'helper v2';
  }
  const fns: (() => number)[] = [];
  for (let i = 0; i < 3; i++) fns.push(() => i);
  r.log.push('v2 ' + hoisted + ' ' + helper() + ' ' + fns.map((f) => f()).join(''));
  res = 'changed';
  return next();
});
export const n1 = chain<R>().use(v1).use(v2).use(v1).handle(syncThrow);
`,
    });
  }, 120_000);

  it('using with throws and early returns', async () => {
    await same('r17-edge-using', {
      'app.ts': `${top}
const resource = (req: R, tag: string) => ({
  [Symbol.dispose]() {
    req.log.push('dispose ' + tag);
  },
});
const u = middleware('u', async (req: R, next: Next) => {
  using _a = resource(req, 'a');
  try {
    using _b = resource(req, 'b');
    if (req.n === 5) return new Response('u five');
    return await next();
  } catch (e) {
    req.log.push('u caught ' + (e as Error).message);
    throw e;
  } finally {
    req.log.push('u finally');
  }
});
const us = middleware.sync('us', (req: R, next: NextSync) => {
  using _c = resource(req, 'c');
  return next();
});
export const w1 = chain<R>().use(u).use(earlyThrow).handle(syncThrow);
export const w2 = chain<R>().use(us).use(us).handle(syncThrow);
`,
    });
  }, 120_000);

  it('sync try/catch/finally override, module-level next/res names, destructured await', async () => {
    await same('r17-edge-sync', {
      'app.ts': `${top}
const next = 'module next';
const sc = middleware.sync('sc', (req: R, nx: NextSync) => {
  try {
    return nx();
  } catch (e) {
    req.log.push('sc caught ' + (e as Error).message + ' ' + next);
    return new Response('sc', { status: 500 });
  } finally {
    req.log.push('sc finally');
    // eslint-disable-next-line no-unsafe-finally
    if (req.n === 4) return new Response('sc override', { status: 299 });
  }
});
const st = middleware.sync('st', (req: R, nx: NextSync) => {
  req.log.push('st');
  if (req.n === 2) throw new Error('st thrown');
  return nx();
});
const ds = middleware('ds', async (req: R, nx: Next) => {
  const { status = 0, ok } = await nx();
  req.log.push('ds ' + status + ' ' + ok + ' ' + next);
  return new Response('ds ' + status);
});
export const q1 = chain<R>().use(sc).use(st).handle(syncThrow);
export const q2 = chain<R>().use(ds).use(sc).use(st).handle(syncThrow);
export const q3 = chain<R>().use(sc).use(sc).handle((req: R) => {
  req.log.push('q3 ' + next);
  return new Response(next);
});
`,
    });
  }, 120_000);

  it('typeof next (next read as a value) is reported, not inlined', () => {
    const p = gen('r17-edge-typeof-next', {
      'app.ts': `${top}
const props = middleware('props', async (req: R, next: Next) => {
  req.log.push('next ' + typeof next);
  return next();
});
export const t2 = chain<R>().use(props).handle(syncThrow);
`,
    });
    expect(diagnostics(p)).toContain("middleware 'props' passes next as a value");
  }, 120_000);
});
