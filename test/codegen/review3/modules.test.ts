/** Review 3 probes: what layers import and name: string export names, enums, namespaces, ambient declarations, import type beside values, export { x as default }. */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const handler = ".handle((req) => {\n  req.log.push('handler ' + req.n);\n  if (req.n === 3) throw new Error('three');\n  return new Response('n=' + req.n);\n})";

describe('module names', () => {
  // Fixed, was a bug (generated module does not parse): a module-level name the copy uses that its module exports only under a
  // string name (ES2022 arbitrary module namespace names) is imported as `import { x-stamp as xStamp }`, unquoted
  // (codegen/generate/imports.ts render(); the name comes from bindings.ts importable() / the ImportSpecifier's name).
  it('a helper exported only under a string name (export { stamp as "x-stamp" })', async () => {
    await same('r3-string-export', {
      'helpers.ts': `export const stamp = (res: Response, v: string): Response => {
  res.headers.set('x-stamp', v);
  return res;
};
export { stamp as 'x-stamp' };
`,
      'layers.ts': `${header}${R}
const stamp = (res: Response): Response => {
  res.headers.set('x-local', '1');
  return res;
};
export { stamp as 'local-stamp' };
export const local = middleware('local', async (req: R, next: Next) => {
  req.log.push('local');
  return stamp(await next());
});
`,
      'app.ts': `${header}import type { R } from './layers.js';
import { 'x-stamp' as xStamp } from './helpers.js';
import { local } from './layers.js';
const stamped = middleware('stamped', async (req: R, next: Next) => {
  req.log.push('stamped');
  return xStamp(await next(), 'v' + req.n);
});
export const app = chain<R>().use(stamped).use(local)${handler};
`,
    });
  });

  it('enums, const enums and namespaces of the module used by layers', async () => {
    await same('r3-enum-namespace', {
      'app.ts': `${header}${R}
export enum Level {
  Low = 1,
  High = 2,
}
export const enum Flag {
  On = 'on',
  Off = 'off',
}
export namespace Http {
  export const teapot = 418;
  export function text(s: string, status = 200): Response {
    return new Response(s, { status });
  }
}
const levels = middleware('levels', async (req: R, next: Next<{ level: Level; flag: Flag }>) => {
  const level = req.n > 2 ? Level.High : Level.Low;
  req.log.push('level ' + Level[level]);
  if (req.n === 5) return Http.text('teapot', Http.teapot);
  const res = await next({ level, flag: req.n % 2 === 0 ? Flag.On : Flag.Off });
  res.headers.set('x-level', String(level));
  return res;
});
const reader = middleware('reader', async (req: R & { level: Level; flag: Flag }, next: Next) => {
  req.log.push('flag ' + req.flag + (req.flag === Flag.On ? ' yes' : ' no'));
  return next();
});
export const app = chain<R>().use(levels).use(reader)${handler};
`,
    });
  });

  it('import type beside values in one import, a type-only use of a value import', async () => {
    await same('r3-import-type-mixed', {
      'opts.ts': `export interface Opts {
  prefix: string;
}
export const defaults: Opts = { prefix: 'p' };
export class Stamp {
  constructor(readonly v: string) {}
}
export type Level = 'low' | 'high';
`,
      'app.ts': `${header}${R}
import { type Opts, defaults, Stamp, type Level as L } from './opts.js';
const opts = middleware('opts', async (req: R, next: Next<{ stamp: Stamp }>) => {
  const o: Opts = { ...defaults, prefix: defaults.prefix + req.n };
  const level: L = req.n > 2 ? 'high' : 'low';
  let s: Stamp | undefined;
  s = new Stamp(o.prefix);
  req.log.push('opts ' + level);
  const res = await next({ stamp: s });
  res.headers.set('x-prefix', o.prefix);
  return res;
});
const typed = middleware('typed', async (req: R & { stamp: Stamp }, next: Next) => {
  const st: Stamp = req.stamp;
  req.log.push('stamp ' + st.v);
  return next();
});
export const app = chain<R>().use(opts).use(typed)${handler};
`,
    });
  });

  it('export { app as default } and a layer module exporting { mw as default }', async () => {
    await same('r3-export-as-default', {
      'mw.ts': `${header}${R}
function helper(res: Response): Response {
  res.headers.set('x-helper', '1');
  return res;
}
export { helper as decorate };
const mw = middleware('mw', async (req: R, next: Next) => {
  req.log.push('mw');
  return helper(await next());
});
export { mw as default, mw as named };
`,
      'app.ts': `${header}import type { R } from './mw.js';
import mw from './mw.js';
const app = chain<R>().use(mw)${handler};
export { app as default, app as main };
`,
    });
  });
});

