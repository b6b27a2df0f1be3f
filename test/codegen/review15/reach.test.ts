/**
 * Review 15: how codegen reaches chain modules after review 14 (files-only tsconfig following imports, the
 * `.handle(` pre-filter) and what verify now reports on imports (a module importing its own .gen.js, TS2307).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
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
`;
const dist = path.resolve('dist/src');
/** A shallot package of the case's own (a case with a package.json of its own cannot self-reference this repository's). */
const shim = {
  'node_modules/shallot/package.json': JSON.stringify({
    name: 'shallot',
    type: 'module',
    exports: { '.': { types: './index.d.ts', default: './index.js' }, './generated': { types: './generated.d.ts', default: './generated.js' } },
  }),
  'node_modules/shallot/index.js': `export * from ${JSON.stringify(path.join(dist, 'index.js'))};\n`,
  'node_modules/shallot/index.d.ts': `export * from ${JSON.stringify(path.join(dist, 'index.js'))};\n`,
  'node_modules/shallot/generated.js': `export * from ${JSON.stringify(path.join(dist, 'generated.js'))};\n`,
  'node_modules/shallot/generated.d.ts': `export * from ${JSON.stringify(path.join(dist, 'generated.js'))};\n`,
};
const files = (entry: string[]) => ({ compilerOptions: strictConfig.compilerOptions, files: entry });

