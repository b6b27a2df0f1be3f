/**
 * Review 6: a chain another module declares, exported again (`export { shared } from './base'`, an import exported
 * under another name, `export *`), was missing from the generated module; a chain exported by destructuring was
 * skipped with no word. The generated module exports every chain its source exports: the other module's generated
 * chain (the same object, as at run time), the runtime chain where no module is generated for it, and a chain it
 * cannot read with the reason.
 */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { project } from '../../codegen-support/compare.js';
import { R, diagnostics, header, same } from '../review/lib.js';

type Mod = Record<string, { description: { generated?: boolean } }>;
const load = async (dir: string, file: string): Promise<Mod> => (await import(pathToFileURL(path.join(dir, file)).href)) as Mod;

const base = `${header}${R}
const tag = middleware('tag', async (req: R, next: Next) => {
  req.log.push('tag ' + req.n);
  const res = await next();
  res.headers.set('x-tag', String(req.n));
  return res;
});
export const shared = chain<R>().use(tag).handle((req) => new Response('shared ' + req.n));
export const other = chain<R>().use(tag).use(tag).handle((req) => new Response('other ' + req.n));
`;
const own = `export const own = chain<R>().handle((req) => new Response('own ' + req.n));\n`;

describe('a chain of another module, exported again', () => {
  it('is that module’s generated chain, under every name', async () => {
    const p = await same('r6-reexport', {
      'base.ts': base,
      'app.ts': `${header}import { shared as s } from './base.js';
import type { R } from './base.js';
export { shared, other as "other chain" } from './base.js';
export { s as importedAgain, s as default };
${own}`,
    });
    const app = await load(p.dir, 'app.gen.ts');
    const gen = await load(p.dir, 'base.gen.ts');
    expect(app['shared']).toBe(gen['shared']);
    expect(app['importedAgain']).toBe(gen['shared']);
    expect(app['default']).toBe(gen['shared']);
    expect(app['other chain']).toBe(gen['other']);
    expect(gen['shared']!.description.generated).toBe(true);
    expect(app['own']!.description.generated).toBe(true);
  });

  it('through export * and a namespace import', async () => {
    const p = await same('r6-reexport-star', {
      'base.ts': base,
      'app.ts': `${header}import * as routes from './base.js';
import type { R } from './base.js';
export * from './base.js';
export const api = routes.other;
${own}`,
    });
    const app = await load(p.dir, 'app.gen.ts');
    const gen = await load(p.dir, 'base.gen.ts');
    expect(app['shared']).toBe(gen['shared']);
    expect(app['other']).toBe(gen['other']);
    expect(app['api']!.description.generated).toBe(true);
  });

  it('of a module codegen writes no module for, is the runtime chain, said in the generated module', async () => {
    // kit.ts hands shallot on; base.ts never names it, so it is no candidate (project.ts) and gets no base.gen.ts.
    const p = await same('r6-reexport-runtime', {
      'kit.ts': "export { chain, middleware, type Next } from 'shallot';\n",
      'base.ts': `import { chain } from './kit.js';
export interface R { n: number; log: string[] }
export const plain = chain<R>().handle((req) => new Response('plain ' + req.n));
`,
      'app.ts': `${header}import type { R } from './base.js';
export { plain } from './base.js';
${own}`,
    });
    const source = await load(p.dir, 'app.ts');
    const app = await load(p.dir, 'app.gen.ts');
    expect(app['plain']).toBe(source['plain']);
    expect(p.generated('app.ts')).toMatch(/'plain': the chain of base\.ts, for which shallot codegen writes no module: the runtime chain/);
  });
});

describe('a chain exported by destructuring', () => {
  it('is reported, with its name and why, and re-exported as the runtime chain', async () => {
    const p = project('review-r6-destructure', {
      'app.ts': `${header}${R}
const apps = { a: chain<R>().handle((req) => new Response('a ' + req.n)) };
export const { a } = apps;
export const [first] = [chain<R>().handle((req) => new Response('first ' + req.n))];
${own}`,
    });
    expect(diagnostics(p)).toBe(
      [
        "app.ts:8: cannot analyse the chain 'a': 'a' is declared by destructuring, which codegen does not follow; write it as chain()…use(…).handle(…) with each layer a const",
        "app.ts:9: cannot analyse the chain 'first': 'first' is declared by destructuring, which codegen does not follow; write it as chain()…use(…).handle(…) with each layer a const",
      ].join('\n'),
    );
    const source = await load(p.dir, 'app.ts');
    const app = await load(p.dir, 'app.gen.ts');
    expect(app['a']).toBe(source['a']);
    expect(app['first']).toBe(source['first']);
    expect(app['own']!.description.generated).toBe(true);
  });
});
