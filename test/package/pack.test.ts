/**
 * The package as users get it: `npm pack` (which runs `prepare`, so a clean
 * clone ships `dist`), installed from the tarball into temporary consumer
 * projects. Checks what ships (dist, LICENSE, each source map's sources),
 * publint and attw, that every subpath imports and requires with no host
 * framework installed (on this Node and on the floors `engines` claims), that
 * the types resolve under nodenext and bundler resolution with every strict
 * flag (TS 6 and 7), and that each adapter serves a request on its real host.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, posix, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { need, skipWithout } from '../extras.js';

const root = resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; version: string; exports: Record<string, unknown>; engines: { node: string } };
/** The bundler plugins, which need their optional peers (unplugin, ts-morph): test/codegen/consumer.test.ts installs and builds with them. */
const plugins = ['./vite', './rollup', './esbuild', './webpack'];
const subpaths = Object.keys(pkg.exports).filter((key) => key !== './package.json' && !plugins.includes(key)).map((key) => (key === '.' ? pkg.name : `${pkg.name}/${key.slice(2)}`));
/** The hosts the adapters mount into, linked from this repository's node_modules into the consumer that uses them. */
const hosts = ['@types/node', 'express', '@types/express', 'koa', '@types/koa', 'fastify', 'hono', '@hono/node-server', 'h3'];

let work: string;
let tarball: string;
let files: string[];

/** Runs a command to its end, at most `timeout` ms; throws with its output when it fails. */
function run(command: string, args: string[], cwd: string, timeout = 60_000): string {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, NODE_ENV: 'production', npm_config_update_notifier: 'false' } });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) failed: ${result.error?.message ?? `exit ${result.status}`}\n${result.stdout}\n${result.stderr}`);
  return result.stdout;
}

/** A consumer project with the tarball installed as users install it, plus `linked` packages from this repository. */
function consumer(name: string, linked: string[], sources: Record<string, string>): string {
  const dir = join(work, name);
  mkdirSync(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  run('npm', ['install', tarball, '--no-audit', '--no-fund', '--offline', '--loglevel=error'], dir, 120_000);
  for (const name of linked) {
    mkdirSync(dirname(join(dir, 'node_modules', name)), { recursive: true });
    symlinkSync(join(root, 'node_modules', name), join(dir, 'node_modules', name), 'dir');
  }
  for (const [file, text] of Object.entries(sources)) writeFileSync(join(dir, file), text);
  return dir;
}

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'shallot-pack-'));
  const out = run('npm', ['pack', '--json', '--pack-destination', work, '--loglevel=error'], root, 180_000);
  const [info] = JSON.parse(out.slice(out.indexOf('['))) as [{ filename: string; files: { path: string }[] }];
  tarball = join(work, info.filename);
  files = info.files.map((file) => file.path);
}, 200_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

describe('the tarball', () => {
  it('ships dist for every export, the CLI, LICENSE and the README; not the examples', () => {
    for (const target of Object.values(pkg.exports).flatMap((value) => (typeof value === 'string' ? [value] : Object.values(value as Record<string, string>)))) {
      expect(files, target).toContain(posix.normalize(target));
    }
    expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'dist/codegen/cli.js']));
    expect(files.filter((file) => file.startsWith('dist/examples/') || file.endsWith('.tsbuildinfo'))).toEqual([]);
    expect(readFileSync(join(root, 'LICENSE'), 'utf8')).toMatch(/^MIT License/);
  });

  it('ships the sources of every source map', () => {
    const maps = files.filter((file) => file.endsWith('.map'));
    expect(maps.length).toBeGreaterThan(10);
    const missing = maps.flatMap((map) => {
      const { sources } = JSON.parse(readFileSync(join(root, map), 'utf8')) as { sources: string[] };
      return sources.map((source) => posix.join(posix.dirname(map), source)).filter((source) => !files.includes(source));
    });
    expect(missing, 'sources named by a map but not in the tarball').toEqual([]);
  });

  it('passes publint --strict', () => {
    expect(run(process.execPath, [join(root, 'node_modules/publint/src/cli.js'), 'run', tarball, '--strict'], work)).toContain('All good');
  });

  it.skipIf(skipWithout('attw'))('passes attw (an ESM-only package: every subpath resolves, with types, for ESM and bundlers)', () => {
    run(process.execPath, [need('attw'), tarball, '--profile', 'esm-only'], work);
  });
});

describe('installed in a project without any host framework', () => {
  let dir: string;
  const importAll = `${subpaths.map((name, i) => `import * as m${i} from '${name}';`).join('\n')}\nconsole.log(JSON.stringify([${subpaths.map((_, i) => `Object.keys(m${i}).length`).join(', ')}]));\n`;
  const requireAll = `console.log(JSON.stringify([${subpaths.map((name) => `Object.keys(require('${name}')).length`).join(', ')}]));\n`;
  beforeAll(() => {
    dir = consumer('bare', [], { 'import-all.mjs': importAll, 'require-all.cjs': requireAll });
  }, 130_000);

  it('imports and requires every subpath (the adapters import no host at run time)', () => {
    const imported = JSON.parse(run(process.execPath, ['import-all.mjs'], dir)) as number[];
    expect(imported.every((count) => count > 0)).toBe(true);
    expect(JSON.parse(run(process.execPath, ['require-all.cjs'], dir))).toEqual(imported);
  });

  it.skipIf(skipWithout('node 20.19', 'node 22.12'))(`imports and requires every subpath on the floors of engines (${pkg.engines.node})`, () => {
    expect(pkg.engines.node).toBe('^20.19.0 || >=22.12.0');
    for (const node of ['node 20.19', 'node 22.12'] as const) {
      const imported = JSON.parse(run(need(node), ['import-all.mjs'], dir)) as number[];
      expect(JSON.parse(run(need(node), ['--no-warnings', 'require-all.cjs'], dir)), node).toEqual(imported);
    }
  });

  it('links the shallot command where npm puts bins', () => {
    expect(existsSync(join(dir, 'node_modules/.bin/shallot'))).toBe(true);
  });
});

/** A consumer module that uses every subpath, with every strict flag, passing explicit undefined options. */
const usage = `import express from 'express';
import Fastify from 'fastify';
import { H3 } from 'h3';
import { Hono } from 'hono';
import Koa from 'koa';
import { chain, middleware, type Next, type ResponseOf } from 'shallot';
import { cors, errorBoundary, json, logger, requestId, setHeader, text, timing, toFetchHandler, type HttpContext } from 'shallot/http';
import { toNodeListener } from 'shallot/node';
import { toExpress, type ExpressContext } from 'shallot/express';
import { toFastify, type FastifyContext } from 'shallot/fastify';
import { toH3, type H3Context } from 'shallot/h3';
import { toHono, type HonoContext } from 'shallot/hono';
import { toKoa, type KoaContext } from 'shallot/koa';

