/** Review 4 probes: handler forms, outermost called layers (no async wrapper), factories of unknown colour. */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

describe('handlers of every form, in several chains', () => {
  it('async arrow, function declaration, function expression, a handler that throws synchronously below an async layer, a handler only chain', async () => {
    await same('r4-handlers', {
      'app.ts': `${header}${R}
async function declaredHandler(req: R) {
  req.log.push('declared ' + req.n);
  if (req.n === 4) throw new Error('declared four');
  await null;
  return new Response('declared ' + req.n);
}
const thrower = function (req: R): Response {
  req.log.push('thrower');
  if (req.n % 2 === 1) throw new TypeError('odd ' + req.n);
  return Response.json({ n: req.n });
};
const outer = middleware('outer', async (req: R, next: Next) => {
  try {
    const res = await next();
    req.log.push('outer ' + res.status);
    return res;
  } catch (e) {
    req.log.push('outer caught ' + (e as Error).name);
    throw e;
  }
});
const plain = middleware('plain', (_req: R, next: Next) => next());
export const a = chain<R>().use(outer).handle(declaredHandler);
export const b = chain<R>().use(outer).use(plain).handle(thrower);
export const c = chain<R>().handle(thrower);
export const d = chain<R>().handle(declaredHandler);
export const e = chain<R>().use(plain).handle(thrower);
export const f = chain<R>().use(plain).use(plain).handle(async (req) => {
  req.log.push('inline async');
  return new Response('f ' + req.n);
});
`,
    });
  });
});

describe('an outermost called async layer (its promise is the answer, no async wrapper)', () => {
  it('a .then layer, an object method and a class method outermost, above inlined layers and a throwing handler', async () => {
    await same('r4-outer-called', {
      'app.ts': `${header}${R}
const thenLayer = middleware('thenLayer', (req: R, next: Next) => next().then((r) => { req.log.push('then ' + r.status); return r; }));
const tools = {
  async wrap(req: R, next: Next) {
    req.log.push('wrap in');
    if (req.n === 1) throw new Error('wrap one');
    const res = await next();
    req.log.push('wrap out');
    return res;
  },
  plainThrow(req: R, next: Next) {
    if (req.n === 2) throw new Error('sync throw two');
    return next();
  },
};
const wrap = middleware('wrap', tools.wrap);
const plainThrow = middleware('plainThrow', tools.plainThrow);
const inner = middleware('inner', async (req: R, next: Next) => {
  const res = await next();
  res.headers.set('x-inner', String(req.n));
  return res;
});
const h = (req: R): Response => {
  req.log.push('h ' + req.n);
  if (req.n === 5) throw new Error('handler five');
  return new Response('h ' + req.n);
};
export const a = chain<R>().use(thenLayer).use(inner).handle(h);
export const b = chain<R>().use(wrap).use(inner).use(wrap).handle(h);
export const c = chain<R>().use(plainThrow).use(inner).handle(h);
export const d = chain<R>({ guards: false }).use(plainThrow).use(wrap).handle(h);
`,
    });
  });
});

describe('a factory typed with the top type Middleware (its colour known at run time)', () => {
  it('a factory that returns a sync or an async layer by its argument, in an async and a sync position', async () => {
    await same('r4-either', {
      'app.ts': `${header}${R}
import type { Middleware } from 'shallot';
export const make = (sync: boolean, tag: string): Middleware =>
  (sync
    ? middleware.sync(tag, (req: R, next: NextSync) => {
        req.log.push(tag + ' sync');
        return next();
      })
    : middleware(tag, async (req: R, next: Next) => {
        req.log.push(tag + ' async');
        const res = await next();
        res.headers.append('x-tag', tag);
        return res;
      })) as unknown as Middleware;
const first = middleware('first', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('first ' + res.status);
  return res;
});
export const app = chain<R>().use(make(false, 'a')).use(make(true, 's')).handle(() => new Response('either'));
export const syncOnly = chain<R>().use(make(true, 's1')).use(make(true, 's2')).handle(() => new Response('sync either'));
`,
    });
  });
});
