/** Review 5 probes, B: the layer value codegen reads vs the one the runtime uses (same names, so expectChain cannot tell). */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const handler = ".handle((req) => new Response('n' + req.n + ' ' + req.log.join(',')))";

describe('which function a layer runs', () => {
  it('a layer chosen by a condition between two of the same name', async () => {
    await same('r5-values-conditional', {
      'app.ts': `${header}${R}
const authA = middleware('auth', async (req: R, next: Next) => {
  req.log.push('A');
  return next();
});
const authB = middleware('auth', async (req: R, next: Next) => {
  req.log.push('B');
  return next();
});
export const flag = globalThis.process.env['R5_NEVER_SET'] === undefined;
const auth = flag ? authB : authA;
const auth2 = (flag && authB) || authA;
export const app = chain<R>().use(auth)${handler};
export const app2 = chain<R>().use(auth2)${handler};
`,
    });
  });
  it('a let reassigned before the chain is built', async () => {
    await same('r5-values-let', {
      'app.ts': `${header}${R}
// eslint-disable-next-line prefer-const
export let auth = middleware('auth', async (req: R, next: Next) => {
  req.log.push('first');
  return next();
});
auth = middleware('auth', async (req: R, next: Next) => {
  req.log.push('second');
  return next();
});
export const app = chain<R>().use(auth)${handler};
`,
    });
  });
  it('a layer from an object property, replaced before the chain is built', async () => {
    await same('r5-values-object', {
      'app.ts': `${header}${R}
export const layers = {
  auth: middleware('auth', async (req: R, next: Next) => {
    req.log.push('first');
    return next();
  }),
};
layers.auth = middleware('auth', async (req: R, next: Next) => {
  req.log.push('replaced');
  return next();
});
export const app = chain<R>().use(layers.auth)${handler};
`,
    });
  });
  it('a layer from a Map / array element', async () => {
    await same('r5-values-array', {
      'app.ts': `${header}${R}
const one = middleware('auth', async (req: R, next: Next) => {
  req.log.push('one');
  return next();
});
const two = middleware('auth', async (req: R, next: Next) => {
  req.log.push('two');
  return next();
});
export const list = [one, two] as const;
list.reverse();
export const app = chain<R>().use(list[0])${handler};
`,
    });
  });
});
