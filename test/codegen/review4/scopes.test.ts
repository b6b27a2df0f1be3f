/** Review 4 probes: try/finally, try/catch/finally and using / await using around next(), async and sync. */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const handler = ".handle((req) => {\n  req.log.push('handler ' + req.n);\n  if (req.n === 5) throw new Error('boom ' + req.n);\n  return new Response('n=' + req.n, { status: req.n === 4 ? 404 : 200 });\n})";

const below = `
const before = middleware('before', async (req: R, next: Next) => {
  req.log.push('before in');
  const res = await next();
  req.log.push('before out');
  return res;
});
const session = middleware('session', async (req: R, next: Next<{ user: string }>) => {
  req.log.push('session load');
  const user = await Promise.resolve('u' + req.n);
  req.log.push('session loaded ' + user);
  return next({ user });
});
const after = middleware('after', async (req: R & { user: string }, next: Next) => {
  req.log.push('after ' + req.user);
  await next();
  req.log.push('after done');
  return new Response('after ' + req.user);
});
`;

describe('try around next() in an async layer', () => {
  it('try { return next() } finally, try { return await next() } catch finally, each twice, above inlined layers that await', async () => {
    await same('r4-scope-try', {
      'app.ts': `${header}${R}${below}
const finallyRaw = middleware('finallyRaw', async (req: R, next: Next) => {
  try {
    return next();
  } finally {
    req.log.push('finallyRaw finally');
  }
});
const full = middleware('full', async (req: R, next: Next) => {
  req.log.push('full in');
  try {
    return await next();
  } catch {
    req.log.push('full catch');
    return new Response('full caught', { status: 500 });
  } finally {
    req.log.push('full finally');
  }
});
const rethrow = async function (req: R, next: Next) {
  try {
    const res = await next();
    res.headers.set('x-rethrow', 'ok');
    return res;
  } catch (e) {
    req.log.push('rethrow ' + (e as Error).message);
    throw new Error('mapped: ' + (e as Error).message);
  } finally {
    req.log.push('rethrow finally');
  }
};
const mapped = middleware('mapped', rethrow);
export const a = chain<R>().use(finallyRaw).use(before).use(finallyRaw).use(session).use(before)${handler};
export const b = chain<R>().use(full).use(before).use(full).use(session)${handler};
export const c = chain<R>().use(mapped).use(full).use(mapped).use(before)${handler};
export const d = chain<R>().use(before).use(finallyRaw).use(session).use(after).use(finallyRaw).use(before)${handler};
export const e = chain<R>().use(full).use(finallyRaw).use(mapped).use(session)${handler};
`,
    });
  });
});

describe('using and await using around next()', () => {
  it('using around return next(), await using around await next(), both twice', async () => {
    await same('r4-scope-using', {
      'app.ts': `${header}${R}${below}
export const resource = (log: string[], name: string) => ({ [Symbol.dispose]: () => { log.push('dispose ' + name); } });
export const asyncResource = (log: string[], name: string) => ({
  [Symbol.asyncDispose]: async () => {
    log.push('async dispose start ' + name);
    await Promise.resolve();
    log.push('async dispose end ' + name);
  },
});
const scoped = middleware('scoped', async (req: R, next: Next) => {
  using _r = resource(req.log, 'scoped');
  return next();
});
const asyncScoped = middleware('asyncScoped', async (req: R, next: Next) => {
  await using _r = asyncResource(req.log, 'asyncScoped');
  const res = await next();
  req.log.push('asyncScoped got ' + res.status);
  return res;
});
const blockScoped = middleware('blockScoped', async (req: R, next: Next) => {
  {
    using _r = resource(req.log, 'block');
    req.log.push('in block');
  }
  return await next();
});
export const a = chain<R>().use(scoped).use(before).use(scoped).use(session)${handler};
export const b = chain<R>().use(asyncScoped).use(before).use(asyncScoped).use(session)${handler};
export const c = chain<R>().use(blockScoped).use(session).use(asyncScoped).use(scoped).use(blockScoped).use(after)${handler};
`,
    });
  });
  it('sync: using and try/finally around next() in middleware.sync, twice', async () => {
    await same('r4-scope-sync', {
      'app.ts': `${header}${R}
export const resource = (log: string[], name: string) => ({ [Symbol.dispose]: () => { log.push('dispose ' + name); } });
const scoped = middleware.sync('scoped', (req: R, next: NextSync) => {
  using _r = resource(req.log, 'scoped' + req.n);
  return next();
});
const guarded = middleware.sync('guarded', function (req: R, next: NextSync<{ extra: number }>) {
  try {
    return next({ extra: 1 });
  } catch (e) {
    req.log.push('guarded ' + (e as Error).message);
    return new Response('sync caught', { status: 500 });
  } finally {
    req.log.push('guarded finally');
  }
});
function plain(req: R, next: NextSync) {
  const res = next();
  req.log.push('plain ' + res.status);
  return res;
}
const pl = middleware.sync('plain', plain);
export const app = chain<R>().use(scoped).use(guarded).use(scoped).use(pl).use(guarded).use(pl).handle((req) => {
  req.log.push('handler ' + req.n);
  if (req.n === 5) throw new Error('boom');
  return new Response('sync ' + req.n);
});
`,
    });
  });
});
