/**
 * Review 15: layers of a workspace package reached through tsconfig `paths` (the "live types" monorepo setup: the
 * editor and codegen see packages/mw/src through `paths`, node resolves @acme/mw through the workspace link to
 * the package's build), and module-scoped names (`require`) of the layer's own module.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { casesDir, compare, strictConfig } from '../../codegen-support/compare.js';
import { fromProjectDir, generateAll } from '../../codegen-support/codegen.js';
import { R, header, same } from '../review/lib.js';

const dist = path.resolve('dist/src');
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

const made: string[] = [];
afterAll(() => {
  if (process.env['KEEP_CASES'] !== '1') for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

async function sameLinked(name: string, files: Record<string, string>, links: Record<string, string>, config: object): Promise<string> {
  const dir = path.join(casesDir, `review-${name}`);
  made.push(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  for (const [link, target] of Object.entries(links)) {
    fs.mkdirSync(path.dirname(path.join(dir, link)), { recursive: true });
    fs.symlinkSync(path.join(dir, target), path.join(dir, link), 'dir');
  }
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config, null, 2));
  const result = generateAll(fromProjectDir(dir), { inline: true });
  expect(result.diagnostics.map((d) => d.message).join('\n')).toBe('');
  const outcomes = await compare({ dir, result, generated: () => '' }, 'app.ts', [0, 1, 2, 3].map((n) => ({ n })));
  const problems: string[] = [];
  for (const [chainName, rows] of Object.entries(outcomes)) {
    rows.forEach(([on, , generated], i) => {
      if (JSON.stringify(generated) !== JSON.stringify(on)) problems.push(`${chainName} #${i}:\n  runtime:   ${JSON.stringify(on)}\n  generated: ${JSON.stringify(generated)}`);
    });
  }
  expect(problems.join('\n'), `generated module: ${dir}`).toBe('');
  return dir;
}

const mwSource = `import { middleware, type Next } from 'shallot';
export const stats = { requests: 0 };
export const VERSION = 'src';
export const counted = middleware('counted', async (req: { log: string[] }, next: Next) => {
  stats.requests++;
  req.log.push('counted ' + VERSION);
  return next();
});
`;
const mwDist = `import { middleware } from 'shallot';
export const stats = { requests: 0 };
export const VERSION = 'dist';
export const counted = middleware('counted', async (req, next) => {
  stats.requests++;
  req.log.push('counted ' + VERSION);
  return next();
});
`;

describe('review15: a workspace package seen through tsconfig paths', () => {
  // Was a difference, fixed: tsconfig `paths` maps @acme/mw to packages/mw/src/index.ts, so the file is no library file and
  // bindings.ts's node_modules test (home.isFromExternalLibrary() or a path through node_modules) does not see a
  // package: the layer is copied, and its names (stats, VERSION) are imported by the generated module from the
  // package's source file, while the runtime chain (node, through node_modules/@acme/mw -> packages/mw) runs
  // dist/index.js. runtime log: 'counted dist', the handler sees stats.requests go up; generated: 'counted src', and
  // the handler's stats (dist's) never change. In a build, app.gen.js imports ../packages/mw/src/index.js, which
  // is not there. Fix: a file that is the target of a `paths` mapping and lies in a folder with a package.json of
  // its own (another package) is a package's file: call its layers.
  it('paths to the source, the workspace link to dist', async () => {
    const dir = await sameLinked(
      'r15-paths-package',
      {
        ...shim,
        'packages/mw/package.json': JSON.stringify({ name: '@acme/mw', type: 'module', exports: { '.': { types: './src/index.ts', default: './dist/index.js' } } }),
        'packages/mw/src/index.ts': mwSource,
        'packages/mw/dist/index.js': mwDist,
        'app.ts': `${header}${R}
import { counted, stats } from '@acme/mw';
export const app = chain<R>().use(counted).handle((req) => {
  req.log.push('handler');
  return new Response('seen ' + Math.ceil(stats.requests / 3));
});
`,
      },
      { 'node_modules/@acme/mw': 'packages/mw' },
      { compilerOptions: { ...strictConfig.compilerOptions, paths: { '@acme/mw': ['./packages/mw/src/index.ts'] } }, include: ['*.ts'] },
    );
    expect(fs.readFileSync(path.join(dir, 'app.gen.ts'), 'utf8')).not.toMatch(/packages\/mw\/src/);
  }, 120_000);
});

describe('review15: module-scoped names', () => {
  it("a module's own require (createRequire) and a local named module are not refused", async () => {
    const p = await same('r15-own-require', {
      'data.json': JSON.stringify({ greeting: 'hello' }),
      'app.ts': `${header}${R}
import { createRequire } from 'node:module';
export const require = createRequire(import.meta.url);
const greet = middleware('greet', async (req: R, next: Next) => {
  const data = require('./data.json') as { greeting: string };
  const module = { name: 'local' };
  req.log.push(data.greeting + ' ' + module.name);
  return next();
});
export const app = chain<R>().use(greet).handle((req) => new Response('n' + req.n));
`,
    }, undefined, { config: { ...strictConfig, compilerOptions: { ...strictConfig.compilerOptions, types: ['node'] } } });
    expect(p.generated('app.ts')).toMatch(/copy|req\.log\.push\(data\.greeting/);
  }, 120_000);
});
