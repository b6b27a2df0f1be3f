/** Review 2 probes: many chains in one module, sub-chains reused across routes, a layer in several chains. */
import { describe, expect, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const layerModule = (m: number): string => `${header}import type { R } from './app.js';
export const a${m} = middleware('a${m}', async (req: R, next: Next) => {
  req.log.push('a${m} in');
  const res = await next();
  res.headers.append('x-trail', 'a${m}');
  return res;
});
export const b${m} = middleware('b${m}', async (req: R, next: Next) => {
  if (req.n === ${m}) return new Response('stopped by b${m}');
  return next();
});
export const c${m} = middleware('c${m}', async (req: R, next: Next) => {
  try {
    return await next();
  } catch (error) {
    req.log.push('c${m} caught');
    return new Response('c${m}: ' + (error as Error).message, { status: 500 });
  }
});
export const stack${m} = chain<R>().use(a${m}).use(b${m}).use(c${m});
`;

describe('scale', () => {
  it('100 chains in one module over 5 layer modules (15 layers, 5 sub-chains each reused by 20 routes): codegen time and answers', async () => {
    const files: Record<string, string> = {};
    for (let m = 0; m < 5; m++) files[`mw/m${m}.ts`] = layerModule(m);
    const routes = Array.from({ length: 100 }, (_, i) => {
      const uses = [0, 1, 2, 3, 4].filter((m) => (i + m) % 3 !== 0).map((m) => `.use(stack${m})`).join('');
      return `export const route${i} = chain<R>()${uses}.use(a${i % 5}).handle((req) => {\n  if (req.n === 9) throw new Error('route ${i}');\n  return new Response('route ${i} ' + req.n);\n});`;
    });
    files['app.ts'] = `${header}export interface R {\n  n: number;\n  log: string[];\n}\n${[0, 1, 2, 3, 4].map((m) => `import { a${m}, stack${m} } from './mw/m${m}.js';`).join('\n')}\n${routes.join('\n')}\n`;
    const start = Date.now();
    await same('scale-100', files, [{ n: 0 }, { n: 3 }, { n: 7 }, { n: 9 }]);
    const took = Date.now() - start;
    expect(took, `took ${took} ms`).toBeLessThan(60_000);
  }, 120_000);

  it('one layer in three chains of one module, each also using it twice', async () => {
    await same('scale-one-layer-three-chains', {
      'app.ts': `${header}${R}
const count = middleware('count', async (req: R, next: Next<{ depth: number }>) => {
  const depth = ((req as R & { depth?: number }).depth ?? 0) + 1;
  req.log.push('count ' + depth);
  const res = await next({ depth });
  res.headers.append('x-depth', String(depth));
  return res;
});
export const a = chain<R>().use(count).handle((req) => new Response('a ' + req.depth));
export const b = chain<R>().use(count).use(count).handle((req) => new Response('b ' + req.depth));
export const c = chain<R>().use(count).use(count).use(count).handle((req) => new Response('c ' + req.depth));
`,
    });
  });
});
