/** Review probes: the function forms and the control flow around next(). */
import { describe, it } from 'vitest';
import { R, header, same } from './lib.js';

const handler = ".handle((req) => {\n  req.log.push('handler');\n  if (req.n === 3) throw new Error('three');\n  if (req.n === 5) throw 'five';\n  return new Response('n=' + req.n);\n})";

describe('forms', () => {
  it('arrow, concise arrow, function expression, named function expression, function declaration, plain function returning a promise', async () => {
    await same('forms-functions', {
      'app.ts': `${header}${R}
const a = middleware('a', async (req: R, next: Next) => { req.log.push('a'); return next(); });
const b = middleware('b', async (req: R, next: Next) => (req.log.push('b'), await next()));
const c = middleware('c', async function (req: R, next: Next) { const res = await next(); req.log.push('c ' + res.status); return res; });
const d = middleware('d', async function named(req: R, next: Next) { req.log.push('d'); return await next(); });
async function e(req: R, next: Next): Promise<Response> {
  req.log.push('e');
  const res = await next();
  return res;
}
const f = middleware('f', (req: R, next: Next): Promise<Response> => {
  req.log.push('f');
  if (req.n === 1) return Promise.resolve(new Response('f short'));
  return next();
});
const g = middleware('g', (_req: R, next: Next) => next());
export const app = chain<R>().use(a).use(b).use(c).use(d).use(middleware('e', e)).use(f).use(g)${handler};
`,
    });
  });

  it('sync layers: try/finally, using, catch around return next(), a concise body', async () => {
    await same('forms-sync', {
      'app.ts': `${header}${R}
export const lock = (req: R, name: string): Disposable => {
  req.log.push(name + ' locked');
  return { [Symbol.dispose]: () => void req.log.push(name + ' released') };
};
const fin = middleware.sync('fin', (req: R, next: NextSync) => {
  try {
    return next();
  } finally {
    req.log.push('fin');
  }
});
const guard = middleware.sync('guard', (req: R, next: NextSync) => {
  using held = lock(req, 'guard');
  void held;
  return next();
});
const catcher = middleware.sync('catcher', (req: R, next: NextSync) => {
  try {
    return next();
  } catch (error) {
    req.log.push('caught ' + String(error instanceof Error ? error.message : error));
    return new Response('caught', { status: 500 });
  }
});
const concise = middleware.sync('concise', (req: R, next: NextSync) => (req.n === 4 ? new Response('four') : next()));
const after = middleware.sync('after', (req: R, next: NextSync) => {
  const res = next();
  res.headers.set('x-after', String(req.log.length));
  return res;
});
export const app = chain<R>().use(fin).use(catcher).use(guard).use(concise).use(after)${handler};
export const outer = chain<R>().use(middleware('async', async (req: R, next: Next) => {
  const res = await next();
  res.headers.set('x-outer', req.log.join('|'));
  return res;
})).use(fin).use(guard).use(catcher).use(after)${handler};
`,
    });
  });

  it('try/catch/finally around await next() in every arrangement', async () => {
    await same('forms-try', {
      'app.ts': `${header}${R}
const override = middleware('override', async (req: R, next: Next) => {
  try {
    return await next();
  } finally {
    if (req.n === 2) return new Response('overridden');
  }
});
const finThrows = middleware('finThrows', async (req: R, next: Next) => {
  try {
    await next();
  } finally {
    if (req.n === 1) throw new Error('from finally');
  }
  return new Response('after try ' + req.n);
});
const wrap = middleware('wrap', async (_req: R, next: Next) => {
  try {
    const res = await next();
    return res;
  } catch (error) {
    throw new Error('wrapped: ' + (error instanceof Error ? error.message : String(error)));
  }
});
const nested = middleware('nested', async (req: R, next: Next) => {
  let res: Response | undefined;
  try {
    try {
      res = await next();
    } finally {
      req.log.push('inner finally');
    }
  } catch {
    req.log.push('outer catch');
  } finally {
    req.log.push('outer finally');
  }
  return res ?? new Response('recovered', { status: 502 });
});
const inCatch = middleware('inCatch', async (req: R, next: Next) => {
  try {
    if (req.n % 2 === 0) throw new Error('even');
    return new Response('odd short');
  } catch {
    return await next();
  }
});
const inFinally = middleware('inFinally', async (req: R, next: Next) => {
  let res = new Response('default');
  try {
    req.log.push('before');
  } finally {
    res = await next();
  }
  return res;
});
export const a = chain<R>().use(override).use(finThrows)${handler};
export const b = chain<R>().use(override).use(wrap).use(nested)${handler};
export const c = chain<R>().use(nested).use(inCatch)${handler};
export const d = chain<R>().use(wrap).use(inFinally)${handler};
export const e = chain<R>().use(finThrows).use(nested).use(override)${handler};
`,
    });
  });

  it('using and await using around await next()', async () => {
    await same('forms-using', {
      'app.ts': `${header}${R}
export const lock = (req: R, name: string): Disposable => {
  req.log.push(name + ' locked');
  return { [Symbol.dispose]: () => void req.log.push(name + ' released') };
};
export const asyncLock = (req: R, name: string): AsyncDisposable => {
  req.log.push(name + ' locked');
  return { [Symbol.asyncDispose]: async () => void req.log.push(name + ' released') };
};
const held = middleware('held', async (req: R, next: Next) => {
  using l = lock(req, 'held');
  const res = await next();
  req.log.push('held has ' + typeof l);
  return res;
});
const asyncHeld = middleware('asyncHeld', async (req: R, next: Next) => {
  await using l = asyncLock(req, 'asyncHeld');
  void l;
  return await next();
});
const blockHeld = middleware('blockHeld', async (req: R, next: Next) => {
  {
    using l = lock(req, 'block');
    void l;
    if (req.n === 4) return new Response('four');
  }
  await next();
  return new Response('blockHeld');
});
export const app = chain<R>().use(held).use(asyncHeld).use(blockHeld).use(held)${handler};
`,
    });
  });

  it('switch, labelled blocks, loops before and after next, early returns in nested blocks, var hoisting', async () => {
    await same('forms-control', {
      'app.ts': `${header}${R}
const router = middleware('router', async (req: R, next: Next) => {
  switch (req.n) {
    case 0:
      return new Response('zero');
    case 1: {
      const res = await next();
      res.headers.set('x-case', 'one');
      return res;
    }
    case 2:
      req.log.push('two');
      return next();
    default:
      return next();
  }
});
const labelled = middleware('labelled', async (req: R, next: Next) => {
  outer: {
    for (let i = 0; i < 3; i++) {
      if (i === req.n) break outer;
      req.log.push('loop ' + i);
    }
    req.log.push('no break');
  }
  const res = await next();
  scan: for (const [k] of res.headers) {
    if (k.startsWith('x-')) {
      req.log.push('found ' + k);
      break scan;
    }
  }
  return res;
});
const hoisted = middleware('hoisted', async (req: R, next: Next) => {
  if (req.n > 2) {
    var marker: string | undefined = 'big';
  }
  const res = await next();
  res.headers.set('x-marker', String(marker!));
  return res;
});
const early = middleware('early', async (req: R, next: Next) => {
  if (req.n >= 0) {
    if (req.n === 4) {
      for (const x of [1, 2]) {
        if (x === 2) return new Response('early ' + x);
      }
    }
  }
  while (req.log.length > 100) req.log.pop();
  return next();
});
const undef = middleware('undef', async (req: R, next: Next): Promise<Response> => {
  // @ts-expect-error: a bare return, as a user slip
  if (req.n === 1) return;
  return next();
});
export const app = chain<R>().use(router).use(labelled).use(hoisted).use(early).use(hoisted)${handler};
export const bare = chain<R>().use(labelled).use(undef).handle(() => new Response('bare'));
`,
    });
  });
});

