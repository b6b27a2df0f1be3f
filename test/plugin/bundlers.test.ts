/**
 * The bundler plugin on the real bundlers (`shallot/vite`, `shallot/esbuild`,
 * `shallot/rollup`, from dist: needs `npm run build`), in a project of its own: a build writes
 * `app.gen.ts` before the bundler reads it, and the built app serves the
 * generated handler (`description.generated`), answering as the runtime chain;
 * a problem in a chain fails the build with its file, line and column; Vite's
 * dev server and an esbuild context regenerate what one changed file feeds,
 * timed against the 1 s bar.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { build as esbuild, context, transform } from 'esbuild';
import { rollup } from 'rollup';
import shallotRollup from 'shallot/rollup';
import shallotEsbuild from 'shallot/esbuild';
import shallotVite from 'shallot/vite';
import { build as viteBuild, createLogger, createServer } from 'vite';
import { afterAll, describe, expect, it } from 'vitest';
import { main as cli } from '../../codegen/cli.js';

const root = path.resolve(import.meta.dirname, '../..');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shallot-plugin-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** Wherever a bar is checked: the slowest one-file rebuild seen, for the report. */
const timings: Record<string, number> = {};
// Timings are printed, never asserted (a shared CI machine decides them); bench:codegen holds the --watch bar.
afterAll(() => console.log(`one-file dev rebuilds (ms): ${JSON.stringify(timings)}`));

const layers = `import { middleware, type Next } from 'shallot';
import type { HttpContext } from 'shallot/http';

export const stamp = middleware('stamp', async (req: HttpContext, next: Next) => {
  const res = await next();
  res.headers.set('x-stamp', req.path);
  return res;
});
`;

const app = (greeting: string): string => `import { chain, middleware, type Next } from 'shallot';
import { text, type HttpContext } from 'shallot/http';
import { stamp } from './layers';

const status = middleware('status', async (_req: HttpContext, next: Next) => {
  const res = await next();
  if (res.status === 200) res.headers.set('x-status', 'OK');
  return res;
});

export const app = chain<HttpContext>()
  .use(stamp)
  .use(status)
  .handle((req) => (req.path === '/' ? text('${greeting}') : text('not here', { status: 404 })));
`;

/** Answers two requests through the generated handler and the runtime chain, each behind toFetchHandler. */
const serve = `import { toFetchHandler } from 'shallot/http';
import { app as generated } from './app.gen';
import { app as runtime } from './app';

const answer = async (handler: (request: Request) => Promise<Response>, path: string) => {
  const res = await handler(new Request('http://localhost' + path));
  return { status: res.status, stamp: res.headers.get('x-stamp'), ok: res.headers.get('x-status'), body: await res.text() };
};

export async function answers() {
  const flat = toFetchHandler(generated);
  const chain = toFetchHandler(runtime);
  return {
    generated: generated.description.generated === true,
    runtime: runtime.description.generated === true,
    flat: [await answer(flat, '/'), await answer(flat, '/missing')],
    chain: [await answer(chain, '/'), await answer(chain, '/missing')],
  };
}
`;

const broken = `import { chain, middleware, type Next } from 'shallot';

const adminOnly = middleware('adminOnly', async (_req: { user: string }, next: Next) => next());

export const app = chain<{ path: string }>()
  .use(adminOnly)
  .handle(() => new Response('admin'));
`;

let counter = 0;
/** A Vite-style project (bundler resolution, every strict flag), `shallot` resolving to this repository as an install would. */
function project(files: Record<string, string> = {}): string {
  const dir = path.join(work, `p${counter++}`);
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.symlinkSync(root, path.join(dir, 'node_modules/shallot'), 'dir');
  const compilerOptions = { target: 'es2022', module: 'esnext', moduleResolution: 'bundler', lib: ['es2023', 'dom'], types: [], strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, verbatimModuleSyntax: true, skipLibCheck: true, noEmit: true };
  const all: Record<string, string> = { 'package.json': JSON.stringify({ private: true, type: 'module' }), 'tsconfig.json': JSON.stringify({ compilerOptions, include: ['*.ts'] }), 'layers.ts': layers, 'app.ts': app('hello'), 'serve.ts': serve, 'main.ts': "import { answers } from './serve';\nconsole.log(JSON.stringify(await answers()));\n", ...files };
  for (const [file, text] of Object.entries(all)) fs.writeFileSync(path.join(dir, file), text);
  return dir;
}

