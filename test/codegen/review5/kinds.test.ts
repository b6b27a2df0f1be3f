/** Review 5 probes, B: promise or not, throw or rejection: plain functions given to middleware(), handler-only chains. */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

describe('what kind of answer comes back', () => {
  for (const guards of [true, false]) {
    it(`plain functions given to middleware() that never call next, throw, or pass, guards ${guards ? 'on' : 'off'}`, async () => {
      await same(`r5-kinds-plain-${guards}`, {
        'app.ts': `${header}${R}
const o = { guards: ${guards} };
const never = middleware('never', (req: R) => {
  if (req.n === 1) throw new Error('plain throw');
  return new Response('never ' + req.n);
});
const pass = middleware('pass', (_req: R, next: Next) => next());
const thrower = middleware('thrower', (req: R, next: Next) => {
  if (req.n === 2) throw new Error('before next');
  return next();
});
const sync = middleware.sync('sync', (req: R, next: NextSync) => {
  if (req.n === 3) throw new Error('sync throw');
  return next();
});
const h = (req: R): Response => {
  if (req.n === 4) throw new Error('handler throw');
  return new Response('h ' + req.n);
};
export const onlyNever = chain<R>(o).use(never).handle(h);
export const passOnly = chain<R>(o).use(pass).handle(h);
export const throwerSync = chain<R>(o).use(thrower).use(sync).handle(h);
export const allSync = chain<R>(o).use(sync).use(sync).handle(h);
export const handlerOnly = chain<R>(o).handle(h);
export const asyncHandlerOnly = chain<R>(o).handle(async (req: R) => h(req));
export const syncOverAsyncHandler = chain<R>(o).use(sync).handle((async (req: R) => h(req)) as any);
`,
      });
    });
  }
});
