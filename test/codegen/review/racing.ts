/**
 * The project shape of the work-started probes (review6/work.test.ts, review8/): a layer `a`, used twice, whose
 * after-code (`a after`) the work of a layer below races, and a sync handler. At run time every boundary awaits, so
 * work queued below runs before `a after`; a generated handler that ran on without those yields logged it after.
 */
import { R, header } from './lib.js';

/** `a` (after-code `req.log.push('a after')`) and the handler `h` (logs `handler`). */
export const above = `const a = middleware('a', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('a after');
  return res;
});
const h = (req: R): Response => {
  req.log.push('handler');
  return new Response('ok');
};
`;

/** app.ts: `pre` (imports), R, `a`, `h`, `extra`, and `export const app = chain<R>().use(a).use(a)<use>`. */
export const app = (extra: string, use: string, pre = ''): Record<string, string> => ({
  'app.ts': `${header}${pre}${R}${above}${extra}\nexport const app = chain<R>().use(a).use(a)${use};\n`,
});

/** A layer `b` that makes `call` after `await next()`. */
export const after = (call: string): string => `const b = middleware('b', async (req: R, next: Next) => {
  const res = await next();
  ${call};
  return res;
});`;
