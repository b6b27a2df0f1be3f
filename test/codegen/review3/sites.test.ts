/** Review 3 probes: next() sites written the way users write them: wrapped, cast, looped over, in switch fallthrough, labelled blocks, do/while. */
import { describe, it } from 'vitest';
import { R, header, same, requests } from '../review/lib.js';
import { strictConfig } from '../../codegen-support/compare.js';

const fallthrough = { ...strictConfig, compilerOptions: { ...strictConfig.compilerOptions, noFallthroughCasesInSwitch: false } };

const handler = ".handle((req) => {\n  req.log.push('handler ' + req.n);\n  if (req.n === 3) throw new Error('three');\n  const res = new Response('n=' + req.n, { status: req.n === 4 ? 404 : 200 });\n  res.headers.set('x-n', String(req.n));\n  return res;\n})";

describe('wrapped sites', () => {
  it('await (next()), await next() as Response, (await next())!, satisfies, next?.()', async () => {
    await same('r3-wrapped', {
      'app.ts': `${header}${R}
const paren = middleware('paren', async (req: R, next: Next) => {
  const res = await (next());
  req.log.push('paren ' + res.status);
  return res;
});
const cast = middleware('cast', async (req: R, next: Next) => {
  const res = (await next()) as Response;
  req.log.push('cast ' + res.status);
  return res;
});
const bang = middleware('bang', async (req: R, next: Next) => {
  const res = (await next())!;
  req.log.push('bang ' + res.status);
  return res satisfies Response;
});
const sat = middleware('sat', async (req: R, next: Next) => {
  req.log.push('sat');
  return (await next()) satisfies Response;
});
const optional = middleware('optional', async (req: R, next: Next) => {
  const res = await next?.();
  req.log.push('optional ' + res.status);
  return res;
});
export const app = chain<R>().use(paren).use(cast).use(bang).use(sat).use(optional)${handler};
`,
    });
  });

  it('for…of over the headers after next(), also straight over (await next()).headers', async () => {
    await same('r3-for-of-headers', {
      'app.ts': `${header}${R}
const list = middleware('list', async (req: R, next: Next) => {
  const res = await next();
  for (const [k, v] of res.headers) req.log.push('h ' + k + '=' + v);
  return res;
});
const direct = middleware('direct', async (req: R, next: Next) => {
  let count = 0;
  for (const _ of (await next()).headers) count++;
  req.log.push('count ' + count);
  return new Response('headers ' + count);
});
export const app = chain<R>().use(list).use(direct)${handler};
export const bare = chain<R>().use(list)${handler};
`,
    });
  });

  it('switch with fallthrough into the case that calls next()', async () => {
    await same('r3-switch-fallthrough', {
      'app.ts': `${header}${R}
const sw = middleware('sw', async (req: R, next: Next) => {
  switch (req.n) {
    case 0:
      req.log.push('zero');
    // falls through
    case 1:
    case 2: {
      req.log.push('small');
      const res = await next();
      res.headers.set('x-small', '1');
      return res;
    }
    case 5:
      return new Response('five', { status: 418 });
    default:
      req.log.push('default');
  }
  return next();
});
const swSync = middleware.sync('swSync', (req: R, next: NextSync) => {
  let res: Response;
  switch (req.n % 3) {
    case 0:
      req.log.push('mod0');
    // falls through
    case 1:
      res = next();
      break;
    default:
      return new Response('mod2');
  }
  res.headers.set('x-sync', '1');
  return res;
});
export const app = chain<R>().use(sw)${handler};
export const sync = chain<R>().use(swSync)${handler};
export const both = chain<R>().use(sw).use(swSync)${handler};
`,
    }, requests, { config: fallthrough });
  });

  it('labelled blocks with break, do/while before next(), a while after', async () => {
    await same('r3-labels-loops', {
      'app.ts': `${header}${R}
const lab = middleware('lab', async (req: R, next: Next) => {
  check: {
    if (req.n === 2) break check;
    req.log.push('not two');
    outer: for (let i = 0; i < 3; i++) {
      for (let j = 0; j < 3; j++) {
        if (i + j === req.n) {
          req.log.push('found ' + i + ',' + j);
          break outer;
        }
        if (j > i) continue outer;
      }
    }
  }
  let i = 0;
  do {
    req.log.push('do ' + i);
  } while (++i < req.n);
  const res = await next();
  let k = 0;
  while (k < res.status / 100) k++;
  req.log.push('while ' + k);
  return res;
});
export const app = chain<R>().use(lab).use(lab)${handler};
`,
    });
  });

  it('return await next() in try/catch/finally that rethrows, and a catch that maps only some errors', async () => {
    await same('r3-rethrow', {
      'app.ts': `${header}${R}
class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}
export { HttpError };
const mapErrors = middleware('mapErrors', async (req: R, next: Next) => {
  try {
    return await next();
  } catch (error) {
    req.log.push('caught ' + String(error instanceof Error ? error.message : error));
    if (error instanceof HttpError) return new Response(error.message, { status: error.status });
    throw error;
  } finally {
    req.log.push('finally');
  }
});
const thrower = middleware('thrower', async (req: R, next: Next) => {
  if (req.n === 1) throw new HttpError(401, 'nope');
  if (req.n === 2) throw 'a string';
  if (req.n === 5) throw { code: 5 };
  return next();
});
const outer = middleware('outer', async (_req: R, next: Next) => {
  try {
    return await next();
  } catch (error) {
    return new Response('outer ' + JSON.stringify(error instanceof Error ? error.message : error), { status: 500 });
  }
});
export const app = chain<R>().use(outer).use(mapErrors).use(thrower)${handler};
`,
    });
  });

  it('comma operator, void next() in a sync layer, ?? and || around next()', async () => {
    await same('r3-comma-logical', {
      'app.ts': `${header}${R}
export const cache = new Map<number, Response>();
const comma = middleware('comma', async (req: R, next: Next) => {
  return (req.log.push('comma'), await next());
});
const nullish = middleware('nullish', async (req: R, next: Next) => {
  const hit = req.n === 5 ? new Response('hit') : undefined;
  const res = hit ?? (await next());
  req.log.push('nullish ' + res.status);
  return res;
});
const orElse = middleware.sync('orElse', (req: R, next: NextSync) => {
  return (req.n === 0 && new Response('zero')) || next();
});
export const app = chain<R>().use(comma).use(nullish)${handler};
export const sync = chain<R>().use(orElse)${handler};
`,
    });
  });
});

