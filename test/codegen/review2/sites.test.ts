/** Review 2 probes: several next() sites on exclusive paths, ?: around sites, and the yields kept below a called layer. */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const handler = ".handle((req) => {\n  req.log.push('handler');\n  if (req.n === 3) throw new Error('three');\n  return new Response('n=' + req.n);\n})";

describe('several sites', () => {
  it('an async layer with a returned site, an awaited site and a ?: site, below and above inlined async layers', async () => {
    await same('sites-mixed', {
      'app.ts': `${header}${R}
export const cache = new Map<number, Response>([[4, new Response('cached four')]]);
const top = middleware('top', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('top ' + res.status);
  res.headers.set('x-top', '1');
  return res;
});
const mixed = middleware('mixed', async (req: R, next: Next<{ via: string }>) => {
  if (req.n === 0) return next({ via: 'zero' });
  if (req.n % 2 === 1) {
    const res = await next({ via: 'odd' });
    res.headers.set('x-odd', '1');
    return res;
  }
  const hit = cache.get(req.n);
  const res = hit !== undefined ? hit.clone() : await next({ via: 'even' });
  req.log.push('mixed ' + res.status);
  return res;
});
const after = middleware('after', async (req: R & { via?: string }, next: Next) => {
  req.log.push('via ' + req.via);
  try {
    return await next();
  } catch (error) {
    return new Response('caught ' + (error as Error).message, { status: 500 });
  }
});
export const app = chain<R>().use(top).use(mixed).use(after)${handler};
export const bare = chain<R>().use(mixed).use(after)${handler};
`,
    });
  });

  it('a sync layer with three sites (one in try/finally, one in a switch) in a sync chain and below an async one', async () => {
    await same('sites-sync-three', {
      'app.ts': `${header}${R}
const three = middleware.sync('three', (req: R, next: NextSync<{ k: string }>) => {
  switch (req.n % 3) {
    case 0:
      try {
        return next({ k: 'zero' });
      } finally {
        req.log.push('finally');
      }
    case 1: {
      const res = next({ k: 'one' });
      res.headers.set('x-one', '1');
      return res;
    }
    default:
      return req.n > 4 ? new Response('big') : next({ k: 'two' });
  }
});
const read = middleware.sync('read', (req: R & { k: string }, next: NextSync) => {
  req.log.push('k ' + req.k);
  return next();
});
export const sync = chain<R>().use(three).use(read)${handler};
export const mixed = chain<R>().use(middleware('outer', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('outer ' + res.status);
  return res;
})).use(three).use(read)${handler};
`,
    });
  });
});

describe('yields kept below a called layer that runs alongside', () => {
  it('finally around return next(), then pass-through, sync, two-site and awaiting layers', async () => {
    await same('yields-mixed', {
      'app.ts': `${header}${R}
const along = middleware('along', async (req: R, next: Next) => {
  try {
    return next();
  } finally {
    req.log.push('along finally');
  }
});
const pass = middleware('pass', async (_req: R, next: Next) => {
  return await next();
});
const plain = middleware('plain', (req: R, next: Next) => {
  req.log.push('plain');
  return next();
});
const two = middleware('two', async (req: R, next: Next) => {
  if (req.n % 2 === 0) return next();
  const res = await next();
  req.log.push('two after');
  return res;
});
const awaiting = middleware('awaiting', async (req: R, next: Next) => {
  req.log.push('awaiting before');
  const res = await next();
  req.log.push('awaiting after');
  return res;
});
const tail = middleware.sync('tail', (req: R, next: NextSync) => {
  const res = next();
  req.log.push('tail after');
  return res;
});
export const a = chain<R>().use(along).use(pass).use(awaiting).use(tail)${handler};
export const b = chain<R>().use(along).use(plain).use(two).use(awaiting)${handler};
export const c = chain<R>().use(along).use(awaiting).use(along).use(two).use(tail)${handler};
`,
    });
  });

  it('using around return next(), Promise.all beside next(), and an operand site below', async () => {
    await same('yields-using-all', {
      'app.ts': `${header}${R}
export const lock = (req: R): Disposable => {
  req.log.push('locked');
  return { [Symbol.dispose]: () => void req.log.push('released') };
};
export const withHeader = (res: Response, v: string): Response => {
  res.headers.set('x-h', v);
  return res;
};
const held = middleware('held', async (req: R, next: Next) => {
  using l = lock(req);
  void l;
  return next();
});
const both = middleware('both', async (req: R, next: Next) => {
  const [res] = await Promise.all([next(), req.log.push('beside')]);
  return res;
});
const operand = middleware('operand', async (req: R, next: Next) => {
  req.log.push('operand before');
  return withHeader(await next(), String(req.log.length));
});
const decl = middleware('decl', async (req: R, next: Next) => {
  const res = req.n === 4 ? new Response('four') : await next();
  req.log.push('decl after');
  return res;
});
export const a = chain<R>().use(held).use(operand).use(decl)${handler};
export const b = chain<R>().use(both).use(operand).use(decl)${handler};
`,
    });
  });
});

describe('a sync layer with several sites above an any-typed handler that answers a promise (with the guards off the runtime hands it up; with them on, SYNC_GOT_PROMISE)', () => {
  it('two sites: the async layer above reads the promise as the response', async () => {
    await same('sites-sync-any-promise', {
      'app.ts': `${header}${R}
const outer = middleware('outer', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('outer ' + res.status);
  return res;
});
const pick = middleware.sync('pick', (req: R, next: NextSync) => {
  if (req.n % 2 === 0) return next();
  req.log.push('odd');
  return next();
});
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const app = chain<R>({ guards: false }).use(outer).use(pick).handle((req): any => Promise.resolve(new Response('n=' + req.n)));
`,
    }, undefined, { guards: false });
  });

  it('two sites, the guards on: SYNC_GOT_PROMISE naming the sync layer, as the guarded runtime', async () => {
    await same('sites-sync-any-promise-guarded', {
      'app.ts': `${header}${R}
const outer = middleware('outer', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('outer ' + res.status);
  return res;
});
const pick = middleware.sync('pick', (req: R, next: NextSync) => {
  if (req.n % 2 === 0) return next();
  req.log.push('odd');
  return next();
});
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const app = chain<R>().use(outer).use(pick).handle((req): any => Promise.resolve(new Response('n=' + req.n)));
`,
    });
  });

  it('control: one site is settled', async () => {
    await same('sites-sync-any-promise-one', {
      'app.ts': `${header}${R}
const outer = middleware('outer', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('outer ' + res.status);
  return res;
});
const pick = middleware.sync('pick', (req: R, next: NextSync) => {
  req.log.push('pick');
  return next();
});
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const app = chain<R>({ guards: false }).use(outer).use(pick).handle((req): any => Promise.resolve(new Response('n=' + req.n)));
`,
    }, undefined, { guards: false });
  });
});
