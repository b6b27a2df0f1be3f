/**
 * The shapes that once made the generated handler answer something else than
 * the runtime chain (issue 10, classes 1-8 and 10), each as users write it, in
 * a project of its own with every strict flag on: codegen must generate it,
 * the generated module must compile where the source does, and for every
 * request the generated handler must answer as the runtime chain does (guards
 * on and off), effects in the same order. Where a shape cannot be inlined
 * without changing meaning, it must be called, and the output says why.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { casesDir, compare, project, type Project } from '../codegen-support/compare.js';

afterAll(() => {
  if (process.env['KEEP_CASES'] !== '1') fs.rmSync(casesDir, { recursive: true, force: true });
});

const header = "import { chain, middleware, type Next } from 'shallot';\n";
const syncHeader = "import { chain, middleware, type Next, type NextSync } from 'shallot';\n";
const R = 'export interface R {\n  n: number;\n  log: string[];\n}\n';

/** Every chain answers each request the same generated as at run time, guards on and off. */
async function sameEverywhere(p: Project, file: string, requests: readonly Record<string, unknown>[]): Promise<void> {
  expect(p.result.diagnostics.map((d) => `${path.basename(d.file)}:${d.line}: ${d.message}`).join('\n')).toBe('');
  const outcomes = await compare(p, file, requests);
  expect(Object.keys(outcomes).length).toBeGreaterThan(0);
  for (const [name, rows] of Object.entries(outcomes)) {
    rows.forEach(([on, off, generated], i) => {
      expect(off, `${name}, request ${JSON.stringify(requests[i])}: guards off`).toEqual(on);
      expect(generated, `${name}, request ${JSON.stringify(requests[i])}: generated`).toEqual(on);
    });
  }
}

/** The project compiles under tsc with its strict tsconfig, generated modules included. */
function compiles(p: Project): void {
  execFileSync(process.execPath, [path.resolve('node_modules/typescript/bin/tsc'), '-p', p.dir], { stdio: 'pipe' });
}

const requests = [0, 1, 2, 3, 4, 5].map((n) => ({ n }));

describe('class 1: the same layer used twice, directly and inside a sub-chain', () => {
  it('each copy has its own names (let, const, labels, catch bindings; a var is the flat function\'s: called), and answers as the runtime does', async () => {
    const p = project('reuse', {
      'app.ts': `${header}${R}
const tag = middleware('tag', async (req: R, next: Next) => {
  const seen = req.log.length;
  let res: Response = await next();
  check: {
    if (res.status !== 200) break check;
    res = new Response((await res.text()) + ' tagged ' + seen, res);
  }
  try {
    req.log.push('tag ' + seen);
  } catch (error) {
    req.log.push(String(error));
  }
  return res;
});
const both = chain<R>().use(tag).use(tag);
export const app = chain<R>()
  .use(tag)
  .use(both)
  .use(tag)
  .handle((req) => new Response('handled ' + req.n));
const stamp = middleware('stamp', async (req: R, next: Next) => {
  const res = await next();
  res.headers.append('x-stamp', String(req.log.length));
  req.log.push('stamp');
  return res;
});
const count = middleware('count', async (req: R, next: Next) => {
  var before = req.log.length;
  req.log.push('count in');
  const res = await next();
  req.log.push('count ' + before);
  return res;
});
export const twice = chain<R>().use(stamp).use(stamp).use(count).use(count).handle(() => new Response('twice'));
`,
    });
    await sameEverywhere(p, 'app.ts', requests);
    compiles(p);
    expect(p.generated('app.ts').match(/\/\/ layer 'tag' \(app\.ts:\d+\)$/gm)).toHaveLength(4);
    expect(p.generated('app.ts').match(/\/\/ layer 'stamp' \(app\.ts:\d+\)$/gm)).toHaveLength(2);
    // Two copies of one var would be one binding of the flat function: the layer is called.
    expect(p.generated('app.ts').match(/\/\/ layer 'count' \(app\.ts:\d+\) is called, not inlined: its var 'before' belongs to the whole flat function/gm)).toHaveLength(2);
  });
});

