/**
 * Review 4 follow-up: a layer the generated handler calls runs through the guarded kernel's own code while the source
 * chain has its guards on, so every next() guard holds for it by construction, also where `shallot check` cannot see
 * (a layer shipped as JavaScript behind a declaration file).
 */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const vendorJs = `import { middleware } from 'shallot';
export const dropping = () => middleware('dropping', async (req, next) => { if (req.n > 2) next(); else await next(); req.log.push('dropping'); return new Response('own ' + req.n); });
export const twice = () => middleware('twice', async (req, next) => { const res = await next(); if (req.n === 1) return next(); return res; });
export const nothing = () => middleware('nothing', async (req, next) => { const res = await next(); return req.n === 2 ? undefined : res; });
export const badAdds = () => middleware('badAdds', (req, next) => next(req.n === 4 ? 'str' : req.n === 5 ? null : { extra: 1 }));
export const syncPromise = () => middleware.sync('syncPromise', (req, next) => (req.n === 3 ? Promise.resolve(next()) : next()));
export const heldThrow = () => middleware('heldThrow', async (req, next) => { const p = next(); if (req.n === 3) throw new Error('bad ' + req.n); return p; });
`;
const layer = (name: string, sync = false): string =>
  `export declare const ${name}: () => Middleware<{ name: '${name}'; needs: { n: number; log: string[] }; adds: {}; inner: Response; out: Passed<Response>; sync: ${sync} }>;\n`;
const vendorDts = `import type { Middleware, Passed } from 'shallot';\n${['dropping', 'twice', 'nothing', 'badAdds', 'heldThrow'].map((n) => layer(n)).join('')}${layer('syncPromise', true)}`;

describe('called layers keep every guard of the guarded runtime', () => {
  it('JavaScript layers that drop next(), call it twice, answer undefined, add a non-object, answer a promise from a sync layer, throw holding next()', async () => {
    await same('r4-called-guards', {
      'vendor.js': vendorJs,
      'vendor.d.ts': vendorDts,
      'app.ts': `${header}${R}import { badAdds, dropping, heldThrow, nothing, syncPromise, twice } from './vendor.js';
const inner = middleware('inner', async (req: R, next: Next) => {
  req.log.push('inner in');
  const res = await next();
  req.log.push('inner out ' + res.status);
  return res;
});
const handler = (req: R): Response => {
  req.log.push('handler ' + req.n);
  return new Response('n=' + req.n);
};
export const drop = chain<R>().use(inner).use(dropping()).use(inner).handle(handler);
export const again = chain<R>().use(inner).use(twice()).use(inner).handle(handler);
export const none = chain<R>().use(inner).use(nothing()).use(inner).handle(handler);
export const adds = chain<R>().use(inner).use(badAdds()).use(inner).handle(handler);
export const held = chain<R>().use(inner).use(heldThrow()).use(inner).handle(handler);
export const sync = chain<R>().use(syncPromise()).handle(handler);
`,
    });
  });
});
