/**
 * The `shallot` command as users get it: the packed tarball installed into
 * temporary consumer projects. Without ts-morph, `--help` and `--version` work
 * and the commands exit 2 with the one line that says what to install. With it
 * (linked from this repository), codegen follows each module mode: the
 * generated module's imports are what the project's resolution needs, and the
 * output compiles (every strict flag on) and runs, answering as the runtime
 * chain with `description.generated` true. A solution-style tsconfig (Vite's
 * `files: []` + `references`) is followed. Needs `npm run build` (part of
 * `npm test`): the tarball is packed from dist as it is.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { extras, skipWithout } from '../extras.js';

const root = resolve(import.meta.dirname, '../..');
const version = (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version;
const tsc = join(root, 'node_modules/typescript/bin/tsc');
let work: string;
let tarball: string;

interface Ran {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a command to its end, at most `timeout` ms. */
function exec(command: string, args: string[], cwd: string, timeout = 120_000): Ran {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8', timeout, env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (result.error) throw new Error(`${command} ${args.join(' ')} (in ${cwd}): ${result.error.message}`);
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** Like {@link exec}, but throws with the output unless it exits 0. */
function ok(command: string, args: string[], cwd: string, timeout?: number): string {
  const ran = exec(command, args, cwd, timeout);
  if (ran.status !== 0) throw new Error(`${command} ${args.join(' ')} (in ${cwd}) exited ${ran.status}:\n${ran.stdout}\n${ran.stderr}`);
  return ran.stdout;
}

/** A consumer project: the tarball installed, `linked` packages from this repository's node_modules, `files` written. */
function consumer(name: string, linked: string[], files: Record<string, string>): string {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, private: true, type: 'module' }));
  ok('npm', ['install', tarball, '--no-audit', '--no-fund', '--offline', '--loglevel=error'], dir, 180_000);
  for (const pkg of linked) {
    mkdirSync(dirname(join(dir, 'node_modules', pkg)), { recursive: true });
    symlinkSync(join(root, 'node_modules', pkg), join(dir, 'node_modules', pkg), 'dir');
  }
  for (const [file, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, file)), { recursive: true });
    writeFileSync(join(dir, file), text);
  }
  return dir;
}

/** `shallot …` in `dir`, through the bin link npm made. */
const shallot = (dir: string, ...args: string[]): Ran => exec(process.execPath, [join(dir, 'node_modules/.bin/shallot'), ...args], dir);

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'shallot-consumer-'));
  const out = ok('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work, '--loglevel=error'], root, 120_000);
  tarball = join(work, (JSON.parse(out.slice(out.indexOf('['))) as [{ filename: string }])[0].filename);
}, 150_000);

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

const chainModule = `import { chain, middleware, type Next } from 'shallot';

export const stamp = middleware('stamp', async (_req: { path: string }, next: Next) => {
  const res = await next();
  res.headers.set('x-stamp', 'yes');
  return res;
});

export const app = chain<{ path: string }>()
  .use(stamp)
  .handle((req) => new Response(\`hello \${req.path}\`));
`;

