/**
 * Review 12: the bundler plugin (vite dev server, esbuild) with a generated module deleted under it, and .tsx.
 * Found and mended: Vite's dev server never made again a generated module deleted under it (watchChange skipped
 * generated ids).
 */
import fs from 'node:fs';
import path from 'node:path';
import { context } from 'esbuild';
import shallotEsbuild from 'shallot/esbuild';
import shallotVite from 'shallot/vite';
import { createLogger, createServer } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { casesDir } from '../../codegen-support/compare.js';
import { spawnSync } from 'node:child_process';

const dirs: string[] = [];
afterAll(() => {
  if (process.env['KEEP_CASES'] !== '1') for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const compilerOptions = { target: 'es2022', module: 'esnext', moduleResolution: 'bundler', lib: ['es2023', 'dom'], types: [], strict: true, verbatimModuleSyntax: true, skipLibCheck: true, noEmit: true, jsx: 'react-jsx', jsxImportSource: 'hono/jsx' };
const app = (greeting: string) => `import { chain, middleware, type Next } from 'shallot';
const stamp = middleware('stamp', async (_req: { path: string }, next: Next) => { const res = await next(); res.headers.set('x-stamp', '1'); return res; });
export const app = chain<{ path: string }>().use(stamp).handle(() => new Response(String(<p>${greeting}</p>)));
`;
const serve = `import { app as generated } from './app.gen';
import { app as runtime } from './app';
export async function answers() {
  const a = await generated({ path: '/' });
  const b = await runtime({ path: '/' });
  return { generated: generated.description.generated === true, flat: await a.text(), chain: await b.text() };
}
`;

function project(name: string, files: Record<string, string> = {}): string {
  const dir = path.join(casesDir, `review12-${name}`);
  dirs.push(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const all: Record<string, string> = { 'tsconfig.json': JSON.stringify({ compilerOptions, include: ['*.ts', '*.tsx'] }), 'app.tsx': app('hello'), 'serve.ts': serve, 'main.ts': "import { answers } from './serve';\nconsole.log(JSON.stringify(await answers()));\n", ...files };
  for (const [file, text] of Object.entries(all)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

async function until(probe: () => Promise<boolean> | boolean, ms: number): Promise<void> {
  const started = Date.now();
  let last: unknown;
  for (;;) {
    try {
      if (await probe()) return;
    } catch (e) {
      last = e;
    }
    if (Date.now() - started > ms) throw new Error(`not within ${ms} ms: ${String((last as Error)?.message ?? last)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('vite dev server', () => {
  it('app.gen.tsx deleted under the dev server: made again and served', async () => {
    const dir = project('vite-deleted');
    const logger = createLogger('silent');
    const server = await createServer({ root: dir, configFile: false, customLogger: logger, plugins: [shallotVite()], server: { middlewareMode: true, hmr: false, ws: false } });
    type Serve = { answers: () => Promise<{ generated: boolean; flat: string; chain: string }> };
    const load = async () => ((await server.ssrLoadModule('/serve.ts')) as Serve).answers();
    try {
      expect(await load()).toEqual({ generated: true, flat: '<p>hello</p>', chain: '<p>hello</p>' });
      fs.rmSync(path.join(dir, 'app.gen.tsx'));
      await new Promise((r) => setTimeout(r, 1000));
      const existsAfterDelete = fs.existsSync(path.join(dir, 'app.gen.tsx'));
      // serve.ts edited (it imports ./app.gen): the dev server transforms it again and resolves ./app.gen
      fs.writeFileSync(path.join(dir, 'serve.ts'), serve + '\n// edited\n');
      await new Promise((r) => setTimeout(r, 1000));
      const after = await load().then((a) => JSON.stringify(a), (e: Error) => `error: ${e.message}`);
      expect({ existsAfterDelete, after }).toEqual({ existsAfterDelete: true, after: JSON.stringify({ generated: true, flat: '<p>hello</p>', chain: '<p>hello</p>' }) });
    } finally {
      await server.close();
    }
  }, 60_000);

  it('an edit of JSX whitespace only in app.tsx is served by the dev server', async () => {
    const dir = project('vite-ws', { 'app.tsx': app('hello world') });
    const logger = createLogger('silent');
    const server = await createServer({ root: dir, configFile: false, customLogger: logger, plugins: [shallotVite()], server: { middlewareMode: true, hmr: false, ws: false } });
    type Serve = { answers: () => Promise<{ generated: boolean; flat: string; chain: string }> };
    const load = async () => ((await server.ssrLoadModule('/serve.ts')) as Serve).answers();
    try {
      expect(await load()).toEqual({ generated: true, flat: '<p>hello world</p>', chain: '<p>hello world</p>' });
      fs.writeFileSync(path.join(dir, 'app.tsx'), app('hello  world'));
      await until(async () => (await load()).chain === '<p>hello  world</p>', 10_000);
      await new Promise((r) => setTimeout(r, 1500));
      expect(await load()).toEqual({ generated: true, flat: '<p>hello  world</p>', chain: '<p>hello  world</p>' });
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('vite dev server, .ts', () => {
  it('app.gen.ts deleted under the dev server (a .ts source): made again and served', async () => {
    const ts = `import { chain } from 'shallot';\nexport const app = chain<{ path: string }>().handle(() => new Response('<p>hello</p>'));\n`;
    const dir = project('vite-deleted-ts', { 'app.ts': ts });
    fs.rmSync(path.join(dir, 'app.tsx'));
    const server = await createServer({ root: dir, configFile: false, customLogger: createLogger('silent'), plugins: [shallotVite()], server: { middlewareMode: true, hmr: false, ws: false } });
    type Serve = { answers: () => Promise<{ generated: boolean; flat: string; chain: string }> };
    const load = async () => ((await server.ssrLoadModule('/serve.ts')) as Serve).answers();
    try {
      expect(await load()).toEqual({ generated: true, flat: '<p>hello</p>', chain: '<p>hello</p>' });
      fs.rmSync(path.join(dir, 'app.gen.ts'));
      await new Promise((r) => setTimeout(r, 1000));
      const existsAfterDelete = fs.existsSync(path.join(dir, 'app.gen.ts'));
      fs.writeFileSync(path.join(dir, 'serve.ts'), serve + '\n// edited\n');
      await new Promise((r) => setTimeout(r, 1000));
      const after = await load().then((a) => JSON.stringify(a), (e: Error) => `error: ${e.message}`);
      expect({ existsAfterDelete, after }).toEqual({ existsAfterDelete: true, after: JSON.stringify({ generated: true, flat: '<p>hello</p>', chain: '<p>hello</p>' }) });
    } finally {
      await server.close();
    }
  }, 60_000);
});

describe('esbuild context', () => {
  it('app.tsx, its app.gen.tsx deleted between rebuilds: made again', async () => {
    const dir = project('esb-deleted');
    const ctx = await context({ absWorkingDir: dir, entryPoints: ['main.ts'], bundle: true, platform: 'node', format: 'esm', outfile: 'out/main.mjs', packages: 'external', plugins: [shallotEsbuild()], logLevel: 'silent', jsx: 'automatic', jsxImportSource: 'hono/jsx' });
    try {
      expect((await ctx.rebuild()).errors).toEqual([]);
      fs.rmSync(path.join(dir, 'app.gen.tsx'));
      const again = await ctx.rebuild();
      expect(again.errors).toEqual([]);
      const run = spawnSync(process.execPath, [path.join(dir, 'out/main.mjs')], { cwd: dir, encoding: 'utf8' });
      expect(run.stderr).toBe('');
      expect(JSON.parse(run.stdout)).toEqual({ generated: true, flat: '<p>hello</p>', chain: '<p>hello</p>' });
    } finally {
      await ctx.dispose();
    }
  }, 60_000);
});
