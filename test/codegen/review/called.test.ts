/**
 * Review probes: realistic shapes that are called rather than inlined. Each
 * chain has one layer; the test lists the reasons printed for those called
 * where inlining would be safe (it fails while any is called). Behaviour is
 * checked too (it must be the same, called or not).
 */
import { describe, expect, it } from 'vitest';
import { R, header, same } from './lib.js';

describe('called where inlining would be safe', () => {
  it('lists the reasons', async () => {
    const p = await same('called-reasons', {
      'app.ts': `${header}${R}
type Session = { user: string };
interface Entry {
  at: number;
  res: Response;
}
const cache = new Map<number, Entry>();
const TTL = 1000;
export const exportedCache = new Map<number, string>();
const h = (req: R): Response => new Response('n=' + req.n);

// 1. a module-level cache that is not exported
const cached = middleware('cached', async (req: R, next: Next) => {
  const hit = cache.get(req.n);
  if (hit !== undefined && hit.at + TTL > 0) return hit.res.clone();
  const res = await next();
  cache.set(req.n, { at: 1, res: res.clone() });
  return res;
});
export const c1 = chain<R>().use(cached).handle(h);

// 2. a local type alias of the module, used in the body
const typed = middleware('typed', async (req: R & { session?: unknown }, next: Next) => {
  const session = req.session as Session | undefined;
  req.log.push(session?.user ?? 'nobody');
  return next();
});
export const c2 = chain<R>().use(typed).handle(h);

// 3. await next() as an operand of ??
const fallbackOr = middleware('fallbackOr', async (req: R, next: Next) => {
  const hit = exportedCache.get(req.n);
  const res = hit !== undefined ? new Response(hit) : await next();
  res.headers.set('x-cache', hit === undefined ? 'miss' : 'hit');
  return res;
});
export const c3 = chain<R>().use(fallbackOr).handle(h);

// 4. the response wrapped in a new Response
const rewrap = middleware('rewrap', async (_req: R, next: Next) => {
  const res = await next();
  return new Response(res.body, { status: res.status, headers: { 'x-wrapped': '1' } });
});
export const c4 = chain<R>().use(rewrap).handle(h);

// 5. return (await next()) with a header set through a helper
const withHeader = (res: Response, k: string, v: string): Response => {
  res.headers.set(k, v);
  return res;
};
export { withHeader };
const helper = middleware('helper', async (_req: R, next: Next) => withHeader(await next(), 'x-helper', '1'));
export const c5 = chain<R>().use(helper).handle(h);

// 6. a destructured next() with a type annotation
const annotated = middleware('annotated', async (req: R, next: Next) => {
  const res: Response = await next();
  req.log.push('status ' + res.status);
  return res;
});
export const c6 = chain<R>().use(annotated).handle(h);

// 7. an await of next() inside a comma-free log line after it
const statusLog = middleware('statusLog', async (req: R, next: Next) => {
  req.log.push(\`status \${(await next()).status}\`);
  return new Response('logged');
});
export const c7 = chain<R>().use(statusLog).handle(h);

// 8. a layer exported as default from another module
export const c8 = chain<R>().use(middleware('inline', async (req: R, next: Next) => { req.log.push('inline'); return next(); })).handle(h);
`,
    });
    const text = p.generated('app.ts');
    const reasons = [...text.matchAll(/^\s*\/\/ (layer '[^']+'|the handler) \([^)]*\) is called, not inlined: (.*)$/gm)].map((m) => `${m[1]}: ${m[2]}`);
    // What stays called, and why that is right: a module-level value the generated module cannot import, and a
    // next() evaluated after a property read (req.log.push) that the layers below could change.
    expect(reasons).toEqual([
      "layer 'cached': it uses 'cache', which app.ts does not export",
      "layer 'statusLog': its next() is not a statement, a declaration, an assignment, a return, or the first thing its statement evaluates",
    ]);
  });
});

describe('called where inlining would be safe: imports', () => {
  it('a layer through a namespace import', async () => {
    const p = await same('called-namespace-layer', {
      'layers.ts': `import { middleware, type Next } from 'shallot';
export interface R {
  n: number;
  log: string[];
}
export const stamp = middleware('stamp', async (req: R, next: Next) => {
  req.log.push('stamp');
  return next();
});
`,
      'app.ts': `import { chain } from 'shallot';
import * as mw from './layers.js';
export const app = chain<mw.R>().use(mw.stamp).handle((req) => new Response(req.log.join(',')));
`,
    });
    const reasons = [...p.generated('app.ts').matchAll(/is called, not inlined: (.*)$/gm)].map((m) => m[1]);
    expect(reasons).toEqual([]);
  });
});
