/**
 * Review probes: a project per probe (test/codegen-support/.cases/review-<name>/),
 * codegen over it, then for every exported chain and request the generated
 * handler against the runtime chain with the guards on, as its source (and off,
 * where no guard trips); `guards: false` for probes whose layers trip a next()
 * guard on purpose, which the generated handler leaves to check.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect } from 'vitest';
import { compare, project, type Outcome, type Project } from '../../codegen-support/compare.js';

/** The case directories this test file made: removed when it ends, unless KEEP_CASES=1 (then read their app.gen.ts). */
const made = new Set<string>();
afterAll(() => {
  if (process.env['KEEP_CASES'] === '1') return;
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
  const parent = path.resolve('test/codegen-support/.cases');
  if (fs.existsSync(parent) && fs.readdirSync(parent).length === 0) fs.rmdirSync(parent);
});
const track = (p: Project): Project => {
  made.add(p.dir);
  return p;
};

export const header = "import { chain, middleware, type Next, type NextSync } from 'shallot';\n";
export const R = 'export interface R {\n  n: number;\n  log: string[];\n}\n';
export const requests = [0, 1, 2, 3, 4, 5].map((n) => ({ n }));

export const diagnostics = (p: Project): string => p.result.diagnostics.map((d) => `${path.basename(d.file)}:${d.line}: ${d.message}`).join('\n');

export interface Options {
  readonly guards?: boolean;
  readonly file?: string;
  readonly config?: object;
}

/** Every chain of `file` answers every request as the runtime chain does. */
export async function same(name: string, files: Record<string, string>, reqs: readonly Record<string, unknown>[] = requests, options: Options = {}): Promise<Project> {
  const p = track(project(`review-${name}`, files, options.config));
  expect(diagnostics(p), 'diagnostics').toBe('');
  const file = options.file ?? 'app.ts';
  const outcomes = await compare(p, file, reqs);
  expect(Object.keys(outcomes).length).toBeGreaterThan(0);
  const problems: string[] = [];
  for (const [chainName, rows] of Object.entries(outcomes)) {
    rows.forEach(([on, off, generated]: Outcome[], i) => {
      const req = JSON.stringify(reqs[i]);
      // The generated module keeps its source's response guard (the source chains here have the guards on), and
      // the next() guards are proven by check: it answers as the guarded chain, and as the unguarded one where
      // no guard trips. Probes whose layers trip a next() guard on purpose (guards: false) compare with the latter.
      const reference = options.guards === false ? off : on;
      const which = options.guards === false ? 'runtime (guards off):' : 'runtime (guards on): ';
      if (JSON.stringify(generated) !== JSON.stringify(reference)) problems.push(`${chainName} ${req}:\n  ${which} ${JSON.stringify(reference)}\n  generated:             ${JSON.stringify(generated)}`);
      else if (options.guards !== false && JSON.stringify(on) === JSON.stringify(off) && JSON.stringify(generated) !== JSON.stringify(off)) problems.push(`${chainName} ${req}: differs from the unguarded chain`);
    });
  }
  expect(problems.join('\n'), `generated module: ${p.dir}`).toBe('');
  return p;
}

/** Runs codegen only. */
export const gen = (name: string, files: Record<string, string>, config?: object): Project => track(project(`review-${name}`, files, config));