describe('several next() sites', () => {
  it('both branches of one ?: call next(), with different additions', async () => {
    await same('sites-ternary', {
      'app.ts': `${header}${R}
const who = middleware('who', async (req: R, next: Next<{ role: string }>) => (req.n % 2 === 0 ? next({ role: 'even' }) : next({ role: 'odd' })));
const whoAwait = middleware('whoAwait', async (req: R, next: Next<{ level: string }>) => {
  return req.n > 3 ? await next({ level: 'high' }) : await next({ level: 'low' });
});
export const app = chain<R>().use(who).use(whoAwait).handle((req) => new Response(req.role + ' ' + req.level));
`,
    });
  });

  it('an if/else with a site in each branch, and a switch with three', async () => {
    await same('sites-branches', {
      'app.ts': `${header}${R}
const pick = middleware('pick', async (req: R, next: Next<{ pick: string }>) => {
  if (req.n === 0) return new Response('zero');
  if (req.n < 3) {
    const res = await next({ pick: 'small' });
    res.headers.set('x-pick', 'small');
    return res;
  } else {
    return next({ pick: 'big' });
  }
});
const three = middleware('three', async (req: R, next: Next) => {
  switch (req.n % 3) {
    case 0:
      await next();
      return new Response('case 0');
    case 1:
      return next();
    default: {
      const r = await next();
      return new Response('case 2 ' + r.status);
    }
  }
});
export const app = chain<R>().use(pick).use(three).handle((req) => new Response(req.pick));
`,
    });
  });
});

