/**
 * Review 5 probes, A: correct layers as Koa/Hono/Express users write them. `shallot check` must report nothing,
 * and the generated module must answer as the runtime chain (guards on and off).
 */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const support = `import { AsyncLocalStorage } from 'node:async_hooks';
export const als = new AsyncLocalStorage<{ id: number }>();
export interface Span { end(): void; setStatus(s: string): void }
export const tracer = {
  startActiveSpan<T>(name: string, fn: (span: Span) => T): T {
    return fn({ end() {}, setStatus(_s: string) {} });
  },
};
export const timeout = (ms: number): Promise<Response> => new Promise((resolve) => setTimeout(() => resolve(new Response('timeout', { status: 504 })), ms));
export const audit = async (log: string[], what: string): Promise<void> => {
  await Promise.resolve();
  log.push('audit ' + what);
};
export async function retry<T>(fn: () => Promise<T>, times: number): Promise<T> {
  let last: unknown;
  for (let i = 0; i < times; i++) {
    try {
      return await fn();
    } catch (e) {
      last = e;
      if (i === 0) throw e;
    }
  }
  throw last;
}
export async function once<T>(fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } finally {
    void 0;
  }
}
export const loadUser = async (n: number): Promise<string> => 'u' + n;
export class Lock {
  constructor(readonly log: string[]) { log.push('lock'); }
  [Symbol.dispose](): void { this.log.push('unlock'); }
}
export const release = (log: string[]): void => { log.push('release'); };
export const deny = (): Response => new Response('denied', { status: 403 });
export const cache = new Map<string, string>();
`;

