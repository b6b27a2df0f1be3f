/** Review 4 probes: every function form of a layer, each used twice in one chain, across chains and in sub-chains. */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const handler = ".handle((req) => {\n  req.log.push('handler ' + req.n);\n  if (req.n === 5) throw new Error('boom ' + req.n);\n  return new Response('n=' + req.n, { status: req.n === 4 ? 404 : 200 });\n})";

const layers = `
const asyncArrow = middleware('asyncArrow', async (req: R, next: Next) => {
  req.log.push('asyncArrow in');
  const res = await next();
  req.log.push('asyncArrow out ' + res.status);
  res.headers.append('x-order', 'asyncArrow');
  return res;
});
const asyncExpr = middleware('asyncExpr', async function (req: R, next: Next) {
  req.log.push('asyncExpr in');
  if (req.n === 1) return new Response('short', { status: 401 });
  const res = await next();
  req.log.push('asyncExpr out');
  return res;
});
async function declared(req: R, next: Next) {
  req.log.push('declared in');
  try {
    return await next();
  } finally {
    req.log.push('declared finally');
  }
}
const decl = middleware('decl', declared);
const plainArrow = middleware('plainArrow', (req: R, next: Next) => {
  req.log.push('plainArrow');
  return next();
});
const plainThen = middleware('plainThen', function (req: R, next: Next) {
  req.log.push('plainThen in');
  return next()
    .then((res) => {
      req.log.push('plainThen then ' + res.status);
      return res;
    })
    .catch((e: unknown) => {
      req.log.push('plainThen catch ' + (e as Error).message);
      return new Response('caught', { status: 500 });
    })
    .finally(() => {
      req.log.push('plainThen finally');
    });
});
const concise = middleware('concise', async (_req: R, next: Next) => next());
const conciseAwait = middleware('conciseAwait', async (req: R, next: Next) => (await next()).status === 404 ? new Response('mapped ' + req.n) : next2(req));
function next2(req: R): Response {
  return new Response('other ' + req.n);
}
`;

describe('function forms, each twice', () => {
  it('async arrow, async function expression, function declaration, plain arrow, .then/.catch/.finally chains, concise bodies', async () => {
    await same('r4-forms-twice', {
      'app.ts': `${header}${R}${layers}
export const arrows = chain<R>().use(asyncArrow).use(asyncArrow)${handler};
export const exprs = chain<R>().use(asyncExpr).use(asyncExpr)${handler};
export const decls = chain<R>().use(decl).use(decl)${handler};
export const plains = chain<R>().use(plainArrow).use(plainArrow)${handler};
export const thens = chain<R>().use(plainThen).use(plainThen)${handler};
export const concises = chain<R>().use(concise).use(conciseAwait).use(concise).use(conciseAwait)${handler};
const sub = chain<R>().use(asyncArrow).use(plainThen).use(decl);
export const mixed = chain<R>().use(sub).use(asyncExpr).use(sub).use(plainArrow)${handler};
export const mixed2 = chain<R>().use(plainThen).use(sub).use(decl).use(asyncArrow)${handler};
`,
    });
  });
  it('the same chains built with chain({ guards: false })', async () => {
    await same('r4-forms-twice-off', {
      'app.ts': `${header}${R}${layers}
export const arrows = chain<R>({ guards: false }).use(asyncArrow).use(asyncArrow)${handler};
export const exprs = chain<R>({ guards: false }).use(asyncExpr).use(asyncExpr)${handler};
export const decls = chain<R>({ guards: false }).use(decl).use(decl)${handler};
export const plains = chain<R>({ guards: false }).use(plainArrow).use(plainArrow)${handler};
export const thens = chain<R>({ guards: false }).use(plainThen).use(plainThen)${handler};
export const concises = chain<R>({ guards: false }).use(concise).use(conciseAwait).use(concise).use(conciseAwait)${handler};
const sub = chain<R>({ guards: false }).use(asyncArrow).use(plainThen).use(decl);
export const mixed = chain<R>({ guards: false }).use(sub).use(asyncExpr).use(sub).use(plainArrow)${handler};
export const mixed2 = chain<R>({ guards: false }).use(plainThen).use(sub).use(decl).use(asyncArrow)${handler};
`,
    });
  });
});

describe('object and class methods, factories', () => {
  it('an object method, a class static method, an instance arrow property, a factory with a closure, each twice', async () => {
    await same('r4-forms-methods', {
      'app.ts': `${header}${R}
const hooks = {
  async around(req: R, next: Next) {
    req.log.push('around in');
    const res = await next();
    req.log.push('around out');
    return res;
  },
  stamp: (req: R, next: Next) => next({ stamped: req.n }),
};
class Guard {
  static async check(req: R, next: Next) {
    if (req.n === 2) return new Response('forbidden', { status: 403 });
    return next();
  }
  prefix = 'inst';
  handle = async (req: R, next: Next) => {
    req.log.push(this.prefix);
    return next();
  };
}
const g = new Guard();
function counter(label: string) {
  const tag = label.toUpperCase();
  return middleware(label, async (req: R, next: Next) => {
    req.log.push(label + ' ' + req.n);
    const res = await next();
    res.headers.append('x-' + label, tag);
    return res;
  });
}
const around = middleware('around', hooks.around);
const stamp = middleware('stamp', hooks.stamp);
const check = middleware('check', Guard.check);
const inst = middleware('inst', g.handle);
const c1 = counter('c1');
export const app = chain<R>().use(around).use(stamp).use(check).use(inst).use(c1).use(counter('c2')).use(around).use(check).use(inst).use(c1)${handler};
export const other = chain<R>().use(c1).use(counter('c3')).use(counter('c3'))${handler};
`,
    });
  });
});
