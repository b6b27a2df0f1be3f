/**
 * Review 6: a layer that queues a microtask before next() runs it alongside the layers below, so the generated
 * code keeps their yields. Only the bare `queueMicrotask(…)` was seen: `globalThis.queueMicrotask(…)` and `.call`
 * were not, and the callback met the layers below at another point than in the runtime chain. Then: a layer
 * queueing through a const alias is called (the generated module cannot import the unexported alias), and a called
 * layer's own work before next() was not looked at (only an inlined copy's was); `nextTick` imported from
 * node:process in a project without @types/node (the import resolves to nothing) was not known.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

type App = (req: { n: number; log: string[] }) => unknown;

/**
 * `req.log` of a request answered as a server answers one: called from a macrotask (an I/O callback), where a
 * `nextTick` callback runs at the first point the chain yields (from a microtask, as the compare harness calls, it
 * runs only once every microtask ran, and the yields cannot be told apart).
 */
const fromMacrotask = (app: App, n: number): Promise<string[]> =>
  new Promise((resolve, reject) => {
    setImmediate(() => {
      const req = { n, log: [] as string[] };
      Promise.resolve(app(req)).then(() => setTimeout(() => resolve(req.log), 5), reject);
    });
  });

/** A layer `after` whose after-code the queued work races, and a sync handler `h`. */
const below = `const after = middleware('after', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('after ' + req.n);
  return res;
});
const h = (req: R): Response => {
  req.log.push('handler ' + req.n);
  return new Response('ok ' + req.n);
};
`;

const layers = `const viaGlobal = middleware('viaGlobal', async (req: R, next: Next) => {
  globalThis.queueMicrotask(() => req.log.push('queued ' + req.n));
  return next();
});
const viaCall = middleware('viaCall', async (req: R, next: Next) => {
  queueMicrotask.call(null, () => req.log.push('queued ' + req.n));
  return next();
});
const defer = queueMicrotask;
const again = defer;
const viaAlias = middleware('viaAlias', async (req: R, next: Next) => {
  again(() => req.log.push('queued ' + req.n));
  return next();
});
const plain = middleware('plain', (req: R, next: Next) => {
  queueMicrotask(() => req.log.push('queued ' + req.n));
  return next();
});
const plainAlias = middleware('plainAlias', (req: R, next: Next) => {
  defer(() => req.log.push('queued ' + req.n));
  return next();
});
${below}`;

describe('a microtask queued before next(), however the scheduler is reached', () => {
  it('meets the layers below where it does at run time', async () => {
    await same('r6-schedule', {
      'app.ts': `${header}${R}${layers}
export const global = chain<R>().use(viaGlobal).use(after).use(after).handle(h);
export const call = chain<R>().use(viaCall).use(after).use(after).handle(h);
export const alias = chain<R>().use(viaAlias).use(after).use(after).handle(h);
export const plainly = chain<R>().use(plain).use(after).use(after).handle(h);
export const plainAliased = chain<R>().use(plainAlias).use(after).use(after).handle(h);
export const off = chain<R>({ guards: false }).use(viaGlobal).use(after).handle(h);
export const aliasOff = chain<R>({ guards: false }).use(viaAlias).use(after).handle(h);
`,
    });
  });

  it('knows nextTick imported from node:process, without @types/node (the import resolves to nothing)', async () => {
    const p = await same('r6-nexttick', {
      'app.ts': `${header}import { nextTick } from 'node:process';
import { nextTick as soon } from 'process';
import * as proc from 'process';
${R}const tick = middleware('tick', async (req: R, next: Next) => {
  nextTick(() => req.log.push('ticked ' + req.n));
  return next();
});
const nsTick = middleware('nsTick', async (req: R, next: Next) => {
  proc.nextTick(() => req.log.push('ticked ' + req.n));
  return next();
});
const renamed = middleware('renamed', async (req: R, next: Next) => {
  soon(() => req.log.push('ticked ' + req.n));
  return next();
});
${below}export const tickApp = chain<R>().use(tick).use(after).use(after).handle(h);
export const renamedApp = chain<R>().use(renamed).use(after).use(after).handle(h);
export const nsApp = chain<R>().use(nsTick).use(after).use(after).handle(h);
`,
    });
    const source = (await import(pathToFileURL(path.join(p.dir, 'app.ts')).href)) as Record<string, App>;
    const generated = (await import(pathToFileURL(path.join(p.dir, 'app.gen.ts')).href)) as Record<string, App>;
    for (const name of ['tickApp', 'renamedApp', 'nsApp']) {
      const runtime = await fromMacrotask(source[name]!, 1);
      expect(runtime.indexOf('ticked 1'), `${name}: the tick runs before the layers below finish`).toBeLessThan(runtime.length - 1);
      expect(await fromMacrotask(generated[name]!, 1), name).toEqual(runtime);
    }
  });
});
