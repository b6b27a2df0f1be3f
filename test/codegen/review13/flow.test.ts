/**
 * Review 13: control flow around next() as Koa/Express users write it: finally that overrides or reads the
 * response, switch with several sites, conditional awaits, labelled blocks, optional calls, helpers handed next,
 * races, Promise.all, .catch on next(), nested arrows. Each effect goes to req.log.
 */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const top = `${header}${R}
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}
export async function audit(req: R, tag: string): Promise<void> {
  req.log.push('audit ' + tag);
}
const h = async (req: R): Promise<Response> => {
  req.log.push('handler ' + req.n);
  await null;
  if (req.n === 3) throw new HttpError(418, 'teapot');
  if (req.n === 4) throw new Error('plain boom');
  return new Response('ok ' + req.n);
};
const a = middleware('a', async (req: R, next: Next) => {
  req.log.push('a in');
  const res = await next();
  req.log.push('a out ' + res.status);
  return res;
});
`;

describe('review13: control flow around next()', () => {
  it('finally, switch, conditional await, labels, optional call', async () => {
    await same('r13-flow', {
      'app.ts': `${top}
const finOverride = middleware('finOverride', async (req: R, next: Next) => {
  try {
    return await next();
  } finally {
    req.log.push('finOverride fin');
    // eslint-disable-next-line no-unsafe-finally
    if (req.n === 2 || req.n === 3) return new Response('overridden', { status: 299 });
  }
});
const finRead = middleware('finRead', async (req: R, next: Next) => {
  let res: Response | undefined;
  try {
    res = await next();
    return res;
  } finally {
    req.log.push('finRead ' + (res === undefined ? 'none' : res.status));
  }
});
const tcf = middleware('tcf', async (req: R, next: Next) => {
  try {
    const res = await next();
    req.log.push('tcf ok');
    return res;
  } catch (e) {
    req.log.push('tcf caught');
    if (e instanceof HttpError) return new Response(e.message, { status: e.status });
    throw e;
  } finally {
    req.log.push('tcf finally');
  }
});
const sw = middleware('sw', async (req: R, next: Next) => {
  switch (req.n % 3) {
    case 0:
      return next();
    case 1: {
      const r = await next();
      r.headers.set('x-case', 'one');
      return r;
    }
    default:
      req.log.push('sw default');
      return new Response('nope', { status: 404 });
  }
});
const cond = middleware('cond', async (req: R, next: Next) => {
  const r = req.n % 2 === 0 ? await next() : new Response('odd', { status: 202 });
  r.headers.set('x-cond', String(req.n));
  req.log.push('cond ' + r.status);
  return r;
});
const labelled = middleware('labelled', async (req: R, next: Next) => {
  check: {
    if (req.n !== 5) break check;
    req.log.push('labelled short');
    return new Response('five', { status: 205 });
  }
  return next();
});
const optional = middleware('optional', async (req: R, next: Next) => {
  req.log.push('optional');
  return next?.();
});
const earlyThrow = middleware('earlyThrow', (req: R, next: Next) => {
  if (req.n === 1) throw new HttpError(401, 'no token');
  return next();
});
const status = middleware('status', async (req: R, next: Next) => {
  const { status } = await next();
  req.log.push('status ' + status);
  return new Response('status was ' + status);
});
const ifCond = middleware('ifCond', async (req: R, next: Next) => {
  if ((await next()).status >= 400) return new Response('masked', { status: 200 });
  req.log.push('ifCond fine');
  return new Response('fine');
});
export const c1 = chain<R>().use(a).use(finOverride).use(a).handle(h);
export const c2 = chain<R>().use(a).use(finRead).use(tcf).handle(h);
export const c3 = chain<R>().use(tcf).use(sw).use(a).handle(h);
export const c4 = chain<R>().use(a).use(cond).use(tcf).handle(h);
export const c5 = chain<R>().use(tcf).use(labelled).use(optional).use(a).handle(h);
export const c6 = chain<R>().use(tcf).use(earlyThrow).use(finRead).handle(h);
export const c7 = chain<R>().use(tcf).use(status).use(a).handle(h);
export const c8 = chain<R>().use(tcf).use(ifCond).use(finOverride).handle(h);
export const c9 = chain<R>({ guards: false }).use(finOverride).use(sw).use(cond).handle(h);
`,
    });
  }, 120_000);

  it('next handed around: helpers, races, Promise.all, .catch, nested arrows', async () => {
    await same('r13-flow-called', {
      'app.ts': `${top}
export async function withTiming(req: R, run: () => Promise<Response>): Promise<Response> {
  req.log.push('timing start');
  const res = await run();
  req.log.push('timing end');
  return res;
}
const helper = middleware('helper', async (req: R, next: Next) => withTiming(req, next));
const race = middleware('race', async (req: R, next: Next) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<Response>((resolve) => {
    timer = setTimeout(() => resolve(new Response('timeout', { status: 504 })), 5_000);
  });
  try {
    return await Promise.race([next(), timeout]);
  } finally {
    clearTimeout(timer);
    req.log.push('race done');
  }
});
const all = middleware('all', async (req: R, next: Next) => {
  const [res] = await Promise.all([next(), audit(req, 'all')]);
  req.log.push('all out');
  return res;
});
const caught = middleware('caught', async (req: R, next: Next) => {
  const res = await next().catch((e: unknown) => new Response('caught ' + (e as Error).message, { status: 500 }));
  req.log.push('caught ' + res.status);
  return res;
});
const nested = middleware('nested', async (req: R, next: Next) => {
  const run = async (): Promise<Response> => {
    req.log.push('nested run');
    return next();
  };
  const res = await run();
  req.log.push('nested out');
  return res;
});
const stored = middleware('stored', async (req: R, next: Next) => {
  const go = next;
  req.log.push('stored');
  return go();
});
export const d1 = chain<R>().use(a).use(helper).use(a).handle(h);
export const d2 = chain<R>().use(a).use(race).use(a).handle(h);
export const d3 = chain<R>().use(a).use(all).use(a).handle(h);
export const d4 = chain<R>().use(a).use(caught).use(a).handle(h);
export const d5 = chain<R>().use(a).use(nested).use(a).handle(h);
export const d6 = chain<R>().use(a).use(stored).use(a).handle(h);
export const d7 = chain<R>().use(caught).use(helper).use(all).use(nested).handle(h);
`,
    });
  }, 120_000);
});

