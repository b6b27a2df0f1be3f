/** Review 5 probes, A: next()'s promise kept in collections of the layer (Map, WeakMap, pushes), correct code. */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const handler = ".handle((req) => {\n  req.log.push('handler ' + req.n);\n  if (req.n === 5) throw new Error('boom ' + req.n);\n  return new Response('n=' + req.n);\n})";
const cases: Record<string, string> = {
  pushTwoAll: `async (req: R, next: Next) => {
  const pending: Promise<unknown>[] = [];
  pending.push(next());
  pending.push(Promise.resolve(req.log.push('side')));
  const [res] = await Promise.all(pending);
  return res as Response;
}`,
  mapSetGet: `async (_req: R, next: Next) => {
  const m = new Map<string, Promise<Response>>();
  m.set('main', next());
  return m.get('main')!;
}`,
  inflightDedup: `async (req: R, next: Next) => {
  inflight.set(req, next());
  try {
    return await inflight.get(req)!;
  } finally {
    inflight.delete(req);
  }
}`,
  concatAll: `async (_req: R, next: Next) => {
  const [res] = await Promise.all([next()].concat([]));
  return res!;
}`,
};

describe('next() kept in collections', () => {
  for (const [name, fn] of Object.entries(cases)) {
    it(name, async () => {
      await same(`r5-kept-${name}`, {
        'app.ts': `${header}${R}
export const inflight = new WeakMap<object, Promise<Response>>();
const ${name} = middleware('${name}', ${fn});
export const app = chain<R>().use(${name})${handler};
export const twice = chain<R>().use(${name}).use(${name})${handler};
`,
      });
    });
  }
});
