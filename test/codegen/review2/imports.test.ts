/** Review 2 probes: the imports a generated module writes for its copies. */
import { describe, it } from 'vitest';
import { expect } from 'vitest';
import { diagnostics, gen, header, R, same } from '../review/lib.js';

describe('bare specifiers written by a layer in another package', () => {
  it('a layer module with its own node_modules (a workspace package under pnpm): the generated module beside the app cannot resolve it', async () => {
    await same('imp-package-deps', {
      'mw/node_modules/idgen/package.json': JSON.stringify({ name: 'idgen', version: '1.0.0', type: 'module', exports: { '.': { types: './index.d.ts', default: './index.js' } } }),
      'mw/node_modules/idgen/index.js': "let n = 0;\nexport const newId = () => 'id-' + ++n;\n",
      'mw/node_modules/idgen/index.d.ts': 'export declare const newId: () => string;\n',
      'mw/layers.ts': `${header}import { newId } from 'idgen';
export const requestId = middleware('requestId', async (_req: {}, next: Next) => {
  const id = newId();
  const res = await next();
  res.headers.set('x-has-id', String(id.startsWith('id-')));
  return res;
});
`,
      'app.ts': `${header}${R}
import { requestId } from './mw/layers.js';
export const app = chain<R>().use(requestId).handle((req) => new Response('n=' + req.n));
`,
    });
  });
});

describe('a chain module in a subfolder, its layers elsewhere', () => {
  it('relative imports, a dynamic import and a JSON import of layer modules in sibling folders', async () => {
    await same('imp-subfolders', {
      'src/lib/config.json': JSON.stringify({ tag: 'from-json' }),
      'src/lib/util.ts': "export const stampOf = (n: number): string => 'stamp-' + n;\n",
      'src/lib/lazy.ts': "export const lazyTag = 'lazy';\n",
      'src/mw/layers.ts': `${header}import config from '../lib/config.json' with { type: 'json' };
import { stampOf } from '../lib/util.js';
export interface R {
  n: number;
  log: string[];
}
export const stamp = middleware('stamp', async (req: R, next: Next) => {
  const { lazyTag } = await import('../lib/lazy.js');
  req.log.push(stampOf(req.n) + ' ' + config.tag + ' ' + lazyTag);
  return next();
});
`,
      'src/routes/api/app.ts': `import { chain } from 'shallot';
import { stamp, type R } from '../../mw/layers.js';
export const app = chain<R>().use(stamp).handle((req) => new Response(req.log.join(',')));
`,
    }, undefined, { file: 'src/routes/api/app.ts', config: { compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, resolveJsonModule: true, skipLibCheck: true, noEmit: true, types: [] }, include: ['**/*.ts', '**/*.json'] } });
  });
});

describe('path aliases', () => {
  it('a layer module importing through a tsconfig paths alias: the generated import is written as the layer wrote it', () => {
    const p = gen('imp-paths', {
      'lib/util.ts': "export const stampOf = (n: number): string => 'stamp-' + n;\n",
      'mw/layers.ts': `${header}import { stampOf } from '@lib/util.js';
export const stamp = middleware('stamp', async (req: { n: number; log: string[] }, next: Next) => {
  req.log.push(stampOf(req.n));
  return next();
});
`,
      'routes/app.ts': `import { chain } from 'shallot';
import { stamp } from '../mw/layers.js';
export const app = chain<{ n: number; log: string[] }>().use(stamp).handle((req) => new Response(req.log.join(',')));
`,
    }, { compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', strict: true, skipLibCheck: true, noEmit: true, types: [], paths: { '@lib/*': ['./lib/*'] } }, include: ['**/*.ts'] });
    expect(diagnostics(p)).toBe('');
    expect(p.generated('routes/app.ts')).toContain('from "@lib/util.js"');
  });
});
