/**
 * Review 6: `export const alias = app;` is valid code that codegen reported as a chain it cannot analyse (and
 * exited 1). Another name of an exported chain is one more name of it; a name of a private chain is that chain.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const layer = `const tag = middleware('tag', async (req: R, next: Next) => {
  req.log.push('tag ' + req.n);
  const res = await next();
  res.headers.set('x-tag', String(req.n));
  return res;
});
`;

describe('an exported alias of a chain', () => {
  it('is the same generated chain, and a private chain under an exported name is generated', async () => {
    const p = await same('r6-alias', {
      'app.ts': `${header}${R}${layer}
export const app = chain<R>().use(tag).handle((req) => new Response('app ' + req.n));
export const alias = app;
export const aliasOfAlias = alias;
const hidden = chain<R>().use(tag).use(tag).handle((req) => new Response('hidden ' + req.n));
export const shown = hidden;
export { shown as alsoShown };
`,
    });
    const mod = (await import(pathToFileURL(path.join(p.dir, 'app.gen.ts')).href)) as Record<string, { description: { generated?: boolean } }>;
    expect(mod['alias']).toBe(mod['app']);
    expect(mod['aliasOfAlias']).toBe(mod['app']);
    expect(mod['alsoShown']).toBe(mod['shown']);
    expect(mod['app']!.description.generated).toBe(true);
    expect(mod['shown']!.description.generated).toBe(true);
  });

  it('of a chain another module exports is that chain here, generated from its source', async () => {
    await same('r6-alias-import', {
      'routes.ts': `${header}${R}${layer}
export const routes = chain<R>().use(tag).handle((req) => new Response('routes ' + req.n));
`,
      'app.ts': `${header}import { routes } from './routes.js';
import type { R } from './routes.js';
export const api = routes;
export const own = chain<R>().handle((req) => new Response('own ' + req.n));
`,
    });
  });
});

describe('a layer using an exported namespace', () => {
  it('is inlined, importing the namespace from its module', async () => {
    const p = await same('r6-namespace', {
      'app.ts': `${header}${R}
export namespace Util {
  export const tag = (n: number): string => '[' + n + ']';
}
const tagged = middleware('tagged', async (req: R, next: Next) => {
  const res = await next();
  res.headers.set('x-tag', Util.tag(req.n));
  return res;
});
export const app = chain<R>().use(tagged).handle((req) => new Response('app ' + req.n));
`,
    });
    expect(p.generated('app.ts')).not.toMatch(/runAsync/);
  });
});
