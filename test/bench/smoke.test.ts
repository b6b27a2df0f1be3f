/**
 * CI's smoke of every benchmark: `node bench/all.mjs --smoke` runs each one
 * briefly (codegen, dispatch, type-check cost, HTTP) into a temporary folder and
 * writes the page there, so the page can always be regenerated. Nothing here
 * looks at a timing: only that every benchmark ran, cleanly, and fed the page.
 * Needs the build (`npm test` builds first).
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const all = path.resolve('bench/all.mjs');
const out = fs.mkdtempSync(path.join(os.tmpdir(), 'shallot-bench-smoke-test-'));
afterAll(() => fs.rmSync(out, { recursive: true, force: true }));

const node = (...args: string[]) => spawnSync(process.execPath, [all, ...args], { encoding: 'utf8' });

describe('bench:all --smoke', () => {
  it('runs every benchmark and writes the page, its charts and its data', { timeout: 240_000 }, () => {
    const run = node('--smoke', `--out=${out}`);
    expect(run.stderr).toContain('bench:all: done');
    expect(run.status).toBe(0);

    const results = JSON.parse(fs.readFileSync(path.join(out, 'benchmarks/results.json'), 'utf8'));
    expect(results.meta.smoke).toBe(true);
    expect(results.meta.exits).toEqual([]); // no benchmark reported errors (HTTP non-2xx, shallot type errors)
    const keys = new Set(results.dispatch.cases.map((c: { key: string }) => c.key));
    // One layer used N times is divided by flat code doing its work N times, not by `flat`.
    expect(results.dispatch.cases.filter((c: { key: string }) => c.key.startsWith('generated-reused')).map((c: { limit: string }) => c.limit)).toEqual(expect.arrayContaining(['flat-reused', 'flat-reused-sync']));
    expect(fs.readFileSync(path.join(out, 'benchmarks.md'), 'utf8')).toContain('shallot generated, one layer used N times');
    expect([...keys].sort()).toEqual(['flat', 'flat-reused', 'flat-reused-sync', 'flat-sync', 'generated', 'generated-reused', 'generated-reused-sync', 'generated-sync', 'hono', 'koa', 'middy', 'off', 'off-sync', 'on', 'on-sync']);
    expect(new Set(results.types.rows.map((r: { builder: string }) => r.builder))).toEqual(new Set(['shallot', 'trpc', 'hono']));
    expect(results.types.rows.filter((r: { builder: string; errors: object }) => r.builder === 'shallot' && Object.keys(r.errors).length)).toEqual([]);
    expect(results.http.servers.map((s: { name: string }) => s.name)).toEqual(expect.arrayContaining(['raw', 'shallot', 'hono', 'koa', 'express', 'fastify']));
    expect(results.codegen.cold.median).toBeGreaterThan(0);

    const page = fs.readFileSync(path.join(out, 'benchmarks.md'), 'utf8');
    expect(page).toContain('SMOKE RUN');
    for (const heading of ['## Dispatch', '## Type-check cost', '### Many routes off one base', '### Editor: completion', '## Codegen time', '## HTTP throughput']) expect(page).toContain(heading);
    for (const chart of ['dispatch-async', 'dispatch-sync', 'types-instantiations', 'types-check-time', 'http']) {
      expect(fs.readFileSync(path.join(out, `benchmarks/${chart}.svg`), 'utf8')).toMatch(/^<svg [\s\S]*<\/svg>\n$/);
    }
  });

  it('names a bad flag, and never lets a smoke run overwrite docs/', () => {
    const unknown = node('--repeat=3');
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toContain('unknown argument --repeat=3');
    const list = node('--n=1,x');
    expect(list.status).toBe(2);
    expect(list.stderr).toContain('--n must be a list of positive integers');
    const docs = node('--smoke', '--out=docs');
    expect(docs.status).toBe(2);
    expect(docs.stderr).toContain('--smoke never writes to docs/');
    const render = node('--render=/nonexistent/results.json');
    expect(render.stderr).toContain('--render: no results file /nonexistent/results.json');
  });
});