describe('without ts-morph installed', () => {
  let dir: string;
  beforeAll(() => {
    dir = consumer('bare', [], { 'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'nodenext', strict: true, noEmit: true } }), 'app.ts': chainModule });
  }, 200_000);

  it('--help and --version work', () => {
    const help = shallot(dir, '--help');
    expect(help.status).toBe(0);
    expect(help.stdout).toContain('Usage: shallot <command> [options]');
    const v = shallot(dir, '--version');
    expect(v).toMatchObject({ status: 0, stdout: `${version}\n`, stderr: '' });
  });

  it.each([
    [['check'], 'shallot: check needs ts-morph, which is not installed: npm i -D ts-morph'],
    [['codegen'], 'shallot: codegen needs ts-morph, which is not installed: npm i -D ts-morph'],
    [['codegen', '--watch'], 'shallot: codegen --watch needs ts-morph and chokidar, which are not installed: npm i -D ts-morph chokidar'],
  ])('shallot %j exits 2 with one line saying what to install', (args, line) => {
    const ran = shallot(dir, ...args);
    expect(ran.stderr).toBe(`${line}\n`);
    expect(ran.stdout).toBe('');
    expect(ran.status).toBe(2);
  });

  it('with ts-morph but without chokidar, --watch names chokidar alone', () => {
    const withMorph = consumer('morph-only', ['ts-morph'], { 'tsconfig.json': JSON.stringify({ compilerOptions: { module: 'nodenext', strict: true, noEmit: true } }), 'app.ts': chainModule });
    const ran = shallot(withMorph, 'codegen', '--watch');
    expect(ran).toMatchObject({ status: 2, stdout: '', stderr: 'shallot: codegen --watch needs chokidar, which is not installed: npm i -D chokidar\n' });
  }, 200_000);
});

/** Every strict flag the package test checks with. */
const strict = { strict: true, exactOptionalPropertyTypes: true, noUncheckedIndexedAccess: true, noImplicitOverride: true, noPropertyAccessFromIndexSignature: true, noUnusedLocals: true, noUnusedParameters: true, verbatimModuleSyntax: true, isolatedModules: true, skipLibCheck: true, lib: ['es2023', 'dom'], types: [], target: 'es2022' };

/** Serves two requests through the generated handler and the runtime chain, and prints both. */
const main = (ext: string): string => `import { app as generated } from './app.gen${ext}';
import { app as runtime } from './app${ext}';
import { routes } from './routes.gen${ext}';

const ask = async (handler: (req: { path: string }) => Promise<Response>, path: string) => {
  const res = await handler({ path });
  return { status: res.status, stamp: res.headers.get('x-stamp'), body: await res.text() };
};
console.log(JSON.stringify({
  generated: generated.description.generated === true && routes.description.generated === true,
  runtime: runtime.description.generated === true,
  answers: [await ask(generated, '/a'), await ask(routes, '/b')],
  expected: [await ask(runtime, '/a'), { status: 200, stamp: 'yes', body: 'routes /b' }],
}));
`;

/** A second chain module whose layer comes from another module, imported with the project's own specifier (`ext`). */
const routesModule = (ext: string): string => `import { chain } from 'shallot';
import { stamp } from './layers${ext}';

export const routes = chain<{ path: string }>()
  .use(stamp)
  .handle((req) => new Response(\`routes \${req.path}\`));
`;

const layersModule = `import { middleware, type Next } from 'shallot';

export const stamp = middleware('stamp', async (_req: { path: string }, next: Next) => {
  const res = await next();
  res.headers.set('x-stamp', 'yes');
  return res;
});
`;

interface Mode {
  /** The compiler options of the mode (on top of every strict flag). */
  readonly options: Record<string, unknown>;
  /** How the project writes a relative import of a TypeScript module. */
  readonly ext: string;
  /** How it is run: compiled by tsc and run by Node, bundled by esbuild, or run by Node's own TypeScript. */
  readonly run: 'tsc' | 'esbuild' | 'strip-types';
}

const modes: Record<string, Mode> = {
  'module nodenext, no moduleResolution': { options: { module: 'nodenext', outDir: 'out' }, ext: '.js', run: 'tsc' },
  'module node16, no moduleResolution': { options: { module: 'node16', outDir: 'out' }, ext: '.js', run: 'tsc' },
  'rewriteRelativeImportExtensions (compiled)': { options: { module: 'nodenext', rewriteRelativeImportExtensions: true, allowImportingTsExtensions: true, outDir: 'out' }, ext: '.ts', run: 'tsc' },
  "allowImportingTsExtensions (Node's native TypeScript)": { options: { module: 'nodenext', allowImportingTsExtensions: true, erasableSyntaxOnly: true, noEmit: true }, ext: '.ts', run: 'strip-types' },
  'moduleResolution bundler': { options: { module: 'esnext', moduleResolution: 'bundler', noEmit: true }, ext: '', run: 'esbuild' },
  'module preserve (bundler resolution)': { options: { module: 'preserve', noEmit: true }, ext: '', run: 'esbuild' },
};

describe('codegen in each module mode', () => {
  let base: string;
  beforeAll(() => {
    base = consumer('modes', ['ts-morph'], {});
  }, 200_000);

  it.each(Object.entries(modes))('%s: the generated imports resolve, and the output compiles and runs as the runtime chain', async (name, mode) => {
    if (mode.run === 'strip-types' && skipWithout('node 22.12')) return;
    const dir = join(base, name.replace(/\W+/g, '-'));
    mkdirSync(dir);
    symlinkSync(join(base, 'node_modules'), join(dir, 'node_modules'), 'dir');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ private: true, type: 'module' }));
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({ compilerOptions: { ...strict, ...mode.options }, include: ['*.ts'] }));
    writeFileSync(join(dir, 'app.ts'), chainModule); // no relative import: its style comes from the compiler options
    writeFileSync(join(dir, 'layers.ts'), layersModule);
    writeFileSync(join(dir, 'routes.ts'), routesModule(mode.ext)); // the style it writes
    writeFileSync(join(dir, 'main.ts'), main(mode.ext));

    const gen = shallot(dir, 'codegen');
    expect(gen.stdout + gen.stderr).toMatch(/2 chains in 2 modules, no problems, 2 files written/);
    expect(gen.status).toBe(0);
    const generated = readFileSync(join(dir, 'app.gen.ts'), 'utf8');
    expect(generated).toContain(`from "./app${mode.ext}";`);
    expect(readFileSync(join(dir, 'routes.gen.ts'), 'utf8')).toContain(`from "./routes${mode.ext}";`);

    const checked = exec(process.execPath, [tsc, '-p', 'tsconfig.json', '--pretty', 'false'], dir);
    expect(checked.stdout + checked.stderr, 'tsc').toBe('');
    expect(checked.status).toBe(0);

    let out: string;
    if (mode.run === 'tsc') out = ok(process.execPath, [join(dir, 'out/main.js')], dir);
    else if (mode.run === 'esbuild') {
      const built = await build({ entryPoints: [join(dir, 'main.ts')], bundle: true, platform: 'node', format: 'esm', outfile: join(dir, 'bundle.mjs'), logLevel: 'silent', absWorkingDir: dir });
      expect(built.errors).toEqual([]);
      out = ok(process.execPath, [join(dir, 'bundle.mjs')], dir);
    } else out = ok(extras['node 22.12'], ['--experimental-strip-types', '--no-warnings', 'main.ts'], dir);
    const result = JSON.parse(out) as { generated: boolean; runtime: boolean; answers: unknown[]; expected: unknown[] };
    expect(result.generated).toBe(true);
    expect(result.runtime).toBe(false);
    expect(result.answers).toEqual(result.expected);
  }, 180_000);
});

