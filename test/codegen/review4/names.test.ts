/** Review 4 probes: names a program can observe (function/class .name, enum members) and var/function redeclaring a parameter. */
import { describe, expect, it } from 'vitest';
import type { Project } from '../../codegen-support/compare.js';
import { R, header, same } from '../review/lib.js';

/** The comment lines of the copies of `layer` in the generated app.gen.ts (one per copy, inlined or called). */
const copies = (p: Project, layer: string): string[] =>
  p
    .generated('app.ts')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.startsWith(`// layer '${layer}' (`));

/** Every copy of `layer` is inlined (its code is in the flat function, not called through the kernel), `count` of them. */
function inlined(p: Project, layer: string, count: number): void {
  const lines = copies(p, layer);
  expect(lines.filter((l) => l.includes(' is called, not inlined')), `layer '${layer}' called in ${p.dir}`).toEqual([]);
  expect(lines.length, `copies of '${layer}'`).toBe(count);
}

/** Every copy of `layer` is called, with a reason that says `why`. */
function called(p: Project, layer: string, why: string): void {
  const lines = copies(p, layer);
  expect(lines.length, `copies of '${layer}'`).toBeGreaterThan(0);
  for (const line of lines) expect(line).toContain(` is called, not inlined: ${why}`);
}

const handler = ".handle((req) => {\n  req.log.push('handler ' + req.n);\n  return new Response('n=' + req.n);\n})";

describe('observable names in realistic layers used in several chains and sub-chains', () => {
  it('an error class declared in a layer (its name in the message), a named handler function, an inferred arrow name', async () => {
    await same('r4-names-observable', {
      'app.ts': `${header}${R}
const errors = middleware('errors', async (req: R, next: Next) => {
  class LayerError extends Error {
    override name = 'LayerError';
  }
  const describeIt = (e: unknown) => (e instanceof Error ? e.name + ': ' + e.message : String(e));
  try {
    if (req.n === 3) throw new LayerError('three');
    return await next();
  } catch (e) {
    req.log.push(describeIt.name + ' ' + describeIt(e) + ' ' + LayerError.name);
    return new Response('error ' + describeIt(e), { status: 500 });
  }
});
const naming = middleware('naming', async (req: R, next: Next) => {
  function step() {
    return 'step';
  }
  let fn;
  fn = () => 1;
  const { g = () => 2 } = {} as { g?: () => number };
  req.log.push([step.name, fn.name, g.name].join(','));
  return next();
});
const sub = chain<R>().use(naming).use(errors);
export const a = chain<R>().use(errors).use(naming).use(errors).use(naming)${handler};
export const b = chain<R>().use(sub).use(sub)${handler};
export const c = chain<R>().use(naming).use(sub).handle((req) => {
  if (req.n === 4) throw new Error('four');
  return new Response('c ' + req.n);
});
`,
    });
  });
  it('a local named like an import another copy reads (format, from utils), a function named like a global', async () => {
    await same('r4-names-import', {
      'utils.ts': "export const format = (n: number): string => 'fmt ' + n;\n",
      'app.ts': `${header}${R}
import { format } from './utils.js';
const first = middleware('first', async (req: R, next: Next) => {
  function format() {
    return 'local';
  }
  req.log.push(format.name + ' ' + format());
  return next();
});
const second = middleware('second', async (req: R, next: Next) => {
  req.log.push(format(req.n));
  return next();
});
const third = middleware('third', async (req: R, next: Next) => {
  function structuredClone(v: unknown) {
    return 'mine ' + String(v);
  }
  const res = await next();
  req.log.push(structuredClone.name + ' ' + structuredClone(1));
  return res;
});
const fourth = middleware('fourth', async (req: R, next: Next) => {
  req.log.push(JSON.stringify(structuredClone({ n: req.n })));
  return next();
});
export const app = chain<R>().use(first).use(second).use(third).use(fourth)${handler};
export const again = chain<R>().use(third).use(first).use(fourth).use(second)${handler};
`,
    });
  });
});

describe('redeclared parameters', () => {
  it('var req in a for loop, var in a catch, var destructuring req', async () => {
    await same('r4-names-redeclare', {
      'app.ts': `${header}${R}
const loopVar = middleware('loopVar', async (req: R, next: Next) => {
  const res = await next();
  for (var req of [{ n: 99, log: [] as string[] }]) res.headers.set('x-loop', String(req.n));
  return res;
});
const catchVar = middleware('catchVar', async (req: R, next: Next) => {
  try {
    return await next();
  } catch (e) {
    var req = { n: -1, log: [] as string[] };
    return new Response('caught ' + req.n + ' ' + String(e));
  }
});
const destructure = middleware('destructure', async (req: R, next: Next) => {
  var { req } = { req: { n: req.n * 10, log: req.log } as R };
  const res = await next();
  res.headers.set('x-req', String(req));
  return res;
});
export const app = chain<R>().use(loopVar).use(catchVar).use(destructure).use(loopVar).use(destructure).handle((req) => {
  if (req.n === 5) throw new Error('five');
  return new Response('n=' + req.n);
});
`,
    });
  });
});

