/** Review 5 probes, C: what the generated module does that the runtime does not (rejections, reads of user getters). */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const handler = ".handle((req) => {\n  req.log.push('handler ' + req.n);\n  if (req.n === 5) throw new Error('boom ' + req.n);\n  return new Response('n=' + req.n);\n})";
const rejecting = `const rejecting = middleware('rejecting', async (req: R, next: Next) => {
  const res = await next();
  return (req.n === 2 ? Promise.reject(new Error('late ' + req.n)) : res) as Response;
});
const rejectingAny = middleware('rejectingAny', async (req: R, next: Next) => {
  const res = await next();
  const out: any = req.n === 3 ? Promise.reject(new Error('any ' + req.n)) : res;
  return out;
});
`;

describe('a promise answered through a lying type, by readers that do not use the response', () => {
  const readers: Record<string, string> = {
    awaitStatement: `async (req: R, next: Next) => {
  await next();
  req.log.push('replaced');
  return new Response('replaced');
}`,
    awaitUnused: `async (req: R, next: Next) => {
  const r = await next();
  req.log.push('replaced ' + typeof r);
  return new Response('replaced');
}`,
    passUp: `async (_req: R, next: Next) => next()`,
    returnAwait: `async (_req: R, next: Next) => {
  return await next();
}`,
    tryAwait: `async (req: R, next: Next) => {
  try {
    await next();
  } catch (e) {
    req.log.push('caught ' + (e as Error).message);
  }
  return new Response('after try');
}`,
    syncReader: `async (req: R, next: Next) => {
  const r = next();
  req.log.push('sync read');
  return r;
}`,
  };
  for (const [name, fn] of Object.entries(readers)) {
    for (const guards of [true, false]) {
      it(`${name}, guards ${guards ? 'on' : 'off'}`, async () => {
        await same(`r5-effects-${name}-${guards}`, {
          'app.ts': `${header}${R}${rejecting}
const reader = middleware('reader', ${fn});
export const app = chain<R>({ guards: ${guards} }).use(reader).use(rejecting).use(rejectingAny)${handler};
export const twice = chain<R>({ guards: ${guards} }).use(reader).use(reader).use(rejecting).use(reader).use(rejectingAny)${handler};
`,
        });
      });
    }
  }
});

describe('reads of user getters on an answer (a non-HTTP chain of plain objects)', () => {
  // Low severity, near "the one difference": every promise resolution step reads `then` of the value it resolves with,
  // so the number of reads of a user-defined `then` getter on an answer follows the number of boundaries the runtime
  // awaits. Runtime (guards on) reads it 13 times for outer -> pass -> outer -> handler, generated 8 (guards off: 4 vs
  // 2). Observable only by a getter named then on a response (a Proxy or an ORM record answered by a non-HTTP chain).
  // Kept as the documented difference: docs/codegen.md, "The one difference", says so with these figures; the probe
  // stays marked as failing so that a change in either count shows here.
  for (const guards of [true, false]) {
    it.fails(`a then getter on the answer is read as often, guards ${guards ? 'on' : 'off'}`, async () => {
      await same(`r5-effects-then-getter-${guards}`, {
        'app.ts': `${header}${R}
const counted = (req: R): Response => {
  const res = new Response('n=' + req.n);
  Object.defineProperty(res, 'then', { get() { req.log.push('then read'); return undefined; } });
  return res;
};
const outer = middleware('outer', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('outer ' + res.status);
  return res;
});
const pass = middleware('pass', async (_req: R, next: Next) => next());
const stamp = middleware.sync('stamp', (_req: R, next: NextSync) => {
  const res = next();
  res.headers.set('x', '1');
  return res;
});
export const app = chain<R>({ guards: ${guards} }).use(outer).use(pass).use(outer).handle(counted);
export const mixed = chain<R>({ guards: ${guards} }).use(outer).use(stamp).handle(counted);
export const only = chain<R>({ guards: ${guards} }).handle(counted);
`,
      });
    });
  }
});