describe('sync layers below an async one', () => {
  it('a sync layer with two next() sites (one returned, one read) above a called handler, below an async layer that awaits', async () => {
    await same('sync-sites-called-handler', {
      'app.ts': `${header}${R}
export const handlers = { main: (req: R): Response => new Response('main ' + req.n) };
const outer = middleware('outer', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('outer ' + res.status);
  return res;
});
const pick = middleware.sync('pick', (req: R, next: NextSync) => {
  if (req.n % 2 === 0) return next();
  const res = next();
  res.headers.set('x-odd', '1');
  return res;
});
export const app = chain<R>().use(outer).use(pick).handle(handlers.main);
`,
    });
  });

  it('the same with an inlined handler, below a sync cache layer returning an any-typed hit', async () => {
    await same('sync-sites-any-cache', {
      'app.ts': `${header}${R}
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const hits = new Map<number, () => any>([[3, () => new Response('cached 3')]]);
const outer = middleware('outer', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('outer ' + res.status);
  return res;
});
const pick = middleware.sync('pick', (req: R, next: NextSync) => {
  if (req.n % 2 === 0) return next();
  const res = next();
  res.headers.set('x-odd', '1');
  return res;
});
const cache = middleware.sync('cache', (req: R, next: NextSync) => {
  const hit = hits.get(req.n)?.();
  if (hit !== undefined) return hit;
  return next();
});
export const app = chain<R>().use(outer).use(pick).use(cache).handle((req) => new Response('fresh ' + req.n));
`,
    });
  });

  it('controls: one read site above a called handler, two sites above an inlined handler', async () => {
    await same('sync-sites-controls', {
      'app.ts': `${header}${R}
export const handlers = { main: (req: R): Response => new Response('main ' + req.n) };
const outer = middleware('outer', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('outer ' + res.status);
  return res;
});
const read = middleware.sync('read', (req: R, next: NextSync) => {
  const res = next();
  res.headers.set('x-read', String(req.n));
  return res;
});
const pick = middleware.sync('pick', (req: R, next: NextSync) => {
  if (req.n % 2 === 0) return next();
  const res = next();
  res.headers.set('x-odd', '1');
  return res;
});
export const one = chain<R>().use(outer).use(read).handle(handlers.main);
export const inlined = chain<R>().use(outer).use(pick).handle((req) => new Response('inlined ' + req.n));
`,
    });
  });
});

describe('odd but valid shapes', () => {
  it('empty bodies, labelled sites, catch destructuring, next with a spread, bind, a site under a label', async () => {
    await same('odd-shapes', {
      'app.ts': `${header}${R}
const empty = middleware('empty', async (_req: R, _next: Next): Promise<Response> => new Response('empty'));
const labelledSite = middleware('labelledSite', async (req: R, next: Next) => {
  main: {
    if (req.n === 1) break main;
    const res = await next();
    res.headers.set('x-labelled', 'yes');
    return res;
  }
  return new Response('broke out');
});
const catchPattern = middleware('catchPattern', async (req: R, next: Next) => {
  try {
    return await next();
  } catch ({ message }: any) {
    req.log.push('caught ' + message);
    return new Response('caught ' + message, { status: 500 });
  }
});
const spread = middleware('spread', async (_req: R, next: Next) => {
  const args: [] = [];
  return next(...args);
});
async function boundFn(this: unknown, req: R, next: Next): Promise<Response> {
  req.log.push('bound ' + typeof this);
  return next();
}
const bound = middleware('bound', boundFn.bind(null) as unknown as (req: R, next: Next) => Promise<Response>);
export const a = chain<R>().use(labelledSite).use(catchPattern).use(spread).use(bound).handle((req) => {
  if (req.n === 3) throw new Error('three');
  return new Response('n=' + req.n);
});
export const b = chain<R>().use(empty).use(labelledSite).handle(() => new Response('never'));
`,
    });
  });
});
