/**
 * Review 13: names whose value depends on the module they are read in. import.meta is refused by codegen
 * (bindings.ts: "differs in the generated module"), but the CommonJS module-scope names that @types/node declares
 * as globals (__dirname, __filename, require, module, exports) are taken for globals and copied as they are. In a
 * CommonJS project (package.json "type": "commonjs", module nodenext: every .ts file is CommonJS, app.gen.ts too)
 * each module has its own; vitest's module runner gives each module its own as well, which is what this probe sees.
 */
import { describe, it } from 'vitest';
import { strictConfig } from '../../codegen-support/compare.js';
import { R, header, same } from '../review/lib.js';

const config = { ...strictConfig, compilerOptions: { ...strictConfig.compilerOptions, types: ['node'] } };

describe('review13: module-scope names of CommonJS', () => {
  // Was a difference, fixed (the layer is now called, or its wrapper followed): a static-files layer in layers/static.ts resolves its folder from __dirname; the copy in app.gen.ts
  // reads app.gen.ts's own __dirname (the project root, not layers/). runtime: log 'root layers', 'file static.ts';
  // generated: 'root review-r13-dirname', 'file app.gen.ts'.
  it('a layer of another folder reading __dirname and __filename', async () => {
    await same(
      'r13-dirname',
      {
        'r.ts': R,
        'layers/static.ts': `import path from 'node:path';
import { middleware, type Next } from 'shallot';
import type { R } from '../r.js';
export const serveStatic = middleware('serveStatic', async (req: R, next: Next) => {
  const root = path.join(__dirname, 'public');
  req.log.push('root ' + path.basename(path.dirname(root)));
  req.log.push('file ' + path.basename(__filename));
  return next();
});
`,
        'app.ts': `${header}import type { R } from './r.js';
import { serveStatic } from './layers/static.js';
export const app = chain<R>().use(serveStatic).handle(() => new Response('ok'));
`,
      },
      undefined,
      { config },
    );
  }, 120_000);
});