const stamp = middleware('stamp', async (_req: HttpContext, next: Next) => {
  const res = await next();
  res.headers.set('x-mounted', 'yes');
  return res;
});
export const app = chain<HttpContext>({ guards: undefined, isResponse: undefined })
  .use(errorBoundary({ expose: undefined, onError: undefined }))
  .use(logger({ sink: () => {} }))
  .use(timing({ sink: false, metric: undefined }))
  .use(requestId({ header: undefined, generate: undefined, trustIncoming: undefined }))
  .use(cors({ origin: undefined, methods: undefined, allowHeaders: undefined, exposeHeaders: undefined, credentials: undefined, maxAge: undefined }))
  .use(setHeader('X-Custom-Header', 'Hello', { when: undefined }))
  .use(stamp)
  .handle((req) => json({ path: req.path, id: req.requestId }));
export type Out = ResponseOf<typeof app>;
export const fetchHandler = toFetchHandler(app, { onError: undefined });
export const listener = toNodeListener(app, { bodyLimit: undefined, timeout: undefined, onError: undefined });

export const expressApp = express();
expressApp.use('/api', toExpress(app));
expressApp.get('/own', toExpress(chain<ExpressContext>().handle((req) => text(String(req.express.req.ip)))));
export const koaApp = new Koa();
koaApp.use(toKoa(chain<KoaContext>().use(setHeader('X-Koa', 'layer'))));
koaApp.use(toKoa(app));
export const fastify = Fastify();
fastify.all('/*', toFastify(chain<FastifyContext>().use(stamp).handle((req) => json({ path: req.path, id: req.fastify.request.id }))));
export const hono = new Hono();
hono.use(toHono(chain<HonoContext>().use(stamp)));
hono.get('/*', (c) => c.json({ path: c.req.path }));
export const h3 = new H3();
h3.all('/**', toH3(chain<H3Context>().use(stamp).handle((req) => json({ path: req.h3.url.pathname }))));
`;

/** The core subpaths alone, so that they can be checked with skipLibCheck off (the hosts' own types do not pass it). */
const core = `import { chain, type RequestOf } from 'shallot';
import { json, requestId, type HttpContext } from 'shallot/http';
import { serve } from 'shallot/node';

