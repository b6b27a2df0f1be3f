/**
 * Review 9: the plan's corners around work started: a layer that never calls next() (or takes no next) and
 * starts work, several next() sites, a plain function answering a Response at once, factory-made layers, all-sync
 * chains, a handler that is called, an awaited helper that starts work, work in a .then/.catch/.finally callback
 * of next(), layers used in several chains, guards off.
 */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const top = `${header}${R}
export async function audit(req: R, tag: string): Promise<void> {
  await null;
  req.log.push('audit ' + tag);
}
export async function lookup(req: R): Promise<string> {
  void audit(req, 'lookup');
  return 'u' + req.n;
}
const a = middleware('a', async (req: R, next: Next) => {
  req.log.push('a in');
  const res = await next();
  req.log.push('a after');
  return res;
});
const h = (req: R): Response => {
  req.log.push('handler');
  if (req.n === 3) throw new Error('boom');
  return new Response('ok ' + req.n);
};
const hw = (req: R): Response => {
  queueMicrotask(() => req.log.push('hq'));
  return new Response('hw');
};
`;

describe('review9: plan corners', () => {
  it('never-calling layers, several sites, plain functions, factories', async () => {
    await same('r9-edges', {
      'app.ts': `${top}
const deny = middleware('deny', async (req: R, _next: Next) => {
  void audit(req, 'deny');
  return new Response('no', { status: 403 });
});
const deny1 = middleware('deny1', async (req: R) => {
  queueMicrotask(() => req.log.push('deny1 q'));
  return new Response('no1', { status: 403 });
});
const maybe = middleware('maybe', async (req: R, next: Next) => {
  if (req.n === 2) {
    void audit(req, 'short');
    return new Response('short', { status: 429 });
  }
  const res = await next();
  req.log.push('maybe after');
  return res;
});
const twoSites = middleware('twoSites', async (req: R, next: Next) => {
  if (req.n % 2 === 0) return next();
  const res = await next();
  void audit(req, 'two');
  req.log.push('two after');
  return res;
});
const twoSitesPlain = middleware('twoSitesPlain', async (req: R, next: Next) => {
  if (req.n === 4) {
    const res = await next();
    req.log.push('tsp 4');
    return res;
  }
  const res = await next();
  req.log.push('tsp');
  return res;
});
const instant = middleware('instant', (req: R, next: Next) => (req.n === 5 ? new Response('instant') : next()));
const instantWork = middleware('instantWork', (req: R, next: Next) => {
  if (req.n === 5) {
    queueMicrotask(() => req.log.push('iw q'));
    return new Response('instantWork');
  }
  return next();
});
const tag = (name: string) =>
  middleware(name, async (req: R, next: Next) => {
    const res = await next();
    req.log.push(name + ' after');
    return res;
  });
const tagWork = (name: string) =>
  middleware(name, async (req: R, next: Next) => {
    queueMicrotask(() => req.log.push(name + ' q'));
    return next();
  });
const authed = middleware('authed', async (req: R, next: Next<{ user: string }>) => {
  const user = await lookup(req);
  req.log.push('user ' + user);
  return next({ user });
});
const thenWork = middleware('thenWork', (req: R, next: Next) =>
  next().then((res) => {
    void audit(req, 'then');
    return res;
  }),
);
const finWork = middleware('finWork', (req: R, next: Next) => next().finally(() => queueMicrotask(() => req.log.push('fin q'))));
const awaitedThen = middleware('awaitedThen', async (req: R, next: Next) => {
  const res = await next().then((r) => {
    void audit(req, 'awaited then');
    return r;
  });
  req.log.push('awaitedThen after');
  return res;
});
const uh = (req: R & { user: string }): Response => {
  req.log.push('uh ' + req.user);
  return new Response(req.user);
};
const hDefault = (req: R, extra = 1): Response => {
  queueMicrotask(() => req.log.push('hd q ' + extra));
  return new Response('hd');
};
export const e1 = chain<R>().use(a).use(deny).handle(h);
export const e2 = chain<R>().use(a).use(a).use(deny1).handle(h);
export const e3 = chain<R>().use(a).use(maybe).use(a).handle(h);
export const e4 = chain<R>().use(a).use(twoSites).use(a).handle(h);
export const e5 = chain<R>().use(a).use(twoSitesPlain).handle(hw);
export const e6 = chain<R>().use(a).use(instant).use(a).handle(hw);
export const e7 = chain<R>().use(a).use(instantWork).use(a).handle(h);
export const e8 = chain<R>().use(tag('t1')).use(tagWork('w1')).use(tag('t2')).handle(h);
export const e9 = chain<R>().use(a).use(authed).use(a).handle(uh);
export const e10 = chain<R>().use(a).use(thenWork).use(a).handle(h);
export const e11 = chain<R>().use(a).use(finWork).use(a).handle(h);
export const e12 = chain<R>().use(a).use(awaitedThen).use(a).handle(h);
export const e13 = chain<R>().use(a).use(a).handle(hDefault);
export const e14 = chain<R>().handle(hw);
export const e15 = chain<R>().use(maybe).use(twoSites).use(instantWork).use(deny).handle(h);
export const e16 = chain<R>({ guards: false }).use(a).use(twoSites).use(maybe).handle(hw);
export const e17 = chain<R>({ guards: false }).use(a).use(authed).use(finWork).handle(uh);
`,
    });
  }, 120_000);

  it('all-sync chains and sync below async, handlers of every kind', async () => {
    await same('r9-sync', {
      'app.ts': `${top}
const s1 = middleware.sync('s1', (req: R, next: NextSync) => {
  req.log.push('s1 in');
  const res = next();
  req.log.push('s1 after');
  return res;
});
const sw = middleware.sync('sw', (req: R, next: NextSync) => {
  queueMicrotask(() => req.log.push('sw q'));
  try {
    return next();
  } finally {
    req.log.push('sw fin');
  }
});
const sCatch = middleware.sync('sCatch', (req: R, next: NextSync) => {
  try {
    return next();
  } catch (e) {
    void audit(req, 'sync caught');
    return new Response('caught ' + String(e), { status: 500 });
  }
});
const sPass = middleware.sync('sPass', (_req: R, next: NextSync) => next());
const ha = async (req: R): Promise<Response> => {
  req.log.push('ha');
  if (req.n === 3) throw new Error('aboom');
  return new Response('ha');
};
const hp = (req: R): Promise<Response> => {
  void audit(req, 'hp');
  return Promise.resolve(new Response('hp'));
};
export const y1 = chain<R>().use(s1).use(sw).handle(h);
export const y2 = chain<R>().use(s1).use(sCatch).use(sPass).handle(h);
export const y3 = chain<R>().use(s1).use(sPass).handle(hw);
export const y4 = chain<R>().use(a).use(s1).use(sw).use(s1).handle(h);
export const y5 = chain<R>().use(a).use(sCatch).use(s1).handle(h);
export const y6 = chain<R>().use(a).use(a).use(sPass).use(sPass).handle(hw);
export const y7 = chain<R>().use(a).use(a).handle(ha);
export const y8 = chain<R>().use(a).use(sw).handle(hw);
export const y9 = chain<R>().use(a).use(a).handle(hp);
export const y12 = chain<R>().handle(hp);
export const y10 = chain<R>({ guards: false }).use(s1).use(sw).handle(h);
export const y11 = chain<R>({ guards: false }).use(a).use(sCatch).use(sw).handle(h);
`,
    });
  }, 120_000);
});
