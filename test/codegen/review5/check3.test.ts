/** Review 5 probes, A (third batch): shapes near what the new check rules look at (&&/?: drops, kept promises, throw paths, callback runs). */
import { describe, expect, it } from 'vitest';
import { R, diagnostics, gen, header, same } from '../review/lib.js';

const support = `import { AsyncLocalStorage } from 'node:async_hooks';
export const als = new AsyncLocalStorage<{ id: number }>();
export const audit = async (log: string[], what: string): Promise<void> => {
  await Promise.resolve();
  log.push('audit ' + what);
};
export const deny = (): Response => new Response('denied', { status: 403 });
export const authorize = async (n: number): Promise<boolean> => n !== 3;
export const validate = (n: number): void => {
  if (n === 4) throw new Error('invalid ' + n);
};
`;

const cases: Record<string, string> = {
  andAssign: `async (req: R, next: Next) => {
  let res = deny();
  req.n > 0 && (res = await next());
  return res;
}`,
  ternaryAwaitStatement: `async (req: R, next: Next) => {
  let res = deny();
  req.n > 1 ? (res = await next()) : req.log.push('skipped');
  return res;
}`,
  andInsideExpr: `async (req: R, next: Next) => {
  const ok = req.n > 0 && (await next()).ok;
  return new Response('ok ' + String(ok));
}`,
  boxDestructured: `async (_req: R, next: Next) => {
  const box = { p: next() };
  const { p } = box;
  return p;
}`,
  arraySpread: `async (_req: R, next: Next) => {
  const ps = [next()];
  return Promise.all([...ps]).then(([r]) => r!);
}`,
  heldAllVariable: `async (req: R, next: Next) => {
  const all = Promise.all([next(), audit(req.log, 'x')]);
  const [res] = await all;
  return res;
}`,
  heldReadBeforeThrow: `async (req: R, next: Next) => {
  const p = next();
  if (req.n === 2) {
    await p.catch(() => undefined);
    throw new Error('bad two');
  }
  return p;
}`,
  heldCatchRethrow: `async (req: R, next: Next) => {
  const p = next();
  try {
    validate(req.n);
  } catch (e) {
    await p.catch(() => undefined);
    throw e;
  }
  return p;
}`,
  throwInNestedFn: `async (req: R, next: Next) => {
  const p = next();
  const fail = (): never => {
    throw new Error('never called');
  };
  if (req.n === 99) fail();
  return p;
}`,
  thenAsyncCallback: `(req: R, next: Next) =>
  authorize(req.n).then(async (ok) => {
    if (!ok) return deny();
    const res = await next();
    res.headers.set('x-authorized', '1');
    return res;
  })`,
  callbackTryCatch: `async (req: R, next: Next) =>
  als.run({ id: req.n }, async () => {
    try {
      return await next();
    } catch (e) {
      return new Response('cb ' + (e as Error).message, { status: 500 });
    }
  })`,
  callbackHeld: `async (req: R, next: Next) =>
  als.run({ id: req.n }, () => {
    const p = next();
    req.log.push('held in callback');
    return p;
  })`,
  callbackThen: `async (req: R, next: Next) => als.run({ id: req.n }, () => next().then((r) => { req.log.push('cb then'); return r; }))`,
  allThenAwait: `async (req: R, next: Next) => await Promise.all([next(), audit(req.log, 'y')]).then(([r]) => r)`,
  optionalCall: `async (_req: R, next: Next) => {
  const res = await next?.();
  return res;
}`,
  objectValues: `async (req: R, next: Next) => {
  const tasks = { main: next(), audit: audit(req.log, 'z') };
  await Promise.all(Object.values(tasks));
  return tasks.main;
}`,
  raceNamed: `async (_req: R, next: Next) => {
  const main = next();
  const timer = new Promise<Response>((resolve) => setTimeout(() => resolve(new Response('slow', { status: 504 })), 1000));
  const winner = await Promise.race([main, timer]);
  return winner;
}`,
};

const handler = ".handle((req) => {\n  req.log.push('handler ' + req.n);\n  if (req.n === 5) throw new Error('boom ' + req.n);\n  return new Response('n=' + req.n);\n})";

describe('check passes correct layers (batch 3), and codegen keeps their meaning', () => {
  for (const [name, fn] of Object.entries(cases)) {
    it(name, async () => {
      await same(`r5-check3-${name}`, {
        'support.ts': support,
        'app.ts': `${header}import { als, audit, deny, authorize, validate } from './support.js';
void als; void audit; void deny; void authorize; void validate;
${R}
const ${name} = middleware('${name}', ${fn});
const outer = middleware('outer', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('outer ' + res.status);
  return res;
});
export const app = chain<R>().use(${name})${handler};
export const twice = chain<R>().use(outer).use(${name}).use(outer).use(${name})${handler};
`,
      });
    });
  }
});

describe('true positives near them', () => {
  it('const p = next(); try { if (c) throw … } finally { … } return p; (the throw escapes the finally, p unread)', () => {
    const p = gen('r5-check3-heldFinallyThrow', {
      'app.ts': `${header}${R}
const held = middleware('held', async (req: R, next: Next) => {
  const p = next();
  try {
    if (req.n === 4) throw new Error('four');
  } finally {
    req.log.push('finally');
  }
  return p;
});
export const app = chain<R>().use(held).handle(() => new Response('x'));
`,
    });
    expect(diagnostics(p)).toMatch(/keeps next\(\)'s promise in 'p', which the path that throws/);
  });
});
