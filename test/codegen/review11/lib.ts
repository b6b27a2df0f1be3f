/**
 * Reviews 11 and 12: projects under test/codegen-support/.cases/review11-<name>/, codegen through its API, and each
 * chain a source file exports compared with its generated handler, for source files of any extension
 * (.ts, .mts, .cts, .tsx) and any place (src/ with rootDir/outDir).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, expect } from 'vitest';
import { casesDir, outcome, strictConfig, unguarded, type Outcome } from '../../codegen-support/compare.js';
import { generateAll } from '../../codegen-support/codegen.js';
import { loadProject } from '../../../codegen/inspect/index.js';
import type { RunResult } from '../../../codegen/run.js';

const made = new Set<string>();
afterAll(() => {
  if (process.env['KEEP_CASES'] === '1') return;
  for (const dir of made) fs.rmSync(dir, { recursive: true, force: true });
});

export const genPath = (file: string): string => file.replace(/(\.(c|m)?tsx?)$/, '.gen$1');

export interface Made {
  readonly dir: string;
  readonly result: RunResult;
  readonly diagnostics: string;
  readonly text: (file: string) => string;
}

export function write(name: string, files: Record<string, string>, config: object = strictConfig): string {
  const dir = path.join(casesDir, `review11-${name}`);
  made.add(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  for (const [file, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  }
  if (!('tsconfig.json' in files)) fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config, null, 2));
  return dir;
}

export function gen(name: string, files: Record<string, string>, config: object = strictConfig, tsconfig = 'tsconfig.json'): Made {
  const dir = write(name, files, config);
  const result = generateAll(loadProject(path.join(dir, tsconfig)), { inline: true });
  const diagnostics = result.diagnostics.map((d) => `${path.relative(dir, d.file)}:${d.line}: ${d.message}`).join('\n');
  return { dir, result, diagnostics, text: (file) => fs.readFileSync(path.join(dir, file), 'utf8') };
}

type App = Parameters<typeof outcome>[0];

/** Every chain `file` exports, against the one its generated module exports, for each request. */
export async function sameAt(p: Made, file: string, reqs: readonly Record<string, unknown>[] = [0, 1, 2, 3].map((n) => ({ n }))): Promise<void> {
  expect(p.diagnostics, 'diagnostics').toBe('');
  const source = (await import(pathToFileURL(path.join(p.dir, file)).href)) as Record<string, App>;
  const generated = (await import(pathToFileURL(path.join(p.dir, genPath(file))).href)) as Record<string, App>;
  const isChain = (v: unknown): boolean => typeof v === 'function' && typeof (v as { description?: unknown }).description === 'object';
  const names = Object.keys(source).filter((n) => isChain(source[n]));
  expect(names.length).toBeGreaterThan(0);
  const problems: string[] = [];
  for (const name of names) {
    if (!(name in generated)) {
      problems.push(`${name}: missing from ${genPath(file)}`);
      continue;
    }
    for (const req of reqs) {
      const on: Outcome = await outcome(source[name]!, req);
      const off: Outcome = await outcome(unguarded(source[name]!), req);
      const flat: Outcome = await outcome(generated[name]!, req);
      if (JSON.stringify(flat) !== JSON.stringify(on)) problems.push(`${name} ${JSON.stringify(req)}:\n  runtime:   ${JSON.stringify(on)}\n  generated: ${JSON.stringify(flat)}`);
      void off;
    }
  }
  expect(problems.join('\n'), `generated module: ${p.dir}`).toBe('');
}

/** Codegen again over a project already on disk (its files as they are now). */
export function regen(dir: string, tsconfig = 'tsconfig.json'): Made {
  const result = generateAll(loadProject(path.join(dir, tsconfig)), { inline: true });
  const diagnostics = result.diagnostics.map((d) => `${path.relative(dir, d.file)}:${d.line}: ${d.message}`).join('\n');
  return { dir, result, diagnostics, text: (file) => fs.readFileSync(path.join(dir, file), 'utf8') };
}

/** Codegen over a solution (references followed), as the CLI runs it. */
export async function genSolution(name: string, files: Record<string, string>): Promise<Made> {
  const dir = write(name, files);
  const { loadProjects } = await import('../../../codegen/engine.js');
  const { runProjects } = await import('../../../codegen/run.js');
  const { writeModule } = await import('../../../codegen/write.js');
  const result = runProjects(loadProjects(path.join(dir, 'tsconfig.json')), { inline: true });
  for (const o of result.outputs) writeModule(o);
  const diagnostics = result.diagnostics.map((d) => `${path.relative(dir, d.file)}:${d.line}: ${d.message}`).join('\n');
  return { dir, result, diagnostics, text: (file) => fs.readFileSync(path.join(dir, file), 'utf8') };
}
