/**
 * Every public export (of `shallot`, `shallot/http`, `shallot/node`, the mount
 * adapters `shallot/express`, `koa`, `fastify`, `hono` and `h3`, and the bundler
 * plugins `shallot/vite`, `rollup`, `esbuild` and `webpack`) has TSDoc
 * with an `@example`, as the README promises. Read with the TypeScript API from
 * the entry points' sources, following re-exports to the declarations.
 */
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const entries = {
  shallot: 'src/index.ts',
  'shallot/http': 'src/http/index.ts',
  'shallot/node': 'src/node/index.ts',
  'shallot/express': 'src/mount/express.ts',
  'shallot/koa': 'src/mount/koa.ts',
  'shallot/fastify': 'src/mount/fastify.ts',
  'shallot/hono': 'src/mount/hono.ts',
  'shallot/h3': 'src/mount/h3.ts',
  'shallot/vite': 'codegen/plugin/vite.ts',
  'shallot/rollup': 'codegen/plugin/rollup.ts',
  'shallot/esbuild': 'codegen/plugin/esbuild.ts',
  'shallot/webpack': 'codegen/plugin/webpack.ts',
};

const program = ts.createProgram(
  Object.values(entries).map((file) => path.join(root, file)),
  { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, noEmit: true, skipLibCheck: true },
);
const checker = program.getTypeChecker();

/** The exports of `file` with whether their declaration's TSDoc has an `@example`. */
function exportsOf(file: string): { name: string; example: boolean; doc: boolean }[] {
  const source = program.getSourceFile(path.join(root, file));
  if (!source) throw new Error(`${file} is not in the program`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (!moduleSymbol) throw new Error(`${file} has no module symbol`);
  return checker.getExportsOfModule(moduleSymbol).map((symbol) => {
    const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
    const tags = target.getJsDocTags(checker);
    const doc = ts.displayPartsToString(target.getDocumentationComment(checker)).trim() !== '';
    return { name: symbol.name, doc, example: tags.some((tag) => tag.name === 'example') };
  });
}

describe.each(Object.entries(entries))('%s', (entry, file) => {
  const found = exportsOf(file);

  it('exports something', () => {
    expect(found.length).toBeGreaterThan(0);
  });

  it('documents every export, each with an @example', () => {
    const missing = found.filter((e) => !e.doc || !e.example).map((e) => `${e.name}${e.doc ? '' : ' (no TSDoc)'}${e.example ? '' : ' (no @example)'}`);
    expect(missing, `${entry}: exports without TSDoc or @example`).toEqual([]);
  });
});
