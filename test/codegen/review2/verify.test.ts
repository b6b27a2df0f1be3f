/** Review 2 probes: what check (verify) reports about next(): misses and false positives. */
import { describe, expect, it } from 'vitest';
import { R, diagnostics, gen, header, same } from '../review/lib.js';

const h = ".handle((req) => { req.log.push('handler'); return new Response('ok ' + req.n); })";

describe('check misses a real double call', () => {
  it('two const flags of one name (one shadowing the other in a block): their facts are merged by name', () => {
    const p = gen('v2-flag-shadow', {
      'app.ts': `${header}${R}
const shadow = middleware('shadow', async (req: R, next: Next) => {
  const flag = req.n % 2 === 0;
  if (req.n > 2) {
    if (!flag) return new Response('odd big');
  } else {
    const flag = req.n === 1;
    if (!flag) return new Response('small, not one');
  }
  let res = await next();
  if (!flag) res = await next();
  return res;
});
export const app = chain<R>().use(shadow)${h};
`,
    });
    expect(diagnostics(p)).toContain("middleware 'shadow'");
  });

  it('control: the same with the inner flag named otherwise is reported', () => {
    const p = gen('v2-flag-renamed', {
      'app.ts': `${header}${R}
const renamed = middleware('renamed', async (req: R, next: Next) => {
  const flag = req.n % 2 === 0;
  if (req.n > 2) {
    if (!flag) return new Response('odd big');
  } else {
    const other = req.n === 1;
    if (!other) return new Response('small, not one');
  }
  let res = await next();
  if (!flag) res = await next();
  return res;
});
export const app = chain<R>().use(renamed)${h};
`,
    });
    expect(diagnostics(p)).toContain("middleware 'renamed'");
  });

  it('a closure over next() called twice', () => {
    const p = gen('v2-closure-twice', {
      'app.ts': `${header}${R}
const twice = middleware('twice', async (req: R, next: Next) => {
  const proceed = () => next();
  const first = await proceed();
  if (first.status !== 200 || req.n > 100) return first;
  return proceed();
});
export const app = chain<R>().use(twice)${h};
`,
    });
    expect(diagnostics(p)).toContain("middleware 'twice'");
  });

  it('a retry helper of the project reached as a method (util.retry), or declared with let', () => {
    const p = gen('v2-retry-method', {
      'app.ts': `${header}${R}
export const util = {
  retry: async <T,>(fn: () => Promise<T>, times: number): Promise<T> => {
    for (let i = 0; ; i++) {
      try {
        return await fn();
      } catch (error) {
        if (i >= times) throw error;
      }
    }
  },
};
export let retryLet = async <T,>(fn: () => Promise<T>): Promise<T> => {
  try {
    return await fn();
  } catch {
    return fn();
  }
};
const viaMethod = middleware('viaMethod', async (_req: R, next: Next) => util.retry(() => next(), 2));
const viaLet = middleware('viaLet', async (_req: R, next: Next) => retryLet(() => next()));
export const a = chain<R>().use(viaMethod)${h};
export const b = chain<R>().use(viaLet)${h};
`,
    });
    const text = diagnostics(p);
    expect(text).toContain("middleware 'viaMethod'");
    expect(text).toContain("middleware 'viaLet'");
  });

  it('a recursive retry helper of the project (it passes the callback to itself)', () => {
    const p = gen('v2-retry-recursive', {
      'app.ts': `${header}${R}
export const retry = async <T,>(fn: () => Promise<T>, left: number): Promise<T> => {
  try {
    return await fn();
  } catch (error) {
    if (left <= 0) throw error;
    return retry(fn, left - 1);
  }
};
const viaRecursion = middleware('viaRecursion', async (_req: R, next: Next) => retry(() => next(), 2));
export const a = chain<R>().use(viaRecursion)${h};
`,
    });
    expect(diagnostics(p)).toContain("middleware 'viaRecursion'");
  });

  it('a closure made before next() and a direct call on another path (each path calls once)', () => {
    const p = gen('v2-fp-closure', {
      'app.ts': `${header}${R}
const fallback = middleware('fallback', async (req: R, next: Next<{ via: string }>) => {
  const viaFallback = () => next({ via: 'fallback' });
  if (req.n % 2 === 0) return next({ via: 'direct' });
  return viaFallback();
});
export const app = chain<R>().use(fallback)${h};
`,
    });
    expect(diagnostics(p)).toBe('');
  });

  it('helpers that call their callback once: a timeout race, a span wrapper, setTimeout, .then', () => {
    const p = gen('v2-fp-helpers', {
      'app.ts': `${header}${R}
export const withTimeout = async <T,>(fn: () => Promise<T>, ms: number): Promise<T> => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([fn(), new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('timeout')), ms); })]);
  } finally {
    clearTimeout(timer);
  }
};
export const span = async <T,>(name: string, fn: () => Promise<T>): Promise<T> => {
  const start = Date.now();
  try {
    return await fn();
  } finally {
    void name;
    void start;
  }
};
const timed = middleware('timed', async (_req: R, next: Next) => withTimeout(() => next(), 1000));
const traced = middleware('traced', async (_req: R, next: Next) => span('request', () => next()));
const deferred = middleware('deferred', (_req: R, next: Next) => new Promise<Response>((resolve) => setTimeout(() => resolve(next()), 0)));
const thenNext = middleware('thenNext', (req: R, next: Next) => Promise.resolve(req.n).then(() => next()));
export const a = chain<R>().use(timed).use(traced).use(deferred).use(thenNext)${h};
`,
    });
    expect(diagnostics(p)).toBe('');
  });

  it('a self-referencing function that does not call itself (an event handler removing itself)', () => {
    const p = gen('v2-fp-self-ref', {
      'app.ts': `${header}${R}
export const bus = new EventTarget();
const onEvent = middleware('onEvent', (_req: R, next: Next) =>
  new Promise<Response>((resolve) => {
    const listener = (): void => {
      bus.removeEventListener('go', listener);
      resolve(next());
    };
    bus.addEventListener('go', listener);
    bus.dispatchEvent(new Event('go'));
  }));
export const a = chain<R>().use(onEvent)${h};
`,
    });
    expect(diagnostics(p)).toBe('');
  });
});
