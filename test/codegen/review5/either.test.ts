/** Review 5 probes, B: a layer whose kind only the run time knows (a factory typed with the top type Middleware). */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const handler = ".handle((req) => {\n  req.log.push('handler ' + req.n);\n  if (req.n === 5) throw new Error('boom ' + req.n);\n  return new Response('n=' + req.n);\n})";

describe('layers typed Middleware (kind known at run time)', () => {
  for (const guards of [true, false]) {
    it(`sync and async factories typed Middleware, in all-sync and mixed chains, guards ${guards ? 'on' : 'off'}`, async () => {
      await same(`r5-either-${guards}`, {
        'app.ts': `${header.replace('type NextSync', 'type NextSync, type Middleware')}${R}
const o = { guards: ${guards} };
export const makeSync = (name: string): Middleware =>
  middleware.sync(name, (req: R, next: NextSync) => {
    req.log.push(name);
    return next();
  }) as unknown as Middleware;
export const makeAsync = (name: string): Middleware =>
  middleware(name, async (req: R, next: Next) => {
    const res = await next();
    req.log.push(name + ' ' + res.status);
    return res;
  }) as unknown as Middleware;
const stamp = middleware.sync('stamp', (_req: R, next: NextSync) => {
  const res = next();
  res.headers.set('x-stamp', '1');
  return res;
});
export const allSync = chain<R>(o).use(makeSync('s1') as any).use(stamp)${handler};
export const mixed = chain<R>(o).use(makeAsync('a1') as any).use(makeSync('s2') as any).use(stamp)${handler};
export const syncOnly = chain<R>(o).use(makeSync('s3') as any)${handler};
export const pick = (sync: boolean): Middleware => (sync ? makeSync('picked') : makeAsync('picked'));
export const flag = globalThis.process.env['R5_NEVER_SET'] === undefined;
export const picked = chain<R>(o).use(pick(flag) as any).use(stamp)${handler};
export const pickedAlone = chain<R>(o).use(pick(flag) as any)${handler};
export const pickedAsync = chain<R>(o).use(pick(!flag) as any).use(stamp)${handler};
`,
      });
    });
  }
});
