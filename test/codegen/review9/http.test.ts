/**
 * Review 9: shallot/http's built-in layers (logger, timing, requestId, setHeader, errorBoundary) around user
 * layers that start work and plain ones; sinks that log at once, and one that queues. `current` routes a sink's line
 * into the request's log.
 */
import { describe, it } from 'vitest';
import { header, same } from '../review/lib.js';

const top = `import { errorBoundary, logger, requestId, setHeader, timing } from 'shallot/http';
export interface R { n: number; log: string[]; method: string; path: string; headers: Headers }
export let current: R | undefined;
export const enter = (r: R): void => { current = r; };
export const line = (l: string): void => { current?.log.push(l.replace(/[0-9.]+ seconds/, 'T')); };
export const queued = (l: string): void => queueMicrotask(() => current?.log.push('q ' + l.slice(0, 3)));
export async function audit(req: R, tag: string): Promise<void> {
  await null;
  req.log.push('audit ' + tag);
}
const track = middleware('track', async (req: R, next: Next) => {
  enter(req);
  req.log.push('track in');
  const res = await next();
  req.log.push('track after ' + res.status);
  return res;
});
const work = middleware('work', async (req: R, next: Next) => {
  void audit(req, 'in');
  const res = await next();
  queueMicrotask(() => req.log.push('work q'));
  req.log.push('work after');
  return res;
});
const workAfter = middleware('workAfter', async (req: R, next: Next) => {
  const res = await next();
  void audit(req, 'after');
  return res;
});
const plain = middleware('plain', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('plain after');
  res.headers.set('x-plain', '1');
  return res;
});
const pass = middleware('pass', async (_req: R, next: Next) => next());
const fin = middleware('fin', async (req: R, next: Next) => {
  try {
    return await next();
  } finally {
    req.log.push('fin');
  }
});
const s = middleware.sync('s', (req: R, next: NextSync) => {
  const res = next();
  req.log.push('s after');
  return res;
});
const sq = middleware.sync('sq', (req: R, next: NextSync) => {
  queueMicrotask(() => req.log.push('sq'));
  return next();
});
const h = (req: R): Response => {
  req.log.push('handler');
  if (req.n % 3 === 1) throw new Error('boom ' + req.n);
  return new Response('ok ' + req.n);
};
const ha = async (req: R): Promise<Response> => {
  req.log.push('ha');
  if (req.n % 3 === 1) throw new Error('aboom');
  return new Response('a ' + req.n);
};
const hw = (req: R): Response => {
  void audit(req, 'handler');
  if (req.n % 3 === 2) throw new Error('wboom');
  return new Response('w');
};
const eb = errorBoundary({ expose: false, onError: (e) => current?.log.push('onError ' + String(e)) });
const ebq = errorBoundary({ expose: false, onError: () => queueMicrotask(() => current?.log.push('reported')) });
const lg = logger({ sink: line });
const lgq = logger({ sink: queued });
const tm = timing({ sink: line, metric: false });
const rid = requestId({ generate: () => 'gen-id' });
const sh = setHeader('x-app', 'shallot');
const shw = setHeader('x-ok', 'yes', { when: (res) => res.status === 200 });
`;
const reqs = [0, 1, 2, 3, 4, 5].map((n) => ({ n, method: n === 4 ? 'POST' : 'GET', path: '/p' + n, headers: new Headers(n === 5 ? { 'x-request-id': 'incoming-5' } : {}) }));

const chains = `
export const c1 = chain<R>().use(track).use(eb).use(lg).use(work).handle(h);
export const c2 = chain<R>().use(track).use(lg).use(tm).use(rid).use(sh).use(workAfter).handle(ha);
export const c3 = chain<R>().use(eb).use(track).use(shw).use(plain).use(pass).handle(hw);
export const c4 = chain<R>().use(track).use(work).use(eb).use(lg).use(plain).handle(h);
export const c5 = chain<R>().use(track).use(lgq).use(plain).handle(h);
export const c6 = chain<R>().use(track).use(ebq).use(fin).handle(h);
export const c7 = chain<R>().use(track).use(eb).use(lg).use(tm).use(rid).use(sh).use(shw).handle(h);
export const c8 = chain<R>().use(track).use(eb).use(lg).use(tm).use(rid).use(sh).use(shw).use(plain).handle(ha);
export const c9 = chain<R>().use(track).use(sh).use(work).use(sh).use(workAfter).handle(h);
export const c10 = chain<R>().use(track).use(eb).use(plain).use(s).use(sq).handle(h);
export const c11 = chain<R>().use(track).use(lg).use(s).handle(hw);
export const c12 = chain<R>().use(track).use(lg).use(eb).use(fin).use(pass).use(workAfter).handle(ha);
export const c13 = chain<R>({ guards: false }).use(track).use(eb).use(lg).use(rid).use(work).use(plain).handle(ha);
export const c14 = chain<R>({ guards: false }).use(track).use(tm).use(sh).use(s).use(sq).handle(h);
export const c15 = chain<R>().use(track).use(rid).use(workAfter).use(rid).use(plain).handle(hw);
export const c16 = chain<R>().use(track).use(eb).handle(hw);
export const c17 = chain<R>().use(track).use(pass).use(lg).use(pass).handle(hw);
`;

describe('review9: shallot/http layers around work', () => {
  it('built-in layers with work above, below and in the handler', async () => {
    await same('r9-http', { 'app.ts': `${header}${top}${chains}` }, reqs);
  }, 120_000);
});
