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
  // FIXED (order of effects inside the chain): work a layer starts before next() without waiting runs alongside the
  // layers below; startsWork (codegen/generate/forms.ts) used to find it only by a call whose type has a `then`, and
  // queueMicrotask(cb) returns void, so the yields below were dropped (runtime [below2 before, handler 0, microtask,
  // below2 after, below after], generated [..., below after, microtask]). It now also detects a call of the global
  // queueMicrotask or process.nextTick. (An EventEmitter with async listeners is still not seen.)
  microtask: [`async (req: R, next: Next) => {
  queueMicrotask(() => req.log.push('microtask'));
  return next();
}`, true],
  // FIXED: as above: ['a'].forEach(async (x) => { await null; log('saved') }) returns void; runtime logs 'saved a'
  // before 'below2 after', generated used to log it after 'below after'. An async function literal passed as an
  // argument (outside an awaited expression) is now work started.
  forEachAsync: [`async (req: R, next: Next) => {
  ['a'].forEach(async (x) => {
    await null;
    req.log.push('saved ' + x);
  });
  return next();
}`, true],
  // FIXED: as above, with a lying type: `const fire = audit as (…) => void; fire(req.log, 'lie'); return next();` (audit
  // is async): runtime 'audit lie' before 'below2 after', generated last. Work is now read from the callee's code
  // (analysis/work.ts), and an async function called where its answer is not waited for is work, whatever its type.
  lyingVoid: [`async (req: R, next: Next) => {
  const fire = audit as (log: string[], what: string) => void;
  fire(req.log, 'lie');
  return next();
}`, true],
  // FIXED: as above, and a common shape: start a batch before next(), await it after. `ids.map((id) => audit(…))` is
  // typed Promise<void>[] (no then), and the audit calls sit in a nested arrow, which startsWork used to skip (runtime
  // [below2 before, handler 0, audit a, audit b, below2 after, below after, …], generated [below2 before, handler 0,
  // below2 after, below after, audit a, audit b, …]). A function literal argument whose own code makes a call that
  // starts work is now work started.
  mapBatch: [`async (req: R, next: Next) => {
  const pending = ['a', 'b'].map((id) => audit(req.log, id));
  const res = await next();
  await Promise.all(pending);
  req.log.push('batch done');
  return res;
}`, true],
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
