/** Review 3 probes: sync layers (middleware.sync): an open response type above an async handler is refused; sync chains that throw non-Error values through try/finally and using. */
import { describe, expect, it } from 'vitest';
import { R, diagnostics, gen, header, same } from '../review/lib.js';

describe('sync layers', () => {
  it('a sync layer typed NextSync<{}, unknown> above an async handler (or a plain one answering a promise) is refused', () => {
    const p = gen('r3-sync-open-async-handler', {
      'app.ts': `${header}${R}
const trace = middleware.sync('trace', (req: R, next: NextSync<{}, unknown>) => {
  try {
    return next();
  } catch {
    req.log.push('caught');
    return new Response('caught', { status: 500 });
  }
});
export const app = chain<R>().use(trace).handle(async (req) => {
  if (req.n % 2 === 1) throw new Error('odd');
  return new Response('n=' + req.n);
});
export const plain = chain<R>().use(trace).handle((req) => (req.n % 2 === 1 ? Promise.reject(new Error('odd')) : Promise.resolve(new Response('n=' + req.n))));
`,
    });
    expect(diagnostics(p)).toContain("the handler is async, but middleware 'trace' above it is sync");
    expect(diagnostics(p).split('\n')).toHaveLength(2);
  });

  it('a sync chain throwing strings, objects, null and undefined through try/finally, using and a catch that rethrows', async () => {
    await same('r3-sync-throws', {
      'app.ts': `${header}${R}
export const resource = (log: string[], name: string) => ({ [Symbol.dispose]: () => log.push('dispose ' + name) });
const outer = middleware.sync('outer', (req: R, next: NextSync) => {
  try {
    return next();
  } catch (error) {
    req.log.push('outer caught ' + String(error) + ' ' + typeof error);
    return new Response('outer ' + JSON.stringify(error === undefined ? 'undef' : error), { status: 500 });
  }
});
const scoped = middleware.sync('scoped', (req: R, next: NextSync) => {
  using _r = resource(req.log, 'scoped');
  try {
    const res = next();
    res.headers.set('x-scoped', '1');
    return res;
  } finally {
    req.log.push('scoped finally');
  }
});
const rethrow = middleware.sync('rethrow', (_req: R, next: NextSync) => {
  try {
    return next();
  } catch (error) {
    if (typeof error === 'string') throw error + '!';
    throw error;
  }
});
export const app = chain<R>()
  .use(outer)
  .use(scoped)
  .use(rethrow)
  .handle((req) => {
    req.log.push('handler ' + req.n);
    if (req.n === 1) throw 'one';
    if (req.n === 2) throw { code: 2 };
    if (req.n === 3) throw null;
    if (req.n === 4) throw undefined;
    return new Response('n=' + req.n);
  });
`,
    });
  });
});