describe('names of function and class expressions', () => {
  // Fixed, was a bug (silent wrong answer): the name of a named function expression or class expression is observable
  // (f.name, C.name, err.constructor.name in an error mapper), and a second copy renamed it ('inner$2 Inner$2 1' where the
  // runtime logs 'inner Inner 1'). Copies now print every name as written (codegen/generate/names.ts).
  it('const f = function inner() {}, const C = class Inner {}, in a layer used twice (f.name, C.name)', async () => {
    await same('r4-names-expressions', {
      'app.ts': `${header}${R}
const named = middleware('named', async (req: R, next: Next) => {
  const f = function inner() {
    return 1;
  };
  const C = class Inner {};
  req.log.push(f.name + ' ' + C.name + ' ' + f());
  return next();
});
export const app = chain<R>().use(named).use(named)${handler};
export const other = chain<R>().use(named)${handler};
`,
    });
  });
});

describe('shorthand properties over renamed locals', () => {
  it('const { n } = req, { n } as an object, catch ({ message }), a for-of destructuring, each in a layer used twice', async () => {
    await same('r4-names-shorthand', {
      'app.ts': `${header}${R}
const shorthand = middleware('shorthand', async (req: R, next: Next) => {
  const { n } = req;
  const o = { n, twice: n * 2 };
  let message = 'none';
  try {
    if (n === 3) throw new Error('three');
  } catch ({ message: m }: any) {
    message = String(m);
  }
  for (const { k, v } of [{ k: 'a', v: 1 }]) req.log.push(JSON.stringify({ k, v, message, o }));
  const res = await next();
  const { status, ok } = res;
  req.log.push(JSON.stringify({ status, ok }));
  return res;
});
export const app = chain<R>().use(shorthand).use(shorthand)${handler};
`,
    });
  });
});

const errors = `const errors = middleware('errors', async (req: R, next: Next) => {
  try {
    return await next();
  } catch (e) {
    req.log.push('error ' + (e as Error).constructor.name + ': ' + (e as Error).message);
    return new Response((e as Error).message, { status: 500 });
  }
});
`;

