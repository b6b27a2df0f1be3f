/** Review 4 probes: what `shallot check` reports about next() in realistic layers: misses and false alarms. */
import { describe, expect, it } from 'vitest';
import { R, diagnostics, gen, header } from '../review/lib.js';
import { strictConfig } from '../../codegen-support/compare.js';

const h = ".handle((req) => { req.log.push('handler'); return new Response('ok ' + req.n); })";
const one = (name: string, fn: string, extra = '', kind = 'middleware') => ({
  'app.ts': `${header}${R}${extra}\nconst ${name} = ${kind}('${name}', ${fn});\nexport const app = chain<R>().use(${name})${h};\n`,
});
const check = (name: string, fn: string, extra = '', kind = 'middleware') => diagnostics(gen(`r4v-${name}`, one(name, fn, extra, kind), strictConfig));

describe('check reports realistic mistakes', () => {
  it('an ETag layer that asks again for a stale response, a stale-while-revalidate cache that fires next() in the background, a retry in .catch, a CORS preflight that forgets return', () => {
    expect(check('etagStale', `async (req: R, next: Next) => {
  const res = await next();
  if (res.headers.get('etag') === null && req.n > 2) return next();
  return res;
}`)).toContain("middleware 'etagStale' can call next() twice");
    expect(check('swr', `async (req: R, next: Next) => {
  const hit = stored.get(req.n);
  if (hit) {
    void next().then((r) => stored.set(req.n, r));
    return hit.clone();
  }
  return next();
}`, 'export const stored = new Map<number, Response>();')).toContain('missing await');
    expect(check('catchRetry', `(req: R, next: Next) => next().catch((e: unknown) => { req.log.push(String(e)); return next(); })`)).toContain("middleware 'catchRetry' can call next() twice");
    expect(check('preflight', `async (req: R, next: Next) => {
  if (req.n === 1) {
    next();
    return new Response(null, { status: 204 });
  }
  return next();
}`)).toContain('missing await');
    expect(check('finallyVoid', `async (req: R, next: Next) => {
  try {
    return await next();
  } finally {
    if (req.n > 3) void next();
  }
}`)).toContain("middleware 'finallyVoid' can call next() twice");
    expect(check('recursion', `async (req: R, next: Next) => {
  const attempt = async (i: number): Promise<Response> => {
    try {
      return await next();
    } catch (e) {
      if (i < req.n) return attempt(i + 1);
      throw e;
    }
  };
  return attempt(0);
}`)).toContain("calls itself");
  });
});

describe('check passes realistic layers that call next() once', () => {
  it('a rule loop with a return next() inside and after it, a delay through setTimeout into resolve, a session loaded in .then, a Promise executor, allSettled, a span helper, and what Koa/Hono users write', () => {
    const fine: Record<string, [string, string?]> = {
      rulesLoop: [`async (req: R, next: Next) => {
  for (const rule of rules) {
    if (rule(req)) return req.n > 3 ? new Response('deny', { status: 403 }) : next();
  }
  return next();
}`, 'export const rules: ((r: R) => boolean)[] = [(r) => r.n === 1, (r) => r.n > 3];'],
      delayResolve: [`async (_req: R, next: Next) => {
  return await new Promise<Response>((resolve) => setTimeout(() => resolve(next()), 1));
}`],
      thenLoad: [`(req: R, next: Next) => Promise.resolve('u' + req.n).then((user) => next({ user } as {}))`],
      promiseCtor: [`(_req: R, next: Next) => new Promise<Response>((resolve, reject) => { next().then(resolve, reject); })`],
      allSettled: [`async (_req: R, next: Next) => {
  const results = await Promise.allSettled([next()]);
  const first = results[0]!;
  return first.status === 'fulfilled' ? first.value : new Response('failed', { status: 500 });
}`],
      span: [`async (_req: R, next: Next) => withSpan('x', async () => {
  try {
    return await next();
  } finally {
    void 0;
  }
})`, 'export const withSpan = async <T>(_name: string, fn: () => Promise<T>): Promise<T> => fn();'],
      ternaryBoth: [`async (req: R, next: Next) => (req.n > 2 ? await next() : (await next(), new Response('x')))`],
      heldTernary: [`async (req: R, next: Next) => {
  const pending = req.n > 2 ? next() : undefined;
  req.log.push('held');
  return pending ?? new Response('none');
}`],
      // What Koa and Hono users write: each calls next() once per run of a callback, or observes what it keeps.
      alsRun: [`async (req: R, next: Next) => als.run(req.n, async () => await next())`, 'export const als = { run: <T,>(_store: number, fn: () => T): T => fn() };'],
      tracerSpan: [`async (_req: R, next: Next) => startActiveSpan('req', async (span) => {
  try {
    return await next();
  } finally {
    span.end();
  }
})`, 'export declare function startActiveSpan<T>(name: string, fn: (span: { end(): void }) => Promise<T>): Promise<T>;'],
      thenAfter: [`(req: R, next: Next) => next().then((res) => {
  req.log.push('after ' + res.status);
  return res;
})`],
      heldAwaited: [`async (req: R, next: Next) => {
  const p = next();
  req.log.push('alongside');
  return await p;
}`],
      raceTimeout: [`async (_req: R, next: Next) => {
  const timeout = new Promise<Response>((resolve) => setTimeout(() => resolve(new Response('late', { status: 504 })), 1000));
  return Promise.race([next(), timeout]);
}`],
      fallback: [`async (req: R, next: Next) => {
  try {
    return await next();
  } catch (e) {
    req.log.push(String(e));
    return new Response('fallback', { status: 500 });
  }
}`],
      iifeOnce: [`async (req: R, next: Next) => (async () => {
  const res = await next();
  req.log.push('after');
  return res;
})()`],
      pushAwaited: [`async (_req: R, next: Next) => {
  const pending: Promise<Response>[] = [];
  pending.push(next());
  const [res] = await Promise.all(pending);
  return res!;
}`],
      throwBeforeNext: [`async (req: R, next: Next) => {
  if (req.n === 3) throw new Error('bad ' + req.n);
  const p = next();
  return p;
}`],
    };
    const out = Object.entries(fine).map(([name, [fn, extra]]) => `${name}: ${check(name, fn, extra ?? '')}`);
    expect(out).toEqual(Object.keys(fine).map((name) => `${name}: `));
  });
});