describe('operand sites in odd statement positions', () => {
  it('an else-if condition, a labelled statement, an if without braces, a case body, a concise arrow through a ?: condition', async () => {
    await same('r3-operand-positions', {
      'app.ts': `${header}${R}
const elseIf = middleware('elseIf', async (req: R, next: Next) => {
  if (req.n === 0) {
    req.log.push('zero');
    return new Response('zero');
  } else if ((await next()).status === 404) {
    req.log.push('was 404');
    return new Response('mapped', { status: 410 });
  } else req.log.push('else');
  return new Response('rebuilt ' + req.n);
});
const unbraced = middleware('unbraced', async (req: R, next: Next) => {
  if (req.n > 4) return new Response('big');
  else if (req.n === 1) req.log.push('one ' + (await next()).status);
  else return next();
  return new Response('after one');
});
const cased = middleware('cased', async (req: R, next: Next) => {
  switch (req.n % 2) {
    case 0:
      return new Response('even ' + (await next()).headers.get('x-n'));
    default:
      return next();
  }
});
const concise = middleware('concise', async (_req: R, next: Next) => ((await next()).ok ? new Response('ok') : new Response('not ok', { status: 502 })));
export const a = chain<R>().use(elseIf)${handler};
export const b = chain<R>().use(unbraced).use(cased)${handler};
export const c = chain<R>().use(cased).use(concise)${handler};
`,
    });
  });
});
