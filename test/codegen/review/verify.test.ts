/** Review probes: what check (verify) reports about next(). */
import { describe, expect, it } from 'vitest';
import { R, diagnostics, gen, header } from './lib.js';

const h = ".handle(() => new Response('ok'))";

describe('check', () => {
  it('reports retries that can call next() twice: a loop, a recursive helper, a catch that calls it again, a .catch callback', () => {
    const p = gen('verify-retries', {
      'app.ts': `${header}${R}
const loop = middleware('loop', async (_req: R, next: Next) => {
  for (let attempt = 0; ; attempt++) {
    try {
      return await next();
    } catch (error) {
      if (attempt >= 2) throw error;
    }
  }
});
const recursive = middleware('recursive', async (_req: R, next: Next) => {
  const attempt = async (left: number): Promise<Response> => {
    try {
      return await next();
    } catch (error) {
      if (left > 0) return attempt(left - 1);
      throw error;
    }
  };
  return attempt(2);
});
const again = middleware('again', async (_req: R, next: Next) => {
  try {
    return await next();
  } catch {
    return await next();
  }
});
const promiseRetry = middleware('promiseRetry', (_req: R, next: Next) => next().catch(() => next()));
const retryHelper = async <T,>(fn: () => Promise<T>, times: number): Promise<T> => {
  for (let i = 0; ; i++) {
    try {
      return await fn();
    } catch (error) {
      if (i >= times) throw error;
    }
  }
};
export { retryHelper };
const viaHelper = middleware('viaHelper', async (_req: R, next: Next) => retryHelper(() => next(), 2));
export const a = chain<R>().use(loop)${h};
export const b = chain<R>().use(recursive)${h};
export const c = chain<R>().use(again)${h};
export const d = chain<R>().use(promiseRetry)${h};
export const e = chain<R>().use(viaHelper)${h};
`,
    });
    const text = diagnostics(p);
    for (const layer of ['loop', 'recursive', 'again', 'promiseRetry', 'viaHelper']) expect(text, layer).toContain(`middleware '${layer}'`);
  });

  it('does not refuse a layer that calls next() at most once on every run (guarded by the same condition twice)', () => {
    const p = gen('verify-false-positive', {
      'app.ts': `${header}${R}
const cached = middleware('cached', async (req: R, next: Next) => {
  const bypass = req.n % 2 === 0;
  let res: Response | undefined;
  if (bypass) res = await next();
  req.log.push('between');
  if (!bypass) res = await next();
  return res!;
});
export const app = chain<R>().use(cached)${h};
`,
    });
    expect(diagnostics(p)).toBe('');
  });
});

describe('apps that are not written chain()…handle()', () => {
  it('one app built by a helper does not stop the module\'s other chains from being generated', () => {
    const p = gen('verify-opaque-sibling', {
      'app.ts': `${header}${R}
const stamp = middleware('stamp', async (req: R, next: Next) => {
  req.log.push('stamp');
  return next();
});
const build = (tag: string) => chain<R>().use(stamp).handle(() => new Response(tag));
export const legacy = build('legacy');
export const app = chain<R>().use(stamp).handle((req) => new Response(req.log.join(',')));
`,
    });
    expect(p.result.outputs.map((o) => o.path.split('/').pop())).toEqual(['app.gen.ts']);
  });
});
