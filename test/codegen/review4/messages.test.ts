/** Review 4 probes: error messages the engine writes with the names of the code (x is not a function, TDZ), after renaming. */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

describe('engine error messages that quote a renamed local', () => {
  // Fixed, was a bug (silent wrong answer in error messages): V8 writes the source names of the code into its
  // TypeError/ReferenceError messages ("parse is not a function", "res is not iterable", "Cannot access 'limit' before
  // initialization"). A copy renamed its locals (a second copy always; the first too when the generated module already
  // took the name, as 'res' was), so an error mapper that answers or logs e.message told: "parse$2 is not a function".
  // Copies now print every name as written, and the generated module's own names are fresh against them
  // (codegen/generate/names.ts).
  it('a parser lookup that misses (parse is not a function), in a layer used twice, under an error mapper that answers e.message', async () => {
    await same('r4-messages-call', {
      'app.ts': `${header}${R}
export const parsers: Record<string, ((s: string) => number) | undefined> = { num: Number };
const errors = middleware('errors', async (req: R, next: Next) => {
  try {
    return await next();
  } catch (e) {
    req.log.push('error ' + (e as Error).message);
    return new Response((e as Error).message, { status: 500 });
  }
});
const parseBody = middleware('parseBody', async (req: R, next: Next) => {
  const parse = parsers[req.n === 3 && req.log.length > 0 ? 'xml' : 'num']!;
  req.log.push('parsed ' + parse(String(req.n)));
  return next();
});
export const app = chain<R>().use(errors).use(parseBody).use(parseBody).handle((req) => new Response('n ' + req.n));
`,
    });
  });
  // Fixed, as above: the TDZ message names the local as written.
  it('a local read before its declaration (Cannot access before initialization), in a layer used twice', async () => {
    await same('r4-messages-tdz', {
      'app.ts': `${header}${R}
const errors = middleware('errors', async (_req: R, next: Next) => {
  try {
    return await next();
  } catch (e) {
    return new Response((e as Error).message, { status: 500 });
  }
});
const early = middleware('early', async (req: R, next: Next) => {
  const get = { read: () => limit };
  if (req.n === 2 && req.log.length > 0) req.log.push('limit ' + get.read());
  const limit = 10;
  req.log.push('limit ' + get.read());
  return next();
});
export const app = chain<R>().use(errors).use(early).use(early).handle((req) => new Response('n ' + req.n));
`,
    });
  });
  // Fixed, as above, with ONE copy: the flat function took 'res' first, so the layer's own 'res' printed as res$3.
  it('a local named res (the generated module takes that name) iterated while undefined (res is not iterable)', async () => {
    await same('r4-messages-res', {
      'app.ts': `${header}${R}
export const lists = new Map<number, string[]>([[1, ['a']]]);
const errors = middleware('errors', async (_req: R, next: Next) => {
  try {
    return await next();
  } catch (e) {
    return new Response((e as Error).message, { status: 500 });
  }
});
const walk = middleware('walk', async (req: R, next: Next) => {
  const res = lists.get(req.n) as string[];
  for (const item of res) req.log.push(item);
  return next();
});
export const app = chain<R>().use(errors).use(walk).handle((req) => new Response('n ' + req.n));
`,
    });
  });
});