describe('review15: a files-only tsconfig', () => {
  // Was a difference, fixed (lost generation, silent): the README's way to serve an app is `import { app } from './app.gen.js'`.
  // A files-only tsconfig whose entry imports the generated module (not yet written on a fresh checkout, or written
  // and then skipped: importedOnly() drops every target that is not a source name, .gen.ts included) never reaches
  // routes/app.ts: nothing is generated; the run has no diagnostic of the project (the CLI then says 'no chain
  // found: none of its 1 file imports shallot', which is not why), and tsc then fails on the missing
  // ./routes/app.gen.js. Fix: follow an import of `x.gen.js` to its source `x.ts` (resolved or not).
  it('an entry that imports the generated module of a route (as the README says to)', () => {
    const p = gen(
      'r15-files-gen-entry',
      {
        'src/r.ts': R,
        'src/layers.ts': layers,
        'src/routes/app.ts': `import { chain } from 'shallot';
import { log } from '../layers.js';
import type { R } from '../r.js';
export const app = chain<R>().use(log).handle(() => new Response('hi'));
`,
        'src/health.ts': `import { chain } from 'shallot';\nimport type { R } from './r.js';\nexport const health = chain<R>().handle(() => new Response('ok'));\n`,
        'src/server.ts': `import { app } from './routes/app.gen.js';\nimport { health } from './health.js';\nexport const serve = (n: number) => (n === 0 ? health : app)({ n, log: [] });\n`,
      },
      files(['src/server.ts']),
    );
    // With another chain reached directly (src/health.ts) the run passes: no diagnostic, only health.gen.ts.
    expect(diagnostics(p)).toBe('');
    expect(fs.existsSync(path.join(p.dir, 'src/health.gen.ts'))).toBe(true);
    expect(fs.existsSync(path.join(p.dir, 'src/routes/app.gen.ts'))).toBe(true);
  }, 120_000);

  // Same after a first generation: app.gen.ts exists, the entry resolves to it, and it is not followed to its source.
  it('an entry that imports an existing generated module', () => {
    const files0 = {
      'src/r.ts': R,
      'src/layers.ts': layers,
      'src/routes/app.ts': `import { chain } from 'shallot';
import { log } from '../layers.js';
import type { R } from '../r.js';
export const app = chain<R>().use(log).handle(() => new Response('hi'));
`,
      'src/server.ts': `import { app } from './routes/app.js';\nexport const serve = (n: number) => app({ n, log: [] });\n`,
    };
    const first = gen('r15-files-gen-entry2', files0, files(['src/server.ts']));
    expect(fs.existsSync(path.join(first.dir, 'src/routes/app.gen.ts'))).toBe(true);
    const text = fs.readFileSync(path.join(first.dir, 'src/routes/app.gen.ts'), 'utf8');
    // The server switches to the generated module; the route changes (a second log layer); codegen runs again.
    const second = gen(
      'r15-files-gen-entry2',
      {
        ...files0,
        'src/routes/app.gen.ts': text,
        'src/routes/app.ts': files0['src/routes/app.ts'].replace('.use(log)', '.use(log).use(log)'),
        'src/server.ts': `import { app } from './routes/app.gen.js';\nexport const serve = (n: number) => app({ n, log: [] });\n`,
      },
      files(['src/server.ts']),
    );
    // Was a difference, fixed (stale generated module, silent): app.gen.ts is left as it was (one log layer), so it throws
    // GENERATED_MISMATCH at load; the CLI says 'no chain found: none of its 1 file imports shallot'.
    const after = fs.readFileSync(path.join(second.dir, 'src/routes/app.gen.ts'), 'utf8');
    expect(diagnostics(second)).toBe('');
    expect(after).not.toBe(text);
  }, 120_000);

  // tsconfig.build.json extends tsconfig.json, which has the `files`; the child has none of its own (raw.files is
  // undefined there), so imports are not followed: nothing is generated, nothing is said.
  it('a tsconfig that inherits its files from the one it extends', () => {
    const p = gen(
      'r15-files-extends',
      {
        'src/r.ts': R,
        'src/layers.ts': layers,
        'src/routes/app.ts': `import { chain } from 'shallot';
import { log } from '../layers.js';
import type { R } from '../r.js';
export const app = chain<R>().use(log).handle(() => new Response('hi'));
`,
        'src/server.ts': `import { app } from './routes/app.js';\nexport const serve = (n: number) => app({ n, log: [] });\n`,
        'tsconfig.base.json': JSON.stringify(files(['src/server.ts'])),
      },
      { extends: './tsconfig.base.json', compilerOptions: { noEmit: true } },
    );
    // Was a difference, fixed (lost generation, silent): tsc -p tsconfig.json compiles src/routes/app.ts; codegen does not read it.
    expect(fs.existsSync(path.join(p.dir, 'src/routes/app.gen.ts')), diagnostics(p)).toBe(true);
  }, 120_000);

  it('cycles, import type, barrels and dynamic import() from the entry are followed', async () => {
    const p = await same(
      'r15-files-cycle',
      {
        'src/r.ts': R,
        'src/layers.ts': layers,
        'src/routes/index.ts': `export * from './app.js';\nexport type { R } from '../r.js';\n`,
        'src/routes/app.ts': `import { chain } from 'shallot';
import { log } from '../layers.js';
import type { R } from '../r.js';
import type { Serve } from '../server.js';
export const app = chain<R>().use(log).handle((req) => new Response('hi ' + req.n));
export const kind: Serve | undefined = undefined;
`,
        'src/server.ts': `import type { app } from './routes/index.js';
export type Serve = typeof app;
export const load = () => import('./routes/index.js');
`,
      },
      undefined,
      { file: 'src/routes/app.ts', config: files(['src/server.ts']) },
    );
    expect(fs.existsSync(path.join(p.dir, 'src/routes/app.gen.ts'))).toBe(true);
  }, 120_000);
});

