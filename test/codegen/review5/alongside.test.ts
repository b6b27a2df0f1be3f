/** Review 5 probes, B: code a called layer runs between next() and awaiting its promise, against the layers below. */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const below = `const b1 = middleware('b1', async (req: R, next: Next) => {
  req.log.push('b1 before');
  const res = await next();
  req.log.push('b1 after');
  return res;
});
const b2 = middleware.sync('b2', (req: R, next: NextSync) => {
  req.log.push('b2 before');
  const res = next();
  req.log.push('b2 after');
  return res;
});
`;
const handler = ".handle((req) => {\n  req.log.push('handler ' + req.n);\n  if (req.n === 5) throw new Error('boom ' + req.n);\n  return new Response('n=' + req.n);\n})";

describe('a called layer works alongside the layers below', () => {
  it('sync code between next() and await p, in a called layer, over inlined async and sync layers', async () => {
    await same('r5-alongside', {
      'app.ts': `${header}${R}${below}
const held = middleware('held', async (req: R, next: Next) => {
  const p = next();
  req.log.push('held sync after next');
  const res = await p.catch((e: unknown) => {
    req.log.push('held caught ' + (e as Error).message);
    return new Response('held', { status: 500 });
  });
  req.log.push('held got ' + res.status);
  return res;
});
export const app = chain<R>().use(held).use(b1).use(b2)${handler};
export const deeper = chain<R>().use(b1).use(held).use(b1).use(b2).use(b2)${handler};
`,
    });
  });
});
