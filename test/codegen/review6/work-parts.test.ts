/**
 * Review 7: a layer made of parts (shallot/http) runs its options in line: a sink, a `when` or an `onError` that
 * queues work ran it after the layers above went on (and before the layers below, when the sink runs on the way in),
 * where at run time it meets them at the layer's own yields. Now such a layer runs through its fn, and the steps
 * around it keep their yields (plan.ts partsWork, analysis/work.ts optionsWork); layers made of parts above a layer
 * that starts work run through their fn too. `current` routes a sink's line into the request's log.
 */
import { describe, it } from 'vitest';
import { header, same } from '../review/lib.js';

const top = `export interface R { n: number; log: string[]; method: string; path: string; headers: Headers }
export let current: R | undefined;
export const setCurrent = (r: R): void => { current = r; };
const a = middleware('a', async (req: R, next: Next) => {
  setCurrent(req);
  const res = await next();
  req.log.push('a after');
  return res;
});
export const queueing = (line: string): void => queueMicrotask(() => current?.log.push('sink ' + line.slice(0, 3)));
export const later = (line: string): void => { void Promise.resolve().then(() => current?.log.push('sink ' + line.slice(0, 3))); };
const b = middleware('b', async (req: R, next: Next) => {
  const res = await next();
  queueMicrotask(() => req.log.push('q'));
  return res;
});
const h = (req: R): Response => {
  req.log.push('handler');
  if (req.n % 2 === 1) throw new Error('boom ' + req.n);
  return new Response('ok');
};
`;
const reqs = [0, 1, 2].map((n) => ({ n, method: 'GET', path: '/p', headers: new Headers() }));

describe('review7: parts layers and work', () => {
  it('a logger whose sink queues, below an awaiting layer', async () => {
    await same('r7-logger-sink', {
      'app.ts': `${header}import { logger, timing, errorBoundary } from 'shallot/http';
${top}
export const lg = chain<R>().use(a).use(logger({ sink: queueing })).handle(h);
export const lg2 = chain<R>().use(a).use(a).use(logger({ sink: later })).handle(h);
export const tm = chain<R>().use(a).use(timing({ sink: queueing, metric: false })).handle(h);
export const before = chain<R>().use(a).use(logger({ sink: queueing })).use(a).use(a).handle(h);
export const eb = chain<R>().use(a).use(errorBoundary({ expose: false, onError: () => queueMicrotask(() => current?.log.push('reported')) })).handle(h);
`,
    }, reqs);
  });

  it('parts layers above a layer that queues after next()', async () => {
    await same('r7-parts-above', {
      'app.ts': `${header}import { logger, timing, errorBoundary, setHeader, requestId } from 'shallot/http';
${top}
const sinkLog = (line: string): void => { current?.log.push('line ' + line.slice(0, 3)); };
export const la = chain<R>().use(a).use(logger({ sink: sinkLog })).use(b).handle(h);
export const ea = chain<R>().use(a).use(errorBoundary({ expose: false, onError: () => current?.log.push('err') })).use(b).handle(h);
export const sa = chain<R>().use(a).use(setHeader('x-a', '1')).use(timing({ sink: sinkLog, metric: false })).use(b).handle(h);
export const ra = chain<R>().use(a).use(requestId({ generate: () => 'id' })).use(b).handle(h);
`,
    }, reqs);
  });
});
