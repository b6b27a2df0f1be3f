/** Review 5 probes, B: next() called with odd argument lists (extra arguments with effects, spread, a cast callee). */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const handler = ".handle((req) => new Response(JSON.stringify(req)))";
const cases: Record<string, string> = {
  extraArg: `async (req: R, next: Next<{ a: number }>) => {
  const res = await (next as (adds: { a: number }, extra: unknown) => Promise<Response>)({ a: 1 }, req.log.push('extra'));
  return res;
}`,
  spreadArgs: `async (req: R, next: Next<{ a: number }>) => {
  const args: [{ a: number }] = [{ a: req.n }];
  return next(...args);
}`,
  castCallee: `async (_req: R, next: Next<{ a: number }>) => (next as any)({ a: 2 })`,
  parenCallee: `async (_req: R, next: Next<{ a: number }>) => (next)({ a: 3 })`,
  nonNullCallee: `async (_req: R, next: Next<{ a: number }>) => next!({ a: 4 })`,
  argOrder: `async (req: R, next: Next<{ a: number }>) => {
  const res = await next({ a: (req.log.push('arg'), 5) });
  req.log.push('after');
  return res;
}`,
  explicitUndefined: `async (_req: R, next: Next) => next(undefined)`,
};

describe('next() argument lists', () => {
  for (const [name, fn] of Object.entries(cases)) {
    it(name, async () => {
      await same(`r5-args-${name}`, {
        'app.ts': `${header}${R}
const ${name} = middleware('${name}', ${fn});
const outer = middleware('outer', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('outer ' + res.status);
  return res;
});
export const app = chain<R>().use(outer).use(${name}).use(outer)${handler};
`,
      });
    });
  }
});