describe('a solution-style tsconfig (files: [] and references, as Vite writes it)', () => {
  let dir: string;
  beforeAll(() => {
    dir = consumer('solution', ['ts-morph'], {
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './tsconfig.app.json' }, { path: './tsconfig.node.json' }] }),
      'tsconfig.app.json': JSON.stringify({ compilerOptions: { ...strict, composite: true, module: 'esnext', moduleResolution: 'bundler', noEmit: true }, include: ['src'] }),
      'tsconfig.node.json': JSON.stringify({ compilerOptions: { ...strict, composite: true, module: 'nodenext', noEmit: true }, include: ['vite.config.ts'] }),
      'vite.config.ts': 'export default {};\n',
      'src/app.ts': chainModule,
      'src/broken.ts': `import { chain, middleware, type Next } from 'shallot';

export const adminOnly = middleware('adminOnly', async (_req: { user: string }, next: Next) => next());
export const admin = chain<{ path: string }>()
  .use(adminOnly)
  .handle(() => new Response('admin'));
`,
    });
  }, 200_000);

  it('checks each referenced project, as tsc -b does', () => {
    const ran = shallot(dir, 'check');
    expect(ran.stdout).toContain("src/broken.ts:5:8: middleware 'adminOnly' needs 'user', which the chain's Base lacks");
    expect(ran.stdout).toMatch(/shallot check: 2 chains in 2 modules \(2 projects\): 1 problem/);
    expect(ran.status).toBe(1);
  });

  it('codegen writes beside each module, with the referenced project’s own specifier style', () => {
    rmSync(join(dir, 'src/broken.ts'));
    const ran = shallot(dir, 'codegen');
    expect(ran.stdout).toMatch(/1 chain in 1 module \(2 projects\), no problems, 1 file written/);
    expect(ran.status).toBe(0);
    expect(readFileSync(join(dir, 'src/app.gen.ts'), 'utf8')).toContain('from "./app";');
    expect(existsSync(join(dir, 'src/broken.gen.ts'))).toBe(false);
  });
});