const cases: Record<string, string> = {
  authEarlyReturn: `async (req: R, next: Next) => {
  if (req.n === 1) return new Response('unauthorized', { status: 401 });
  return next();
}`,
  authAwaitEarly: `async (req: R, next: Next) => {
  if (req.n === 1) {
    req.log.push('denied');
    return new Response('unauthorized', { status: 401 });
  }
  const res = await next();
  res.headers.set('x-auth', 'yes');
  return res;
}`,
  rateLimiter: `async (req: R, next: Next) => {
  const remaining = 3 - req.n;
  if (remaining < 0) return new Response('Too Many Requests', { status: 429, headers: { 'retry-after': '1' } });
  const res = await next();
  res.headers.set('x-ratelimit-remaining', String(remaining));
  return res;
}`,
  session: `async (req: R, next: Next<{ session: { id: number } }>) => {
  const session = { id: req.n * 10 };
  req.log.push('session ' + session.id);
  return next({ session });
}`,
  alsRun: `async (req: R, next: Next) => als.run({ id: req.n }, () => next())`,
  alsRunAsync: `async (req: R, next: Next) => {
  return await als.run({ id: req.n }, async () => {
    req.log.push('store ' + als.getStore()?.id);
    return await next();
  });
}`,
  otel: `async (req: R, next: Next) =>
  tracer.startActiveSpan('request', async (span) => {
    try {
      return await next();
    } catch (e) {
      span.setStatus('error');
      req.log.push('span error');
      throw e;
    } finally {
      span.end();
      req.log.push('span end');
    }
  })`,
  raceTimeout: `async (_req: R, next: Next) => Promise.race([next(), timeout(1000)])`,
  raceAwait: `async (req: R, next: Next) => {
  const res = await Promise.race([next(), timeout(1000)]);
  req.log.push('raced ' + res.status);
  return res;
}`,
  onceHelper: `async (req: R, next: Next) => once(() => { req.log.push('try'); return next(); })`,
  heldReturn: `async (req: R, next: Next) => {
  const p = next();
  req.log.push('started');
  return p;
}`,
  thenPlain: `(req: R, next: Next) => next().then((res) => { req.log.push('then ' + res.status); return res; })`,
  catchReturned: `(req: R, next: Next) => next().catch((e: unknown) => { req.log.push('caught'); return new Response('mapped ' + (e as Error).message, { status: 500 }); })`,
  cachingLayer: `async (req: R, next: Next) => {
  const key = 'k' + req.n;
  const hit = req.n === 3 ? 'cached body' : undefined;
  if (hit !== undefined) return new Response(hit, { headers: { 'x-cache': 'hit' } });
  const res = await next();
  req.log.push('store ' + key + ' ' + (await res.clone().text()));
  return res;
}`,
  etag: `async (req: R, next: Next) => {
  const res = await next();
  const body = await res.clone().text();
  const tag = '"' + body.length + '"';
  if (req.n === 2) return new Response(null, { status: 304, headers: { etag: tag } });
  res.headers.set('etag', tag);
  return res;
}`,
  corsPreflight: `async (req: R, next: Next) => {
  if (req.n === 0) return new Response(null, { status: 204, headers: { 'access-control-allow-origin': '*' } });
  const res = await next();
  res.headers.set('access-control-allow-origin', '*');
  return res;
}`,
  errorMapper: `async (req: R, next: Next) => {
  try {
    return await next();
  } catch (e) {
    req.log.push('mapped');
    return new Response('error: ' + (e instanceof Error ? e.message : String(e)), { status: 500 });
  }
}`,
  tryFinallyRelease: `async (req: R, next: Next) => {
  req.log.push('acquire');
  try {
    return await next();
  } finally {
    release(req.log);
  }
}`,
  loggingClone: `async (req: R, next: Next) => {
  const res = await next();
  const text = await res.clone().text();
  req.log.push('body ' + text);
  return res;
}`,
  usingLock: `async (req: R, next: Next) => {
  using _lock = new Lock(req.log);
  return await next();
}`,
  executor: `(_req: R, next: Next) => new Promise<Response>((resolve, reject) => next().then(resolve, reject))`,
  executorBlock: `(req: R, next: Next) => new Promise<Response>((resolve, reject) => {
  req.log.push('executor');
  next().then(resolve, reject);
})`,
  allAudit: `async (req: R, next: Next) => {
  const [res] = await Promise.all([next(), audit(req.log, 'n' + req.n)]);
  return res;
}`,
  allAuditReturned: `async (req: R, next: Next) => (await Promise.all([next(), audit(req.log, 'r' + req.n)]))[0]`,
  ternary: `async (req: R, next: Next) => (req.n !== 2 ? next() : deny())`,
  ternaryReturn: `async (req: R, next: Next) => {
  return req.n % 2 === 0 ? next() : deny();
}`,
  switchRouting: `async (req: R, next: Next) => {
  switch (req.n) {
    case 0:
      req.log.push('zero');
      return next();
    case 1:
      return new Response('one');
    case 2: {
      const res = await next();
      res.headers.set('x-two', '2');
      return res;
    }
    default:
      return next();
  }
}`,
  loopBreak: `async (req: R, next: Next) => {
  let i = 0;
  for (const tag of ['a', 'b', 'c']) {
    if (i++ >= req.n) break;
    req.log.push('tag ' + tag);
  }
  return next();
}`,
  loopFindThenNext: `async (req: R, next: Next) => {
  const rules = [{ n: 1, deny: true }, { n: 3, deny: true }];
  let denied = false;
  for (const rule of rules) {
    if (rule.n === req.n) {
      denied = rule.deny;
      break;
    }
  }
  if (denied) return deny();
  return next();
}`,
  whileThenNext: `async (req: R, next: Next) => {
  let k = req.n;
  while (k > 0) {
    k--;
    if (k === 2) break;
  }
  req.log.push('k ' + k);
  return await next();
}`,
  ifElseChain: `async (req: R, next: Next) => {
  let res: Response;
  if (req.n === 0) res = await next();
  else if (req.n === 1) res = new Response('one');
  else res = await next();
  res.headers.set('x-if', 'y');
  return res;
}`,
  andReturn: `async (req: R, next: Next) => (req.n !== 4 && next()) || deny()`,
  thenFinally: `(req: R, next: Next) => next().finally(() => { req.log.push('finally'); })`,
  asyncIife: `async (req: R, next: Next) => {
  const res = await (async () => {
    req.log.push('iife');
    return next();
  })();
  return res;
}`,
  deferredHeaders: `async (req: R, next: Next) => {
  const res = await next();
  return new Response(res.body, { status: res.status, headers: { 'x-wrapped': String(req.n) } });
}`,
  timingFinally: `async (req: R, next: Next) => {
  const t = Date.now();
  try {
    const res = await next();
    res.headers.set('x-time', String(Date.now() - t >= 0));
    return res;
  } finally {
    req.log.push('timed');
  }
}`,
  heldAwaited: `async (req: R, next: Next) => {
  const p = next();
  await audit(req.log, 'mid');
  const res = await p;
  return res;
}`,
  nextInTryCatchFallback: `async (_req: R, next: Next) => {
  let res: Response;
  try {
    res = await next();
  } catch {
    res = new Response('fallback', { status: 503 });
  }
  return res;
}`,
  promiseThenChain: `(req: R, next: Next) => Promise.resolve(req.n).then(() => next()).then((r) => r)`,
  labeledBreak: `async (req: R, next: Next) => {
  outer: for (const a of [1, 2]) {
    for (const b of [1, 2]) {
      if (a * b === req.n) break outer;
    }
  }
  return next();
}`,
  helperFn: `async (req: R, next: Next) => {
  const go = async (): Promise<Response> => {
    req.log.push('go');
    return next();
  };
  return go();
}`,
  allSettledRace: `async (_req: R, next: Next) => {
  const [r] = await Promise.allSettled([next()]);
  if (r!.status === 'rejected') return new Response('bad', { status: 502 });
  return r!.value;
}`,
  twoExclusive: `async (req: R, next: Next) => {
  if (req.n < 2) return next();
  const res = await next();
  res.headers.set('x-late', '1');
  return res;
}`,
  rethrowUnknown: `async (_req: R, next: Next) => {
  try {
    return await next();
  } catch (e) {
    if (e instanceof Error && e.message.startsWith('boom')) return new Response('handled', { status: 500 });
    throw e;
  }
}`,
  notFoundSwap: `async (_req: R, next: Next) => {
  const res = await next();
  return res.status === 404 ? new Response('nf') : res;
}`,
  denyInLoop: `async (req: R, next: Next) => {
  for (const bad of [1, 3]) if (bad === req.n) return deny();
  return next();
}`,
  loadThenAdd: `async (req: R, next: Next<{ user: string }>) => {
  const user = await loadUser(req.n);
  return next({ user });
}`,
  thenAdd: `(req: R, next: Next<{ user: string }>) => loadUser(req.n).then((user) => next({ user }))`,
  clearTimer: `async (req: R, next: Next) => {
  const timer = setTimeout(() => req.log.push('late'), 10000);
  try {
    return await next();
  } finally {
    clearTimeout(timer);
  }
}`,
  optionalHeld: `async (req: R, next: Next) => {
  let p: Promise<Response> | undefined;
  if (req.n !== 1) p = next();
  return p ?? deny();
}`,
  catchSideThenReturn: `async (req: R, next: Next) => {
  const p = next();
  p.catch(() => req.log.push('saw failure'));
  return p;
}`,
  heldTryFinally: `async (req: R, next: Next) => {
  const p = next();
  try {
    return await p;
  } finally {
    req.log.push('done');
  }
}`,
  resolveNext: `(_req: R, next: Next) => new Promise<Response>((resolve) => resolve(next()))`,
  thenTwoArgs: `(_req: R, next: Next) => next().then((r) => r, (e: unknown) => new Response('fb ' + (e as Error).message, { status: 500 }))`,
  awaitCatch: `async (req: R, next: Next) => {
  const res = await next().catch((e: unknown) => new Response('c ' + (e as Error).message, { status: 500 }));
  req.log.push('status ' + res.status);
  return res;
}`,
  functionDecl: `async function guardFn(req: R, next: Next): Promise<Response> {
  if (req.n === 4) return deny();
  return next();
}`,
  abortRace: `async (req: R, next: Next) => {
  const ctl = new AbortController();
  const aborted = new Promise<Response>((resolve) => ctl.signal.addEventListener('abort', () => resolve(new Response('aborted', { status: 499 }))));
  if (req.n === 9) ctl.abort();
  return await Promise.race([next(), aborted]);
}`,
};

const handler = ".handle((req) => {\n  req.log.push('handler ' + req.n);\n  if (req.n === 5) throw new Error('boom ' + req.n);\n  return new Response('n=' + req.n);\n})";

describe('check passes correct layers, and codegen keeps their meaning', () => {
  for (const [name, fn] of Object.entries(cases)) {
    it(name, async () => {
      await same(`r5-check-${name}`, {
        'support.ts': support,
        'app.ts': `${header}import { als, tracer, timeout, audit, retry, once, loadUser, Lock, release, deny, cache } from './support.js';
void als; void tracer; void timeout; void audit; void retry; void once; void loadUser; void Lock; void release; void deny; void cache;
${R}
const ${name} = middleware('${name}', ${fn});
const outer = middleware('outer', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('outer ' + res.status);
  return res;
});
export const app = chain<R>().use(${name})${handler};
export const twice = chain<R>().use(outer).use(${name}).use(outer).use(${name})${handler};
`,
      });
    });
  }
});