describe('review13: loops and resources around next()', () => {
  it('loops with break/continue before next(), labels named like the glue, using spans', async () => {
    await same('r13-flow-loops', {
      'app.ts': `${top}
const headers = middleware('headers', async (req: R, next: Next<{ lang: string }>) => {
  let lang = 'en';
  scan: for (const candidate of ['fr', 'de', 'xx', 'es']) {
    for (let i = 0; i < 3; i++) {
      if (i === req.n % 3) continue scan;
      if (candidate === 'xx') break scan;
    }
    lang = candidate;
  }
  req.log.push('lang ' + lang);
  const res = await next({ lang });
  res.headers.set('content-language', lang);
  return res;
});
const retryless = middleware('retryless', async (req: R, next: Next) => {
  let attempts = 0;
  while (attempts < 3) {
    attempts++;
    if (attempts === 2) break;
  }
  req.log.push('attempts ' + attempts);
  return next();
});
const labels = middleware('labels', async (req: R, next: Next) => {
  headers$: {
    a$: {
      if (req.n === 2) break headers$;
      break a$;
    }
    req.log.push('labels inner');
  }
  const res$2 = await next();
  req.log.push('labels ' + res$2.status);
  return res$2;
});
export function span(req: R, name: string): Disposable {
  req.log.push('open ' + name);
  return { [Symbol.dispose]: () => req.log.push('close ' + name) };
}
const traced = middleware('traced', async (req: R, next: Next) => {
  using _s = span(req, 'traced');
  const res = await next();
  req.log.push('traced ' + res.status);
  return res;
});
const syncTraced = middleware.sync('syncTraced', (req: R, next: NextSync) => {
  using _s = span(req, 'sync');
  return next();
});
const sh = (req: R): Response => {
  req.log.push('sh');
  if (req.n === 3) throw new HttpError(500, 'sync boom');
  return new Response('sync ' + req.n);
};
export const l1 = chain<R>().use(a).use(headers).use(retryless).use(labels).handle(h);
export const l2 = chain<R>().use(a).use(traced).use(labels).use(traced).handle(h);
export const l3 = chain<R>().use(traced).use(syncTraced).use(syncTraced).handle(sh);
`,
    });
  }, 120_000);
});
