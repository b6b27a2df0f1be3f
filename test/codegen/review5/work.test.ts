/**
 * Review 5 probes, B/C: an inlined layer that starts asynchronous work before next() and goes on without waiting
 * (forms.ts startsWork reads it from types), against the layers below.
 */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const below = `const below = middleware('below', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('below after');
  return res;
});
const below2 = middleware('below2', async (req: R, next: Next) => {
  req.log.push('below2 before');
  const res = await next();
  req.log.push('below2 after');
  return res;
});
export const audit = async (log: string[], what: string): Promise<void> => {
  await null;
  log.push('audit ' + what);
};
`;
const handler = ".handle((req) => {\n  req.log.push('handler ' + req.n);\n  return new Response('n=' + req.n);\n})";

const cases: Record<string, [string, boolean]> = {
  // typed as a promise: kept yields (the documented case), a regression test
  voidAudit: [`async (req: R, next: Next) => {
  void audit(req.log, 'void');
  return next();
}`, true],
  // BUG (order of effects inside the chain): work a layer starts before next() without waiting runs alongside the layers
  // below; startsWork (codegen/generate/forms.ts) finds it only by a call whose type has a `then`. queueMicrotask(cb)
  // returns void, so the yields below are dropped: runtime log [below2 before, handler 0, microtask, below2 after,
  // below after], generated [below2 before, handler 0, below2 after, below after, microtask]. Minimal: layer
  // `queueMicrotask(() => req.log.push('m')); return next();` over `const res = await next(); req.log.push('after')`.
  // Also process.nextTick, an EventEmitter with async listeners, etc. Likely codegen/generate/forms.ts startsWork.
  microtask: [`async (req: R, next: Next) => {
  queueMicrotask(() => req.log.push('microtask'));
  return next();
}`, false],
  // BUG: as above: ['a'].forEach(async (x) => { await null; log('saved') }) returns void; runtime logs 'saved a'
  // before 'below2 after', generated after 'below after'. An async function literal passed anywhere is work started.
  forEachAsync: [`async (req: R, next: Next) => {
  ['a'].forEach(async (x) => {
    await null;
    req.log.push('saved ' + x);
  });
  return next();
}`, false],
  // BUG: as above, with a lying type: `const fire = audit as (…) => void; fire(req.log, 'lie'); return next();` (audit
  // is async): runtime 'audit lie' before 'below2 after', generated last.
  lyingVoid: [`async (req: R, next: Next) => {
  const fire = audit as (log: string[], what: string) => void;
  fire(req.log, 'lie');
  return next();
}`, false],
  // BUG: as above, and a common shape: start a batch before next(), await it after. `ids.map((id) => audit(…))` is
  // typed Promise<void>[] (no then), and the audit calls sit in a nested arrow, which startsWork skips: runtime
  // [below2 before, handler 0, audit a, audit b, below2 after, below after, …], generated [below2 before, handler 0,
  // below2 after, below after, audit a, audit b, …].
  mapBatch: [`async (req: R, next: Next) => {
  const pending = ['a', 'b'].map((id) => audit(req.log, id));
  const res = await next();
  await Promise.all(pending);
  req.log.push('batch done');
  return res;
}`, false],
  // An array literal of calls: the calls are the layer's own, typed as promises: yields kept (regression test).
  arrayBatch: [`async (req: R, next: Next) => {
  const pending = [audit(req.log, 'a'), audit(req.log, 'b')];
  const res = await next();
  await Promise.all(pending);
  req.log.push('batch done');
  return res;
}`, true],
  // Promise.resolve().then(cb) as a statement: the outer call has a then, so the yields are kept (regression test).
  thenDropped: [`async (req: R, next: Next) => {
  Promise.resolve().then(() => req.log.push('then'));
  return next();
}`, true],
};

describe('work started before next() runs alongside the layers below as far along as in the runtime chain', () => {
  for (const [name, [fn, ok]] of Object.entries(cases)) {
    (ok || process.env['R5_ALL'] ? it : it.fails)(name, async () => {
      await same(`r5-work-${name}`, {
        'app.ts': `${header}${R}${below}
const ${name} = middleware('${name}', ${fn});
export const app = chain<R>().use(${name}).use(below).use(below2)${handler};
`,
      });
    });
  }
});
