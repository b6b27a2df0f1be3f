/** Review probes: shadowing, renaming, additions, closures. */
import { describe, it } from 'vitest';
import { R, header, same } from './lib.js';

const handler = ".handle((req) => {\n  req.log.push('handler');\n  if (req.n === 3) throw new Error('three');\n  return new Response('n=' + req.n);\n})";

describe('names', () => {
  it('object rest in a destructuring of a layer used twice (const { password, ...safe } = user)', async () => {
    await same('names-rest', {
      'app.ts': `${header}${R}
export const users: Record<number, { name: string; password: string; admin: boolean }> = { 1: { name: 'ann', password: 'x', admin: true } };
const scrub = middleware('scrub', async (req: R, next: Next<{ safe: { name: string; admin: boolean } | undefined }>) => {
  const user = users[req.n];
  if (user === undefined) return next({ safe: undefined });
  const { password, ...safe } = user;
  req.log.push('scrubbed ' + password.length);
  return next({ safe });
});
export const app = chain<R>().use(scrub).use(scrub).handle((req) => new Response(JSON.stringify(req.safe ?? null)));
`,
    });
  });

  it('locals named like imports, like req, res, next, and labels named like locals', async () => {
    await same('names-shadow', {
      'util.ts': `export const say = (log: string[], line: string): void => {
  log.push(line);
};
export const format = (n: number): string => '#' + n;
`,
      'app.ts': `${header}import { say, format } from './util.js';
${R}
const shadow = middleware('shadow', async (req: R, next: Next) => {
  const inner = (say: string): string => say + '!';
  say(req.log, inner('shadow'));
  {
    const format = (x: number): string => 'local ' + x;
    req.log.push(format(req.n));
  }
  req.log.push(format(req.n));
  const res = await next();
  const next2 = (next: number): number => next + 1;
  req.log.push('next2 ' + next2(1));
  res: {
    const req = { log: ['shadowed'] };
    if (req.log.length > 0) break res;
  }
  return res;
});
const ctxNamed = middleware('ctxNamed', async (ctx: R, done: Next) => {
  const req = ctx.n * 2;
  const res = await done();
  ctx.log.push('req ' + req);
  return res;
});
const reassign = middleware('reassign', async (req: R, next: Next) => {
  const original = req;
  req = { ...req, n: 100 };
  original.log.push('copy n ' + req.n);
  return next();
});
export const app = chain<R>().use(shadow).use(ctxNamed).use(reassign).use(shadow).use(ctxNamed)${handler};
`,
    });
  });

  it('destructured requests with defaults and rests, shorthand properties', async () => {
    await same('names-destructure', {
      'app.ts': `${header}${R}
export interface Q extends R {
  path?: string;
  user?: { name?: string };
}
const greet = middleware('greet', async ({ log, path = '/default', user: { name = 'anon' } = {}, ...rest }: Q, next: Next<{ greeting: string }>) => {
  log.push(path + ' ' + name + ' ' + Object.keys(rest).sort().join(','));
  const greeting = 'hi ' + name;
  const res = await next({ greeting });
  res.headers.set('x-greeting', greeting);
  return res;
});
const read = middleware('read', async ({ n, log }: Q, next: Next) => {
  log.push('n ' + n);
  const { status, headers } = await next();
  log.push('status ' + status + ' ' + headers.get('x-greeting'));
  return new Response('read ' + status);
});
export const app = chain<Q>().use(greet).use(read).use(greet).handle(({ greeting, n, log }) => {
  log.push(greeting);
  return new Response('n=' + n);
});
`,
    }, [{ n: 1 }, { n: 2, path: '/p', user: {} }, { n: 3, user: { name: 'bo' }, extra: true }]);
  });

  it('closures made before next() and called after, closures stored on the request and called by inner layers, getters in additions', async () => {
    await same('names-closures', {
      'app.ts': `${header}${R}
const marks = middleware('marks', async (_req: R, next: Next<{ mark: (s: string) => void }>) => {
  const seen: string[] = [];
  let count = 0;
  const bump = (): number => ++count;
  const res = await next({ mark: (s) => void seen.push(s + bump()) });
  res.headers.set('x-marks', seen.join('|') + ' ' + count);
  return res;
});
const user = middleware('user', async (req: R, next: Next<{ readonly user: string; readonly calls: () => number }>) => {
  let reads = 0;
  return next({
    get user() {
      reads++;
      return 'user-' + req.n;
    },
    calls: () => reads,
  });
});
const peek = middleware('peek', async (req: R & { mark: (s: string) => void; calls: () => number }, next: Next) => {
  req.mark('peek');
  const late = (): string => String(res.status);
  req.log.push('calls ' + req.calls());
  const res = await next();
  req.log.push('late ' + late());
  req.mark('after');
  return res;
});
export const app = chain<R>().use(marks).use(user).use(peek).use(marks).use(peek)${handler};
`,
    });
  });

  it('function declarations and classes inside a layer, hoisted use, typeof of locals, a local type', async () => {
    await same('names-decls', {
      'app.ts': `${header}${R}
const decls = middleware('decls', async (req: R, next: Next) => {
  req.log.push(describe(req.n));
  type Tag = { readonly label: string };
  const tag: Tag = { label: 'tag' };
  const again: typeof tag = { label: 'again' };
  class Timer {
    static made = 0;
    readonly start: number;
    constructor() {
      this.start = ++Timer.made;
    }
    label(): string {
      return 'timer ' + this.start;
    }
  }
  const t = new Timer();
  const res = await next();
  res.headers.set('x-decls', tag.label + again.label + t.label());
  return res;
  function describe(n: number): string {
    return n % 2 === 0 ? 'even' : 'odd';
  }
});
export const app = chain<R>().use(decls).use(decls)${handler};
`,
    });
  });
});
