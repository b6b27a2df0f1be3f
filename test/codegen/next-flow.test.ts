/**
 * The next() analysis, one row per shape: what it must report (a second call on
 * one path, a dropped promise, a callback that runs more than once) and what it
 * must not (exclusive branches, ternaries, switch cases that end, a retry that
 * cannot loop back). Each layer is parsed by ts-morph in memory; a row names the
 * problems it expects as `kind@line`, lines counted inside the layer's body.
 */
import { Project } from 'ts-morph';
import { describe, expect, it } from 'vitest';
import { analyseNext, type Role } from '../../codegen/analysis/next-flow.js';
import { isFunctionLiteral } from '../../codegen/analysis/syntax.js';

const project = new Project({ useInMemoryFileSystem: true, compilerOptions: { strict: true, target: 99 } });
let counter = 0;

/** The problems of a layer whose function is `fn` (a function expression text), as `kind@line`. */
function problems(fn: string, role: Role = 'async'): string[] {
  const file = project.createSourceFile(
    `/case${counter++}.ts`,
    `declare const cond: boolean; declare const other: boolean; declare function use(x: unknown): void; declare const items: number[];\nconst retry = async <T,>(fn: () => Promise<T>, times: number): Promise<T> => {\n  for (let i = 0; ; i++) {\n    try {\n      return await fn();\n    } catch (error) {\n      if (i >= times) throw error;\n    }\n  }\n};\nconst once = <T,>(fn: () => T): T => fn();\nconst layer = ${fn};\n`,
  );
  const init = file.getVariableDeclarationOrThrow('layer').getInitializerOrThrow();
  if (!isFunctionLiteral(init)) throw new Error('not a function literal');
  const base = init.getStartLineNumber();
  return analyseNext(init, role).problems.map((p) => `${p.kind}@${p.call.getStartLineNumber() - base}`);
}

const async = (body: string): string => `async (req: {}, next: () => Promise<Response>) => {\n${body}\n}`;
const plain = (body: string): string => `(req: {}, next: () => Promise<Response>) => {\n${body}\n}`;
const sync = (body: string): string => `(req: {}, next: () => Response) => {\n${body}\n}`;

describe('must report', () => {
  it.each([
    ['await next(); return next();', async('await next();\nreturn next();'), ['twice@2']],
    ['two awaited next() in sequence', async('const a = await next();\nconst b = await next();\nreturn b;'), ['twice@2']],
    ['if (c) await next(); return next();', async('if (cond) await next();\nreturn next();'), ['twice@2']],
    ['try { return await next() } finally { await next() }', async('try {\n  return await next();\n} finally {\n  await next();\n}'), ['twice@4']],
    ['try { return await next() } catch { return next() }', async('try {\n  return await next();\n} catch {\n  return next();\n}'), ['twice@4']],
    ['const p = next(); return new Response()', async("const p = next();\nreturn new Response('x');"), ['held@1']],
    ['const p = next(); a path returns without it', async("const p = next();\nif (cond) return new Response('x');\nreturn p;"), ['held@1']],
    ['next() as a statement', async("next();\nreturn new Response('x');"), ['dropped@1']],
    ['void next()', async("void next();\nreturn new Response('x');"), ['dropped@1']],
    ['next().then(…) as a statement', async("next().then((r) => use(r));\nreturn new Response('x');"), ['dropped@1']],
    ['next() inside forEach', async("items.forEach(() => {\n  void use(next());\n});\nreturn new Response('x');"), ['callback@2']],
    ['next() inside map', async("await Promise.all(items.map(() => next()));\nreturn new Response('x');"), ['callback@1']],
    ['next() in a for loop', async("let res = new Response('none');\nfor (let i = 0; i < 2; i++) res = await next();\nreturn res;"), ['twice@2']],
    ['next() in a while loop that retries', async("while (true) {\n  try {\n    return await next();\n  } catch {\n    use(1);\n  }\n}"), ['twice@3']],
    ['next() in a do-while loop', async("let res: Response;\ndo {\n  res = await next();\n} while (res.status === 503);\nreturn res;"), ['twice@3']],
    ['a loop inside a function-expression layer', `async function (req: {}, next: () => Promise<Response>) {\nfor (const _ of items) await next();\nreturn new Response('x');\n}`, ['twice@1']],
    ['next(); return 202 in a plain function', plain("next();\nreturn Promise.resolve(new Response('accepted', { status: 202 }));"), ['dropped@1']],
    ['switch fall-through reaching a second call', async('switch (cond) {\n  case true:\n    await next();\n  default:\n    return next();\n}'), ['twice@5']],
    ['a labelled continue that loops back', async("outer: for (const _ of items) {\n  for (const __ of items) {\n    await next();\n    continue outer;\n  }\n}\nreturn new Response('x');"), ['twice@3']],
    ['&& then another call', async('const a = cond && (await next());\nreturn next();'), ['twice@2']],
    ['a callback and a direct call', async('setTimeout(() => void next());\nreturn next();'), ['dropped@1', 'twice@2']],
    ['a sync layer calling twice', sync('next();\nreturn next();'), ['twice@2']],
    ['a recursive helper that retries', async("const attempt = async (left: number): Promise<Response> => {\n  try {\n    return await next();\n  } catch (error) {\n    if (left > 0) return attempt(left - 1);\n    throw error;\n  }\n};\nreturn attempt(2);"), ['callback@3']],
    ['a callback given to a helper that calls it in a loop', async('return retry(() => next(), 2);'), ['callback@1']],
    ['the same flag tested twice, with a let in between', async("let flag = cond;\nif (flag) await next();\nflag = !flag;\nif (!flag) await next();\nreturn new Response('x');"), ['twice@4']],
  ])('%s', (_name, fn, expected) => {
    expect(problems(fn, fn.startsWith('(req: {}, next: () => Response)') ? 'sync' : 'async')).toEqual(expected);
  });
});