describe('one file per middleware', () => {
  it('export default async function (anonymous and named) as layer functions, and a default-exported handler', async () => {
    await same('r3-default-functions', {
      'types.ts': `export interface R {
  n: number;
  log: string[];
}
`,
      'mw/anon.ts': `import type { Next } from 'shallot';
import type { R } from '../types.js';
export default async function (req: R, next: Next) {
  req.log.push('anon');
  const res = await next();
  res.headers.set('x-anon', '1');
  return res;
}
`,
      'mw/named.ts': `import type { Next } from 'shallot';
import type { R } from '../types.js';
export default async function named(req: R, next: Next<{ who: string }>) {
  req.log.push('named');
  return next({ who: 'w' + req.n });
}
`,
      'handler.ts': `import type { R } from './types.js';
export default (req: R & { who: string }) => {
  req.log.push('handler ' + req.who);
  return new Response('hi ' + req.who);
};
`,
      'app.ts': `import { chain, middleware } from 'shallot';
import type { R } from './types.js';
import anon from './mw/anon.js';
import named from './mw/named.js';
import handler from './handler.js';
export const app = chain<R>().use(middleware('anon', anon)).use(middleware('named', named)).handle(handler);
`,
    });
  });
});

describe('a chain exported under a string name', () => {
  // Fixed, was a bug (generated module does not parse): codegen/generate/module.ts writes `export { appApp as app, appApp as my-app };`
  // (exports unquoted); with only the string name, the source import `import { my-app as appSource }` (imports.ts) and an
  // opaque chain's `export { my-app } from` would break the same way.
  it('export { app as "my-app" }, beside export { app }', async () => {
    await same('r3-string-chain-export', {
      'app.ts': `${header}${R}
const tag = middleware('tag', async (req: R, next: Next) => {
  const res = await next();
  res.headers.set('x-n', String(req.n));
  return res;
});
const app = chain<R>().use(tag)${handler};
export { app as 'my-app', app };
`,
    });
  });
});

describe('ambient declarations', () => {
  // Fixed, was a bug (silent wrong answer under vite/vitest; SyntaxError at load under Node ESM): `export declare const BUILD` is
  // ambient (the name is a global at run time, the module exports nothing), but bindings.ts importable() finds it in
  // getExportedDeclarations() and the generated module writes `import { BUILD } from "./app.js"`: under vitest it reads
  // undefined (x-build: "undefined"), under node it fails to link.
  it('an exported declare const read by a layer (set on globalThis by a setup module)', async () => {
    await same('r3-ambient-export-declare', {
      'setup.ts': `(globalThis as Record<string, unknown>)['BUILD'] = 'b42';
export {};
`,
      'app.ts': `import './setup.js';
${header}${R}
export declare const BUILD: string;
const build = middleware('build', async (req: R, next: Next) => {
  req.log.push('build ' + BUILD);
  const res = await next();
  res.headers.set('x-build', BUILD);
  return res;
});
export const app = chain<R>().use(build)${handler};
`,
    });
  });

  it('a declare global var read by a layer, bare and through globalThis', async () => {
    await same('r3-ambient', {
      'setup.ts': `(globalThis as Record<string, unknown>)['hits'] = [];
export {};
`,
      'app.ts': `import './setup.js';
${header}${R}
declare global {
  var hits: string[];
}
const hit = middleware('hit', async (req: R, next: Next) => {
  req.log.push('hits ' + typeof globalThis.hits + ' ' + hits.length);
  return next();
});
export const app = chain<R>().use(hit)${handler};
`,
    });
  });
});
