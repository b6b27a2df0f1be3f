/** Review 2 probes: await next() as the first thing its statement evaluates (the operand form). */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

describe('operand form: what "a stable read" lets move after the layers below', () => {
  it('an imported name is a live binding: the callee read before next() is not the one read after', async () => {
    await same('op-live-import', {
      'hooks.ts': `export let decorate = (res: Response): Response => {
  res.headers.set('x-decorated-by', 'default');
  return res;
};
export const install = (tag: string): void => {
  decorate = (res: Response): Response => {
    res.headers.set('x-decorated-by', tag);
    return res;
  };
};
`,
      'app.ts': `${header}${R}
import { decorate, install } from './hooks.js';
const outer = middleware('outer', async (_req: R, next: Next) => {
  install('outer');
  return decorate(await next());
});
const inner = middleware('inner', async (req: R, next: Next) => {
  install('inner ' + req.n);
  return next();
});
export const app = chain<R>().use(outer).use(inner).handle((req) => new Response('n=' + req.n));
`,
    });
  });

  it('an optional call hook?.(await next()): the runtime never calls next() when hook is undefined', async () => {
    await same('op-optional-call', {
      'app.ts': `${header}${R}
export const hooks: Record<string, ((res: Response) => Response) | undefined> = {
  on: (res) => {
    res.headers.set('x-hooked', '1');
    return res;
  },
};
const hooked = (key: string) =>
  middleware('hooked', async (req: R, next: Next) => {
    const hook = hooks[key];
    req.log.push('hooked ' + key);
    return hook?.(await next()) ?? new Response('no hook for ' + key);
  });
const direct = middleware('direct', async (req: R, next: Next) => {
  const hook = hooks[req.n % 2 === 0 ? 'on' : 'off'];
  return hook?.(await next()) ?? new Response('no hook');
});
const inner = middleware('inner', async (req: R, next: Next) => {
  req.log.push('inner ran');
  return next();
});
export const app = chain<R>().use(direct).use(inner).handle((req) => {
  req.log.push('handler');
  return new Response('n=' + req.n);
});
export const off = chain<R>().use(hooked('off')).use(inner).handle(() => new Response('x'));
`,
    });
  });

  it('a template literal converts each substitution when it reaches it: a const array before the site is stringified before the layers below push to it', async () => {
    await same('op-template-tostring', {
      'app.ts': `${header}${R}
const audit = middleware('audit', async (req: R, next: Next) => {
  const trail = req.log;
  const line = \`\${trail} -> \${(await next()).status}\`;
  req.log.push(line);
  return new Response(line);
});
const mark = middleware('mark', async (req: R, next: Next) => {
  req.log.push('mark ' + req.n);
  return next();
});
export const app = chain<R>().use(audit).use(mark).handle((req) => new Response('n=' + req.n));
`,
    });
  });
});

describe('operand form: the value a returned operand hands up', () => {
  it('return decorate(await next()) with an async decorate: the layer above gets a promise where the runtime gives it the response', async () => {
    await same('op-return-promise', {
      'app.ts': `${header}${R}
export const decorate = async (res: Response): Promise<Response> => {
  res.headers.set('x-decorated', '1');
  return res;
};
const outer = middleware('outer', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('outer sees ' + res.status);
  res.headers.set('x-outer', '1');
  return res;
});
const concise = middleware('concise', async (_req: R, next: Next) => decorate(await next()));
const block = middleware('block', async (req: R, next: Next) => {
  req.log.push('block');
  return decorate(await next());
});
export const a = chain<R>().use(outer).use(concise).handle((req) => new Response('n=' + req.n));
export const b = chain<R>().use(outer).use(block).handle((req) => new Response('n=' + req.n));
`,
    });
  });
});

describe('operand and ?: shapes that must still print', () => {
  it('if/switch/throw operands with returns inside, annotated ?: declarations, nested ?: with renamed leaves', async () => {
    await same('op-print-shapes', {
      'app.ts': `${header}${R}
export const wrap = (res: Response): Error => new Error('wrapped ' + res.status);
export const limit = 2;
const ifOp = middleware('ifOp', async (req: R, next: Next<{ tag?: string }>) => {
  const tag = 'if';
  if ((await next({ tag })).status === 200 && req.n > limit) {
    const extra = 'big';
    return new Response(tag + ' ' + extra);
  } else if (req.n === 1) return new Response('one');
  return new Response('small');
});
const switchOp = middleware('switchOp', async (req: R, next: Next) => {
  const local = req.n;
  switch ((await next()).status + local) {
    case 200:
      return new Response('two hundred');
    case 201: {
      const local = 'shadow';
      return new Response(local);
    }
    default:
      break;
  }
  return new Response('default ' + local);
});
const throwOp = middleware('throwOp', async (req: R, next: Next) => {
  if (req.n === 4) throw wrap(await next());
  return new Response('no throw');
});
const annotated = middleware('annotated', async (req: R, next: Next) => {
  const fallback = new Response('fallback');
  const res: Response = req.n === 5 ? fallback : req.n === 4 ? (await next()) : await next();
  res.headers.set('x-annotated', String(req.n));
  return res;
});
export const a = chain<R>().use(ifOp).handle((req) => new Response('n=' + req.n));
export const b = chain<R>().use(switchOp).handle((req) => new Response('n=' + req.n, { status: req.n === 1 ? 201 : 200 }));
export const c = chain<R>().use(throwOp).use(annotated).handle((req) => new Response('n=' + req.n));
`,
    });
  });
});
