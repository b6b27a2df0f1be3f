/** Review 5 probes, B: module-level names of the user that the generated module also declares or imports. */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

describe("the user's module names meet the generated module's own", () => {
  it('helpers named appChain, isThenable, runAsync, expectChain, flatApp, appFlat, appSource, AppContext, ContextOf', async () => {
    await same('r5-modnames', {
      'helpers.ts': `export const appChain = (s: string): string => 'user appChain ' + s;
export const isThenable = (_v: unknown): boolean => true;
export const runAsync = (s: string): string => 'user runAsync ' + s;
export const expectChain = 'user expectChain';
export const flatApp = 'user flatApp';
export const appFlat = 'user appFlat';
export const appSource = 'user appSource';
export const appAfterTag = 'user appAfterTag';
export type AppContext = { user: true };
export type ContextOf = string;
`,
      'app.ts': `${header}import { appChain, isThenable, runAsync, expectChain, flatApp, appFlat, appSource, appAfterTag, type AppContext, type ContextOf } from './helpers.js';
${R}
const tag = middleware('tag', (req: R, next: Next) => next().then((r) => { req.log.push(appAfterTag); return r; }));
const names = middleware('names', async (req: R, next: Next) => {
  const ctx: AppContext = { user: true };
  const c: ContextOf = 'c';
  req.log.push(appChain('x'), String(isThenable(1)), runAsync('y'), expectChain, flatApp, appFlat, appSource, String(ctx.user), c);
  const res = await next();
  req.log.push('after ' + String(isThenable(res)));
  return res;
});
export const app = chain<R>().use(names).use(tag).use(names).handle((req) => new Response('n' + req.n));
`,
    });
  });
});
