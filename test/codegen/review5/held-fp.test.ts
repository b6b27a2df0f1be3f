/**
 * Review 5 probes, A: a held next() promise awaited as the first thing a try does, with a catch that answers a
 * fallback. Every path reads the promise (the catch is only reached through the await), so check must pass.
 */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const handler = ".handle((req) => {\n  req.log.push('handler ' + req.n);\n  if (req.n === 5) throw new Error('boom ' + req.n);\n  return new Response('n=' + req.n);\n})";

const cases: Record<string, string> = {
  minimal: `async (_req: R, next: Next) => {
  const p = next();
  try {
    return await p;
  } catch {
    return new Response('fallback', { status: 500 });
  }
}`,
  declareInTry: `async (req: R, next: Next) => {
  const p = next();
  req.log.push('started');
  try {
    const res = await p;
    req.log.push('got ' + res.status);
    return res;
  } catch (e) {
    req.log.push('caught ' + (e as Error).message);
    return new Response('held', { status: 500 });
  }
}`,
  timedOut: `async (req: R, next: Next) => {
  const started = Date.now();
  const p = next();
  try {
    const res = await p;
    res.headers.set('x-ms', String(Date.now() - started >= 0));
    return res;
  } catch (e) {
    req.log.push('failed');
    throw e;
  }
}`,
  callBeforeAwait: `async (req: R, next: Next) => {
  const p = next();
  try {
    req.log.push('in try');
    return await p;
  } catch {
    return new Response('fallback', { status: 500 });
  }
}`,
  awaitThenReturnAfter: `async (_req: R, next: Next) => {
  const p = next();
  try {
    await p;
  } catch {
    return new Response('fallback', { status: 500 });
  }
  return p;
}`,
  arrayInTry: `async (_req: R, next: Next) => {
  const ps = [next()];
  try {
    const [r] = await Promise.all(ps);
    return r!;
  } catch {
    return new Response('fallback', { status: 500 });
  }
}`,
  inCallback: `async (req: R, next: Next) =>
  als.run({ id: req.n }, async () => {
    const p = next();
    try {
      return await p;
    } catch {
      return new Response('fallback', { status: 500 });
    }
  })`,
};

describe('a held promise awaited first in a try whose catch answers', () => {
  for (const [name, fn] of Object.entries(cases)) {
    // Fixed (was a false positive of check, priority A: "keeps next()'s promise in 'p', which a path to the end of the
    // layer never awaits or returns"). The catch's input was every point of the try where something may throw,
    // including the entry of each statement with p not yet read (before `await p`, which reads it before it can
    // throw) and the throw of a call, which the rule for throw paths otherwise ignores. Now, in
    // codegen/analysis/next-flow.ts, a statement's entry reaches the catch with no promise held (a throw the walk
    // does not model), a call's or an await's throw reaches it marked (State.byCall: not reported at the end of the
    // layer, still reported at a throw statement, so `try { use(); } catch (e) { throw e; }` with p unread is), and a
    // throw statement the catch catches keeps its state.
    it(name, async () => {
      await same(`r5-heldfp-${name}`, {
        'app.ts': `${header}import { AsyncLocalStorage } from 'node:async_hooks';
${R}
const ${name} = middleware('${name}', ${fn});
export const app = chain<R>().use(${name})${handler};
export const als = new AsyncLocalStorage<{ id: number }>();
export const twice = chain<R>().use(${name}).use(${name})${handler};
`,
      });
    });
  }
});
