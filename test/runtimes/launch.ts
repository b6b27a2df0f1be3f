/**
 * Starts the example app (dist/examples, built by `npm run build`) under Bun,
 * Deno or workerd, from the binaries `npm run setup:extras` installed (not a test file itself).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { need } from '../extras.js';
import { freePort } from '../helpers.js';

export const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const dist = join(root, 'dist');

export type Runtime = 'bun' | 'deno' | 'workerd';

/** A running example server. */
export interface Running {
  readonly url: string;
  readonly output: () => string;
  stop(): Promise<void>;
}

/** workerd's config: the worker and every module it imports, by the names they import each other by. */
function workerdConfig(dir: string, port: number): string {
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const path = join(d, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (path.endsWith('.js')) files.push(path);
    }
  };
  walk(join(dist, 'src'));
  const embed = (name: string, path: string): string => `(name = "${name}", esModule = embed "${relative(dir, path)}")`;
  const modules = [
    embed('examples/worker.js', join(dist, 'examples/worker.js')), // the main module comes first
    embed('examples/app.js', join(dist, 'examples/app.js')),
    ...files.map((path) => embed(relative(dist, path), path)),
    // workerd resolves a bare specifier like a relative one: 'shallot/http' from
    // examples/app.js is the module examples/shallot/http.
    `(name = "examples/shallot", esModule = "export * from '../src/index.js';")`,
    `(name = "examples/shallot/http", esModule = "export * from '../../src/http/index.js';")`,
  ];
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [
    ${modules.join(',\n    ')}
  ],
  compatibilityDate = "2025-01-01",
);
`;
}

/** Starts the example under `runtime`; resolves once it answers HTTP. */
export async function launch(runtime: Runtime): Promise<Running> {
  if (!existsSync(join(dist, 'examples/app.js'))) throw new Error('dist/examples/app.js is missing: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), `shallot-${runtime}-`));
  const port = await freePort();
  let child: ChildProcess;
  const env = { ...process.env, PORT: String(port), HOST: '127.0.0.1', NODE_ENV: 'development' };
  if (runtime === 'bun') {
    child = spawn(need('bun'), [join(dist, 'examples/bun.js')], { cwd: root, env });
  } else if (runtime === 'deno') {
    const map = join(dir, 'import-map.json');
    writeFileSync(
      map,
      JSON.stringify({
        imports: { shallot: pathToFileURL(join(dist, 'src/index.js')).href, 'shallot/http': pathToFileURL(join(dist, 'src/http/index.js')).href },
      }),
    );
    const args = ['run', '--no-config', '--no-lock', `--import-map=${map}`, '--allow-net=127.0.0.1', '--allow-env=PORT,HOST,NODE_ENV', join(dist, 'examples/deno.js')];
    child = spawn(need('deno'), args, { cwd: dir, env: { ...env, DENO_NO_UPDATE_CHECK: '1', DENO_DIR: join(dir, 'cache') } });
  } else {
    writeFileSync(join(dir, 'config.capnp'), workerdConfig(dir, port));
    child = spawn(need('workerd'), ['serve', join(dir, 'config.capnp')], { cwd: dir, env });
  }
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise<void>((ok) => child.once('exit', () => ok()));
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 20_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${runtime} exited with ${child.exitCode} before serving:\n${output}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      break;
    } catch {
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`${runtime} did not answer on ${url} within 20 s:\n${output}`);
      }
      await new Promise((ok) => setTimeout(ok, 100));
    }
  }
  return {
    url,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}
