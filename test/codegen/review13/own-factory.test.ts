/**
 * Review 13: a project's own `middleware`/`chain` helpers in files named like shallot's (src/middleware.ts,
 * src/chain.ts). codegen recognises shallot's functions by the path of the file that declares them
 * (`(dist/src|src)/middleware.(d.)ts`), so a project's own src/middleware.ts is taken for shallot's.
 */
import { describe, expect, it } from 'vitest';
import { compare } from '../../codegen-support/compare.js';
import { R, diagnostics, gen, header, requests, same } from '../review/lib.js';

describe('review13: a project helper named middleware in src/middleware.ts', () => {
  // Was a difference, fixed (the layer is now called, or its wrapper followed): the project's own middleware() wraps every layer's function (tracing its name); codegen takes it for
  // shallot's middleware() and inlines the function given to it, dropping the wrapper.
  // runtime: req.log = ['enter auth', 'auth', 'handler']; generated: ['auth', 'handler'].
  it("a wrapper middleware() of the project's src/middleware.ts", async () => {
    await same(
      'r13-own-middleware',
      {
        'src/r.ts': R,
        'src/middleware.ts': `import { middleware as base } from 'shallot';
/** Our middleware(): shallot's, with each layer's entry traced into req.log. */
export const middleware: typeof base = Object.assign(
  (name: string, fn: (req: { log: string[] }, next: unknown) => unknown) =>
    base(name, ((req: { log: string[] }, next: unknown) => {
      req.log.push('enter ' + name);
      return fn(req, next);
    }) as never),
  { sync: base.sync },
) as unknown as typeof base;
`,
        'src/app.ts': `import { chain, type Next } from 'shallot';
import { middleware } from './middleware.js';
import type { R } from './r.js';
const auth = middleware('auth', async (req: R, next: Next) => {
  req.log.push('auth');
  return next();
});
export const app = chain<R>().use(auth).handle((req) => {
  req.log.push('handler');
  return new Response('ok');
});
`,
      },
      undefined,
      { file: 'src/app.ts' },
    );
  }, 120_000);

  // Was a difference (loud, at load), now generated: the helper is read as the builder it returns. the project's own chain() of src/chain.ts starts every chain with its request
  // logger; codegen takes it for shallot's chain() and plans the chain without that layer, so the generated
  // module throws GENERATED_MISMATCH when it loads ('it has 2 layers at run time, 1 when it was generated'),
  // where the runtime chain answers; shallot codegen and --check report nothing.
  it("a chain() of the project's src/chain.ts that adds a layer", async () => {
    await same(
      'r13-own-chain',
      {
        'src/r.ts': R,
        'src/chain.ts': `import { chain as base, middleware, type Next } from 'shallot';
import type { R } from './r.js';
const requestLog = middleware('requestLog', async (req: R, next: Next) => {
  req.log.push('request ' + req.n);
  return next();
});
/** Our chain(): shallot's, with the request log first. */
export const chain = () => base<R>().use(requestLog);
`,
        'src/app.ts': `import { middleware, type Next } from 'shallot';
import { chain } from './chain.js';
import type { R } from './r.js';
const auth = middleware('auth', async (req: R, next: Next) => {
  req.log.push('auth');
  return next();
});
export const app = chain().use(auth).handle(() => new Response('ok'));
`,
      },
      undefined,
      { file: 'src/app.ts' },
    );
  }, 120_000);

  // A helper of no parameters is read as the builder it returns, across modules and with a factory's layer in it;
  // one that takes a parameter, or does anything before it returns, stays a runtime chain, reported.
  it('helpers that return a builder: generated when they are one expression, reported otherwise', async () => {
    const p = gen('r13-helpers', {
      'r.ts': R,
      'base.ts': `${header}import { setHeader } from 'shallot/http';
import type { R } from './r.js';
const log = middleware('log', async (req: R, next: Next) => {
  req.log.push('log ' + req.n);
  const res = await next();
  req.log.push('log out ' + res.status);
  return res;
});
export function api() {
  return chain<R>().use(log).use(setHeader('x-api', '1'));
}
export const web = () => chain<R>().use(log);
export const tagged = (tag: string) => chain<R>().use(log).use(setHeader('x-tag', tag));
export const counted = () => {
  req += 1;
  return chain<R>().use(log);
};
let req = 0;
`,
      'app.ts': `import { api, web, tagged, counted } from './base.js';
export const a = api().handle((req) => new Response('api ' + req.n, { status: req.n === 2 ? 404 : 200 }));
export const b = web().handle(async (req) => {
  if (req.n === 3) throw new Error('boom');
  return new Response('web');
});
export const c = tagged('t').handle(() => new Response('tagged'));
export const d = counted().handle(() => new Response('counted'));
`,
    });
    const text = diagnostics(p);
    expect(text).toMatch(/'c'.*calling tagged\(…\).*a helper is read when it takes no arguments/);
    expect(text).toMatch(/'d'.*calling counted\(…\)/);
    expect(text).not.toMatch(/'a'|'b'/);
    for (const [name, rows] of Object.entries(await compare(p, 'app.ts', requests))) {
      for (const [on, , generated] of rows) expect(JSON.stringify(generated), name).toBe(JSON.stringify(on));
    }
  }, 120_000);
});
