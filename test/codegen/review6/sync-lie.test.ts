/**
 * Review 6: a sync layer below an async reader, when a type lies and the layers below answer a promise. A sync
 * layer never awaits: the promise passes through its try, catch and finally as it is, and the async reader above
 * settles it (its own catch sees the rejection). Found by review 6: the generated copy settled it inside the sync
 * layer's try (`res = await res`), so the sync layer's catch answered instead of the reader's.
 */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const lies = `// Through \`any\`, the way a route table lies: n=1 rejects, n=2 resolves later, n=3 is a thenable, n=4 throws.
export const lies: Record<number, any> = {
  1: () => Promise.reject(new Error('late failure')),
  2: () => Promise.resolve(new Response('later', { status: 202 })),
  3: () => ({ then(ok: (r: Response) => void) { ok(new Response('thenable', { status: 203 })); } }),
  4: () => { throw new Error('early failure'); },
};
const handler = (req: R): Response => {
  req.log.push('handler ' + req.n);
  return lies[req.n]?.() ?? new Response('plain ' + req.n);
};
const outer = middleware('outer', async (req: R, next: Next): Promise<Response> => {
  try {
    const res = await next();
    req.log.push('outer got ' + res.status);
    return res;
  } catch (error) {
    req.log.push('outer caught ' + (error as Error).message);
    return new Response('outer fallback', { status: 502 });
  }
});
const sFinally = middleware.sync('sFinally', (req: R, next: NextSync) => {
  try {
    return next();
  } catch (error) {
    req.log.push('sFinally caught ' + (error as Error).message);
    return new Response('sFinally fallback', { status: 500 });
  } finally {
    req.log.push('sFinally finally');
  }
});
const sTernary = middleware.sync('sTernary', (req: R, next: NextSync) => {
  try {
    return req.n === 5 ? new Response('skipped') : next();
  } catch {
    req.log.push('sTernary caught');
    return new Response('sTernary fallback', { status: 500 });
  }
});
const sDeclare = middleware.sync('sDeclare', (req: R, next: NextSync) => {
  try {
    const res = next();
    req.log.push('sDeclare got ' + typeof res);
    return res;
  } catch {
    req.log.push('sDeclare caught');
    return new Response('sDeclare fallback', { status: 500 });
  }
});
const sPlain = middleware.sync('sPlain', (_req: R, next: NextSync) => next());
// Two next() sites (one per path): the steps below run in a function of their own.
const sTwo = middleware.sync('sTwo', (req: R, next: NextSync) => {
  if (req.n === 2) return next();
  try {
    return next();
  } catch {
    req.log.push('sTwo caught');
    return new Response('sTwo fallback', { status: 500 });
  } finally {
    req.log.push('sTwo finally');
  }
});
`;

describe('a sync layer hands a lying promise up unsettled', () => {
  it('below an inlined async layer and below a parts layer, guards off', async () => {
    await same(
      'r6-sync-lie',
      {
        'app.ts': `${header}import { timing } from 'shallot/http';
${R}${lies}
export const one = chain<R>({ guards: false }).use(outer).use(sFinally).handle(handler);
export const ternary = chain<R>({ guards: false }).use(outer).use(sTernary).handle(handler);
export const declared = chain<R>({ guards: false }).use(outer).use(sDeclare).handle(handler);
export const deep = chain<R>({ guards: false }).use(outer).use(sFinally).use(sPlain).use(sTernary).handle(handler);
export const parts = chain<R>({ guards: false }).use(timing({ sink: false, metric: false })).use(outer).use(sFinally).handle(handler);
export const two = chain<R>({ guards: false }).use(outer).use(sTwo).handle(handler);
export const twoDeep = chain<R>({ guards: false }).use(outer).use(sTwo).use(sFinally).handle(handler);
export const syncOnly = chain<R>({ guards: false }).use(sTernary).use(sFinally).handle(handler);
`,
      },
      undefined,
      { guards: false },
    );
  });
});
