/** Review 5 probes, B: the layer value codegen reads vs the one the runtime uses (same names, so expectChain cannot tell). */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';
import { strictConfig } from '../../codegen-support/compare.js';

const handler = ".handle((req) => new Response('n' + req.n + ' ' + req.log.join(',')))";

describe('which function a layer runs', () => {
  it('a layer chosen by a condition between two of the same name', async () => {
    await same('r5-values-conditional', {
      'app.ts': `${header}${R}
const authA = middleware('auth', async (req: R, next: Next) => {
  req.log.push('A');
  return next();
});
const authB = middleware('auth', async (req: R, next: Next) => {
  req.log.push('B');
  return next();
});
export const flag = globalThis.process.env['R5_NEVER_SET'] === undefined;
const auth = flag ? authB : authA;
const auth2 = (flag && authB) || authA;
export const app = chain<R>().use(auth)${handler};
export const app2 = chain<R>().use(auth2)${handler};
`,
    });
  });
  it('a let reassigned before the chain is built', async () => {
    await same('r5-values-let', {
      'app.ts': `${header}${R}
// eslint-disable-next-line prefer-const
export let auth = middleware('auth', async (req: R, next: Next) => {
  req.log.push('first');
  return next();
});
auth = middleware('auth', async (req: R, next: Next) => {
  req.log.push('second');
  return next();
});
export const app = chain<R>().use(auth)${handler};
`,
    });
  });
  it('a layer from an object property, replaced before the chain is built', async () => {
    await same('r5-values-object', {
      'app.ts': `${header}${R}
export const layers = {
  auth: middleware('auth', async (req: R, next: Next) => {
    req.log.push('first');
    return next();
  }),
};
layers.auth = middleware('auth', async (req: R, next: Next) => {
  req.log.push('replaced');
  return next();
});
export const app = chain<R>().use(layers.auth)${handler};
`,
    });
  });
  it('a layer from a Map / array element', async () => {
    await same('r5-values-array', {
      'app.ts': `${header}${R}
const one = middleware('auth', async (req: R, next: Next) => {
  req.log.push('one');
  return next();
});
const two = middleware('auth', async (req: R, next: Next) => {
  req.log.push('two');
  return next();
});
export const list = [one, two] as const;
list.reverse();
export const app = chain<R>().use(list[0])${handler};
`,
    });
  });
});

describe('a function declaration reassigned before middleware() captures it', () => {
  // BUG (silent wrong answer): a function declaration's binding is mutable (`impl = wrap(impl)`, an instrumenting
  // pattern of JavaScript code; TypeScript reports TS2630 unless suppressed, a .js layer module with allowJs says
  // nothing). Codegen reads `middleware('auth', impl)` as the declaration and inlines its body, where the let-declared
  // case is called ("declared with let, so its value can change at run time"): runtime log ['reassigned'],
  // generated ['declared']. The same for the handler. Minimal: async function impl(req, next) { log('declared');
  // return next() }; impl = other; middleware('auth', impl). Likely codegen/inspect/resolve.ts (a function
  // declaration's name followed without looking for writes to it).
  it.fails('function impl() {…}; impl = other; middleware("auth", impl)', async () => {
    await same('r5-values-fn-reassigned', {
      'app.ts': `${header}${R}
async function impl(req: R, next: Next): Promise<Response> {
  req.log.push('declared');
  return next();
}
// @ts-expect-error -- reassigning a function declaration is legal JavaScript
impl = async (req: R, next: Next): Promise<Response> => {
  req.log.push('reassigned');
  return next();
};
const auth = middleware('auth', impl);
export const app = chain<R>().use(auth)${handler};
`,
    });
  });
  it.fails('the handler: function h() {…}; h = other', async () => {
    await same('r5-values-handler-reassigned', {
      'app.ts': `${header}${R}
function h(req: R): Response {
  return new Response('declared ' + req.n);
}
// @ts-expect-error -- reassigning a function declaration is legal JavaScript
h = (req: R): Response => new Response('reassigned ' + req.n);
export const app = chain<R>().use(middleware('pass', async (_req: R, next: Next) => next())).handle(h);
`,
    });
  });
  it('a var reassigned, and an overloaded function declaration', async () => {
    await same('r5-values-var-overload', {
      'app.ts': `${header}${R}
// eslint-disable-next-line no-var
export var impl = async (req: R, next: Next): Promise<Response> => {
  req.log.push('first');
  return next();
};
impl = async (req: R, next: Next): Promise<Response> => {
  req.log.push('second');
  return next();
};
function over(req: R, next: Next): Promise<Response>;
function over(req: R, next: Next): Promise<Response> {
  req.log.push('over');
  return next();
}
export const app = chain<R>().use(middleware('v', impl)).use(middleware('o', over))${handler};
`,
    });
  });
});

describe('a JavaScript layer module (allowJs, no checkJs) that wraps its function declaration', () => {
  // BUG: as above, in the JavaScript form where nothing warns: `function stampFn(req, next) {…}; stampFn =
  // instrument(stampFn);` in layers.js. Runtime log ['instrumented', 'stamp'], generated ['stamp'].
  it.fails('stampFn = instrument(stampFn) before middleware("stamp", stampFn)', async () => {
    await same('r5-values-js-wrapped', {
      'layers.js': `import { middleware } from 'shallot';
/**
 * @param {{ n: number, log: string[] }} req
 * @param {import('shallot').Next} next
 */
async function stampFn(req, next) {
  req.log.push('stamp');
  const res = await next();
  res.headers.set('x-js', 'yes');
  return res;
}
/** @param {typeof stampFn} fn */
const instrument = (fn) => async (req, next) => {
  req.log.push('instrumented');
  return fn(req, next);
};
stampFn = instrument(stampFn);
export const stamp = middleware('stamp', stampFn);
`,
      'app.ts': `import { chain } from 'shallot';
import { stamp } from './layers.js';
export const app = chain<{ n: number; log: string[] }>().use(stamp).handle(() => new Response('js'));
`,
    }, undefined, { config: { ...strictConfig, compilerOptions: { ...strictConfig.compilerOptions, allowJs: true, checkJs: false }, include: ['**/*.ts', '**/*.js'] } });
  });
});

describe('a layer function imported from a module that reassigns it', () => {
  // BUG: as above, across modules: layers.ts exports `function impl` and reassigns it (wrapped) at load; app.ts
  // imports it. Runtime log ['wrapped', 'impl'], generated ['impl'].
  it.fails('export function impl … ; impl = wrap(impl) in layers.ts, middleware("auth", impl) in app.ts', async () => {
    await same('r5-values-imported-reassigned', {
      'layers.ts': `import type { Next } from 'shallot';
export interface R { n: number; log: string[] }
export async function impl(req: R, next: Next): Promise<Response> {
  req.log.push('impl');
  return next();
}
const wrap = (fn: typeof impl): typeof impl => async (req, next) => {
  req.log.push('wrapped');
  return fn(req, next);
};
// @ts-expect-error -- reassigning a function declaration is legal JavaScript
impl = wrap(impl);
`,
      'app.ts': `import { chain, middleware } from 'shallot';
import { impl, type R } from './layers.js';
export const app = chain<R>().use(middleware('auth', impl)).handle((req) => new Response('n' + req.n + ' ' + req.log.join(',')));
`,
    });
  });
});
