// Point 2 of issue 11: every TSDoc `@example` of the package's sources (src/ and
// types/) is compiled. Each block is written to .tsdoc-check/ as a module of its own;
// the names examples use without importing them (`logging`, `auth`, `User`, an
// `app`, …) come from test-d/examples/prelude.d.ts, as globals, so an example that
// imports a name shadows the prelude's. `// error: …` comments inside an example
// are expectations, as in test-d/ (see expectations.mjs).
import { mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { relative, resolve } from 'node:path';

const require = createRequire(import.meta.url);

function sourcesUnder(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = resolve(dir, name);
    if (statSync(path).isDirectory()) out.push(...sourcesUnder(path));
    else if (name.endsWith('.ts') && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** Every ```ts block of every `@example` tag in `file`, with the line it starts on. */
export function examplesOf(file) {
  const ts = require('typescript');
  const text = readFileSync(file, 'utf8');
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  const found = [];
  const visit = (node) => {
    for (const doc of node.jsDoc ?? []) {
      for (const tag of doc.tags ?? []) {
        if (tag.tagName.text !== 'example') continue;
        const comment = typeof tag.comment === 'string' ? tag.comment : ts.getTextOfJSDocComment(tag.comment) ?? '';
        for (const match of comment.matchAll(/```ts\n([\s\S]*?)```/g)) {
          found.push({ file, line: source.getLineAndCharacterOfPosition(tag.getStart()).line + 1, code: match[1] });
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}

/** Writes every example to .tsdoc-check/ with a tsconfig; returns the files and where each example came from. */
export function extractTsdocExamples(root) {
  const dir = resolve(root, '.tsdoc-check');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const examples = [...sourcesUnder(resolve(root, 'src')), ...sourcesUnder(resolve(root, 'types'))].flatMap(examplesOf);
  const files = examples.map((example, i) => {
    const name = `${relative(root, example.file).replace(/[/.]/g, '_')}_${example.line}_${i}.ts`;
    const path = resolve(dir, name);
    const isModule = /^\s*(import|export)\s/m.test(example.code);
    writeFileSync(path, `// ${relative(root, example.file)}:${example.line}\n${isModule ? '' : 'export {};\n'}${example.code}`);
    return { path, from: `${relative(root, example.file)}:${example.line}` };
  });
  // Examples of generated code import their source chain as a generated module does.
  writeFileSync(resolve(dir, 'app.ts'), '// the source module of the generated-code examples: the prelude\'s app\nconst source = app;\nexport { source as app };\n');
  writeFileSync(
    resolve(dir, 'tsconfig.json'),
    JSON.stringify(
      {
        extends: '../tsconfig.json',
        compilerOptions: { noEmit: true, rootDir: '..', noUnusedLocals: false, noUnusedParameters: false },
        include: ['*.ts', '../test-d/examples/prelude.d.ts'],
      },
      null,
      2,
    ),
  );
  return { dir, files };
}
