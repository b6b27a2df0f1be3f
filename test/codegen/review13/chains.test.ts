/**
 * Review 13: chains built as in real apps: a base chain reused by several routes, sub-chains, chains built in a
 * loop or returned by a function, export default, export { app as handler }, layers through barrels
 * (export *, export { x as y } from), a layer from a .js file with JSDoc types, a handler that calls its own app
 * again (an internal redirect).
 */
import { describe, expect, it } from 'vitest';
import { compare } from '../../codegen-support/compare.js';
import { R, diagnostics, gen, header, requests, same } from '../review/lib.js';

const layers = `${header}${R}
export const a = middleware('a', async (req: R, next: Next) => {
  req.log.push('a in');
  const res = await next();
  req.log.push('a out ' + res.status);
  return res;
});
export const auth = middleware('auth', async (req: R, next: Next<{ user: string }>) => {
  if (req.n === 1) return new Response('unauthorized', { status: 401 });
  return next({ user: 'u' + req.n });
});
export const role = middleware('role', async (req: R & { user: string }, next: Next<{ role: string }>) => {
  req.log.push('role for ' + req.user);
  return next({ role: req.n % 2 === 0 ? 'admin' : 'user' });
});
export const json = middleware('json', async (req: R, next: Next) => {
  const res = await next();
  res.headers.set('content-type', 'application/json');
  req.log.push('json');
  return res;
});
`;

describe('review13: chains as real apps build them', () => {
  it('a base reused, sub-chains, export default, export as, barrels', async () => {
    await same('r13-chains', {
      'layers.ts': layers,
      'barrel.ts': `export * from './layers.js';\nexport { json as asJson, auth as authenticate } from './layers.js';\n`,
      'app.ts': `import { chain } from 'shallot';
import { a, asJson, authenticate, role, type R } from './barrel.js';
import * as L from './barrel.js';
const base = chain<R>().use(a).use(authenticate);
const admin = chain<R & { user: string }>().use(role).use(L.json);
export const r1 = base.use(asJson).handle(async (req) => {
  req.log.push('r1 ' + req.user);
  return new Response(JSON.stringify({ user: req.user }));
});
export const r2 = base.use(admin).handle((req) => {
  req.log.push('r2 ' + req.user + ' ' + req.role);
  if (req.n === 3) throw new Error('r2 boom');
  return new Response(req.role);
});
const app = base.use(L.a).handle(async (req) => {
  await null;
  return new Response('app ' + req.user);
});
export { app as handler };
export default chain<R>().use(admin.use(L.a) as never).handle(() => new Response('never used'));
`,
    }, [0, 1, 2, 3, 4].map((n) => ({ n, user: 'pre' })));
  }, 120_000);

  it('a chain built in a loop, or by a helper function, is the runtime chain', async () => {
    const p = gen('r13-chains-built', {
      'layers.ts': layers,
      'app.ts': `import { chain } from 'shallot';
import { a, auth, json, type R } from './layers.js';
const list = [a, auth, json] as const;
let built = chain<R>().use(list[0]);
for (const l of [json]) built = built.use(l);
export const looped = built.handle((req) => new Response('looped ' + req.n));
function withAuth() {
  return chain<R>().use(a).use(auth);
}
export const fromFn = withAuth().use(json).handle((req) => new Response('fn ' + req.user));
export const routes = { api: chain<R>().use(a).use(json).handle(() => new Response('api')) };
export const api = routes.api;
`,
    });
    // The loop and the object's property are reported, and exported again as the runtime chains; withAuth() has no
    // parameters and returns one builder expression, so it is read as that expression and fromFn is generated.
    expect(diagnostics(p)).toMatch(/'looped'.*\n.*'api'/);
    expect(diagnostics(p)).not.toMatch(/'fromFn'/);
    for (const [name, rows] of Object.entries(await compare(p, 'app.ts', requests))) {
      for (const [on, , generated] of rows) expect(JSON.stringify(generated), name).toBe(JSON.stringify(on));
    }
  }, 120_000);

  it('a layer from a .js file with JSDoc types', async () => {
    await same(
      'r13-jsdoc',
      {
        'layers.js': `import { middleware } from 'shallot';
/** @typedef {{ n: number, log: string[] }} R */
export const PREFIX = 'js:';
/**
 * @param {R} req
 * @param {import('shallot').Next<{ tag: string }>} next
 */
export async function tagged(req, next) {
  req.log.push(PREFIX + 'in');
  const res = await next({ tag: PREFIX + req.n });
  req.log.push(PREFIX + 'out ' + res.status);
  return res;
}
export const tag = middleware('tag', tagged);
export const stamp = middleware(
  'stamp',
  /**
   * @param {R} _req
   * @param {import('shallot').Next} next
   */
  async (_req, next) => {
    const res = await next();
    res.headers.set('x-js', '1');
    return res;
  },
);
`,
        'app.ts': `${header}${R}
import { stamp, tag } from './layers.js';
const a = middleware('a', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('a out');
  return res;
});
export const app = chain<R>().use(a).use(tag).use(stamp).handle(async (req) => {
  req.log.push('handler ' + req.tag);
  if (req.n === 3) throw new Error('js boom');
  return new Response(req.tag);
});
`,
      },
      undefined,
      { config: { compilerOptions: { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2023', 'esnext.disposable', 'dom'], types: [], strict: true, allowJs: true, checkJs: true, skipLibCheck: true, noEmit: true }, include: ['**/*.ts', '**/*.js'] } },
    );
  }, 120_000);

  it('a handler that answers through its own app again (an internal redirect)', async () => {
    await same('r13-redirect', {
      'app.ts': `${header}${R}
const a = middleware('a', async (req: R & { path?: string }, next: Next) => {
  req.log.push('a in ' + String(req.path));
  const res = await next();
  req.log.push('a out ' + res.status);
  return res;
});
export const app = chain<R & { path?: string }>().use(a).handle(async (req): Promise<Response> => {
  if (req.path === undefined && req.n % 2 === 0) return app({ ...req, path: '/index' });
  return new Response('at ' + String(req.path));
});
export const other = chain<R & { path?: string }>().use(a).use(a).handle((req) => (req.n === 5 ? app(req) : new Response('other')));
`,
    });
  }, 120_000);
});
