/** A chain under src/ with rootDir/outDir, layers reached through a `paths` alias, export default, a barrel. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { strictConfig } from '../../codegen-support/compare.js';
import { gen, sameAt } from './lib.js';

const R = 'export interface R {\n  n: number;\n  log: string[];\n}\n';
const layers = `import { middleware, type Next } from 'shallot';
import { say } from './util/say.js';
${R}export const tag = middleware('tag', async (req: R, next: Next) => {
  say(req, 'tag in');
  const res = await next();
  res.headers.set('x-tag', String(req.n));
  say(req, 'tag out');
  return res;
});
`;
const say = `export const say = (req: { log: string[] }, line: string): void => {\n  req.log.push(line);\n};\n`;

describe('layouts', () => {
  it('src/ with rootDir and outDir, layers through a relative import', async () => {
    const config = { ...strictConfig, compilerOptions: { ...strictConfig.compilerOptions, rootDir: 'src', outDir: 'dist', noEmit: undefined }, include: ['src'] };
    const p = gen('rootdir', {
      'src/layers.ts': layers,
      'src/util/say.ts': say,
      'src/app.ts': `import { chain } from 'shallot';\nimport { tag, type R } from './layers.js';\nexport default chain<R>().use(tag).handle((req) => new Response('d ' + req.n));\n`,
    }, config);
    expect(fs.existsSync(path.join(p.dir, 'src/app.gen.ts'))).toBe(true);
    await sameAt(p, 'src/app.ts');
  });

  it('a chain in a nested folder whose layer module imports a helper relative to itself', async () => {
    const p = gen('nested', {
      'lib/layers.ts': layers,
      'lib/util/say.ts': say,
      'routes/api/app.ts': `import { chain } from 'shallot';\nimport { tag, type R } from '../../lib/layers.js';\nexport const api = chain<R>().use(tag).handle((req) => new Response('api ' + req.n));\n`,
    });
    await sameAt(p, 'routes/api/app.ts');
  });

  it('layers reached through a paths alias (@/layers): codegen reads them, the output resolves', () => {
    // vitest does not resolve tsconfig paths, so this only checks what codegen reads and writes.
    const config = { ...strictConfig, compilerOptions: { ...strictConfig.compilerOptions, baseUrl: '.', paths: { '@/*': ['./src/*'] } } };
    const p = gen('paths', {
      'src/layers.ts': layers,
      'src/util/say.ts': say,
      'src/routes/app.ts': `import { chain } from 'shallot';\nimport { tag, type R } from '@/layers.js';\nexport const app = chain<R>().use(tag).handle((req) => new Response('p ' + req.n));\n`,
    }, config);
    expect(p.diagnostics).toBe('');
    const text = p.text('src/routes/app.gen.ts');
    // the layer is inlined: say is imported from where layers.ts imports it, rebased onto src/routes/
    expect(text).toMatch(/import \{ say \} from "(\.\.\/util\/say\.js|@\/util\/say\.js)";/);
  });
});
