/**
 * Review 6: a layer that queues a microtask before next() runs it alongside the layers below, so the generated
 * code keeps their yields. Only the bare `queueMicrotask(…)` was seen: `globalThis.queueMicrotask(…)` and `.call`
 * were not, and the callback met the layers below at another point than in the runtime chain. (A const alias of
 * queueMicrotask and `nextTick` imported from node:process without @types/node are still not seen: the note of
 * this change says so.)
 */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const layers = `const viaGlobal = middleware('viaGlobal', async (req: R, next: Next) => {
  globalThis.queueMicrotask(() => req.log.push('queued ' + req.n));
  return next();
});
const viaCall = middleware('viaCall', async (req: R, next: Next) => {
  queueMicrotask.call(null, () => req.log.push('queued ' + req.n));
  return next();
});
const after = middleware('after', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('after ' + req.n);
  return res;
});
const h = (req: R): Response => {
  req.log.push('handler ' + req.n);
  return new Response('ok ' + req.n);
};
`;

describe('a microtask queued before next(), however the scheduler is reached', () => {
  it('meets the layers below where it does at run time', async () => {
    await same('r6-schedule', {
      'app.ts': `${header}${R}${layers}
export const global = chain<R>().use(viaGlobal).use(after).use(after).handle(h);
export const call = chain<R>().use(viaCall).use(after).use(after).handle(h);
export const off = chain<R>({ guards: false }).use(viaGlobal).use(after).handle(h);
`,
    });
  });
});
