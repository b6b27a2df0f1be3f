/** Review 4 probes: next()'s promise held by a layer that check passes: the called layer, guards on, against the guarded runtime. */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const handler = ".handle((req) => {\n  req.log.push('handler ' + req.n);\n  if (req.n === 5) throw new Error('boom ' + req.n);\n  return new Response('n=' + req.n);\n})";
const cases: Record<string, string> = {
  heldTernary: `async (req: R, next: Next) => {
  const pending = req.n > 2 ? next() : undefined;
  req.log.push('held');
  return pending ?? new Response('none');
}`,
  awaitOther: `async (req: R, next: Next) => {
  const p = next();
  await Promise.resolve();
  req.log.push('waited');
  return p;
}`,
  delayResolve: `async (req: R, next: Next) => {
  req.log.push('delay');
  return await new Promise<Response>((resolve) => setTimeout(() => resolve(next()), 1));
}`,
  thenLoad: `(req: R, next: Next) => Promise.resolve('u' + req.n).then((user) => { req.log.push(user); return next(); })`,
  promiseCtor: `(_req: R, next: Next) => new Promise<Response>((resolve, reject) => { next().then(resolve, reject); })`,
  allSettled: `async (_req: R, next: Next) => {
  const results = await Promise.allSettled([next()]);
  const first = results[0]!;
  return first.status === 'fulfilled' ? first.value : new Response('failed ' + String((first.reason as Error).message), { status: 500 });
}`,
  andAnd: `async (req: R, next: Next) => {
  const res = req.n > 0 && (await next());
  return res || new Response('zero');
}`,
  thenable: `async (_req: R, next: Next) => {
  const res = await { then: (ok: (r: Response) => void, fail: (e: unknown) => void) => { next().then(ok, fail); } };
  return res;
}`,
  iife: `async (_req: R, next: Next) => (async () => next())()`,
};

describe('layers check passes, holding or handing next() around', () => {
  for (const [name, fn] of Object.entries(cases)) {
    it(name, async () => {
      await same(`r4-held-${name}`, {
        'app.ts': `${header}${R}
const ${name} = middleware('${name}', ${fn});
const outer = middleware('outer', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('outer ' + res.status);
  return res;
});
export const app = chain<R>().use(${name})${handler};
export const twice = chain<R>().use(outer).use(${name}).use(outer).use(${name})${handler};
`,
      });
    });
  }
});
