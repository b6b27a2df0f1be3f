// What the page says about where and with what it was measured: the machine (from
// node:os), Node, the compilers and the libraries compared (each from its own
// package.json in node_modules), the commit, and the date.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

/** The packages whose versions the page lists, with the name it shows. */
export const PACKAGES = [
  ['typescript', 'TypeScript 6 (tsc)'],
  ['typescript-7', 'TypeScript 7 (native tsc)'],
  ['koa-compose', 'koa-compose'],
  ['koa', 'Koa'],
  ['hono', 'Hono'],
  ['@hono/node-server', '@hono/node-server'],
  ['@middy/core', 'middy'],
  ['@trpc/server', 'tRPC'],
  ['express', 'Express'],
  ['fastify', 'Fastify'],
  ['mitata', 'mitata'],
  ['autocannon', 'autocannon'],
  ['ts-morph', 'ts-morph'],
];

function versionOf(root, name) {
  const file = join(root, 'node_modules', name, 'package.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : 'not installed';
}

function commitOf(root) {
  try {
    const sha = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: root, encoding: 'utf8' }).trim() !== '';
    return dirty ? `${sha} (with uncommitted changes)` : sha;
  } catch {
    return 'unknown (not a git checkout)';
  }
}

/** The machine, versions and commit, read now. */
export function describeMachine(root) {
  const cpus = os.cpus();
  return {
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    cores: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: `${os.type()} ${os.release()} (${os.arch()})`,
    node: process.version,
    shallot: JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version,
    commit: commitOf(root),
    packages: PACKAGES.map(([name, label]) => ({ name, label, version: versionOf(root, name) })),
  };
}