/** Runs a built bundle, returns what it printed. */
function runBundle(file: string): { generated: boolean; runtime: boolean; flat: unknown[]; chain: unknown[] } {
  const result = spawnSync(process.execPath, [file], { cwd: path.dirname(file), encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`node ${file} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return JSON.parse(result.stdout) as never;
}

const expectServedFlat = (answers: ReturnType<typeof runBundle>): void => {
  expect(answers.generated).toBe(true);
  expect(answers.runtime).toBe(false);
  expect(answers.flat).toEqual(answers.chain);
  expect(answers.flat[0]).toEqual({ status: 200, stamp: '/', ok: 'OK', body: expect.any(String) });
};

async function check(dir: string): Promise<number> {
  return cli(['codegen', '--check', '-p', path.join(dir, 'tsconfig.json')], { out: () => {}, err: () => {} }, dir);
}

/** Polls `probe` until it returns true, at most `ms`; resolves with the time it took. */
async function until(probe: () => Promise<boolean> | boolean, ms: number): Promise<number> {
  const started = performance.now();
  for (;;) {
    if (await probe()) return performance.now() - started;
    if (performance.now() - started > ms) throw new Error(`not within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('shallot/vite', () => {
  it('a build writes app.gen.ts first, and the built app serves the generated handler, answering as the runtime chain', async () => {
    const dir = project();
    await viteBuild({ root: dir, configFile: false, logLevel: 'silent', plugins: [shallotVite()], build: { ssr: 'main.ts', outDir: 'out', minify: false } });
    expect(fs.readFileSync(path.join(dir, 'app.gen.ts'), 'utf8')).toContain('from "./app";');
    expectServedFlat(runBundle(path.join(dir, 'out/main.js')));
    expect(await check(dir)).toBe(0); // what the build ran is what `shallot codegen --check` expects
  }, 180_000);

  it('a problem in a chain fails the build, at its file, line and column', async () => {
    const dir = project({ 'app.ts': broken, 'serve.ts': "export { app } from './app.gen';\n", 'main.ts': "import { app } from './serve';\nconsole.log(app);\n" });
    const failed = viteBuild({ root: dir, configFile: false, logLevel: 'silent', plugins: [shallotVite()], build: { ssr: 'main.ts', outDir: 'out' } });
    await expect(failed).rejects.toThrow(/app\.ts:6:8: middleware 'adminOnly' needs 'user', which the chain's Base lacks/);
    // Vite 8 (Rolldown) hands the plugin's error on in `errors`, with its place.
    type Located = { loc?: { file: string; line: number; column: number } };
    const error = (await failed.then(
      () => ({}),
      (e: unknown) => e,
    )) as Located & { errors?: Located[] };
    expect(error.loc ?? error.errors?.[0]?.loc).toMatchObject({ file: path.join(dir, 'app.ts'), line: 6, column: 8 });
    expect(fs.existsSync(path.join(dir, 'app.gen.ts'))).toBe(false);
  }, 180_000);

  it("a Vite root in a subfolder finds the tsconfig above it; a project option that names no file says it is the plugin's option", async () => {
    const dir = project();
    // Vite's root is client/ (its index.html and entry live there); tsconfig.json stays beside vite.config.ts.
    fs.mkdirSync(path.join(dir, 'client'));
    fs.writeFileSync(path.join(dir, 'client/entry.ts'), "import { answers } from '../serve';\nconsole.log(JSON.stringify(await answers()));\n");
    const config = { root: path.join(dir, 'client'), configFile: false as const, logLevel: 'silent' as const, build: { ssr: 'entry.ts', outDir: '../out', emptyOutDir: true, minify: false } };
    await viteBuild({ ...config, plugins: [shallotVite()] });
    expectServedFlat(runBundle(path.join(dir, 'out/entry.js')));
    const missing = viteBuild({ ...config, plugins: [shallotVite({ project: 'tsconfig.app.json' })] });
    await expect(missing).rejects.toThrow(/tsconfig\.app\.json: no such file \(the plugin's project option, 'tsconfig\.app\.json', is read relative to the bundler's root/);
  }, 180_000);

  it('the dev server serves the generated handler, regenerates it on a change (the time printed, not asserted), and warns of a problem at its place', async () => {
    const dir = project();
    const warnings: string[] = [];
    const logger = createLogger('silent');
    logger.warn = (message: string) => void warnings.push(message);
    const server = await createServer({ root: dir, configFile: false, customLogger: logger, plugins: [shallotVite()], server: { middlewareMode: true, hmr: false, ws: false } });
    try {
      type Serve = { answers: () => Promise<ReturnType<typeof runBundle>> };
      const load = async (): Promise<ReturnType<typeof runBundle>> => ((await server.ssrLoadModule('/serve.ts')) as Serve).answers();
      expectServedFlat(await load());
      expect(((await load()).flat[0] as { body: string }).body).toBe('hello');

      const body = async (): Promise<string> => ((await load()).flat[0] as { body: string }).body;
      let slowest = 0;
      for (const greeting of ['hello again', 'and again', 'once more']) {
        fs.writeFileSync(path.join(dir, 'app.ts'), app(greeting));
        slowest = Math.max(slowest, await until(async () => (await body()) === greeting, 10_000));
        expectServedFlat(await load());
      }
      timings['vite dev (edit to new answer)'] = Math.round(slowest);

      // A layer module edited: the chain module that inlines it is regenerated.
      fs.writeFileSync(path.join(dir, 'layers.ts'), layers.replace("res.headers.set('x-stamp', req.path)", "res.headers.set('x-stamp', `edited ${req.path}`)"));
      await until(async () => ((await load()).flat[0] as { stamp: string }).stamp === 'edited /', 10_000);

      fs.writeFileSync(path.join(dir, 'app.ts'), broken.replace("'admin'", "'still admin'"));
      await until(() => warnings.some((w) => w.includes("app.ts:6:8: middleware 'adminOnly' needs 'user'")), 10_000);
    } finally {
      await server.close();
    }
  }, 180_000);
});

describe('shallot/esbuild', () => {
  it('a build writes app.gen.ts first, and the built app serves the generated handler, answering as the runtime chain', async () => {
    const dir = project();
    const result = await esbuild({ absWorkingDir: dir, entryPoints: ['main.ts'], bundle: true, platform: 'node', format: 'esm', outfile: 'out/main.mjs', packages: 'external', plugins: [shallotEsbuild()], logLevel: 'silent' });
    expect(result.errors).toEqual([]);
    expectServedFlat(runBundle(path.join(dir, 'out/main.mjs')));
    expect(await check(dir)).toBe(0);
  }, 180_000);

  it("a problem in a chain is a build error with esbuild's location", async () => {
    const dir = project({ 'app.ts': broken, 'main.ts': "import { app } from './app.gen';\nconsole.log(app);\n" });
    const failed = await esbuild({ absWorkingDir: dir, entryPoints: ['main.ts'], bundle: true, platform: 'node', format: 'esm', outfile: 'out/main.mjs', packages: 'external', plugins: [shallotEsbuild()], logLevel: 'silent', write: false }).catch((e: { errors: unknown[] }) => e);
    const errors = (failed as { errors: { pluginName: string }[] }).errors.filter((e) => e.pluginName === 'shallot');
    expect(errors).toEqual([expect.objectContaining({ text: "[shallot] middleware 'adminOnly' needs 'user', which the chain's Base lacks", location: expect.objectContaining({ file: 'app.ts', line: 6, column: 7, lineText: '  .use(adminOnly)' }) })]);
  }, 180_000);

  it('each rebuild of a context regenerates what one changed file feeds (the time printed, not asserted)', async () => {
    const dir = project();
    const ctx = await context({ absWorkingDir: dir, entryPoints: ['main.ts'], bundle: true, platform: 'node', format: 'esm', outfile: 'out/main.mjs', packages: 'external', plugins: [shallotEsbuild()], logLevel: 'silent' });
    try {
      await ctx.rebuild();
      expect((runBundle(path.join(dir, 'out/main.mjs')).flat[0] as { body: string }).body).toBe('hello');
      let slowest = 0;
      for (const greeting of ['hello again', 'and again', 'once more']) {
        fs.writeFileSync(path.join(dir, 'app.ts'), app(greeting));
        const started = performance.now();
        const result = await ctx.rebuild();
        slowest = Math.max(slowest, performance.now() - started);
        expect(result.errors).toEqual([]);
        const answers = runBundle(path.join(dir, 'out/main.mjs'));
        expectServedFlat(answers);
        expect((answers.flat[0] as { body: string }).body).toBe(greeting);
      }
      timings['esbuild rebuild'] = Math.round(slowest);
    } finally {
      await ctx.dispose();
    }
  }, 180_000);
});

describe('shallot/esbuild, a generated module deleted between rebuilds (a clean script)', () => {
  it('is made again by the next rebuild, which serves it', async () => {
    const dir = project();
    const ctx = await context({ absWorkingDir: dir, entryPoints: ['main.ts'], bundle: true, platform: 'node', format: 'esm', outfile: 'out/main.mjs', packages: 'external', plugins: [shallotEsbuild()], logLevel: 'silent' });
    try {
      expect((await ctx.rebuild()).errors).toEqual([]);
      fs.rmSync(path.join(dir, 'app.gen.ts'));
      const again = await ctx.rebuild();
      expect(again.errors).toEqual([]);
      expect(fs.existsSync(path.join(dir, 'app.gen.ts'))).toBe(true);
      expectServedFlat(runBundle(path.join(dir, 'out/main.mjs')));
      expect(await check(dir)).toBe(0);
    } finally {
      await ctx.dispose();
    }
  }, 180_000);
});

/** Rollup reads no TypeScript by itself: type annotations stripped by esbuild, and `./x` resolved to `./x.ts`, as a Rollup user's TypeScript plugin would. */
const typescript = {
  name: 'strip-types',
  resolveId(source: string, importer: string | undefined) {
    if (importer === undefined || !source.startsWith('.')) return null;
    const file = path.resolve(path.dirname(importer), source);
    return fs.existsSync(`${file}.ts`) ? `${file}.ts` : null;
  },
  async transform(code: string, id: string) {
    return id.endsWith('.ts') ? { code: (await transform(code, { loader: 'ts', format: 'esm' })).code, map: null } : null;
  },
};

describe('shallot/rollup', () => {
  it('a build writes app.gen.ts first, and the built app serves the generated handler, answering as the runtime chain', async () => {
    const dir = project();
    const bundle = await rollup({ input: path.join(dir, 'main.ts'), plugins: [shallotRollup({ project: path.join(dir, 'tsconfig.json') }), typescript], external: (id) => id.startsWith('shallot'), logLevel: 'silent' });
    await bundle.write({ file: path.join(dir, 'out/main.mjs'), format: 'esm' });
    await bundle.close();
    expectServedFlat(runBundle(path.join(dir, 'out/main.mjs')));
    expect(await check(dir)).toBe(0);
  }, 180_000);

  it('a problem in a chain fails the build, at its file, line and column', async () => {
    const dir = project({ 'app.ts': broken, 'main.ts': "import { app } from './app.gen';\nconsole.log(app);\n" });
    const failed = await rollup({ input: path.join(dir, 'main.ts'), plugins: [shallotRollup({ project: path.join(dir, 'tsconfig.json') }), typescript], external: (id) => id.startsWith('shallot'), logLevel: 'silent' }).then(
      () => undefined,
      (e: unknown) => e as Error & { loc?: { file: string; line: number; column: number }; plugin?: string },
    );
    expect(failed?.message).toMatch(/app\.ts:6:8: middleware 'adminOnly' needs 'user', which the chain's Base lacks/);
    expect(failed).toMatchObject({ plugin: 'shallot', loc: { file: path.join(dir, 'app.ts'), line: 6, column: 8 } });
  }, 180_000);
});