describe('must not report', () => {
  it.each([
    ['return next()', async('return next();')],
    ['const res = await next(); return res', async('const res = await next();\nreturn res;')],
    ['exclusive if/else branches', async("if (cond) {\n  return next();\n} else {\n  return next();\n}")],
    ['early return, then next()', async("if (cond) return next();\nreturn next();")],
    ['a ternary with next() in each branch', async('return cond ? next() : next();')],
    ['switch cases that each return', async("switch (cond) {\n  case true:\n    return next();\n  default:\n    return next();\n}")],
    ['switch cases that each break', async("let res: Response | undefined;\nswitch (cond) {\n  case true:\n    res = await next();\n    break;\n  default:\n    res = await next();\n}\nreturn res;")],
    ['a loop that returns at its call', async("for (const _ of items) {\n  if (cond) return next();\n}\nreturn new Response('x');")],
    ['try/catch where the catch answers', async("try {\n  return await next();\n} catch {\n  return new Response('caught');\n}")],
    ['try/catch around the work before next()', async("let user: string;\ntry {\n  user = JSON.stringify(req);\n} catch {\n  return new Response('bad', { status: 400 });\n}\nreturn next();")],
    ['const p = next(); … return p', async('const p = next();\nuse(1);\nreturn p;')],
    ['const p = next(); … return await p', async('const p = next();\nif (cond) use(2);\nreturn await p;')],
    ['const p = next(); handed in an object', async('const p = next();\nreturn { p }.p;')],
    ['Promise.all with next()', async("const [res] = await Promise.all([next(), Promise.resolve(1)]);\nreturn res;")],
    ['return next().then(…) in a plain function', plain("return next().then((res) => res);")],
    ['next(); in a sync layer (a response, not a promise)', sync("next();\nreturn new Response('own');")],
    ['finally that does not call next', async("try {\n  return await next();\n} finally {\n  use(3);\n}")],
    ['a do-while that runs its body once', async("let n = 0;\ndo {\n  n++;\n} while (n < 3);\nreturn next();")],
    ['a loop before the call', async("let n = 0;\nfor (const x of items) n += x;\nreturn next();")],
    ['a labelled break out of a block', async("done: {\n  if (cond) break done;\n  use(1);\n}\nreturn next();")],
    ['nullish default around an awaited call', async("const res = (await next()) ?? new Response('none');\nreturn res;")],
    ['the same const flag tested twice, either way', async("const bypass = cond;\nlet res: Response | undefined;\nif (bypass) res = await next();\nuse(1);\nif (!bypass) res = await next();\nreturn res!;")],
    ['a const flag in ?: and &&', async("const hit = cond;\nconst res = hit ? new Response('hit') : await next();\nif (!hit && res.ok) use(1);\nreturn hit && res;")],
    ['a callback given to a helper that calls it once', async('return once(() => next());')],
    ['next named in a JSDoc comment', async("/** @param next the rest of the chain */\nconst res = await next();\nreturn res;")],
  ])('%s', (_name, fn) => {
    expect(problems(fn, fn.startsWith('(req: {}, next: () => Response)') ? 'sync' : 'async')).toEqual([]);
  });
});
