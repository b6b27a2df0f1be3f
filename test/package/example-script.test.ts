/**
 * `npm run example` as a contributor runs it: SIGTERM to the npm process (what
 * `kill <pid>` and process managers send) and Ctrl-C (SIGINT to the terminal's
 * process group) stop the server and free its port, and a run with nothing
 * changed rebuilds nothing. Needs `npm run build` first (part of `npm test`).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { connect } from 'node:net';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { freePort } from '../helpers.js';

const root = resolve(import.meta.dirname, '../..');

/** Whether something accepts connections on 127.0.0.1:`port`. */
const listening = (port: number): Promise<boolean> =>
  new Promise((ok) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      ok(true);
    });
    socket.once('error', () => ok(false));
  });

/** `npm run example` on `port`, in a process group of its own; resolves once it serves. */
async function startExample(port: number): Promise<{ child: ChildProcess; exited: Promise<number | null>; output: () => string }> {
  const child = spawn('npm', ['run', 'example', '--silent'], { cwd: root, detached: true, env: { ...process.env, PORT: String(port), npm_config_update_notifier: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk));
  const exited = new Promise<number | null>((ok) => child.once('exit', (code) => ok(code)));
  const deadline = Date.now() + 90_000;
  while (!output.includes('listening on')) {
    if (child.exitCode !== null) throw new Error(`npm run example exited with ${child.exitCode}:\n${output}`);
    if (Date.now() > deadline) {
      process.kill(-child.pid!, 'SIGKILL');
      throw new Error(`npm run example did not serve within 90 s:\n${output}`);
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  return { child, exited, output: () => output };
}

/** Waits for `exited`, at most `ms`; kills the whole group if it did not (so that a failing test leaves nothing behind). */
async function stopped(child: ChildProcess, exited: Promise<number | null>, ms: number): Promise<boolean> {
  const timer = new Promise<false>((ok) => setTimeout(() => ok(false), ms));
  const done = await Promise.race([exited.then(() => true as const), timer]);
  if (!done) {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  return done;
}

describe('npm run example', () => {
  it.each([
    ['SIGTERM to the npm process', (child: ChildProcess) => process.kill(child.pid!, 'SIGTERM')],
    ['Ctrl-C (SIGINT to the process group)', (child: ChildProcess) => process.kill(-child.pid!, 'SIGINT')],
  ])('stops on %s, and the port is free', async (_how, signal) => {
    const port = await freePort();
    const { child, exited, output } = await startExample(port);
    expect(await listening(port)).toBe(true);
    expect(await (await fetch(`http://127.0.0.1:${port}/`, { signal: AbortSignal.timeout(5000) })).text()).toBe('Hello, shallot\n');
    try {
      signal(child);
      expect(await stopped(child, exited, 10_000), `npm did not exit:\n${output()}`).toBe(true);
      // npm is gone; the server it started must be too.
      await expect.poll(() => listening(port), { timeout: 5000 }).toBe(false);
    } finally {
      // Whatever is left of the group (an orphaned server, when this fails) goes.
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        // nothing left
      }
    }
  }, 120_000);

  it('rebuilds nothing when nothing changed', () => {
    const run = (): void => {
      const result = spawnSync('npm', ['run', 'preexample', '--silent'], { cwd: root, encoding: 'utf8', timeout: 120_000 });
      if (result.status !== 0) throw new Error(`preexample failed:\n${result.stdout}\n${result.stderr}`);
    };
    run(); // settles whatever an earlier edit left to build
    const stamps = (): Map<string, number> => {
      const map = new Map<string, number>();
      const walk = (dir: string): void => {
        for (const entry of readdirSync(dir, { withFileTypes: true })) {
          const path = join(dir, entry.name);
          if (entry.isDirectory()) walk(path);
          else map.set(path, statSync(path).mtimeMs);
        }
      };
      walk(join(root, 'dist'));
      map.set('examples/app.gen.ts', statSync(join(root, 'examples/app.gen.ts')).mtimeMs);
      return map;
    };
    const before = stamps();
    run();
    const after = stamps();
    const rewritten = [...after].filter(([path, mtime]) => before.get(path) !== mtime).map(([path]) => path);
    expect(rewritten, 'files the second run wrote').toEqual([]);
    expect(after.size).toBe(before.size);
  }, 240_000);
});
