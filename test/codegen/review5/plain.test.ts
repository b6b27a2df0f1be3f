/** Review 5 probes, B: plain (non-async) functions given to middleware() whose try/catch meets next(). */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const handler = ".handle((req) => {\n  req.log.push('handler ' + req.n);\n  if (req.n === 5 || req.n === 2) throw new Error('boom ' + req.n);\n  return new Response('n=' + req.n);\n})";
const mapper = `const mapper = middleware('mapper', async (req: R, next: Next) => {
  try {
    return await next();
  } catch (e) {
    req.log.push('mapped ' + (e as Error).message);
    return new Response('error ' + (e as Error).message, { status: 500 });
  }
});
`;

describe('a plain function layer: next() never throws, its promise rejects', () => {
  for (const guards of [true, false]) {
    it(`try { return next() } catch in a plain function, and a ternary, guards ${guards ? 'on' : 'off'}`, async () => {
      await same(`r5-plain-${guards}`, {
        'app.ts': `${header}${R}${mapper}
const o = { guards: ${guards} };
const plainTry = middleware('plainTry', (req: R, next: Next) => {
  try {
    return next();
  } catch (e) {
    req.log.push('never ' + (e as Error).message);
    return Promise.resolve(new Response('never', { status: 599 }));
  }
});
const plainTernary = middleware('plainTernary', (req: R, next: Next) => (req.n === 3 ? Promise.resolve(new Response('three')) : next()));
const plainThrowsFirst = middleware('plainThrowsFirst', (req: R, next: Next) => {
  if (req.n === 4) throw new Error('plain ' + req.n);
  return next();
});
export const app = chain<R>(o).use(mapper).use(plainTry).use(plainTernary).use(plainThrowsFirst).use(plainTry)${handler};
export const noMapper = chain<R>(o).use(plainTry).use(plainThrowsFirst)${handler};
`,
      });
    });
  }
});