describe('check reports two calls in sequence inside one callback', () => {
  // Fixed, was a bug (check miss): two next() calls in sequence inside one callback (a span/ALS helper, an async IIFE,
  // .then, a Promise executor) were never reported, whatever the helper: the callback runs at least once when it runs at
  // all, and then calls next() twice. The runtime throws NEXT_TWICE ("middleware 'x' called next() twice") on every request
  // that reaches it. codegen/analysis/next-flow.ts counted the calls in a nested function once, where it is made; it now
  // also walks each such function's own paths, as a layer's (one run of it, whoever calls it and however often).
  it('await next(); return next() inside withSpan(…, async () => …), a project helper that calls its callback once', () => {
    expect(check('spanTwice', `async (_req: R, next: Next) => withSpan('x', async () => {
  await next();
  return next();
})`, 'export const withSpan = async <T>(_name: string, fn: () => Promise<T>): Promise<T> => fn();')).toContain("middleware 'spanTwice'");
  });
  it('a retry in the catch of a callback given to an ambient tracer (startActiveSpan)', () => {
    expect(check('tracerRetry', `async (req: R, next: Next) => startActiveSpan('req', async () => {
  try {
    return await next();
  } catch (e) {
    req.log.push(String(e));
    return next();
  }
})`, 'export declare function startActiveSpan<T>(name: string, fn: () => Promise<T>): Promise<T>;')).toContain("middleware 'tracerRetry'");
  });
  it('an async IIFE, a .then callback and a Promise executor each calling next() twice', () => {
    expect(check('iifeTwice', `async (_req: R, next: Next) => (async () => {
  await next();
  return next();
})()`)).toContain("middleware 'iifeTwice'");
    expect(check('thenTwice', `async (_req: R, next: Next) => Promise.resolve().then(async () => {
  await next();
  return next();
})`)).toContain("middleware 'thenTwice'");
    expect(check('ctorTwice', `(_req: R, next: Next) => new Promise<Response>((resolve) => {
  void next();
  resolve(next());
})`)).toContain("middleware 'ctorTwice'");
  });
  it('such a layer (which the runtime answers with NEXT_TWICE) gets no generated module, and check says where', () => {
    const p = gen('r4v-span-runtime', {
      'app.ts': `${header}${R}
export const withSpan = async <T>(_name: string, fn: () => Promise<T>): Promise<T> => fn();
const spanTwice = middleware('spanTwice', async (req: R, next: Next) => withSpan('x', async () => {
  await next();
  req.log.push('between');
  return next();
}));
export const app = chain<R>().use(spanTwice)${h};
`,
    }, strictConfig);
    expect(diagnostics(p)).toBe("app.ts:11: middleware 'spanTwice' can call next() twice on one path (again after line 9): call it at most once per request");
    expect(p.result.outputs).toEqual([]);
  });
});

describe('check wording', () => {
  // Fixed, was a bug (check message, minor): a closure called twice in sequence was reported as "calls next() inside a
  // loop", although the layer has no loop. codegen/analysis/next-flow.ts now counts such a call at the closure's call site,
  // and says through which closure.
  it('a closure over next() called twice is not reported as a loop', () => {
    const out = check('closureTwice', `async (_req: R, next: Next) => {
  const run = () => next();
  const a = await run();
  void a;
  return run();
}`);
    expect(out).toContain("middleware 'closureTwice'");
    expect(out).not.toContain('inside a loop');
    expect(out).toBe("app.ts:11: middleware 'closureTwice' can call next() twice on one path (through 'run', again after line 9): call it at most once per request");
  });
  it('a closure over next() called in a loop is reported as a loop, through the closure', () => {
    expect(check('closureLoop', `async (req: R, next: Next) => {
  const run = () => next();
  let res = new Response('none');
  for (let i = 0; i < req.n; i++) res = await run();
  return res;
}`)).toBe("app.ts:10: middleware 'closureLoop' calls next() through 'run' inside a loop, so it can run the rest of the chain more than once: call it once per request");
  });
});
