/**
 * Review 13: layers that come from a package (node_modules) shipping its TypeScript source for types
 * (`exports: { types: './src/index.ts', default: './dist/index.js' }`), as workspace and "live types" packages do.
 * The case project gets a `shallot` package of its own in node_modules that re-exports this repository's build,
 * so that the package resolves `shallot` as an installed package would (one module instance).
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

const pkgSource = `import { middleware, type Next } from 'shallot';
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}
export const TAG = 'acme';
export const errors = middleware('errors', async (req: { log: string[] }, next: Next) => {
  try {
    const res = await next();
    req.log.push(TAG + ' ok');
    return res;
  } catch (e) {
    req.log.push(TAG + ' caught');
    if (e instanceof HttpError) return new Response(e.message, { status: e.status });
    return new Response('internal', { status: 500 });
  }
});
`;
const pkgDist = `import { middleware } from 'shallot';
export class HttpError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}
export const TAG = 'acme';
export const errors = middleware('errors', async (req, next) => {
  try {
    const res = await next();
    req.log.push(TAG + ' ok');
    return res;
  } catch (e) {
    req.log.push(TAG + ' caught');
    if (e instanceof HttpError) return new Response(e.message, { status: e.status });
    return new Response('internal', { status: 500 });
  }
});
`;

describe('review13: a layer from a package shipping its TypeScript source', () => {
  // Was a difference, fixed (the layer is now called, or its wrapper followed): codegen inlines the layer from node_modules/@acme/mw/src/index.ts and prints its module-level names
  // (TAG, HttpError) as globals (bindings.ts: a declaration in a file isFromExternalLibrary() counts as a global);
  // nothing is reported. runtime: 200 'ok' / 404 'not here' / 500 'internal'; generated: 'TAG is not defined' on
  // every request. (HttpError happens to resolve to the handler's import of the same name.) Had the package's
  // runtime code (dist) differed from its source, the copy would also run other code than the chain.
  it('an error mapper from node_modules/@acme/mw (types: src/index.ts, default: dist/index.js)', async () => {
    await same('r13-package', {
      ...shim,
      'node_modules/@acme/mw/package.json': JSON.stringify({ name: '@acme/mw', type: 'module', exports: { '.': { types: './src/index.ts', default: './dist/index.js' } } }),
      'node_modules/@acme/mw/src/index.ts': pkgSource,
      'node_modules/@acme/mw/dist/index.js': pkgDist,
      'app.ts': `${header}${R}
import { errors, HttpError } from '@acme/mw';
export const app = chain<R>().use(errors).handle(async (req) => {
  req.log.push('handler');
  if (req.n === 3) throw new HttpError(404, 'not here');
  if (req.n === 4) throw new Error('boom');
  return new Response('ok');
});
`,
    });
  }, 120_000);
});

/**
 * The same layer in a workspace package, `packages/mw`, linked as `node_modules/@acme/mw` (what npm, pnpm and yarn
 * workspaces make), its package.json pointing at its TypeScript source for types and code alike (the "internal
 * package" of Turborepo and Nx: the app's bundler or tsx compiles it). TypeScript finds the file by a node_modules
 * search, so ts-morph calls it a file of an external library.
 */
const made: string[] = [];
afterAll(() => {
  if (process.env['KEEP_CASES'] !== '1') for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

/** `same` of review/lib.ts, with `links` (link -> target, relative to the project) made before codegen runs. */
async function sameLinked(name: string, files: Record<string, string>, links: Record<string, string>): Promise<void> {
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
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ ...strictConfig, include: ['*.ts'] }, null, 2));
  const result = generateAll(fromProjectDir(dir), { inline: true });
  expect(result.diagnostics.map((d) => d.message).join('\n')).toBe('');
  const outcomes = await compare({ dir, result, generated: () => '' }, 'app.ts', [0, 1, 2, 3, 4, 5].map((n) => ({ n })));
  const problems: string[] = [];
  for (const [chainName, rows] of Object.entries(outcomes)) {
    rows.forEach(([on, , generated], i) => {
      if (JSON.stringify(generated) !== JSON.stringify(on)) problems.push(`${chainName} #${i}:\n  runtime:   ${JSON.stringify(on)}\n  generated: ${JSON.stringify(generated)}`);
    });
  }
  expect(problems.join('\n'), `generated module: ${dir}`).toBe('');
}

describe('review13: a layer from a workspace package', () => {
  // Was a difference, fixed (the layer is now called, or its wrapper followed): the linked package's file is found by a node_modules search, so its layers' module-level names (an
  // import `uid` of node:crypto, the class HttpError) are printed as globals. Nothing is reported.
  // runtime: 200 'ok' with x-request-id (500 'internal' for n=3); generated: every request rejects with
  // 'HttpError is not defined' (uid() throws 'uid is not defined', and errors' catch then reads HttpError).
  it('a workspace package linked into node_modules, its source its types and its code', async () => {
    await sameLinked(
      'r13-workspace',
      {
        ...shim,
        'packages/mw/package.json': JSON.stringify({ name: '@acme/mw', type: 'module', exports: { '.': './src/index.ts' } }),
        'packages/mw/src/index.ts': `import { middleware, type Next } from 'shallot';
import { randomUUID as uid } from 'node:crypto';
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}
export const requestId = middleware('requestId', async (_req: { log: string[] }, next: Next<{ id: string }>) => {
  const res = await next({ id: uid() });
  res.headers.set('x-request-id', 'set');
  return res;
});
export const errors = middleware('errors', async (_req: { log: string[] }, next: Next) => {
  try {
    return await next();
  } catch (e) {
    if (e instanceof HttpError) return new Response(e.message, { status: e.status });
    return new Response('internal', { status: 500 });
  }
});
`,
        'app.ts': `${header}${R}
import { errors, requestId } from '@acme/mw';
export const app = chain<R>().use(errors).use(requestId).handle(async (req) => {
  req.log.push('handler ' + typeof req.id);
  if (req.n === 3) throw Object.assign(new Error('not here'), { status: 404 });
  return new Response('ok');
});
`,
      },
      { 'node_modules/@acme/mw': 'packages/mw' },
    );
  }, 120_000);
});
