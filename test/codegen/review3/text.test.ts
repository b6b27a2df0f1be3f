/** Review 3 probes: the text of a layer copied into the generated module, through the formatter: template literals with blank lines, tabs and trailing spaces. */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const handler = ".handle((req) => {\n  req.log.push('handler ' + req.n);\n  return new Response('n=' + req.n);\n})";

describe('string contents survive the copy', () => {
  // Fixed, was a bug (silent wrong answer): codegen/generate/module.ts format() ends with `.replace(/\n{3,}/g, '\n\n')` over the
  // whole generated text, template literals included: a copied template with two blank lines in a row loses one.
  // Minimal: a layer doing `res.headers.set('x', \`a\n\n\nb\`)` (a real multi-line template): runtime "a\n\n\nb",
  // generated "a\n\nb"; an HTML error page body loses its blank lines the same way.
  it('a multi-line template literal with two blank lines in a row, a tab and trailing spaces (an HTML error page)', async () => {
    await same('r3-template-blank-lines', {
      'app.ts': `${header}${R}
const page = middleware('page', async (req: R, next: Next) => {
  if (req.n === 2) {
    return new Response(\`<html>
<body>


<h1>Not here</h1>
\tindented with a tab   
</body>
</html>\`, { status: 404 });
  }
  const res = await next();
  res.headers.set('x-banner', \`a



b\`.replace(/\\n/g, '|'));
  return res;
});
export const app = chain<R>().use(page)${handler};
`,
    });
  });
});

describe('string tokens spanning lines', () => {
  it('a string with a line continuation and a template whose lines start with spaces and tabs, nested deep in the copy', async () => {
    await same('r3-string-continuation', {
      'app.ts': `${header}${R}
const deep = middleware('deep', async (req: R, next: Next) => {
  if (req.n >= 0) {
    if (req.n !== 99) {
      const res = await next();
res.headers.set('x-cont', 'a\\
      b');
      res.headers.set('x-tpl', \`
\t  one
        two\`.replace(/\\n/g, '|'));
      return res;
    }
  }
  return new Response('never');
});
export const app = chain<R>().use(deep).use(deep).handle((req) => new Response('n=' + req.n));
`,
    });
  });
});