describe('user names printed as written (names.ts)', () => {
  it('a layer used twice whose locals throw engine errors (x is not a function, not iterable, TDZ), quoted by an error mapper above', async () => {
    const p = await same('r4-kept-messages', {
      'app.ts': `${header}${R}
export const routes: Record<string, ((n: number) => string) | undefined> = { a: (n) => 'route a ' + n };
export const lists = new Map<number, string[]>([[0, ['x']], [1, ['y']]]);
${errors}
const route = middleware('route', async (req: R, next: Next) => {
  const status = () => res.status;
  if (req.n === 5 && req.log.length > 1) req.log.push('early ' + status());
  const handle = routes[req.n === 4 && req.log.length > 1 ? 'b' : 'a']!;
  req.log.push(handle(req.n));
  const items = lists.get(req.n === 2 && req.log.length > 1 ? 9 : 0) as string[];
  for (const item of items) req.log.push(item);
  const res = await next();
  req.log.push('status ' + status());
  return res;
});
export const app = chain<R>().use(errors).use(route).use(route).handle((req) => new Response('n ' + req.n));
`,
    });
    inlined(p, 'route', 2);
    inlined(p, 'errors', 1);
  });

  it('two layers from two modules, each importing a different log; a name exported as another (export { x as y })', async () => {
    const p = await same('r4-kept-imports', {
      'log-a.ts': "export const log = (req: { log: string[] }, s: string): void => {\n  req.log.push('a: ' + s);\n};\n",
      'log-b.ts': "export const log = (req: { log: string[] }, s: string): void => {\n  req.log.push('b: ' + s);\n};\n",
      'a.ts': `${header}import { log } from './log-a.js';
const prefix = 'A';
export { prefix as aPrefix };
export const first = middleware('first', async (req: { n: number; log: string[] }, next: Next) => {
  log(req, prefix + req.n);
  return next();
});
`,
      'b.ts': `${header}import { log } from './log-b.js';
export const second = middleware('second', async (req: { n: number; log: string[] }, next: Next) => {
  log(req, 'B' + req.n);
  if (req.n === 3) (log as unknown as { missing(): void }).missing();
  return next();
});
`,
      'app.ts': `${header}${R}import { first } from './a.js';
import { second } from './b.js';
${errors}
export const app = chain<R>().use(errors).use(first).use(second).use(first)${handler};
`,
    });
    inlined(p, 'first', 2);
    called(p, 'second', "its 'log' cannot be imported under that name");
    expect(p.generated('app.ts')).toContain('import { aPrefix as prefix } from "./a.js";');
  });

  it('a var in a layer used twice (one binding in the flat function), and in a layer used once', async () => {
    const p = await same('r4-kept-var', {
      'app.ts': `${header}${R}
${errors}
const tally = middleware('tally', async (req: R, next: Next) => {
  var seen = req.log.length;
  req.log.push('in ' + seen);
  const res = await next();
  req.log.push('out ' + seen);
  return res;
});
const once = middleware('once', async (req: R, next: Next) => {
  if (req.n > 2) {
    var big: number | undefined = req.n * 10;
  }
  const res = await next();
  req.log.push('big ' + String(big));
  return res;
});
export const app = chain<R>().use(errors).use(tally).use(once).use(tally).handle((req) => {
  req.log.push('handler');
  if (req.n === 4) throw new TypeError('four');
  return new Response('n ' + req.n);
});
`,
    });
    called(p, 'tally', "its var 'seen' belongs to the whole flat function");
    inlined(p, 'once', 1);
  });

  it('locals that shadow globals another copy reads (Response, URL, fetch), and the same in a block the layers below do not run in', async () => {
    const p = await same('r4-kept-globals', {
      'app.ts': `${header}${R}
${errors}
const shadow = middleware('shadow', async (req: R, next: Next) => {
  const Response = 'my response';
  const URL = 'my url';
  const fetch = 'my fetch';
  req.log.push([Response, URL, fetch].join(','));
  return next();
});
const blocked = middleware('blocked', async (req: R, next: Next) => {
  if (req.n === 1) {
    const URL = 'block url';
    const fetch = 'block fetch';
    req.log.push(URL + ' ' + fetch);
  }
  return next();
});
const reader = middleware('reader', async (req: R, next: Next) => {
  req.log.push(new URL('http://h/p' + req.n).pathname + ' ' + typeof fetch);
  return next();
});
export const app = chain<R>().use(errors).use(shadow).use(blocked).use(reader).handle((req) => new Response('n ' + req.n));
`,
    });
    called(p, 'shadow', "its local 'Response' is visible where the layers below run, and would hide the global 'Response' that");
    inlined(p, 'blocked', 1);
    inlined(p, 'reader', 1);
  });

  it('the same shadowing locals in a layer below every copy that reads those globals', async () => {
    const p = await same('r4-kept-globals-below', {
      'app.ts': `${header}${R}
export const respond = (body: string): Response => new Response(body);
const reader = middleware('reader', async (req: R, next: Next) => {
  req.log.push(new URL('http://h/p' + req.n).pathname + ' ' + typeof fetch);
  const res = await next();
  return res.status === 200 ? res : new Response('mapped', { status: 502 });
});
const shadow = middleware('shadow', async (req: R, next: Next) => {
  const Response = 'my response';
  const URL = 'my url';
  const fetch = 'my fetch';
  req.log.push([Response, URL, fetch].join(','));
  return next();
});
export const app = chain<R>().use(reader).use(shadow).handle((req) => respond('n ' + req.n));
`,
    });
    inlined(p, 'reader', 1);
    inlined(p, 'shadow', 1);
  });

  it('const res = await next() above copies that declare res of their own, read by a closure before it is set (TDZ)', async () => {
    const p = await same('r4-kept-res', {
      'app.ts': `${header}${R}
${errors}
const early = middleware('early', async (req: R, next: Next) => {
  req.log.push('enter ' + req.n);
  const status = () => res.status;
  if (req.n === 1 && req.log.length > 1) req.log.push('early ' + status());
  const res = await next();
  req.log.push('late ' + status());
  return res;
});
const stamp = middleware('stamp', async (_req: R, next: Next) => {
  const res = await next();
  res.headers.append('x-stamp', String(res.status));
  return res;
});
export const app = chain<R>().use(errors).use(early).use(stamp).use(early).use(stamp).handle((req) => {
  if (req.n === 3) throw new Error('three');
  return new Response('n ' + req.n, { status: 200 + req.n });
});
`,
    });
    inlined(p, 'early', 2);
    inlined(p, 'stamp', 2);
    expect(p.generated('app.ts')).toMatch(/const res = res\$\d+;/);
  });

  it('a named function expression, a class expression thrown as an error, in a layer used twice under an error mapper', async () => {
    const p = await same('r4-kept-expressions', {
      'app.ts': `${header}${R}
${errors}
const named = middleware('named', async (req: R, next: Next) => {
  const check = function validate(n: number) {
    return n < 4;
  };
  const Failure = class ValidationError extends Error {};
  req.log.push(check.name + ' ' + Failure.name);
  if (!check(req.n)) throw new Failure('invalid ' + req.n);
  return next();
});
export const app = chain<R>().use(errors).use(named).use(named)${handler};
`,
    });
    inlined(p, 'named', 2);
  });

  it('the timing layer used twice (const start, const res) stays inlined, as does a layer with a local named like glue (req$2, res$2)', async () => {
    const p = await same('r4-kept-timing', {
      'app.ts': `${header}${R}
const timing = middleware('timing', async (req: R, next: Next) => {
  const start = performance.now();
  const res = await next();
  req.log.push('took ' + (performance.now() - start >= 0));
  return res;
});
const glue = middleware('glue', async (req: R, next: Next) => {
  const req$2 = 'mine';
  const res$2 = await next();
  req.log.push(req$2 + ' ' + res$2.status);
  return res$2;
});
export const app = chain<R>().use(timing).use(glue).use(timing)${handler};
`,
    });
    inlined(p, 'timing', 2);
    inlined(p, 'glue', 1);
  });
});