describe('review15: a files-only tsconfig, how the entry reaches the route', () => {
  const route = `import { chain } from 'shallot';
import { log } from '../layers.js';
import type { R } from '../r.js';
export const app = chain<R>().use(log).handle(() => new Response('hi'));
`;
  const base = { 'src/r.ts': R, 'src/layers.ts': layers, 'src/routes/app.ts': route };

  // Was a difference, fixed (lost generation): with allowJs, a JavaScript module between the entry and the route (a project
  // half-way through a migration) is compiled by tsc, but importedOnly() follows only TypeScript source names, so
  // routes/app.ts is never read. Fix: follow (without generating from) .js/.mjs/.cjs/.jsx when allowJs is on.
  it('through a .js module (allowJs)', () => {
    const p = gen(
      'r15-files-allowjs',
      { ...base, 'src/legacy/router.js': `import { app } from '../routes/app.js';\nexport const routes = { '/': app };\n`, 'src/health.ts': route.replace(/\.\.\//g, './'), 'src/server.ts': `import { routes } from './legacy/router.js';\nimport { app as health } from './health.js';\nexport const serve = { routes, health };\n` },
      { compilerOptions: { ...strictConfig.compilerOptions, allowJs: true }, files: ['src/server.ts'] },
    );
    // With another chain reached directly (src/health.ts), the run passes: no diagnostic, health.gen.ts written.
    expect(diagnostics(p)).toBe('');
    expect(fs.existsSync(path.join(p.dir, 'src/health.gen.ts'))).toBe(true);
    expect(fs.existsSync(path.join(p.dir, 'src/routes/app.gen.ts'))).toBe(true);
  }, 120_000);

  it('through a paths alias and a package.json imports (#routes/*)', () => {
    const p = gen(
      'r15-files-alias',
      {
        ...base,
        ...shim,
        'src/routes/other.ts': route.replace('hi', 'other'),
        'package.json': JSON.stringify({ name: 'app', type: 'module', imports: { '#routes/*': { types: './src/routes/*', import: './src/routes/*' } } }),
        'src/server.ts': `import { app } from '@/routes/app.js';\nimport { app as other } from '#routes/other.js';\nexport const serve = [app, other];\n`,
      },
      { compilerOptions: { ...strictConfig.compilerOptions, paths: { '@/*': ['./src/*'] } }, files: ['src/server.ts'] },
    );
    expect(diagnostics(p)).toBe('');
    expect(fs.existsSync(path.join(p.dir, 'src/routes/app.gen.ts'))).toBe(true);
    expect(fs.existsSync(path.join(p.dir, 'src/routes/other.gen.ts'))).toBe(true);
  }, 120_000);
});

describe('review15: imports reported by verify', () => {
  // Was a difference (crash at load, not reported), fixed: app.ts imports a barrel that re-exports app.gen.js. Loading app.ts
  // loads index.ts, then app.gen.ts, which imports app.ts back (unfinished) and reads its chain: ReferenceError
  // 'Cannot access app before initialization'. Only a direct import of the own .gen.js is reported.
  it('a chain module that reaches its own generated module through a barrel', () => {
    const p = gen('r15-self-gen-barrel', {
      'r.ts': R,
      'layers.ts': layers,
      'index.ts': `export { app } from './app.gen.js';\nexport const version = '1';\n`,
      'app.ts': `import { chain } from 'shallot';
import { log } from './layers.js';
import type { R } from './r.js';
import { version } from './index.js';
export const app = chain<R>().use(log).handle(() => new Response('v' + version));
`,
    });
    // Reported on the import that starts the path, with the path; nothing is written, so nothing crashes at load.
    expect(diagnostics(p)).toBe(
      "app.ts:4: app.ts reaches its own generated module through './index.js' -> './app.gen.js', which imports app.ts back: whichever of the two loads first sees the other unfinished. Import the generated module from the module that serves the app instead",
    );
    expect(fs.existsSync(path.join(p.dir, 'app.gen.ts'))).toBe(false);
  }, 120_000);

  // Was a difference, fixed (false diagnostic on a fresh checkout): routes/index.ts holds a chain and dispatches to the generated
  // handler of routes/users.ts. Before the first run users.gen.ts does not exist: verify now reports TS2307 on the
  // import and refuses to generate index.ts, so `shallot codegen` on a clean tree (generated modules git-ignored)
  // fails; a second run passes. Before review 14 the import was not looked at (it is not a layer's).
  it('a chain module that imports another module\'s generated handler, before the first run', () => {
    const p = gen('r15-sibling-gen', {
      'r.ts': R,
      'layers.ts': layers,
      'users.ts': `import { chain } from 'shallot';
import { log } from './layers.js';
import type { R } from './r.js';
export const users = chain<R>().use(log).handle(() => new Response('users'));
`,
      'index.ts': `import { chain } from 'shallot';
import { log } from './layers.js';
import type { R } from './r.js';
import { users } from './users.gen.js';
export const app = chain<R>().use(log).handle((req) => users(req));
`,
    });
    expect(diagnostics(p)).toBe('');
    expect(fs.existsSync(path.join(p.dir, 'index.gen.ts'))).toBe(true);
  }, 120_000);

  it('a module whose only .handle( is in a comment or string is read and left alone', () => {
    const p = gen('r15-comment-handle', {
      'r.ts': R,
      'doc.ts': `/** Call router.handle(req) to answer. */\nexport const help = 'use app.handle<R>(fn)';\nexport const x = 1;\n`,
    });
    expect(diagnostics(p)).toBe('');
  }, 120_000);
});