describe('the bundler plugins, installed', () => {
  const files = {
    'tsconfig.json': JSON.stringify({ compilerOptions: { ...strict, module: 'esnext', moduleResolution: 'bundler', noEmit: true }, include: ['*.ts'] }),
    'app.ts': chainModule,
    'main.ts': `import { app } from './app.gen';
const res = await app({ path: '/x' });
console.log(JSON.stringify({ generated: app.description.generated, body: await res.text(), stamp: res.headers.get('x-stamp') }));
`,
    'import-plugins.mjs': `for (const name of ['vite', 'rollup', 'esbuild', 'webpack']) console.log(name, typeof (await import('shallot/' + name)).default);\n`,
    'require-plugins.cjs': `for (const name of ['vite', 'rollup', 'esbuild', 'webpack']) console.log(name, typeof require('shallot/' + name).default);\n`,
  };

  it('without unplugin, importing shallot/vite names the missing package', () => {
    const dir = consumer('no-unplugin', ['ts-morph'], files);
    const ran = exec(process.execPath, ['import-plugins.mjs'], dir);
    expect(ran.status).not.toBe(0);
    expect(ran.stderr).toMatch(/Cannot find package 'unplugin'/);
  }, 200_000);

  it('with unplugin, every plugin entry imports and requires; esbuild and Vite builds serve the generated handler', async () => {
    const dir = consumer('plugins', ['ts-morph', 'unplugin', 'vite', 'esbuild'], {
      ...files,
      'esbuild.mjs': `import { build } from 'esbuild';
import shallot from 'shallot/esbuild';
await build({ entryPoints: ['main.ts'], bundle: true, platform: 'node', format: 'esm', packages: 'external', outfile: 'out/esbuild.mjs', plugins: [shallot()], logLevel: 'warning' });
`,
      'vite.mjs': `import { build } from 'vite';
import shallot from 'shallot/vite';
await build({ configFile: false, logLevel: 'warn', plugins: [shallot()], build: { ssr: 'main.ts', outDir: 'out/vite', minify: false } });
`,
    });
    expect(ok(process.execPath, ['import-plugins.mjs'], dir)).toBe('vite function\nrollup function\nesbuild function\nwebpack function\n');
    expect(ok(process.execPath, ['--no-warnings', 'require-plugins.cjs'], dir)).toBe('vite function\nrollup function\nesbuild function\nwebpack function\n');
    const answer = { generated: true, body: 'hello /x', stamp: 'yes' };
    ok(process.execPath, ['esbuild.mjs'], dir);
    expect(JSON.parse(ok(process.execPath, ['out/esbuild.mjs'], dir))).toEqual(answer);
    rmSync(join(dir, 'app.gen.ts'));
    ok(process.execPath, ['vite.mjs'], dir);
    expect(JSON.parse(ok(process.execPath, ['out/vite/main.js'], dir))).toEqual(answer);
    expect(shallot(dir, 'codegen', '--check').status).toBe(0);
  }, 240_000);
});
