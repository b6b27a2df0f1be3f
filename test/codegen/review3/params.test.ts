/** Review 3 probes: parameters written the way users write them (destructured, reassigned, defaults inside patterns). */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const handler = ".handle((req) => {\n  req.log.push('handler ' + req.n);\n  if (req.n === 3) throw new Error('three');\n  return new Response('n=' + req.n);\n})";

describe('destructured request parameters', () => {
  // Fixed, was a bug (silent wrong answer): a destructured request parameter is bound in the copy as `const { n, log } = req`
  // (codegen/generate/copy.ts, "binding": `const` for a pattern), but a parameter binding is mutable: `n = 2` throws
  // "Assignment to constant variable." in the generated handler, where the runtime chain answers.
  it('a destructured parameter reassigned in the body (a parameter binding is mutable)', async () => {
    await same('r3-destructured-reassigned', {
      'app.ts': `${header}${R}
const clamp = middleware('clamp', async ({ n, log }: R, next: Next) => {
  if (n > 2) n = 2;
  log.push('clamped ' + n);
  const res = await next();
  res.headers.set('x-clamped', String(n));
  return res;
});
export const app = chain<R>().use(clamp)${handler};
`,
    });
  });

  // BUG: the same in a sync layer (minimal form: `({ n }: R, next: NextSync) => { n++; return next(); }`).
  it('a destructured parameter reassigned, sync layer', async () => {
    await same('r3-destructured-reassigned-sync', {
      'app.ts': `${header}${R}
const clamp = middleware.sync('clamp', ({ n, log }: R, next: NextSync) => {
  n++;
  log.push('bumped ' + n);
  return next();
});
export const app = chain<R>().use(clamp)${handler};
`,
    });
  });

  it('defaults inside a destructured parameter, also reading an earlier binding', async () => {
    await same('r3-pattern-defaults', {
      'app.ts': `${header}${R}
const tagged = middleware('tagged', async ({ n, log, tag = 'none', twice = n * 2 }: R & { tag?: string; twice?: number }, next: Next<{ tag: string }>) => {
  log.push('tag ' + tag + ' ' + twice);
  const res = await next({ tag: tag + '!' });
  res.headers.set('x-tag', tag);
  return res;
});
const reader = middleware('reader', async ({ tag, log }: R & { tag: string }, next: Next) => {
  log.push('read ' + tag);
  return next();
});
export const app = chain<R>().use(tagged).use(reader).use(tagged)${handler};
`,
    });
  });

  it('a reassigned req (req = { ...req }) and next() still adds to the original request', async () => {
    await same('r3-req-reassigned', {
      'app.ts': `${header}${R}
const copy = middleware('copy', async (req: R, next: Next<{ seen: boolean }>) => {
  const original = req;
  req = { ...req, n: req.n + 100 };
  original.log.push('copy ' + req.n);
  const res = await next({ seen: true });
  original.log.push('after ' + req.n + ' ' + (original as R & { seen?: boolean }).seen);
  return res;
});
export const app = chain<R>().use(copy)${handler};
`,
    });
  });
});

describe('var redeclaring a parameter (one binding in JavaScript)', () => {
  // Fixed, was a bug (silent wrong answer): `var req = { ...req, n: 0 }` in the body redeclares the parameter (one binding). copy.ts
  // decides `reqAliased` with isWrite() (bindings.ts), which does not count a var declaration's initializer as a write,
  // so the copy prints the declaration as `var req = …` on the FLAT function's request: hoisted, it IS that parameter, and
  // every layer below and the handler now get the replaced object. Runtime: {"n":4} -> "n=4", log ["wrap 0","handler 4"];
  // generated: "n=0", log ["wrap 0","handler 0"]. (Same for `for (var req = …;;)`.)
  it('var req = … inside a block of a layer (redeclaring its req parameter)', async () => {
    await same('r3-var-req', {
      'app.ts': `${header}${R}
const wrap = middleware('wrap', async (req: R, next: Next) => {
  if (req.n > 3) {
    var req: R = { ...req, n: 0 };
  }
  req.log.push('wrap ' + req.n);
  return next();
});
export const app = chain<R>().use(wrap)${handler};
`,
    });
  });

  // Fixed, was a bug (generated module does not parse): with a destructured parameter the copy writes `const { n, log } = req;` and
  // keeps `var n;` beside it: "Identifier `n` has already been declared" (copy.ts "binding").
  it('var n over a destructured parameter n', async () => {
    await same('r3-var-pattern', {
      'app.ts': `${header}${R}
const pattern = middleware('pattern', async ({ n, log }: R, next: Next) => {
  var n: number;
  log.push('pattern ' + n);
  return next();
});
export const app = chain<R>().use(pattern)${handler};
`,
    });
  });
});

describe('parameters the normal forms leave to the runtime', () => {
  it('a default on req, a third parameter whose default reads req, a rest parameter', async () => {
    await same('r3-param-defaults', {
      'app.ts': `${header}${R}
export const fallback: R = { n: -1, log: [] };
const withDefault = middleware('withDefault', async (req: R = fallback, next: Next) => {
  req.log.push('default ' + req.n);
  return next();
});
const readsReq = middleware('readsReq', async (req: R, next: Next, tag = 'n' + req.n) => {
  req.log.push('tag ' + tag);
  return next();
});
const rest = middleware('rest', async (...args: [R, Next]) => {
  args[0].log.push('rest ' + args.length);
  return args[1]();
});
export const app = chain<R>().use(withDefault).use(readsReq).use(rest)${handler};
`,
    });
  });
});
