/** Review 8 probe: odd shapes the work analysis reads must not throw (codegen only; diagnostics printed). */
import { describe, expect, it } from 'vitest';
import { R, diagnostics, gen, header } from '../review/lib.js';

describe('r8 odd shapes', () => {
  it('does not throw', () => {
    const p = gen('r8-crash', {
      'app.ts': `${header}${R}
const a = middleware('a', async (req: R, next: Next) => { const res = await next(); req.log.push('a after'); return res; });
export const mixin = <T extends new (...a: any[]) => object>(B: T) => class extends B { go(r: R): void { r.log.push('m'); } };
export class Base0 {}
export class M extends mixin(Base0) {}
export const K = class extends Base0 { constructor() { super(); } };
export namespace NS { export function f(r: R): void { r.log.push('ns'); } }
export const key = 'dyn';
export const objs = { [key]: (r: R) => r.log.push('k'), get g() { return 1; }, set g(_v: number) {} };
export enum E { A = 1 }
export function self(this: unknown, r: R): void { r.log.push(String(this === undefined)); }
export const rec = (r: R, n: number): void => { if (n > 0) rec(r, n - 1); };
export function mutA(r: R, n: number): void { if (n > 0) mutB(r, n - 1); }
export function mutB(r: R, n: number): void { if (n > 0) mutA(r, n - 1); }
export const alias1 = mutA;
export const alias2 = alias1;
const b = middleware('b', async (req: R, next: Next) => {
  const res = await next();
  new M().go(req);
  new K();
  NS.f(req);
  objs[key]?.(req);
  objs.g = E.A;
  self.call(undefined, req);
  rec(req, 3);
  alias2(req, 2);
  (mutB)(req, 1);
  new (class { x = 1; })();
  (() => req.log.push('iife'))();
  [1].map(function (this: unknown) { return this; });
  return res;
});
export const app = chain<R>().use(a).use(b).handle((req: R) => { req.log.push('h'); return new Response('ok'); });
`,
    });
    // Read without a throw, and the members codegen cannot read are taken as work (yields kept), said in the module.
    expect(diagnostics(p)).toBe('');
    expect(p.generated('app.ts')).toContain("it calls new M().go(…), whose code codegen cannot read");
  });
});
