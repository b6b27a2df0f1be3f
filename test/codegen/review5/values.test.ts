/** Review 5 probes, B: the layer value codegen reads vs the one the runtime uses (same names, so expectChain cannot tell). */
import { describe, expect, it } from 'vitest';
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
  // FIXED (was a silent wrong answer): a function declaration's binding is mutable (`impl = wrap(impl)`, an
  // instrumenting pattern of JavaScript code; TypeScript reports TS2630 unless suppressed, a .js layer module with
  // allowJs says nothing). Codegen used to read `middleware('auth', impl)` as the declaration and inline its body
  // (runtime log ['reassigned'], generated ['declared']). codegen/inspect/resolve.ts now looks for a write to the
  // declaration's name in its module (analysis/bindings.ts writeToDeclaration) and, as for the let-declared case,
  // calls the layer, with a reason naming the binding and the line of the write. The same for the handler.
  it('function impl() {…}; impl = other; middleware("auth", impl)', async () => {
    const p = await same('r5-values-fn-reassigned', {
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
    expect(p.generated('app.ts')).toContain("'impl' is a function declaration written again at line 12 of app.ts");
  });
  it('the handler: function h() {…}; h = other', async () => {
    const p = await same('r5-values-handler-reassigned', {
      'app.ts': `${header}${R}
function h(req: R): Response {
  return new Response('declared ' + req.n);
}
// @ts-expect-error -- reassigning a function declaration is legal JavaScript
h = (req: R): Response => new Response('reassigned ' + req.n);
export const app = chain<R>().use(middleware('pass', async (_req: R, next: Next) => next())).handle(h);
`,
    });
    expect(p.generated('app.ts')).toContain("'h' is a function declaration written again at line 11 of app.ts");
  });
  it('written by destructuring, inside a function run at load', async () => {
    const p = await same('r5-values-fn-destructured', {
      'app.ts': `${header}${R}
async function a(req: R, next: Next): Promise<Response> {
  req.log.push('a declared');
  return next();
}
async function b(req: R, next: Next): Promise<Response> {
  req.log.push('b declared');
  return next();
}
const other = async (req: R, next: Next): Promise<Response> => {
  req.log.push('other');
  return next();
};
function setup(): void {
  // @ts-expect-error -- reassigning a function declaration is legal JavaScript
  [a] = [other];
  // @ts-expect-error -- reassigning a function declaration is legal JavaScript
  ({ b } = { b: other });
}
setup();
export const app = chain<R>().use(middleware('a', a)).use(middleware('b', b))${handler};
`,
    });
    expect(p.generated('app.ts')).toContain("'a' is a function declaration written again at line 21 of app.ts");
    expect(p.generated('app.ts')).toContain("'b' is a function declaration written again at line 23 of app.ts");
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
  // FIXED: as above, in the JavaScript form where nothing warns: `function stampFn(req, next) {…}; stampFn =
  // instrument(stampFn);` in layers.js (was: runtime log ['instrumented', 'stamp'], generated ['stamp']). Called.
  it('stampFn = instrument(stampFn) before middleware("stamp", stampFn)', async () => {
    const p = await same('r5-values-js-wrapped', {
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
    expect(p.generated('app.ts')).toContain("'stampFn' is a function declaration written again at line 17 of layers.js");
  });
});

describe('a layer function imported from a module that reassigns it', () => {
  // FIXED: as above, across modules: layers.ts exports `function impl` and reassigns it (wrapped) at load; app.ts
  // imports it (was: runtime log ['wrapped', 'impl'], generated ['impl']). An import is read-only, so the write is
  // always in the declaring module, which is where it is looked for. Called.
  it('export function impl … ; impl = wrap(impl) in layers.ts, middleware("auth", impl) in app.ts', async () => {
    const p = await same('r5-values-imported-reassigned', {
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
    expect(p.generated('app.ts')).toContain("'impl' is a function declaration written again at line 12 of layers.ts");
  });
});