describe('class 2: a sub-chain builder spliced twice', () => {
  it('is read twice (no "defined in terms of itself"), and runs twice', async () => {
    const p = project('subchain-twice', {
      'app.ts': `${header}${R}
const stamp = middleware('stamp', async (req: R, next: Next) => {
  req.log.push('stamp ' + req.log.length);
  return next();
});
const security = chain<R>().use(stamp).use(stamp);
export const app = chain<R>().use(security).use(security).handle((req) => new Response(req.log.join(',')));
`,
    });
    await sameEverywhere(p, 'app.ts', requests);
    expect(p.generated('app.ts')).toContain('["stamp", false], ["stamp", false], ["stamp", false], ["stamp", false]');
  });
});

describe('class 3: function expressions as layers and handlers', () => {
  it('their returns leave only their own copy; a nested function keeps its own returns', async () => {
    const p = project('function-expressions', {
      'app.ts': `${header}${R}
const poweredBy = middleware('poweredBy', async function (req: R, next: Next) {
  const label = function (status: number): string {
    if (status >= 400) return 'error';
    return 'ok';
  };
  const res = await next();
  res.headers.set('x-powered-by', 'shallot ' + label(res.status));
  req.log.push('poweredBy');
  return res;
});
async function gate(req: R, next: Next) {
  if (req.n % 3 === 0) return new Response('gated', { status: 403 });
  return next();
}
export const app = chain<R>()
  .use(poweredBy)
  .use(middleware('gate', gate))
  .handle(function (req) {
    if (req.n % 2 === 0) return new Response('even', { status: 404 });
    return new Response('odd');
  });
`,
    });
    await sameEverywhere(p, 'app.ts', requests);
    compiles(p);
    expect(p.generated('app.ts')).not.toContain('is called, not inlined');
  });
});

