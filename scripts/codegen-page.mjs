// Writes docs/codegen.md: a real chain (the seed fixture of test/codegen/seed/)
// beside the handler `shallot codegen` generates from it. The fixture test
// checks that the page still shows the current output.
//   node scripts/codegen-page.mjs
import fs from 'node:fs';

const read = (f) => fs.readFileSync(new URL(`../test/codegen/seed/${f}`, import.meta.url), 'utf8').trimEnd();
const escape = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const cell = (title, text) => `<td valign="top">\n\n**${title}**\n\n<pre lang="ts">\n${escape(text)}\n</pre>\n\n</td>`;

const page = `# A chain and its generated handler

\`shallot codegen\` reads each exported chain, checks it, and writes a module beside
its source (\`app.ts\` -> \`app.gen.ts\`) that exports the same names with the same
types. On the left, the seed chain of this repository's fixture
\`test/codegen/seed/\` (its layers come from two modules); on the right, exactly what
\`shallot codegen\` writes for it (the fixture test compares them byte for byte).

What to look for:
- one \`async function\`, no \`next\` closures, no array of layers: each layer's code
  before \`next()\` runs, then the layers below it, then its code after;
- a layer's \`return x\` becomes \`res = x\` (and \`break <layer>\` when it returns
  before its last statement, not shown here: see \`test/codegen/lean/app.gen.ts\`), so a
  \`try\`/\`finally\` in a layer still encloses exactly the layers below it;
- \`const res = await next()\` becomes \`let res\`, which the layers below fill in
  directly; a layer that only hands up what \`next()\` gave it (\`return next()\`, or
  \`const res = await next(); return res;\`) is generated as nothing but its comment
  (not in this chain: see \`test/codegen/lean/app.gen.ts\`);
- names are renamed apart (\`req$2\`, \`res$3\`) where two layers use the same one, and
  the module-level names a layer uses (\`say\`) are imported from where it defined them;
- a comment names each layer's source \`file:line\`.

<table>
<tr>
${cell('app.ts and layers.ts (what you write)', `// layers.ts\n${read('layers.ts')}\n\n// app.ts\n${read('app.ts')}`)}
${cell('app.gen.ts (what shallot codegen writes)', read('app.gen.ts'))}
</tr>
</table>

Layers that cannot be inlined (a factory's closure, a layer using a name its
module does not export, a value known only at run time) are called directly, with
the rest of the chain as their \`next\`: see \`test/codegen/shapes/app.gen.ts\`.
`;
fs.writeFileSync(new URL('../docs/codegen.md', import.meta.url), page);
console.log('wrote docs/codegen.md');
