/**
 * Generated modules and the formatters users run over them (the real Prettier,
 * Biome and Deno CLIs): the header tells each to leave the file alone (Biome's
 * `biome-ignore-all` lines, Deno's `-ignore-file` lines, Prettier's `@noformat`
 * with `--check-ignore-pragma`);
 * where a formatter rewrites it anyway (Prettier by default, with any options),
 * `--check` still calls it fresh and `codegen` does not rewrite it, because
 * staleness compares code and comments, not layout (codegen/compare.ts). A hand
 * edit of the code, or of a comment, is still stale.
 */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main } from '../../codegen/cli.js';
import { sameModule } from '../../codegen/compare.js';
import { need, skipWithout } from '../extras.js';

const root = path.resolve(import.meta.dirname, '../..');
const prettier = path.join(root, 'node_modules/prettier/bin/prettier.cjs');
const biome = path.join(root, 'node_modules/@biomejs/biome/bin/biome');
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'shallot-fmt-'));
afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

/** The fixture `name` copied into a project of its own, `shallot` resolving to this repository (as an install would). */
function project(name: string): string {
  const dir = path.join(work, `${name}-${fs.readdirSync(work).length}`);
  fs.mkdirSync(path.join(dir, 'node_modules'), { recursive: true });
  fs.symlinkSync(root, path.join(dir, 'node_modules/shallot'), 'dir');
  for (const file of fs.readdirSync(path.join(root, 'test/codegen', name))) {
    if (!file.endsWith('.gen.ts')) fs.copyFileSync(path.join(root, 'test/codegen', name, file), path.join(dir, file));
  }
  return dir;
}

async function shallot(dir: string, ...args: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await main([...args, '-p', path.join(dir, 'tsconfig.json')], { out: (l) => out.push(l), err: (l) => out.push(l) }, dir);
  return { code, out: out.join('\n') };
}

function tool(command: string, args: string[], cwd: string): string {
  const result = spawnSync(process.execPath, [command, ...args], { cwd, encoding: 'utf8', timeout: 60_000 });
  if (result.status !== 0) throw new Error(`${path.basename(command)} ${args.join(' ')} exited ${result.status}:\n${result.stdout}\n${result.stderr}`);
  return result.stdout + result.stderr;
}

const fixtures = ['seed', 'shapes', 'sync', 'opaque'];

/** Prettier settings as far from codegen's layout as its options go. */
const prettierStyles: Record<string, string[]> = {
  default: [],
  'no semicolons, single quotes, tabs, width 40, no trailing commas, no bracket spacing, arrow parens avoided, quote props consistent': ['--no-semi', '--single-quote', '--use-tabs', '--print-width', '40', '--trailing-comma', 'none', '--no-bracket-spacing', '--arrow-parens', 'avoid', '--quote-props', 'consistent'],
};

