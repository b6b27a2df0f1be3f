/**
 * Review 9: a Koa/Hono-style app. Error mapper, auth adding `user` through next({ user }), timing and header
 * layers with after-code, a cache that answers early, fire-and-forget audit, metrics through a class method, a
 * logger through an interface, an EventTarget, queueMicrotask; async, sync and promise-returning handlers.
 * Every effect goes to req.log.
 */
import { describe, it } from 'vitest';
import { header, same } from '../review/lib.js';

const Req = `export interface Req {
  n: number;
  log: string[];
  path: string;
  token?: string;
}
`;
const reqs = [
  { n: 0, path: '/', token: 'ann' },
  { n: 1, path: '/me' },
  { n: 2, path: '/missing', token: 'bob' },
  { n: 3, path: '/boom', token: 'ann' },
  { n: 4, path: '/cached', token: 'bob' },
  { n: 5, path: '/me', token: 'bob' },
];

const layers = `
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}
export interface Logger {
  info(req: Req, msg: string): void;
}
export const console2: Logger = {
  info(req, msg) {
    req.log.push('info ' + msg);
  },
};
export const queuedLog: Logger = {
  info(req, msg) {
    queueMicrotask(() => req.log.push('qinfo ' + msg));
  },
};
export class Metrics {
  readonly #counts = new Map<string, number>();
  record(req: Req, name: string): void {
    this.#counts.set(name, (this.#counts.get(name) ?? 0) + 1);
    void Promise.resolve().then(() => req.log.push('metric ' + name));
  }
}
export const metrics = new Metrics();
export async function audit(req: Req, what: string): Promise<void> {
  await null;
  req.log.push('audit ' + what);
}
export const bus = new EventTarget();
bus.addEventListener('request', (e) => {
  const req = (e as CustomEvent<Req>).detail;
  req.log.push('event ' + req.path);
  queueMicrotask(() => req.log.push('event later'));
});

const errors = middleware('errors', async (req: Req, next: Next) => {
  try {
    return await next();
  } catch (e) {
    if (e instanceof HttpError) return new Response(e.message, { status: e.status });
    req.log.push('unexpected ' + String(e));
    return new Response('internal', { status: 500 });
  }
});
const timing = middleware('timing', async (req: Req, next: Next) => {
  const start = Date.now();
  const res = await next();
  res.headers.set('x-response-time', Date.now() - start >= 0 ? 'ok' : 'neg');
  req.log.push('timed');
  return res;
});
const poweredBy = middleware('poweredBy', async (_req: Req, next: Next) => {
  const res = await next();
  res.headers.set('x-powered-by', 'shallot');
  return res;
});
const auth = middleware('auth', async (req: Req, next: Next<{ user: string }>) => {
  if (req.token === undefined) return new Response('unauthorized', { status: 401 });
  return next({ user: req.token });
});
const cache = middleware('cache', (req: Req, next: Next) => {
  if (req.path === '/cached') return Promise.resolve(new Response('from cache', { headers: { 'x-cache': 'hit' } }));
  return next();
});
const auditing = middleware('auditing', async (req: Req, next: Next) => {
  void audit(req, 'in ' + req.path);
  const res = await next();
  void audit(req, 'out ' + res.status);
  return res;
});
const metered = middleware('metered', async (req: Req, next: Next) => {
  const res = await next();
  metrics.record(req, 'status_' + res.status);
  return res;
});
const logged = middleware('logged', async function logged(req: Req, next: Next) {
  console2.info(req, '-> ' + req.path);
  const res = await next();
  console2.info(req, '<- ' + res.status);
  return res;
});
const qlogged = middleware('qlogged', async (req: Req, next: Next) => {
  queuedLog.info(req, 'start');
  try {
    return await next();
  } finally {
    queuedLog.info(req, 'end');
  }
});
const emitting = middleware('emitting', (req: Req, next: Next) => {
  bus.dispatchEvent(new CustomEvent('request', { detail: req }));
  return next();
});
const microtask = middleware('microtask', async (req: Req, next: Next) => {
  const res = await next();
  queueMicrotask(() => req.log.push('flushed'));
  return res;
});
const syncHeader = middleware.sync('syncHeader', (req: Req, next: NextSync) => {
  req.log.push('sync in');
  const res = next();
  res.headers.set('x-sync', '1');
  return res;
});
const syncWork = middleware.sync('syncWork', (req: Req, next: NextSync) => {
  const res = next();
  queueMicrotask(() => req.log.push('sync q'));
  return res;
});

type Authed = Req & { user: string };
async function route(req: Authed): Promise<Response> {
  req.log.push('route ' + req.path);
  if (req.path === '/me') return new Response('you are ' + req.user);
  if (req.path === '/missing') throw new HttpError(404, 'not found');
  if (req.path === '/boom') throw new Error('boom');
  return new Response('home');
}
const syncRoute = (req: Authed): Response => {
  req.log.push('sync route');
  if (req.path === '/missing') throw new HttpError(404, 'nf');
  if (req.path === '/boom') throw new Error('sync boom');
  return new Response('hi ' + req.user);
};
const promiseRoute = (req: Authed): Promise<Response> => {
  req.log.push('promise route');
  if (req.path === '/boom') return Promise.reject(new Error('rejected'));
  if (req.path === '/missing') return Promise.reject(new HttpError(404, 'gone'));
  return Promise.resolve(new Response('p ' + req.user));
};
const workRoute = async (req: Authed): Promise<Response> => {
  void audit(req, 'route');
  if (req.path === '/boom') throw new Error('work boom');
  return new Response('w ' + req.user);
};
`;

const chains = `
export const api = chain<Req>().use(errors).use(timing).use(poweredBy).use(auth).use(cache).use(auditing).handle(route);
export const api2 = chain<Req>().use(errors).use(logged).use(auth).use(metered).use(timing).handle(syncRoute);
export const api3 = chain<Req>().use(timing).use(errors).use(qlogged).use(auth).use(cache).handle(promiseRoute);
export const api4 = chain<Req>().use(errors).use(emitting).use(timing).use(auth).use(microtask).handle(route);
export const api5 = chain<Req>().use(errors).use(timing).use(auth).use(syncHeader).use(syncWork).handle(syncRoute);
export const api6 = chain<Req>().use(timing).use(errors).use(auth).use(poweredBy).handle(workRoute);
export const api7 = chain<Req>().use(auditing).use(timing).use(auditing).use(errors).use(auth).handle(route);
export const api8 = chain<Req>().use(logged).use(errors).use(auth).use(timing).use(logged).handle(promiseRoute);
export const api9 = chain<Req>().use(errors).use(auth).use(syncWork).use(syncHeader).handle(syncRoute);
export const plainApi = chain<Req>().use(errors).use(timing).use(poweredBy).use(auth).use(cache).handle(route);
export const plainSync = chain<Req>().use(errors).use(timing).use(auth).use(syncHeader).handle(syncRoute);
export const noguard = chain<Req>({ guards: false }).use(errors).use(timing).use(auth).use(auditing).use(microtask).handle(route);
export const noguard2 = chain<Req>({ guards: false }).use(metered).use(errors).use(auth).use(syncWork).handle(syncRoute);
export const unmapped = chain<Req>().use(timing).use(auth).use(auditing).handle(route);
export const unmapped2 = chain<Req>().use(auditing).use(auth).use(timing).handle(promiseRoute);
`;

describe('review9: a realistic app', () => {
  it('layers with work mixed with plain ones', async () => {
    await same('r9-realistic', { 'app.ts': `${header}${Req}${layers}${chains}` }, reqs);
  }, 120_000);
});