export const app = chain<HttpContext>().use(requestId({ header: undefined })).handle((req) => json({ id: req.requestId }));
export type In = RequestOf<typeof app>;
export const start = () => serve(app, { port: 0, hostname: undefined, onError: undefined });
`;

const strict = { strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, noImplicitOverride: true, noPropertyAccessFromIndexSignature: true, verbatimModuleSyntax: true, isolatedModules: true, noEmit: true, skipLibCheck: true, lib: ['es2023', 'dom'], types: [], target: 'es2022' };

/** Serves one request through each adapter on its real host, on 127.0.0.1, and prints what came back. */
const serveAll = `import { createServer } from 'node:http';
import { serve } from '@hono/node-server';
import { toNodeHandler } from 'h3';
import { expressApp, koaApp, fastify, hono, h3 } from './usage.js';

const ask = async (url) => {
  const res = await fetch(url, { signal: AbortSignal.timeout(5000) });
  return { status: res.status, mounted: res.headers.get('x-mounted'), koa: res.headers.get('x-koa'), body: await res.json() };
};
const listening = (server) => new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
const base = (server) => 'http://127.0.0.1:' + server.address().port;
const results = {};
const servers = [];
for (const [name, server] of [['express', createServer(expressApp)], ['koa', createServer(koaApp.callback())], ['h3', createServer(toNodeHandler(h3))]]) {
  servers.push(await listening(server));
  results[name] = await ask(base(server) + (name === 'express' ? '/api/x' : '/x'));
}
const honoServer = serve({ fetch: hono.fetch, port: 0, hostname: '127.0.0.1' });
await new Promise((ok) => honoServer.once('listening', ok));
servers.push(honoServer);
results.hono = await ask(base(honoServer) + '/x');
results.fastify = await ask((await fastify.listen({ port: 0, host: '127.0.0.1' })) + '/x');
await fastify.close();
for (const server of servers) { server.closeAllConnections?.(); server.close(); }
console.log(JSON.stringify(results));
`;

describe('installed beside the host frameworks', () => {
  let dir: string;
  beforeAll(() => {
    dir = consumer('hosts', hosts, {
      'usage.ts': usage,
      'core.ts': core,
      'tsconfig.core-nodenext.json': JSON.stringify({ compilerOptions: { ...strict, skipLibCheck: false, types: ['node'], module: 'nodenext', moduleResolution: 'nodenext' }, files: ['core.ts'] }),
      'tsconfig.core-bundler.json': JSON.stringify({ compilerOptions: { ...strict, skipLibCheck: false, types: ['node'], module: 'esnext', moduleResolution: 'bundler' }, files: ['core.ts'] }),
      'tsconfig.nodenext.json': JSON.stringify({ compilerOptions: { ...strict, module: 'nodenext', moduleResolution: 'nodenext' }, files: ['usage.ts'] }),
      'tsconfig.bundler.json': JSON.stringify({ compilerOptions: { ...strict, module: 'esnext', moduleResolution: 'bundler' }, files: ['usage.ts'] }),
      'tsconfig.emit.json': JSON.stringify({ compilerOptions: { ...strict, noEmit: false, module: 'nodenext', moduleResolution: 'nodenext', outDir: '.' }, files: ['usage.ts'] }),
      'serve-all.mjs': serveAll,
    });
  }, 130_000);

  it.each([
    ['TS 6', join(root, 'node_modules/typescript/bin/tsc')],
    ['TS 7', join(root, 'node_modules/typescript-7/bin/tsc')],
  ])('the types resolve and check under nodenext and bundler resolution, every strict flag on, the core with skipLibCheck off (%s)', (_name, tsc) => {
    for (const config of ['tsconfig.nodenext.json', 'tsconfig.bundler.json', 'tsconfig.core-nodenext.json', 'tsconfig.core-bundler.json']) {
      const result = spawnSync(process.execPath, [tsc, '-p', config, '--pretty', 'false'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
      expect(`${result.stdout}${result.stderr}`, config).toBe('');
      expect(result.status, config).toBe(0);
    }
  }, 130_000);

  it('each adapter serves a request on its real host', () => {
    execFileSync(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-p', 'tsconfig.emit.json'], { cwd: dir, timeout: 60_000 });
    const results = JSON.parse(run(process.execPath, ['serve-all.mjs'], dir, 30_000)) as Record<string, { status: number; mounted: string | null; koa: string | null; body: { path: string } }>;
    expect(Object.keys(results).sort()).toEqual(['express', 'fastify', 'h3', 'hono', 'koa']);
    for (const [host, result] of Object.entries(results)) {
      expect(result, host).toMatchObject({ status: 200, mounted: 'yes', body: { path: '/x' } });
    }
    expect(results.koa!.koa).toBe('layer');
  }, 60_000);
});
