/** Review probes: sub-chains, reuse across chains, long chains, factories. */
import { describe, expect, it } from 'vitest';
import { R, header, same } from './lib.js';

describe('structure', () => {
  it('deeply nested sub-chains, spliced twice, reused across chains and modules', async () => {
    await same('structure-nested', {
      'parts.ts': `${header}${R}
export const a = middleware('a', async (req: R, next: Next) => {
  var depth = req.log.length;
  req.log.push('a' + depth);
  const res = await next();
  res.headers.append('x-a', String(depth));
  return res;
});
export const b = middleware.sync('b', (req: R, next: NextSync) => {
  req.log.push('b');
  return next();
});
export const l1 = chain<R>().use(a).use(a);
export const l2 = chain<R>().use(l1).use(a).use(l1);
export const l3 = chain<R>().use(l2).use(l2);
`,
      'app.ts': `import { chain } from 'shallot';
import { a, b, l1, l2, l3, type R } from './parts.js';
export const deep = chain<R>().use(l3).use(a).use(l1).use(b).use(b).handle((req) => new Response(req.log.join(',')));
export const again = chain<R>().use(l2).use(b).handle((req) => new Response('again ' + req.log.length));
export const syncOnly = chain<R>().use(b).use(b).use(b).handle((req) => new Response('sync ' + req.log.length));
`,
    }, [{ n: 1 }]);
  });

  it('60 layers in one chain: codegen is quick and the handler answers the same', async () => {
    const n = 60;
    const layers = Array.from({ length: n }, (_, i) => {
      const kinds = [
        `const l${i} = middleware('l${i}', async (req: R, next: Next) => {\n  req.log.push('in ${i}');\n  const res = await next();\n  res.headers.append('x-trail', '${i}');\n  return res;\n});`,
        `const l${i} = middleware('l${i}', async (req: R, next: Next) => {\n  if (req.n === ${i}) return new Response('stopped at ${i}');\n  return next();\n});`,
        `const l${i} = middleware('l${i}', async (req: R, next: Next) => {\n  try {\n    return await next();\n  } catch (error) {\n    if (req.n === ${i} + 100) return new Response('caught ${i}');\n    throw error;\n  }\n});`,
      ];
      return kinds[i % kinds.length]!;
    });
    const start = Date.now();
    await same('structure-long', {
      'app.ts': `${header}${R}
${layers.join('\n')}
export const app = chain<R>()${Array.from({ length: n }, (_, i) => `.use(l${i})`).join('')}.handle((req) => {
  if (req.n >= 100) throw new Error('deep');
  return new Response('end');
});
`,
    }, [{ n: 1 }, { n: 31 }, { n: 59 }, { n: 102 }, { n: 158 }, { n: 200 }]);
    expect(Date.now() - start).toBeLessThan(60_000);
  });

  it('factories: called, with their own closures, in async and sync chains', async () => {
    await same('structure-factories', {
      'app.ts': `${header}${R}
const limit = (max: number) =>
  middleware('limit', async (req: R, next: Next) => {
    if (req.n > max) return new Response('limited', { status: 429 });
    return next();
  });
const stamp = (tag: string) =>
  middleware.sync(\`stamp-\${tag}\`, (req: R, next: NextSync) => {
    req.log.push(tag);
    return next();
  });
const inner = middleware('inner', async (req: R, next: Next) => {
  const res = await next();
  res.headers.set('x-inner', req.log.join('|'));
  return res;
});
export const app = chain<R>().use(limit(3)).use(inner).use(limit(2)).use(stamp('x')).use(stamp('y')).handle((req) => new Response('n=' + req.n));
`,
    });
  });
});
