/** Review 4 probes: fire-and-forget work a layer starts itself (inside the chain), racing the layers below. */
import { describe, expect, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

describe('a layer that fires an async audit before next()', () => {
  // FIXED (found by review 4) (order of effects inside the chain; or a docs gap): a layer's own fire-and-forget async work (void audit(), a
  // metrics send) races the layers below it. The runtime (guards on and off alike) logs ['inner in','handler','audit start',
  // 'inner out','auditing out']; the generated ['inner in','handler','inner out','auditing out','audit start']: the inlined
  // `await next()`s no longer yield. docs/codegen.md ("The one difference") says only code OUTSIDE the chain can tell, and
  // that "the order of every effect the chain makes" is the same; here code inside the chain tells. Either the docs must say
  // so, or a layer that starts unawaited async work before next() must keep the yields below it (codegen/generate/plan.ts,
  // as `runsAlongside` does for called layers).
  it('void audit() before await next(), an inlined layer below logging after its await', async () => {
    await same('r4-ticks-audit', {
      'app.ts': `${header}${R}
export const audit = async (log: string[], what: string): Promise<void> => {
  await null;
  log.push('audit ' + what);
};
const auditing = middleware('auditing', async (req: R, next: Next) => {
  void audit(req.log, 'start');
  const res = await next();
  req.log.push('auditing out');
  return res;
});
const inner = middleware('inner', async (req: R, next: Next) => {
  req.log.push('inner in');
  const res = await next();
  req.log.push('inner out');
  return res;
});
export const app = chain<R>().use(auditing).use(inner).handle((req) => {
  req.log.push('handler');
  return new Response('ok ' + req.n);
});
`,
    });
  });
  it('a promise kept before next() and awaited after it, and a .catch(log) fired before next(), inlined layers below', async () => {
    const p = await same('r4-ticks-kept', {
      'app.ts': `${header}${R}
export const audit = async (log: string[], what: string): Promise<void> => {
  await null;
  log.push('audit ' + what);
};
const kept = middleware('kept', async (req: R, next: Next) => {
  const pending = audit(req.log, 'kept');
  const res = await next();
  await pending;
  req.log.push('kept out');
  return res;
});
const fired = middleware('fired', async (req: R, next: Next) => {
  audit(req.log, 'fired').catch(() => req.log.push('lost'));
  return next();
});
const inner = middleware('inner', async (req: R, next: Next) => {
  req.log.push('inner in');
  const res = await next();
  req.log.push('inner out');
  return res;
});
export const app = chain<R>().use(kept).use(inner).use(fired).use(inner).handle((req) => {
  req.log.push('handler');
  return new Response('ok ' + req.n);
});
`,
    });
    expect(p.generated('app.ts')).toContain("it starts audit(…) and does not wait for it");
  });
});

