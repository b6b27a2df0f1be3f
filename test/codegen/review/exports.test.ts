/** Review probes: how chains are exported and how their layers are imported. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { R, diagnostics, gen, header, same } from './lib.js';

const layers = `${header}${R}
export const stamp = middleware('stamp', async (req: R, next: Next) => {
  req.log.push('stamp');
  return next();
});
export const tag = middleware('tag', async (req: R, next: Next) => {
  const res = await next();
  res.headers.set('x-tag', String(req.n));
  return res;
});
export const security = chain<R>().use(stamp).use(tag);
`;

describe('exports', () => {
  it('export default chain()…handle(…) (no const) is generated, or reported', () => {
    const p = gen('export-default-expression', {
      'app.ts': `${header}${R}
const stamp = middleware('stamp', async (req: R, next: Next) => {
  req.log.push('stamp');
  return next();
});
export default chain<R>().use(stamp).handle((req) => new Response(req.log.join(',')));
`,
    });
    const generated = fs.existsSync(path.join(p.dir, 'app.gen.ts'));
    expect({ generated, diagnostics: diagnostics(p) }).not.toEqual({ generated: false, diagnostics: '' });
  });

  it('export default beside named chains: the generated module has every export the source has', () => {
    const p = gen('export-default-beside', {
      'app.ts': `${header}${R}
const stamp = middleware('stamp', async (req: R, next: Next) => {
  req.log.push('stamp');
  return next();
});
export const api = chain<R>().use(stamp).handle(() => new Response('api'));
export default chain<R>().use(stamp).handle((req) => new Response(req.log.join(',')));
`,
    });
    expect(diagnostics(p)).toBe('');
    expect(p.generated('app.ts')).toMatch(/as default|export default/);
  });

  it('a chain exported under two names, and under an alias', async () => {
    await same('export-aliases', {
      'app.ts': `${header}${R}
const stamp = middleware('stamp', async (req: R, next: Next) => {
  req.log.push('stamp');
  return next();
});
const app = chain<R>().use(stamp).handle((req) => new Response(req.log.join(',') + req.n));
export { app, app as handler, app as default };
export const other = chain<R>().use(stamp).use(stamp).handle(() => new Response('other'));
export { other as alias };
`,
    });
  });
});

describe('imports of layers', () => {
  it('a sub-chain and a layer through a namespace import', async () => {
    const p = await same('namespace-import', {
      'layers.ts': layers,
      'app.ts': `import { chain } from 'shallot';
import * as mw from './layers.js';
export const app = chain<mw.R>().use(mw.security).use(mw.stamp).handle((req) => new Response(req.log.join(',')));
`,
    });
    expect(p.generated('app.ts')).not.toContain('is called, not inlined');
  });

  it('layers through a barrel with renames, export *, and an alias of an alias', async () => {
    const p = await same('barrel', {
      'mw/layers.ts': layers,
      'mw/index.ts': "export * from './layers.js';\nexport { stamp as stamped, tag as tagged } from './layers.js';\n",
      'app.ts': `import { chain } from 'shallot';
import { stamped, tagged, security, type R } from './mw/index.js';
const again = stamped;
export const app = chain<R>().use(again).use(tagged).use(security).handle((req) => new Response(req.log.join(',')));
`,
    });
    expect(p.generated('app.ts')).not.toContain('is called, not inlined');
  });
});

describe('default exports of layers and sub-chains', () => {
  it('export default middleware(…) in a layer module, imported by default', async () => {
    const p = await same('default-layer', {
      'cors.ts': `import { middleware, type Next } from 'shallot';
export default middleware('cors', async (_req: {}, next: Next) => {
  const res = await next();
  res.headers.set('access-control-allow-origin', '*');
  return res;
});
`,
      'app.ts': `import { chain } from 'shallot';
import cors from './cors.js';
export const app = chain<{ n: number }>().use(cors).handle((req) => new Response('n=' + req.n));
`,
    });
    expect(p.generated('app.ts')).not.toContain('is called, not inlined');
  });

  it('export default chain().use(…) as a sub-chain, imported by default', async () => {
    await same('default-subchain', {
      'security.ts': `import { chain, middleware, type Next } from 'shallot';
const nosniff = middleware('nosniff', async (_req: {}, next: Next) => {
  const res = await next();
  res.headers.set('x-content-type-options', 'nosniff');
  return res;
});
export default chain<{ n: number }>().use(nosniff);
`,
      'app.ts': `import { chain } from 'shallot';
import security from './security.js';
export const app = chain<{ n: number }>().use(security).handle((req) => new Response('n=' + req.n));
`,
    });
  });
});

describe('relative imports a copy needs', () => {
  it('a helper shipped as JavaScript with a .d.ts beside it', async () => {
    await same('dts-import', {
      'vendor.js': "export const stamp = (log) => { log.push('vendor'); };\n",
      'vendor.d.ts': 'export declare const stamp: (log: string[]) => void;\n',
      'layers.ts': `import { middleware, type Next } from 'shallot';
import { stamp } from './vendor.js';
export interface R {
  n: number;
  log: string[];
}
export const vendored = middleware('vendored', async (req: R, next: Next) => {
  stamp(req.log);
  return next();
});
`,
      'app.ts': `import { chain } from 'shallot';
import { vendored, type R } from './layers.js';
export const app = chain<R>().use(vendored).handle((req) => new Response(req.log.join(',')));
`,
    });
  });
});

describe('shallot itself through a namespace import', () => {
  it('import * as shallot from "shallot": shallot.chain(), shallot.middleware()', async () => {
    const p = await same('shallot-namespace', {
      'app.ts': `import * as shallot from 'shallot';
export interface R {
  n: number;
  log: string[];
}
const stamp = shallot.middleware('stamp', async (req: R, next: shallot.Next) => {
  req.log.push('stamp');
  return next();
});
export const app = shallot.chain<R>().use(stamp).handle((req) => new Response(req.log.join(',')));
`,
    });
    expect(p.generated('app.ts')).not.toContain('is called, not inlined');
  });
});