describe.each(fixtures)('the generated module of fixture %s', (name) => {
  let dir: string;
  let gen: string;
  let fresh: string;
  beforeAll(async () => {
    dir = project(name);
    expect((await shallot(dir, 'codegen')).code).toBe(0);
    gen = path.join(dir, 'app.gen.ts');
    fresh = fs.readFileSync(gen, 'utf8');
  }, 120_000);

  it.each(Object.entries(prettierStyles))('formatted by Prettier (%s): still fresh to --check, and codegen does not rewrite it', async (_style, options) => {
    fs.writeFileSync(gen, fresh);
    tool(prettier, ['--write', ...options, gen], dir);
    const formatted = fs.readFileSync(gen, 'utf8');
    expect(formatted).not.toBe(fresh);
    expect((await shallot(dir, 'codegen', '--check')).code).toBe(0);
    expect((await shallot(dir, 'codegen')).out).toMatch(/0 files written/);
    expect(fs.readFileSync(gen, 'utf8')).toBe(formatted);
  }, 120_000);

  it('Prettier with --check-ignore-pragma reads @noformat in the header and leaves the file as it is', () => {
    fs.writeFileSync(gen, fresh);
    tool(prettier, ['--check-ignore-pragma', '--write', '--no-semi', gen], dir);
    expect(fs.readFileSync(gen, 'utf8')).toBe(fresh);
  });

  it("Biome's formatter, linter and assists (biome check --write, biome format --write) leave the file as it is", async () => {
    fs.writeFileSync(gen, fresh);
    tool(biome, ['check', '--write', '--unsafe', gen], dir);
    tool(biome, ['format', '--write', gen], dir);
    expect(fs.readFileSync(gen, 'utf8')).toBe(fresh);
    expect((await shallot(dir, 'codegen', '--check')).code).toBe(0);
  });

  it.skipIf(skipWithout('deno'))("Deno's formatter and linter (deno fmt, deno lint) leave the file alone", async () => {
    fs.writeFileSync(gen, fresh);
    const deno = (args: string[]) => spawnSync(need('deno'), args, { cwd: dir, encoding: 'utf8', timeout: 60_000, env: { ...process.env, DENO_NO_UPDATE_CHECK: '1', NO_COLOR: '1' } });
    expect(deno(['fmt', gen]).status).toBe(0);
    expect(fs.readFileSync(gen, 'utf8')).toBe(fresh);
    const linted = deno(['lint', gen]);
    expect(linted.stdout + linted.stderr).not.toMatch(/problem/i);
    expect(linted.status).toBe(0);
  });

  it("where Biome's formatter does rewrite (its ignore line taken out of both), the code is the same module", () => {
    const without = fresh.replace(/^\/\/ biome-ignore-all format:.*\n/m, '');
    expect(without).not.toBe(fresh);
    const copy = path.join(dir, 'copy.gen.ts');
    fs.writeFileSync(copy, without);
    tool(biome, ['format', '--write', copy], dir);
    const formatted = fs.readFileSync(copy, 'utf8');
    fs.rmSync(copy);
    expect(formatted).not.toBe(without);
    expect(sameModule(without, formatted, copy)).toBe(true);
  });
});

/** Hand edits of a Prettier-formatted module, each of which `--check` must call stale. */
const edits: Record<string, [RegExp, string]> = {
  'a string': [/"X-Custom-Header"/, '"X-Other-Header"'],
  'an operator': [/res\.status === 200/, 'res.status !== 200'],
  'a template literal': [/`-> \$\{req\.path\}`/, '`=> ${req.path}`'],
  'parentheses that group': [/\(\(performance\.now\(\) - start\) \/ 1000\)/, '(performance.now() - start / 1000)'],
  'const to let': [/const appChain/, 'let appChain'],
  'a statement deleted': [/^\s*res\.headers\.set\("X-Custom-Header", "Hello"\);\n/m, ''],
  'import type to import': [/import type \{/, 'import {'],
  'a comment': [/What the handler of/, 'What the handlers of'],
  'the @ts-nocheck line': [/^\/\/ @ts-nocheck\n/m, ''],
  'the header': [/DO NOT EDIT/, 'EDIT AWAY'],
  'a literal false to 0': [/\["logging", false\]/, '["logging", 0]'],
};

describe('a hand edit of a formatted module', () => {
  let dir: string;
  let gen: string;
  let formatted: string;
  beforeAll(async () => {
    dir = project('seed');
    expect((await shallot(dir, 'codegen')).code).toBe(0);
    gen = path.join(dir, 'app.gen.ts');
    tool(prettier, ['--write', gen], dir);
    formatted = fs.readFileSync(gen, 'utf8');
  }, 120_000);

  it.each(Object.entries(edits))('%s: stale to --check, and codegen writes the module again', async (_what, [pattern, replacement]) => {
    const edited = formatted.replace(pattern, replacement);
    expect(edited, `${pattern} matched nothing`).not.toBe(formatted);
    fs.writeFileSync(gen, edited);
    const checked = await shallot(dir, 'codegen', '--check');
    expect(checked.out).toContain('app.gen.ts:1:1: the generated module is stale: run shallot codegen');
    expect(checked.code).toBe(1);
    expect((await shallot(dir, 'codegen')).out).toMatch(/1 file written/);
    expect((await shallot(dir, 'codegen', '--check')).code).toBe(0);
  }, 120_000);
});
