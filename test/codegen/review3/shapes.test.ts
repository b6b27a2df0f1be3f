/** Review 3 probes: layers written as class methods, object-literal methods, factories with mutable closures, generators, `arguments`; reached through `export * as` barrels and string names. */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const handler = ".handle((req) => {\n  req.log.push('handler ' + req.n);\n  if (req.n === 3) throw new Error('three');\n  return new Response('n=' + req.n);\n})";

describe('layers that are not plain literals', () => {
  it('a static class method, an instance method bound, an object-literal method, a getter-built layer', async () => {
    await same('r3-methods', {
      'app.ts': `${header}${R}
export class Auth {
  static #checks = 0;
  static async check(req: R, next: Next<{ user: string }>): Promise<Response> {
    Auth.#checks++;
    req.log.push('check');
    if (req.n === 5) return new Response('denied', { status: 403 });
    return next({ user: 'u' + req.n });
  }
  constructor(readonly prefix: string) {}
  async stamp(req: R, next: Next): Promise<Response> {
    const res = await next();
    res.headers.set('x-prefix', this.prefix);
    req.log.push('stamp ' + this.prefix);
    return res;
  }
}
export const handlers = {
  async log(req: R, next: Next) {
    req.log.push('log before');
    const res = await next();
    req.log.push('log after ' + res.status);
    return res;
  },
  get timing() {
    return middleware('timing', async (req: R, next: Next) => {
      req.log.push('timing');
      return next();
    });
  },
};
const auth = new Auth('p');
const check = middleware('check', Auth.check);
const stamp = middleware('stamp', auth.stamp.bind(auth));
const log = middleware('log', handlers.log);
export const app = chain<R>().use(check).use(stamp).use(log).use(handlers.timing)${handler};
`,
    });
  });

  it('factories with closures over mutable state (a counter, a loop-captured variable), used twice', async () => {
    await same('r3-factories', {
      'app.ts': `${header}${R}
const counter = (label: string) => {
  let seen = 0;
  return middleware(label, async (req: R, next: Next) => {
    seen++;
    req.log.push(label + ' before');
    const res = await next();
    res.headers.set('x-' + label, String(seen > 0));
    return res;
  });
};
const fns: (() => number)[] = [];
for (let i = 0; i < 3; i++) fns.push(() => i);
export const picked = fns.map((f) => f());
const loopy = middleware('loopy', async (req: R, next: Next) => {
  const local: (() => number)[] = [];
  for (let i = 0; i < 3; i++) local.push(() => i * req.n);
  var total = 0;
  for (const f of local) total += f();
  req.log.push('total ' + total + ' ' + picked.join(','));
  return next();
});
export const app = chain<R>().use(counter('a')).use(loopy).use(counter('b')).use(loopy)${handler};
`,
    });
  });

  it('a function-expression layer reading arguments, a generator-driven layer, a layer with a parameter property class', async () => {
    await same('r3-arguments-generators', {
      'app.ts': `${header}${R}
const args = middleware('args', async function (req: R, next: Next) {
  req.log.push('args ' + arguments.length);
  return next();
});
function* steps(n: number) {
  for (let i = 0; i < n; i++) yield 'step ' + i;
}
export { steps };
const gen = middleware('gen', async (req: R, next: Next) => {
  for (const s of steps(req.n)) req.log.push(s);
  const res = await next();
  const it = steps(2);
  it.next();
  req.log.push(String(it.next().value));
  return res;
});
class Point {
  constructor(public x: number, private readonly y = x * 2) {}
  sum() {
    return this.x + this.y;
  }
}
export { Point };
const point = middleware('point', async (req: R, next: Next) => {
  const p = new Point(req.n);
  req.log.push('sum ' + p.sum());
  return next();
});
export const app = chain<R>().use(args).use(gen).use(point)${handler};
`,
    });
  });

  it('layers through export * as ns (a barrel) and a layer imported under a string name', async () => {
    await same('r3-barrel-ns', {
      'layers/auth.ts': `${header}${R}
export const auth = middleware('auth', async (req: R, next: Next<{ user: string }>) => {
  req.log.push('auth');
  return next({ user: 'u' });
});
const tag = middleware('tag', async (req: R, next: Next) => {
  const res = await next();
  res.headers.set('x-tag', String(req.n));
  return res;
});
export { tag as 'tag-layer' };
`,
      'layers/index.ts': `export * as authLayers from './auth.js';
export * from './auth.js';
`,
      'app.ts': `${header}import type { R } from './layers/auth.js';
import { authLayers, 'tag-layer' as tag } from './layers/index.js';
export const app = chain<R>().use(authLayers.auth).use(tag)${handler};
`,
    });
  });
});

describe('the shallot API reached under other names', () => {
  it('middleware imported under an alias, its .sync through a const, chain under an alias', async () => {
    await same('r3-api-aliases', {
      'app.ts': `import { chain as onion, middleware as mw, type Next, type NextSync } from 'shallot';
export interface R {
  n: number;
  log: string[];
}
const syncMw = mw.sync;
const a = mw('a', async (req: R, next: Next) => {
  const res = await next();
  res.headers.set('x-a', String(req.n));
  return res;
});
const b = mw.sync('b', (req: R, next: NextSync) => {
  const res = next();
  req.log.push('b ' + res.status);
  return res;
});
const c = syncMw('c', (req: R, next: NextSync) => {
  req.log.push('c');
  return next();
});
export const app = onion<R>().use(a).use(b).use(c).handle((req) => new Response('n=' + req.n));
export const sync = onion<R>().use(b).use(c).handle((req) => new Response('n=' + req.n));
`,
    });
  });
});
