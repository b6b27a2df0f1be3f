/**
 * Review 12: JSX shapes in .tsx chains (hono/jsx, automatic runtime), compared with the runtime chain.
 * Found and mended: a whitespace-only edit of JSX text was not written (compare.ts collapsed JSX text), a template's
 * raw text was ignored (String.raw), and a layer's JSX was inlined under the chain project's JSX settings, not those of
 * its own nearest tsconfig.json (a ui/ folder, a solution's project).
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { strictConfig } from '../../codegen-support/compare.js';
import { gen, genSolution, regen, sameAt } from '../review11/lib.js';

const R = 'export interface R {\n  n: number;\n  log: string[];\n}\n';
const jsx = { ...strictConfig, include: ['**/*.ts', '**/*.tsx'], compilerOptions: { ...strictConfig.compilerOptions, jsx: 'react-jsx', jsxImportSource: 'hono/jsx' } };

describe('JSX shapes', () => {
  it('fragments, a component exported by the module, a list with keys, attributes spanning lines', async () => {
    const p = gen('r12-frag', {
      'app.tsx': `import { chain, middleware, type Next } from 'shallot';
${R}export const Item = (props: { v: number }) => <li data-v={props.v}>item {props.v}</li>;
const wrap = middleware('wrap', async (req: R, next: Next) => {
  req.log.push('wrap');
  const res = await next();
  return new Response(String(<>
    <header title="a
      b">top</header>
    {await res.text()}
  </>), { headers: { 'x-w': '1' } });
});
export const page = chain<R>().use(wrap).handle((req) => new Response(String(<>
  <ul>{[1, 2, req.n].map((v) => <Item key={v} v={v} />)}</ul>
  <p><b>Hi</b> there, {req.n}  and   more</p>
</>)));
`,
    }, jsx);
    expect(p.text('app.gen.tsx')).toContain('<header');
    await sameAt(p, 'app.tsx');
  });

  it('a component not exported (handler must be called)', async () => {
    const p = gen('r12-unexported', {
      'app.tsx': `import { chain } from 'shallot';
${R}const Item = (props: { v: number }) => <li>item {props.v}</li>;
export const page = chain<R>().handle((req) => new Response(String(<ul><Item v={req.n} /></ul>)));
`,
    }, jsx);
    await sameAt(p, 'app.tsx');
  });

  it('a component imported from another .tsx, a namespace member tag, lowercase tag same name as a variable', async () => {
    const p = gen('r12-imported', {
      'ui.tsx': `export const Card = (props: { children?: unknown }) => <div class="card">{props.children}</div>;\nexport const UI = { Title: (props: { t: string }) => <h1>{props.t}</h1> };\n`,
      'app.tsx': `import { chain, middleware, type Next } from 'shallot';
import { Card, UI } from './ui.js';
${R}export const section = 'not a tag';
const layout = middleware('layout', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('layout');
  return new Response(String(<Card><UI.Title t="T" /><section>{await res.text()}</section></Card>));
});
export const page = chain<R>().use(layout).handle((req) => new Response(String(<i>{req.n}</i>)));
`,
    }, jsx);
    await sameAt(p, 'app.tsx');
  });

  it('a leading @jsxImportSource pragma in app.tsx (tsconfig says react-jsx, hono there)', async () => {
    const config = { ...jsx, compilerOptions: { ...jsx.compilerOptions, jsxImportSource: 'hono/jsx' } };
    const p = gen('r12-pragma', {
      'app.tsx': `/** @jsxImportSource hono/jsx */\nimport { chain } from 'shallot';\n${R}export const page = chain<R>().handle((req) => new Response(String(<b>{req.n}</b>)));\n`,
    }, config);
    await sameAt(p, 'app.tsx');
  });

  it('classic factory jsx: react with jsxFactory jsx from hono (handler called)', async () => {
    const config = { ...jsx, compilerOptions: { ...strictConfig.compilerOptions, jsx: 'react', jsxFactory: 'jsx', jsxFragmentFactory: 'Fragment' } };
    const p = gen('r12-classic', {
      'app.tsx': `import { chain, middleware, type Next } from 'shallot';\nimport { jsx, Fragment } from 'hono/jsx';\nvoid Fragment;\ndeclare global { namespace JSX { interface IntrinsicElements { [k: string]: unknown } } }\n${R}const tag = middleware('tag', async (req: R, next: Next) => { req.log.push('t'); return next(); });\nexport const page = chain<R>().use(tag).handle((req) => new Response(String(<><b>{req.n}</b></>)));\nvoid jsx;\n`,
    }, config);
    await sameAt(p, 'app.tsx');
  });

  it('a .tsx layer with no JSX but <T,> generics, satisfies and as, into a .ts chain', async () => {
    const p = gen('r12-generic', {
      'layers.tsx': `import { middleware, type Next } from 'shallot';\n${R}export const tag = middleware('tag', async (req: R, next: Next) => {\n  const id = <T,>(x: T): T => x;\n  const o = { n: req.n } satisfies { n: number };\n  req.log.push('tag ' + id(o.n as number));\n  const res = await next();\n  res.headers.set('x-n', String(id(req.n)));\n  return res;\n});\n`,
      'app.ts': `import { chain } from 'shallot';\nimport { tag, type R } from './layers.js';\nexport const app = chain<R>().use(tag).handle((req) => new Response('n ' + req.n));\n`,
    }, jsx);
    expect(p.text('app.gen.ts')).toContain('const id');
    await sameAt(p, 'app.ts');
  });

  it('a .ts layer (async generic arrow, <T>x) into a .tsx chain; also mts into a .tsx chain', async () => {
    const config = { ...jsx, include: ['**/*.ts', '**/*.tsx', '**/*.mts'] };
    const p = gen('r12-mts', {
      'layers.mts': `import { middleware, type Next } from 'shallot';\nexport const tag = middleware('tag', async (req: { n: number; log: string[] }, next: Next) => {\n  const f = async <T,>(x: T) => x;\n  const n = await f(req.n);\n  req.log.push('tag ' + n);\n  return next();\n});\n`,
      'app.tsx': `import { chain } from 'shallot';\nimport { tag } from './layers.mjs';\n${R}export const page = chain<R>().use(tag).handle((req) => new Response(String(<b>{req.n}</b>)));\n`,
    }, config);
    await sameAt(p, 'app.tsx');
  });

  it('a JSX-less layer in .ts containing a comment with @jsx inside its body, into a .tsx chain with JSX', async () => {
    const p = gen('r12-body-pragma', {
      'layers.ts': `import { middleware, type Next } from 'shallot';\nexport const tag = middleware('tag', async (req: { n: number; log: string[] }, next: Next) => {\n  /* @jsxImportSource nope */\n  req.log.push('tag');\n  return next();\n});\n`,
      'app.tsx': `import { chain } from 'shallot';\nimport { tag } from './layers.js';\n${R}export const page = chain<R>().use(tag).handle((req) => new Response(String(<b>{req.n}</b>)));\n`,
    }, jsx);
    await sameAt(p, 'app.tsx');
  });

  it('JSX whitespace-only edit of the source is written again (stale text otherwise)', () => {
    const p = gen('r12-ws-edit', {
      'app.tsx': `import { chain } from 'shallot';\n${R}export const page = chain<R>().handle((req) => new Response(String(<p><b>Hi</b>there {req.n}</p>)));\n`,
    }, jsx);
    expect(p.diagnostics).toBe('');
    expect(p.text('app.gen.tsx')).toContain('<b>Hi</b>there');
    fs.writeFileSync(path.join(p.dir, 'app.tsx'), p.text('app.tsx').replace('<b>Hi</b>there', '<b>Hi</b> there'));
    const again = regen(p.dir);
    expect(again.diagnostics).toBe("");
    void again;
    expect(p.text('app.gen.tsx')).toContain('<b>Hi</b> there');
  });
});

describe('JSX settings of the layer file differ from the chain project', () => {
  it('a layer in ui/ whose own tsconfig.json sets another jsxImportSource', async () => {
    const runtime = `export function jsx(tag, props) { const c = props.children; return '[' + tag + ':' + (Array.isArray(c) ? c.join('') : c ?? '') + ']'; }\nexport const jsxs = jsx;\nexport const jsxDEV = jsx;\nexport const Fragment = 'frag';\n`;
    const p = gen('r12-nested-tsconfig', {
      'node_modules/myjsx/package.json': JSON.stringify({ name: 'myjsx', type: 'module', exports: { './jsx-runtime': './jsx-runtime.js', './jsx-dev-runtime': './jsx-runtime.js' } }),
      'node_modules/myjsx/jsx-runtime.js': runtime,
      'ui/tsconfig.json': JSON.stringify({ ...jsx, compilerOptions: { ...jsx.compilerOptions, jsxImportSource: 'myjsx' } }),
      'ui/layers.tsx': `import { middleware, type Next } from 'shallot';\n${R}export const frame = middleware('frame', async (req: R, next: Next) => {\n  const res = await next();\n  req.log.push('frame');\n  return new Response(String(<main>{await res.text()}</main>));\n});\n`,
      'app.tsx': `import { chain } from 'shallot';\nimport { frame, type R } from './ui/layers.js';\nexport const page = chain<R>().use(frame).handle((req) => new Response(String(<b>{req.n}</b>)));\n`,
    }, jsx);
    console.log(p.text('app.gen.tsx'));
    await sameAt(p, 'app.tsx');
  });
});

describe('JSX settings across a solution (references)', () => {
  it('server/ references ui/, each with its own jsxImportSource', async () => {
    const runtime = `export function jsx(tag, props) { const c = props.children; return '[' + tag + ':' + (Array.isArray(c) ? c.join('') : c ?? '') + ']'; }\nexport const jsxs = jsx;\nexport const jsxDEV = jsx;\nexport const Fragment = 'frag';\n`;
    const co = { ...jsx.compilerOptions, composite: true, noEmit: false, emitDeclarationOnly: true, declaration: true };
    const p = await genSolution('r12-solution', {
      'tsconfig.json': JSON.stringify({ files: [], references: [{ path: './ui' }, { path: './server' }] }),
      'node_modules/myjsx/package.json': JSON.stringify({ name: 'myjsx', type: 'module', exports: { './jsx-runtime': './jsx-runtime.js', './jsx-dev-runtime': './jsx-runtime.js' } }),
      'node_modules/myjsx/jsx-runtime.js': runtime,
      'ui/tsconfig.json': JSON.stringify({ compilerOptions: { ...co, jsxImportSource: 'myjsx', outDir: '../.out/ui' }, include: ['**/*.tsx'] }),
      'ui/layers.tsx': `import { middleware, type Next } from 'shallot';\nexport interface R { n: number; log: string[] }\nexport const frame = middleware('frame', async (req: R, next: Next) => {\n  const res = await next();\n  req.log.push('frame');\n  return new Response(String(<main>{await res.text()}</main>));\n});\n`,
      'server/tsconfig.json': JSON.stringify({ compilerOptions: { ...co, outDir: '../.out/server' }, include: ['**/*.tsx'], references: [{ path: '../ui' }] }),
      'server/app.tsx': `import { chain } from 'shallot';\nimport { frame, type R } from '../ui/layers.js';\nexport const page = chain<R>().use(frame).handle((req) => new Response(String(<b>{req.n}</b>)));\n`,
    });
    await sameAt(p, 'server/app.tsx');
  });
});

describe('edits the compare calls formatting', () => {
  it('JSX text: a space added after an element in a .tsx handler (CLI run, then --check)', async () => {
    const { main } = await import('../../../codegen/cli.js');
    const p = gen('r12-ws-cli', {
      'app.tsx': `import { chain } from 'shallot';\n${R}export const page = chain<R>().handle((req) => new Response(String(<p><b>Hi</b>there {req.n}</p>)));\n`,
    }, jsx);
    fs.writeFileSync(path.join(p.dir, 'app.tsx'), p.text('app.tsx').replace('<b>Hi</b>there', '<b>Hi</b> there'));
    const out: string[] = [];
    const code = await main(['codegen', '-p', path.join(p.dir, 'tsconfig.json')], { out: (l) => out.push(l), err: (l) => out.push(l) }, p.dir);
    const check = await main(['codegen', '--check', '-p', path.join(p.dir, 'tsconfig.json')], { out: () => {}, err: () => {} }, p.dir);
    expect({ code, check, out: out.join('\n').replace(/\(\d+\.\d+ s\)/, '') }).toEqual({ code: 0, check: 0, out: expect.stringContaining('1 file written') });
  });

  it('a String.raw template edited from \\n to a literal line break (same cooked text, another raw text)', () => {
    const p = gen('r12-raw-edit', {
      'app.ts': 'import { chain } from \'shallot\';\n' + R + 'export const app = chain<R>().handle(() => new Response(String.raw`a\\nb`));\n',
    });
    expect(p.diagnostics).toBe('');
    fs.writeFileSync(path.join(p.dir, 'app.ts'), p.text('app.ts').replace('String.raw`a\\nb`', 'String.raw`a\nb`'));
    regen(p.dir);
    expect(p.text('app.gen.ts')).toContain('String.raw`a\nb`');
  });
});
