/**
 * Review 6: work a layer starts after its next() (or the handler starts) and does not wait for runs alongside the
 * code the layers above run after their next(). The runtime chain awaits at every boundary, so a microtask queued
 * there runs before the layer above goes on; the generated handler ran the layers above on without a yield, and the
 * microtask after their code (log ["handler", "a after", "q"] against ["handler", "q", "a after"]). Now the steps
 * above such work keep the yields of their awaited next() (plan.ts: spawnsBelow), a layer made of parts above it
 * runs through its fn, and the work meets their code where it does at run time. Shapes: an awaited next() above, a
 * .then() of a plain layer, a finally, work in a callback (forEach), a sync layer's work below async layers, a
 * factory's (called) layer above, pass-through layers between, the handler's own work.
 */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

describe('work started after next() and not waited for', () => {
  it('meets the after-code of the layers above where it does at run time', async () => {
    await same('r6-spawn-after', {
      'app.ts': `${header}import { logger } from 'shallot/http';
${R}
const a = middleware('a', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('a after');
  return res;
});
const plainThen = middleware('plainThen', (req: R, next: Next) => next().then((res) => {
  req.log.push('then after');
  return res;
}));
const fin = middleware('fin', async (req: R, next: Next) => {
  try {
    return await next();
  } finally {
    req.log.push('fin');
  }
});
const b = middleware('b', async (req: R, next: Next) => {
  const res = await next();
  queueMicrotask(() => req.log.push('q'));
  return res;
});
const c = middleware('c', async (req: R, next: Next) => {
  const res = await next();
  void Promise.resolve().then(() => req.log.push('p'));
  return res;
});
const each = middleware('each', async (req: R, next: Next) => {
  const res = await next();
  [1, 2].forEach((i) => queueMicrotask(() => req.log.push('e' + i)));
  return res;
});
const s = middleware.sync('s', (req: R, next: NextSync) => {
  const res = next();
  queueMicrotask(() => req.log.push('sq'));
  return res;
});
const h = (req: R): Response => {
  req.log.push('handler');
  return new Response('ok');
};
const hq = (req: R): Response => {
  queueMicrotask(() => req.log.push('hq'));
  return new Response('ok');
};
const factory = (tag: string) => middleware(tag, async (req: R, next: Next) => {
  const res = await next();
  req.log.push(tag + ' after');
  return res;
});
const ret = middleware('ret', async (_req: R, next: Next) => {
  return next();
});
export const x = chain<R>().use(a).use(b).handle(h);
export const y = chain<R>().use(a).use(c).handle(h);
export const z = chain<R>().use(a).use(a).handle(hq);
export const t = chain<R>().use(plainThen).use(b).handle(h);
export const f = chain<R>().use(fin).use(b).handle(h);
export const e = chain<R>().use(a).use(each).handle(h);
export const ss = chain<R>().use(a).use(s).handle(h);
export const fa = chain<R>().use(factory('x')).use(a).use(b).handle(h);
export const rr = chain<R>().use(a).use(ret).use(ret).handle(hq);
`,
    });
  });
});
