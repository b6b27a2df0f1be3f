/**
 * What each entry point loads when it is imported, read off the static imports
 * of the built files (dist, as the package ships them; needs `npm run build`):
 * the runtime entries never reach the generator, TypeScript, ts-morph or a
 * bundler plugin; the `shallot` command's entry (cli.js) reaches no ts-morph
 * (it imports the generator once a command runs, so `--help` works without it);
 * the plugin entries reach unplugin and nothing of ts-morph until a build starts.
 */
import fs from 'node:fs';
import { builtinModules } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { exports: Record<string, string | { default: string }>; bin: { shallot: string } };
const builtins = new Set([...builtinModules, ...builtinModules.map((m) => `node:${m}`)]);

/** Every file and every package the static imports of `entry` reach, transitively. */
function reach(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string): void => {
    if (files.has(file)) return;
    files.add(file);
    const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest);
    for (const statement of source.statements) {
      if (!(ts.isImportDeclaration(statement) || ts.isExportDeclaration(statement)) || statement.moduleSpecifier === undefined) continue;
      const specifier = (statement.moduleSpecifier as ts.StringLiteral).text;
      if (specifier.startsWith('.')) visit(path.resolve(path.dirname(file), specifier));
      else if (!builtins.has(specifier)) packages.add(specifier.startsWith('@') ? specifier.split('/').slice(0, 2).join('/') : specifier.split('/')[0]!);
    }
  };
  visit(path.join(root, entry));
  return { files, packages };
}

const plugins = ['./vite', './rollup', './esbuild', './webpack'];
const target = (value: string | { default: string }): string => (typeof value === 'string' ? value : value.default);
const runtime = Object.entries(pkg.exports).filter(([key]) => key !== './package.json' && !plugins.includes(key));

describe('what each entry point imports', () => {
  it.each(runtime)('runtime entry %s: no generator, no TypeScript, no ts-morph, no plugin, no package at all', (_key, value) => {
    const { files, packages } = reach(target(value));
    expect([...packages]).toEqual([]);
    expect([...files].filter((file) => file.includes(`${path.sep}dist${path.sep}codegen${path.sep}`))).toEqual([]);
  });

  it('the shallot command (bin): no ts-morph, TypeScript or chokidar until a command runs', () => {
    const { packages } = reach(pkg.bin.shallot);
    expect([...packages]).toEqual([]);
  });

  it.each(plugins)('plugin entry %s: unplugin, and no ts-morph or TypeScript until a build starts', (key) => {
    const { packages } = reach(target(pkg.exports[key]!));
    expect([...packages]).toEqual(['unplugin']);
  });

  it('the generator itself does reach ts-morph (what the entries above keep out)', () => {
    expect([...reach('dist/codegen/engine.js').packages]).toContain('ts-morph');
  });
});
