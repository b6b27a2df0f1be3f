/**
 * JSX and angle-bracket syntax across .ts and .tsx: a layer's code is copied into the generated module of the chain,
 * whose extension is the chain's, not the layer's (such a copy is called now: analysis/jsx.ts). And the generated
 * .gen.tsx was formatted as TypeScript, not TSX, which spaced JSX text: the body differed (it is not formatted now).
 */
import { describe, it } from 'vitest';
import { strictConfig } from '../../codegen-support/compare.js';
import { gen, sameAt } from './lib.js';

const R = 'export interface R {\n  n: number;\n  log: string[];\n}\n';
const jsx = { ...strictConfig, include: ['**/*.ts', '**/*.tsx'], compilerOptions: { ...strictConfig.compilerOptions, jsx: 'react-jsx', jsxImportSource: 'hono/jsx' } };

describe('JSX across files', () => {
  it('JSX text in a .tsx handler is the same HTML', async () => {
    const p = gen('jsx-text', {
      'app.tsx': `import { chain } from 'shallot';\n${R}export const page = chain<R>().handle((req) => new Response(String(<p class="n">{req.n}</p>)));\n`,
    }, jsx);
    await sameAt(p, 'app.tsx');
  });

  it('a layer of a .ts module with an angle-bracket assertion and a generic arrow, in a .tsx chain', async () => {
    const p = gen('ts-into-tsx', {
      'layers.ts': `import { middleware, type Next } from 'shallot';\n${R}export const tag = middleware('tag', async (req: R, next: Next) => {\n  const id = <T>(x: T): T => x;\n  const n = <number>req.n;\n  req.log.push('tag ' + id(n));\n  const res = await next();\n  res.headers.set('x-n', String(n));\n  return res;\n});\n`,
      'app.tsx': `import { chain } from 'shallot';\nimport { tag, type R } from './layers.js';\nexport const page = chain<R>().use(tag).handle((req) => new Response(String(<b>{req.n}</b>)));\n`,
    }, jsx);
    await sameAt(p, 'app.tsx');
  });

  it('a layer of a .tsx module (JSX in it), in a .ts chain', async () => {
    const p = gen('tsx-into-ts', {
      'layers.tsx': `import { middleware, type Next } from 'shallot';\n${R}export const frame = middleware('frame', async (req: R, next: Next) => {\n  const res = await next();\n  req.log.push('frame');\n  return new Response(String(<main>{await res.text()}</main>));\n});\n`,
      'app.ts': `import { chain } from 'shallot';\nimport { frame, type R } from './layers.js';\nexport const app = chain<R>().use(frame).handle((req) => new Response('n ' + req.n));\n`,
    }, jsx);
    await sameAt(p, 'app.ts');
  });
});
