/** Review 5 probes, B: using / await using scopes around next() with throwing disposers (SuppressedError). */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const handler = ".handle((req) => {\n  req.log.push('handler ' + req.n);\n  if (req.n === 5 || req.n === 4) throw new Error('boom ' + req.n);\n  return new Response('n=' + req.n);\n})";
const mapper = `const mapper = middleware('mapper', async (req: R, next: Next) => {
  try {
    return await next();
  } catch (e) {
    const s = e as { message?: string; error?: { message?: string }; suppressed?: { message?: string }; name?: string };
    const text = [s.name, s.message, s.error?.message, s.suppressed?.message].join('|');
    req.log.push('mapped ' + text);
    return new Response(text, { status: 500 });
  }
});
`;

describe('disposers', () => {
  for (const guards of [true, false]) {
    it(`sync using and async await using, disposers that throw, guards ${guards ? 'on' : 'off'}`, async () => {
      await same(`r5-dispose-${guards}`, {
        'app.ts': `${header}${R}${mapper}
const o = { guards: ${guards} };
const syncLock = middleware.sync('syncLock', (req: R, next: NextSync) => {
  using _l = { [Symbol.dispose]: () => { req.log.push('sync dispose'); if (req.n === 3 || req.n === 4) throw new Error('dispose ' + req.n); } };
  const res = next();
  req.log.push('sync got ' + res.status);
  return res;
});
const asyncLock = middleware('asyncLock', async (req: R, next: Next) => {
  await using _l = { [Symbol.asyncDispose]: async () => { await null; req.log.push('async dispose'); if (req.n === 2 || req.n === 4) throw new Error('adispose ' + req.n); } };
  const res = await next();
  req.log.push('async got ' + res.status);
  return res;
});
export const app = chain<R>(o).use(mapper).use(asyncLock).use(asyncLock).use(syncLock).use(syncLock)${handler};
`,
      });
    });
  }
});
