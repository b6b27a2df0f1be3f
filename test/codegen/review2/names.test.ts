/** Review 2 probes: names the generated module makes, met by the user's own. */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

describe('names like the generated ones', () => {
  it('locals, labels and imports named settled, req$2, res$2, appChain, appFlat, runAsync, expectChain, flatApp, appSource, AppContext', async () => {
    await same('n2-generated-like', {
      'util.ts': `export const runAsync = (s: string): string => 'runAsync:' + s;
export const expectChain = (s: string): string => 'expectChain:' + s;
export const flatApp = (s: string): string => 'flatApp:' + s;
export const appSource = 'appSource-value';
export const settled = 'settled-value';
`,
      'app.ts': `${header}${R}
import { runAsync, expectChain, flatApp, appSource, settled } from './util.js';
export const anyHit = (n: number): any => (n === 4 ? new Response('any hit') : undefined);
const first = middleware('first', async (req: R, next: Next) => {
  const settled$2 = settled;
  let res$2 = 'before';
  const req$2 = req.n;
  const appChain = runAsync(String(req$2));
  const appFlat = expectChain(settled$2);
  res$2: {
    if (req.n === 1) break res$2;
    res$2 = flatApp(res$2);
  }
  const res = await next();
  res.headers.set('x-first', [appChain, appFlat, res$2, appSource].join('|'));
  return res;
});
const hit = middleware('hit', async (req: R, next: Next) => {
  const settled = anyHit(req.n);
  if (settled !== undefined) return settled;
  const appFlat = await next();
  appFlat.headers.set('x-hit', 'miss');
  return appFlat;
});
const labels = middleware('labels', async (req: R, next: Next) => {
  appFlat: for (const x of [1, 2, 3]) {
    req$2: for (const y of [1, 2]) {
      if (x * y === req.n) break appFlat;
      if (y === 2) continue appFlat;
    }
  }
  return next();
});
export const app = chain<R>().use(first).use(hit).use(labels).use(first).handle((req) => new Response('n=' + req.n));
export const appFlat = chain<R>().use(hit).use(first).handle((req) => new Response('flat ' + req.n));
export const appChain = chain<R>().use(labels).handle((req) => new Response('chain ' + req.n));
`,
    });
  });

  it('unicode identifiers: locals, imports, a chain export and layer names', async () => {
    await same('n2-unicode', {
      'outils.ts': "export const résumé = (s: string): string => 'résumé ' + s;\nexport const café = 'café';\nexport const caf_ = 'caf_';\n",
      'app.ts': `${header}${R}
import { résumé, café, caf_ } from './outils.js';
const ünï = middleware('ünï—layer', async (req: R, next: Next) => {
  const ñ = req.n;
  const 日本 = résumé(String(ñ));
  const caf$ = caf_;
  const obj = { café, 日本 };
  const res = await next();
  res.headers.set('x-u', encodeURIComponent([obj.café, obj.日本, caf$].join('|')));
  return res;
});
export const appé = chain<R>().use(ünï).use(ünï).handle((req) => new Response('n=' + req.n));
export const ação = chain<R>().use(ünï).handle((req) => new Response('ação ' + req.n));
`,
    });
  });
});
