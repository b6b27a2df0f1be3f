/**
 * `export = chain()…handle(…)` (a CommonJS module's one export) was skipped without a word: no generated module,
 * no diagnostic, `--check` green. An ES module, which codegen writes, cannot export that way: the run says so, at
 * the line, with what to write instead.
 */
import { describe, expect, it } from 'vitest';
import { project, strictConfig } from '../../codegen-support/compare.js';
import { R, diagnostics, header } from '../review/lib.js';

/** A CommonJS module of an ES project (require(esm) of shallot, as Node 20.19+ and 22 do). */
const cjs = { compilerOptions: { ...strictConfig.compilerOptions, verbatimModuleSyntax: false }, include: ['**/*.cts'] };
const message = "the chain of 'export =' is not generated: shallot codegen writes ES modules, which cannot export that way; export it as `export default` or by name (`export const app = …`)";

describe('export = of a chain', () => {
  it('is named, at its line (a CommonJS module: app.cts)', () => {
    const p = project('review10-export-equals', { 'app.cts': `${header}${R}\nexport = chain<R>().handle((req) => new Response('n ' + req.n));\n` }, cjs);
    expect(diagnostics(p)).toBe(`app.cts:7: ${message}`);
    expect(diagnostics(p)).toContain(message);
  });

  it('of a name of a chain too', () => {
    const p = project('review10-export-equals-name', { 'app.cts': `${header}${R}\nconst app = chain<R>().handle((req) => new Response('n ' + req.n));\nexport = app;\n` }, cjs);
    expect(diagnostics(p)).toContain(message);
  });

  it('of something else is no chain, and no word', () => {
    const p = project('review10-export-equals-other', { 'app.cts': `${header}${R}\nconst app = chain<R>().handle((req) => new Response('n ' + req.n));\nexport = { answer: 42, run: () => app };\n` }, cjs);
    expect(diagnostics(p)).not.toContain("'export ='");
  });
});
