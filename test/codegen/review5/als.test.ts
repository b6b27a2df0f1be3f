/** Review 5 probes, B: AsyncLocalStorage context seen by each layer (run, enterWith), before and after next(). */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const support = `import { AsyncLocalStorage } from 'node:async_hooks';
export const als = new AsyncLocalStorage<{ id: string }>();
export const store = (): string => als.getStore()?.id ?? 'none';
`;
const outer = `// The outermost layer isolates each request's context: enterWith would otherwise leak into the caller's context.
const iso = middleware('iso', async (_req: R, next: Next) => als.run({ id: 'none' }, () => next()));
const outer = middleware('outer', async (req: R, next: Next) => {
  req.log.push('outer before ' + store());
  const res = await next();
  req.log.push('outer after ' + store());
  return res;
});
const inner = middleware('inner', async (req: R, next: Next) => {
  req.log.push('inner before ' + store());
  await null;
  const res = await next();
  req.log.push('inner after ' + store());
  return res;
});
`;
const handler = ".handle(async (req) => {\n  await null;\n  req.log.push('handler ' + store());\n  return new Response('n=' + req.n);\n})";

describe('AsyncLocalStorage', () => {
  it('als.run(store, () => next()) between layers', async () => {
    await same('r5-als-run', {
      'support.ts': support,
      'app.ts': `${header}import { als, store } from './support.js';
${R}${outer}
const scope = middleware('scope', async (req: R, next: Next) => als.run({ id: 'r' + req.n }, () => next()));
export const app = chain<R>().use(iso).use(outer).use(scope).use(inner).use(outer)${handler};
`,
    });
  });
  // enterWith inside a layer: an async function's continuation keeps the context current when it awaited, in the
  // runtime and in one flat function alike (regression test).
  it('als.enterWith(store) in a layer, read by the layer above after next()', async () => {
    await same('r5-als-enter', {
      'support.ts': support,
      'app.ts': `${header}import { als, store } from './support.js';
${R}${outer}
const enter = middleware('enter', async (req: R, next: Next) => {
  als.enterWith({ id: 'e' + req.n });
  return next();
});
export const app = chain<R>().use(iso).use(outer).use(enter).use(inner)${handler};
`,
    });
  });
});
