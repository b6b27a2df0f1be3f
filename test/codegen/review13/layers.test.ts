/**
 * Review 13: layers written as users coming from Koa, Hono, Express or tRPC write them: class methods (static,
 * bound in the constructor, arrow fields), object-literal methods, factories with default and destructured
 * options, closures over module state mutated between requests, `arguments`, `new.target`, getters and
 * Symbol-keyed additions on the request, structuredClone/spread of the request.
 */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

// The harness answers each request three times (guards on, off, generated) against the same module state: state
// shared between requests is shown as round(count / 3), the same in the three runs when each counts once.
const top = `${header}${R}
export const per3 = (count: number): number => Math.ceil(count / 3);
const h = async (req: R & { user?: string }): Promise<Response> => {
  req.log.push('handler ' + req.n + ' ' + String(req.user));
  await null;
  if (req.n === 3) throw new Error('boom');
  return new Response('ok ' + req.n);
};
const a = middleware('a', async (req: R, next: Next) => {
  req.log.push('a in');
  const res = await next();
  req.log.push('a out ' + res.status);
  return res;
});
`;

describe('review13: layers as users write them', () => {
  it('class methods and object-literal methods', async () => {
    await same('r13-classes', {
      'app.ts': `${top}
export class Auth {
  static calls = 0;
  static async check(req: R, next: Next<{ user: string }>): Promise<Response> {
    Auth.calls++;
    req.log.push('auth ' + per3(Auth.calls));
    if (req.n === 1) return new Response('no', { status: 401 });
    return next({ user: 'u' + req.n });
  }
}
export class Limiter {
  seen = 0;
  constructor(readonly max: number) {
    this.handle = this.handle.bind(this);
  }
  async handle(req: R, next: Next): Promise<Response> {
    this.seen++;
    req.log.push('limiter ' + per3(this.seen));
    if (per3(this.seen) > this.max) return new Response('slow down', { status: 429 });
    return next();
  }
}
export class Tracer {
  count = 0;
  handle = async (req: R, next: Next): Promise<Response> => {
    this.count++;
    req.log.push('trace ' + per3(this.count));
    const res = await next();
    res.headers.set('x-trace', String(per3(this.count)));
    return res;
  };
}
const limiter = new Limiter(4);
const tracer = new Tracer();
export const mw = {
  async auth(req: R, next: Next<{ user: string }>) {
    return req.n === 2 ? new Response('forbidden', { status: 403 }) : next({ user: 'obj' + req.n });
  },
  stamp: async (req: R, next: Next) => {
    const res = await next();
    res.headers.set('x-stamp', String(req.n));
    return res;
  },
};
export const s1 = chain<R>().use(a).use(middleware('auth', Auth.check)).use(a).handle(h);
export const s2 = chain<R>().use(a).use(middleware('limit', limiter.handle)).use(a).handle(h);
export const s3 = chain<R>().use(a).use(middleware('trace', tracer.handle)).use(a).handle(h);
export const s4 = chain<R>().use(middleware('auth', mw.auth)).use(middleware('stamp', mw.stamp)).use(a).handle(h);
`,
    });
  }, 120_000);

  it('factories with defaults, destructured options, module state', async () => {
    await same('r13-factories', {
      'app.ts': `${top}
export const rateLimit = (max = 3, { header: name = 'x-remaining', status = 429 }: { header?: string; status?: number } = {}) => {
  let used = 0;
  return middleware('rateLimit', async (_req: R, next: Next) => {
    used++;
    if (per3(used) > max) return new Response('limited', { status });
    const res = await next();
    res.headers.set(name, String(max - per3(used)));
    return res;
  });
};
export let hits = 0;
export function bump(): number {
  return ++hits;
}
export const cache = new Map<number, string>();
const counting = middleware('counting', async (req: R, next: Next) => {
  const n = bump();
  req.log.push('hit ' + per3(n) + ' ' + per3(hits));
  const res = await next();
  req.log.push('after hit ' + per3(hits));
  return res;
});
const caching = middleware('caching', async (req: R, next: Next) => {
  // Filled by the handler's answer to request 0, read by the later requests (each run of request 0 misses: it is
  // deleted again once the three runs of request 0 are done, at request 1's first run).
  if (req.n === 1 && cache.get(-1) === undefined) cache.set(-1, 'done');
  const hit = req.n === 0 ? undefined : cache.get(0);
  if (hit !== undefined) return new Response('cached ' + hit);
  const res = await next();
  cache.set(req.n, await res.clone().text());
  return res;
});
export const f1 = chain<R>().use(a).use(rateLimit()).use(a).handle(h);
export const f2 = chain<R>().use(rateLimit(2, { status: 503 })).use(counting).handle(h);
export const f3 = chain<R>().use(counting).use(caching).use(a).handle(h);
`,
    });
  }, 120_000);

  it('arguments, new.target, getters, defineProperty, Symbol keys, structuredClone, spread', async () => {
    await same('r13-request', {
      'app.ts': `${top}
export const SESSION: unique symbol = Symbol('session');
const args = middleware('args', async function (req: R, next: Next) {
  req.log.push('args ' + arguments.length);
  return next();
});
const target = middleware('target', async function (req: R, next: Next) {
  req.log.push('target ' + String(new.target === undefined));
  return next();
});
const getter = middleware('getter', async (req: R, next: Next) => {
  let reads = 0;
  Object.defineProperty(req, 'user', {
    get() {
      reads++;
      return 'lazy' + reads;
    },
    enumerable: true,
    configurable: true,
  });
  const res = await next();
  req.log.push('reads ' + reads);
  return res;
});
const symbolic = middleware('symbolic', async (req: R, next: Next<{ [SESSION]: string }>) => {
  const res = await next({ [SESSION]: 's' + req.n });
  return res;
});
const readsSymbol = middleware('readsSymbol', async (req: R & { [SESSION]: string }, next: Next) => {
  req.log.push('session ' + req[SESSION]);
  return next();
});
const cloned = middleware('cloned', async (req: R, next: Next) => {
  const snapshot = structuredClone({ n: req.n, log: req.log });
  const copy = { ...req };
  const res = await next();
  req.log.push('snapshot ' + snapshot.log.length + ' copy ' + copy.log.length + ' ' + String(copy.log === req.log));
  return res;
});
const reassign = middleware('reassign', async (req: R, next: Next<{ user: string }>) => {
  req = { ...req, n: req.n + 100 };
  req.log.push('reassigned ' + req.n);
  return next({ user: 'r' + req.n });
});
export const q1 = chain<R>().use(a).use(args).use(target).use(a).handle(h);
export const q2 = chain<R>().use(a).use(getter).use(a).handle(h);
export const q3 = chain<R>().use(symbolic).use(readsSymbol).use(a).handle(h);
export const q4 = chain<R>().use(cloned).use(reassign).use(a).handle(h);
export const q5 = chain<R>().use(getter).use(reassign).handle(h);
`,
    });
  }, 120_000);
});
