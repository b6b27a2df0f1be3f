/**
 * Review 9: what a copy binds when it is inlined or split into a function of its own because of work:
 * `arguments`, `this`, a reassigned or destructured `req`, additions read below, a named function expression that
 * names itself, a function declaration hoisted, closures over per-copy state, a layer used twice.
 */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

describe('review9: bindings of split and inlined copies', () => {
  it('answers as the runtime chain', async () => {
    await same('r9-bindings', {
      'app.ts': `${header}${R}
export async function audit(req: R, tag: string): Promise<void> {
  await null;
  req.log.push('audit ' + tag);
}
const a = middleware('a', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('a after');
  return res;
});
const args = middleware('args', async function (req: R, next: Next) {
  req.log.push('args ' + arguments.length);
  void audit(req, 'args');
  const res = await next();
  req.log.push('args after ' + arguments.length);
  return res;
});
const self = middleware('self', async function self2(req: R, next: Next): Promise<Response> {
  req.log.push('self ' + self2.name + ' ' + self2.length);
  const res = await next();
  queueMicrotask(() => req.log.push('self q'));
  return res;
});
const thisy = middleware('thisy', async function (this: unknown, req: R, next: Next) {
  req.log.push('this ' + typeof this);
  return next();
});
const reassign = middleware('reassign', async (req: R, next: Next<{ user: string }>) => {
  const orig = req;
  req = { ...req, n: 99 };
  orig.log.push('reassign ' + req.n);
  void audit(orig, 'reassign');
  const res = await next({ user: 'u' + orig.n });
  orig.log.push('reassign after ' + req.n);
  return res;
});
const destr = middleware('destr', async ({ log, n }: R, next: Next) => {
  log.push('destr ' + n);
  const res = await next();
  queueMicrotask(() => log.push('destr q'));
  log.push('destr after');
  return res;
});
let count = 0;
const counting = middleware('counting', async (req: R, next: Next) => {
  const mine = ++count;
  const res = await next();
  req.log.push('counting ' + (count - mine));
  return res;
});
const hoist = middleware('hoist', async (req: R, next: Next) => {
  const res = await next();
  helper();
  return res;
  function helper(): void {
    req.log.push('hoisted');
    queueMicrotask(() => req.log.push('hoist q'));
  }
});
const shadow = middleware('shadow', async (req: R, next: Next) => {
  const res = await next();
  {
    const queueMicrotask = (f: () => void): void => f();
    queueMicrotask(() => req.log.push('shadowed now'));
  }
  req.log.push('shadow after');
  return res;
});
const uh = (req: R & { user: string }): Response => {
  req.log.push('uh ' + req.user + ' ' + req.n);
  return new Response(req.user);
};
const h = (req: R): Response => {
  req.log.push('handler ' + req.n);
  return new Response('ok');
};
export const b1 = chain<R>().use(a).use(args).use(a).handle(h);
export const b2 = chain<R>().use(a).use(self).use(self).handle(h);
export const b3 = chain<R>().use(a).use(thisy).use(destr).handle(h);
export const b4 = chain<R>().use(a).use(reassign).use(a).handle(uh);
export const b5 = chain<R>().use(counting).use(a).use(counting).use(destr).handle(h);
export const b6 = chain<R>().use(a).use(hoist).use(a).handle(h);
export const b7 = chain<R>().use(a).use(shadow).handle(h);
export const b8 = chain<R>().use(args).use(reassign).use(destr).use(counting).handle(uh);
`,
    });
  }, 120_000);
});
