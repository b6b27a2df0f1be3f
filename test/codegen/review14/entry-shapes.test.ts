/**
 * Review 14: how a project reaches its chains. A chain module need not name shallot (its base builder comes from
 * another module of the project, or shallot through the project's own re-export), and a tsconfig may list only the
 * entry (`"files": ["src/server.ts"]`): tsc compiles every module the entry imports, so codegen must read them.
 * Before, each of these was skipped in silence: no .gen.ts, and check and --check passed.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { strictConfig } from '../../codegen-support/compare.js';
import { R, diagnostics, gen, same } from '../review/lib.js';

const layers = `import { middleware, type Next } from 'shallot';
import type { R } from './r.js';
export const log = middleware('log', async (req: R, next: Next) => {
  req.log.push('log in');
  const res = await next();
  req.log.push('log out ' + res.status);
  return res;
});
export const auth = middleware('auth', async (req: R, next: Next<{ user: string }>) => {
  if (req.n === 1) return new Response('no', { status: 401 });
  return next({ user: 'u' + req.n });
});
`;

describe('review14: chain modules that do not name shallot, and modules only imported', () => {
  it('a route module built on a base of another module: base.use(…).handle(…)', async () => {
    await same('r14-base-elsewhere', {
      'r.ts': R,
      'layers.ts': layers,
      'base.ts': `import { chain } from 'shallot';\nimport { log } from './layers.js';\nimport type { R } from './r.js';\nexport const base = chain<R>().use(log);\n`,
      'app.ts': `import { base } from './base.js';
import { auth } from './layers.js';
export const app = base.use(auth).handle((req) => {
  req.log.push('handler ' + req.user);
  return new Response('hi ' + req.user);
});
`,
    });
  }, 120_000);

  it("shallot through the project's own re-export module", async () => {
    await same('r14-reexport', {
      'r.ts': R,
      'lib.ts': `export * from 'shallot';\n`,
      'app.ts': `import { chain, middleware, type Next } from './lib.js';
import type { R } from './r.js';
const stamp = middleware('stamp', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('stamp ' + res.status);
  return res;
});
export const app = chain<R>()
  .use(stamp)
  .handle((req) => new Response('n' + req.n, { status: req.n === 2 ? 404 : 200 }));
`,
    });
  }, 120_000);

  it('a tsconfig that lists only the entry: the chains of the modules it imports are generated', async () => {
    const p = await same(
      'r14-files-entry',
      {
        'src/r.ts': R,
        'src/layers.ts': layers,
        'src/routes/app.ts': `import { chain } from 'shallot';
import { auth, log } from '../layers.js';
import type { R } from '../r.js';
export const app = chain<R>().use(log).use(auth).handle((req) => new Response('hi ' + req.user));
`,
        'src/server.ts': `import { app } from './routes/app.js';\nexport const serve = (n: number) => app({ n, log: [] });\n`,
      },
      undefined,
      { file: 'src/routes/app.ts', config: { compilerOptions: strictConfig.compilerOptions, files: ['src/server.ts'] } },
    );
    expect(fs.existsSync(path.join(p.dir, 'src/routes/app.gen.ts'))).toBe(true);
  }, 120_000);

  it('a file whose .handle( is not a chain is read and left alone', async () => {
    const p = gen('r14-other-handle', {
      'r.ts': R,
      'queue.ts': `export class Queue {\n  handle(job: string): string {\n    return 'done ' + job;\n  }\n}\nexport const done = new Queue().handle('x');\n`,
    });
    expect(diagnostics(p)).toBe('');
    expect(fs.existsSync(path.join(p.dir, 'queue.gen.ts'))).toBe(false);
  }, 120_000);
});

describe('review14: a chain module that imports its own generated module', () => {
  // Before, nothing was reported and the generated module threw at load when the source loaded first (the source
  // imports app.gen.js, which imports the source back and reads its chain before it is defined).
  it('is reported on the import, as import and as export … from', () => {
    const p = gen('r14-self-gen', {
      'r.ts': R,
      'layers.ts': layers,
      'app.ts': `import { chain } from 'shallot';
import { log } from './layers.js';
import type { R } from './r.js';
import { app as fast } from './app.gen.js';
export { app as generated } from './app.gen.js';
export const app = chain<R>().use(log).handle(() => new Response('ok'));
export const serve = (n: number) => fast({ n, log: [] });
`,
    });
    const text = diagnostics(p);
    expect(text).toMatch(/^app\.ts:4: app\.ts imports its own generated module \('\.\/app\.gen\.js'\), which imports app\.ts back/m);
    expect(text).toMatch(/^app\.ts:5: app\.ts imports its own generated module/m);
    expect(fs.existsSync(path.join(p.dir, 'app.gen.ts'))).toBe(false);
  }, 120_000);
});

describe('review14: an import that finds no module', () => {
  it('is reported on the import first, with the compiler message, and the chain names it as the cause', () => {
    const p = gen('r14-missing-module', {
      'r.ts': R,
      'app.ts': `import { chain } from 'shallot';
import { auth } from './layer.js';
import type { R } from './r.js';
export const app = chain<R>().use(auth).handle(() => new Response('ok'));
`,
    });
    const lines = diagnostics(p).split('\n');
    expect(lines[0]).toMatch(/^app\.ts:2: Cannot find module '\.\/layer\.js'.*\(TS2307\)$/);
    expect(lines[1]).toMatch(/^app\.ts:4: cannot analyse the chain 'app': .*'auth' is imported from '\.\/layer\.js', which cannot be found/);
  }, 120_000);
});

describe('review14: a workspace package not built yet', () => {
  // Its package.json points types at dist/index.d.ts, which tsc -b writes: before, the message blamed the chain's
  // shape ("cannot tell what .use(cors) adds"); now the import says what is missing and what to run.
  it('is reported on the import: the package is there, its types are not, build it first', () => {
    const p = gen('r14-unbuilt', {
      'r.ts': R,
      'node_modules/@acme/layers/package.json': JSON.stringify({ name: '@acme/layers', type: 'module', exports: { '.': { types: './dist/index.d.ts', default: './dist/index.js' } } }),
      'node_modules/@acme/layers/src/index.ts': "export const cors = 1;\n",
      'app.ts': `import { chain } from 'shallot';
import { cors } from '@acme/layers';
import type { R } from './r.js';
export const app = chain<R>().use(cors).handle(() => new Response('ok'));
`,
    });
    expect(diagnostics(p).split('\n')[0]).toBe(
      "app.ts:2: Cannot find module '@acme/layers' or its corresponding type declarations. (TS2307): node_modules/@acme/layers is there, its types are not; if it is a package of the workspace, build it first (tsc -b)",
    );
  }, 120_000);
});
