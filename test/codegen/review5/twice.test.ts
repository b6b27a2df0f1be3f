/**
 * Review 5 probes: layers whose next() can run twice on one path, in the shapes codegen INLINES (direct calls in the
 * layer's own code, outside loops). Check must report them: the generated copy has no NEXT_TWICE guard, so a miss
 * is a silent difference (the layers below and the handler run twice instead of the runtime's NEXT_TWICE).
 */
import { describe, expect, it } from 'vitest';
import { R, diagnostics, gen, header, same } from '../review/lib.js';
import { strictConfig } from '../../codegen-support/compare.js';

const loose = { ...strictConfig, compilerOptions: { ...strictConfig.compilerOptions, noFallthroughCasesInSwitch: false } };

const cases: Record<string, string> = {
  afterSwallowingTry: `async (req: R, next: Next) => {
  try {
    await next();
    if (req.n === 1) throw new Error('after');
  } catch {
    req.log.push('swallowed');
  }
  return next();
}`,
  nullishFallback: `async (req: R, next: Next) => {
  const r = req.n > 2 ? await next() : undefined;
  return r ?? next();
}`,
  orFallback: `async (_req: R, next: Next) => (await next()) || next()`,
  labeledBreak: `async (req: R, next: Next) => {
  done: {
    if (req.n === 1) {
      await next();
      break done;
    }
  }
  return next();
}`,
  switchFallthrough: `async (req: R, next: Next) => {
  switch (req.n) {
    case 1:
      await next();
    case 2:
      return next();
  }
  return new Response('x');
}`,
  twoIfs: `async (req: R, next: Next) => {
  if (req.n > 1) await next();
  if (req.n > 2) return next();
  return new Response('x');
}`,
  constFlagThird: `async (req: R, next: Next) => {
  const skip = req.n > 2;
  if (skip) await next();
  if (!skip) return next();
  return next();
}`,
  sequenceOperand: `async (req: R, next: Next) => {
  const a = (await next()).status + (req.n > 1 ? (await next()).status : 0);
  return new Response(String(a));
}`,
  ternaryBoth: `async (req: R, next: Next) => {
  const res = req.n > 1 ? await next() : await next();
  return req.n > 3 ? next() : res;
}`,
  syncTwiceViaCatch: `(req: R, next: NextSync) => {
  let res: Response;
  try {
    res = next();
    if (req.n === 1) throw new Error('x');
  } catch {
    res = new Response('c');
  }
  return req.n === 1 ? next() : res;
}`,
};

describe('check reports a second next() on one path, in inlinable shapes', () => {
  for (const [name, fn] of Object.entries(cases)) {
    it(name, () => {
      const sync = fn.includes('NextSync');
      const p = gen(`r5-twice-${name}`, {
        'app.ts': `${header}${R}
const ${name} = middleware${sync ? '.sync' : ''}('${name}', ${fn});
export const app = chain<R>().use(${name}).handle((req) => new Response('n' + req.n));
`,
      }, loose);
      expect(diagnostics(p)).toMatch(/twice|more than once/);
    });
  }
});

describe('one call per path after all (check must pass these)', () => {
  it('try { if (c) return await next(); } finally { … } return next();', async () => {
    await same('r5-twice-finallyAfter', {
      'app.ts': `${header}${R}
const finallyAfter = middleware('finallyAfter', async (req: R, next: Next) => {
  try {
    if (req.n === 1) return await next();
  } finally {
    req.log.push('f');
  }
  return next();
});
export const app = chain<R>().use(finallyAfter).use(finallyAfter).handle((req) => {
  if (req.n === 5) throw new Error('boom');
  return new Response('n' + req.n);
});
`,
    });
  });
});
