/**
 * A layer using a name its module declares by destructuring (`export const { queueMicrotask: q } = globalThis`) is
 * called, not inlined (codegen imports only names declared one by one); the generated comment said the module does
 * not export it, which was wrong when it does.
 */
import { describe, expect, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const app = (exported: boolean) => `${header}${R}
${exported ? 'export ' : ''}const { queueMicrotask: q } = globalThis;
const a = middleware('a', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('a after');
  return res;
});
const queued = middleware('queued', async (req: R, next: Next) => {
  q(() => req.log.push('q'));
  return next();
});
export const api = chain<R>().use(a).use(queued).handle((req) => {
  req.log.push('handler');
  return new Response('n ' + req.n);
});
`;

describe('a name declared by destructuring', () => {
  it('exported: the layer is called, and its comment says why', async () => {
    const p = await same('r10-destructured', { 'app.ts': app(true) });
    expect(p.generated('app.ts')).toContain("layer 'queued' (app.ts:17) is called, not inlined: it uses 'q', which app.ts declares by destructuring (export const { … } = …), and codegen imports only names declared one by one");
  });

  it('not exported: the same, without the export', async () => {
    const p = await same('r10-destructured-local', { 'app.ts': app(false) });
    expect(p.generated('app.ts')).toContain("it uses 'q', which app.ts declares by destructuring, and codegen imports only names declared one by one");
  });
});