describe('class 4: try/catch/finally and using around return next(), and a handler returning a promise from try', () => {
  it('a promise returned from a try, a catch with a finally, or a using scope settles after the block is left, as at run time', async () => {
    const p = project('settle-outside', {
      'app.ts': `${header}${R}
export const lock = (req: R, name: string): Disposable => {
  req.log.push(name + ' locked');
  return { [Symbol.dispose]: () => void req.log.push(name + ' released') };
};
export const upstream = async (req: R): Promise<Response> => {
  await Promise.resolve();
  req.log.push('upstream');
  if (req.n % 3 === 2) throw new Error('upstream failed');
  return new Response('from upstream');
};
const audit = middleware('audit', async (req: R, next: Next) => {
  try {
    return next();
  } catch {
    return new Response('never: the promise is not awaited here', { status: 500 });
  } finally {
    req.log.push('audit finally');
  }
});
const locked = middleware('locked', async (req: R, next: Next) => {
  using held = lock(req, 'locked');
  req.log.push('holding ' + typeof held);
  return next();
});
const recover = middleware('recover', async (req: R, next: Next) => {
  try {
    return await next();
  } catch (error) {
    req.log.push('recovered ' + (error as Error).message);
    return new Response('recovered', { status: 502 });
  }
});
export const app = chain<R>()
  .use(recover)
  .use(audit)
  .use(locked)
  .handle(async (req) => {
    try {
      return upstream(req);
    } catch {
      return new Response('never: upstream is returned, not awaited', { status: 500 });
    } finally {
      req.log.push('handler finally');
    }
  });
`,
    });
    await sameEverywhere(p, 'app.ts', requests);
    compiles(p);
    const text = p.generated('app.ts');
    expect(text).toMatch(/layer 'audit' \(app\.ts:\d+\) is called, not inlined: it returns next\(\)'s promise from a try block/);
    expect(text).toMatch(/layer 'locked' \(app\.ts:\d+\) is called, not inlined: it returns next\(\)'s promise from the scope of a using declaration/);
  });
});

describe('class 5: plain functions with promise code', () => {
  it('next().then(…), next().catch(…) and a returned promise are called or settled, never inlined as if awaited', async () => {
    const p = project('plain-promises', {
      'app.ts': `${header}${R}
const after = middleware('after', (req: R, next: Next): Promise<Response> => {
  req.log.push('after in');
  return next().then((res) => {
    req.log.push('after ' + res.status);
    return res;
  });
});
const fallback = middleware('fallback', (req: R, next: Next): Promise<Response> => {
  return next().catch((error: unknown) => {
    req.log.push('fallback ' + (error as Error).message);
    return new Response('fallback', { status: 503 });
  });
});
const straight = middleware('straight', (req: R, next: Next): Promise<Response> => {
  if (req.n === 4) return Promise.resolve(new Response('accepted', { status: 202 }));
  return next();
});
export const app = chain<R>()
  .use(after)
  .use(fallback)
  .use(straight)
  .handle((req) => {
    if (req.n % 2 === 1) throw new Error('odd');
    return new Response('even');
  });
`,
    });
    await sameEverywhere(p, 'app.ts', requests);
    compiles(p);
  });
});

describe('class 6: a called handler returning a promise from a plain function, below a called sync layer', () => {
  it('is awaited where an async layer needs its response, and no await lands in a sync function', async () => {
    const p = project('called-handler', {
      'app.ts': `${syncHeader}${R}
export const handlers: Record<string, (req: R) => Promise<Response>> = {
  main: (req) => Promise.resolve(new Response('main ' + req.n)),
};
const header = middleware('header', async (req: R, next: Next) => {
  const res = await next();
  res.headers.set('x-seen', String(res.status));
  req.log.push('header');
  return res;
});
export const app = chain<R>().use(header).handle(handlers['main']!);
const sealed = (tag: string) => middleware.sync('sealed-' + tag, (req: R, next: NextSync) => {
  req.log.push(tag);
  return next();
});
export const syncApp = chain<R>().use(sealed('a')).handle((req) => new Response('sync ' + req.n));
`,
    });
    await sameEverywhere(p, 'app.ts', requests);
    compiles(p);
    const text = p.generated('app.ts');
    // Called, checked as it answers, then settled for the layer above: the promise is awaited.
    expect(text).toMatch(/(res\$\d+) = appHandler\(req\$?\d*\);\n.*\n\s*if \(isThenable\(\1\)\) \1 = await \1;/);
    const sync = text.slice(text.indexOf("chain 'syncApp' of"));
    expect(sync).not.toMatch(/\bawait\b|async function/);
  });
});

describe('class 7: structure read from values, checked against values', () => {
  it('.use(sub as any) splices the sub-chain; a factory typed with the top type Middleware that returns a sync layer runs as sync; dynamic names come from the run time', async () => {
    const p = project('values', {
      'app.ts': `${syncHeader}import type { Middleware } from 'shallot';
${R}
const one = middleware('one', async (req: R, next: Next) => {
  req.log.push('one');
  return next();
});
const two = middleware('two', async (req: R, next: Next) => {
  req.log.push('two');
  return next();
});
const sub = chain<R>().use(one).use(two);
export const loose = (tag: string): Middleware => middleware.sync('loose-' + tag, (req: R, next: NextSync) => {
  req.log.push('loose ' + tag);
  return next();
}) as unknown as Middleware;
export const app = chain<R>()
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  .use(sub as any)
  .use(middleware(\`dyn-\${'x'.repeat(2)}\`, async (_req: R, next: Next) => next()))
  .handle((req) => new Response('n=' + req.n));
export const syncApp = chain<R>().use(loose('a')).handle(() => new Response('sync'));
`,
    });
    await sameEverywhere(p, 'app.ts', requests);
    const { app, syncApp } = (await import(pathToFileURL(path.join(p.dir, 'app.gen.ts')).href)) as Record<string, { description: { layers: { name: string; sync: boolean }[] } }>;
    expect(app!.description.layers.map((l) => l.name)).toEqual(['one', 'two', 'dyn-xx']);
    expect(syncApp!.description.layers).toEqual([{ name: 'loose-a', sync: true }]);
  });

  it('a generated module whose source chain changed shape throws GENERATED_MISMATCH naming the chain when it loads', async () => {
    const p = project('mismatch', {
      'app.ts': `${header}${R}
const one = middleware('one', async (_req: R, next: Next) => next());
export const app = chain<R>().use(one).handle(() => new Response('ok'));
`,
    });
    expect(p.result.diagnostics).toEqual([]);
    // The source changes after generation (a stale file): one more layer at run time.
    fs.writeFileSync(path.join(p.dir, 'app.ts'), fs.readFileSync(path.join(p.dir, 'app.ts'), 'utf8').replace('.use(one)', '.use(one).use(one)'));
    await expect(import(pathToFileURL(path.join(p.dir, 'app.gen.ts')).href)).rejects.toThrow(
      "the generated handler of chain 'app' (from app.ts) does not match the chain at run time: it has 2 layers at run time, 1 when it was generated",
    );
  });
});

describe('class 8: scope and text', () => {
  it('self-references, writes to a module variable, relative dynamic imports, odd layer names and export default', async () => {
    const p = project('scope', {
      'lib/data.ts': 'export const greeting = "hello";\n',
      'lib/layers.ts': `import { middleware, type Next } from 'shallot';
${R}
export let counter = 0;
export const counting = middleware('counting', async (req: R, next: Next) => {
  counter++;
  req.log.push('counted');
  return next();
});
export const named = middleware('named', async function self(req: R, next: Next) {
  req.log.push('I am ' + self.name);
  return next();
});
export const lazy = middleware('lazy */ and\\nnewline', async (req: R, next: Next) => {
  const { greeting } = await import('./data.js');
  req.log.push(greeting);
  return next();
});
`,
      'app.ts': `import { chain } from 'shallot';
import { counting, lazy, named } from './lib/layers.js';
${R}
const main = chain<R>().use(counting).use(named).use(lazy).handle((req) => new Response('n ' + req.n));
export default main;
`,
    });
    await sameEverywhere(p, 'app.ts', requests);
    compiles(p);
    const text = p.generated('app.ts');
    expect(text).toContain("it assigns to 'counter', a variable of layers.ts, which the generated module can only read");
    expect(text).toContain("it refers to itself by its name 'self'");
    expect(text).toContain('await import("./lib/data.js")');
    expect(text).toContain("layer 'lazy *\\/ and\\nnewline' (lib/layers.ts:");
    expect(text).toMatch(/export \{ \w+ as default \};/);
  });

  it('additions whose functions are typed by the Next annotation, and a handler referring to the module it is exported from', async () => {
    const p = project('additions', {
      'app.ts': `${header}${R}
const withNotes = middleware('withNotes', async (req: R, next: Next<{ note: (line: string) => void }>) =>
  next({ note: (line) => req.log.push('note ' + line) }),
);
export const app = chain<R>()
  .use(withNotes)
  .handle((req) => {
    req.note(String(typeof app));
    return new Response('noted');
  });
`,
    });
    await sameEverywhere(p, 'app.ts', requests);
    compiles(p);
  });
});

describe('class 10: generated modules compile wherever their sources do', () => {
  it('under strict, noUnusedLocals, noUnusedParameters, exactOptionalPropertyTypes, allowUnreachableCode: false, noUncheckedIndexedAccess, verbatimModuleSyntax', async () => {
    const p = project('strict', {
      'app.ts': `${header}${R}
const unused = middleware('unused', async (_req: { n?: number }, next: Next) => next());
const throws = middleware('throws', async (_req: R, _next: Next): Promise<Response> => {
  throw new Error('always');
});
const recover = middleware('recover', async (req: R, next: Next) => {
  try {
    return await next();
  } catch {
    req.log.push('recovered');
    return new Response('recovered', { status: 500 });
  }
});
export const app = chain<R>().use(recover).use(unused).use(throws).handle((_req) => new Response('never'));
export const bare = chain<{}>().handle(() => new Response('no request read'));
`,
    });
    await sameEverywhere(p, 'app.ts', [{ n: 1 }]);
    compiles(p);
  });
});
