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
    `declare const cond: boolean; declare const other: boolean; declare function use(x: unknown): void; declare const items: number[]; declare function span<T>(name: string, fn: () => Promise<T>): Promise<T>;\nconst retry = async <T,>(fn: () => Promise<T>, times: number): Promise<T> => {\n  for (let i = 0; ; i++) {\n    try {\n      return await fn();\n    } catch (error) {\n      if (i >= times) throw error;\n    }\n  }\n};\nconst once = <T,>(fn: () => T): T => fn();\nconst layer = ${fn};\n`,
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
    // Each run of a callback is walked as a layer: two calls in sequence in one run are two, whoever runs it.
    ['two calls in sequence in a helper of the project\'s callback', async('return once(async () => {\n  await next();\n  return next();\n});'), ['twice@3']],
    ['a retry in the catch of an unknown function\'s callback', async("return span('x', async () => {\n  try {\n    return await next();\n  } catch {\n    return next();\n  }\n});"), ['twice@5']],
    ['two calls in an async IIFE', async('return (async () => {\n  await next();\n  return next();\n})();'), ['twice@3']],
    ['two calls in a .then callback', async('return Promise.resolve().then(async () => {\n  await next();\n  return next();\n});'), ['twice@3']],
    ['two calls in a Promise executor', plain('return new Promise<Response>((resolve) => {\n  void next();\n  resolve(next());\n});'), ['dropped@2', 'twice@3']],
    ['a closure over next() called twice in sequence', async('const run = () => next();\nconst a = await run();\nuse(a);\nreturn run();'), ['twice@4']],
    ['a closure over next() called in a loop', async("const run = () => next();\nfor (const _ of items) await run();\nreturn new Response('x');"), ['twice@2']],
    // A value carried to where it is thrown away.
    ['cond && next(); as a statement', async("cond && next();\nreturn new Response('x');"), ['dropped@1']],
    ['cond ? next() : undefined; as a statement', async("cond ? next() : undefined;\nreturn new Response('x');"), ['dropped@1']],
    ['next() in an object literal statement', async("({ p: next() });\nreturn new Response('x');"), ['dropped@1']],
    ['next(); as a statement in a .then callback', plain("return Promise.resolve().then(() => {\n  next();\n  return new Response('x');\n});"), ['dropped@2']],
    ['next(); as a statement in an unknown function\'s callback', async("return span('x', async () => {\n  next();\n  return new Response('x');\n});"), ['dropped@2']],
    ['void next() in an async IIFE', async("return (async () => {\n  void next();\n  return new Response('x');\n})();"), ['dropped@2']],
    ['cond && next(); in a callback', async("return span('x', async () => {\n  cond && next();\n  return new Response('x');\n});"), ['dropped@2']],
    // A promise kept in a local array or object, or held on a path that throws.
    ['pushed into a local array read only for its length', async("const pending: Promise<Response>[] = [];\npending.push(next());\nreturn new Response(String(pending.length));"), ['held@2']],
    ['in an object a const keeps, read only under typeof', async("const box = { p: next() };\nreturn new Response(typeof box.p);"), ['held@1']],
    ['in an array a const keeps, never read', async("const all = [next()];\nreturn new Response('x');"), ['held@1']],
    ['const p = next(); a path throws', async("const p = next();\nif (cond) throw new Error('bad');\nreturn p;"), ['held@1']],
    ['const p = next(); a catch rethrows', async("const p = next();\ntry {\n  use(1);\n} catch (e) {\n  throw e;\n}\nreturn p;"), ['held@1']],
    ['const p = next(); never read in a callback', async("return span('x', async () => {\n  const p = next();\n  return new Response('x');\n});"), ['held@2']],
    // A held promise and a try whose catch answers: a throw statement in the try (caught) keeps its path's state, and a
    // catch that rethrows what a call threw leaves by a throw statement.
    ['const p = next(); try { throw } catch { return fallback }', async("const p = next();\ntry {\n  throw new Error('x');\n} catch {\n  return new Response('fallback');\n}"), ['held@1']],
    ['const p = next(); try { await other() } catch {} return new Response()', async("const p = next();\ntry {\n  await use(1);\n} catch {\n}\nreturn new Response('x');"), ['held@1']],
    ['const p = next(); a caught throw before await p, the catch answers', async("const p = next();\ntry {\n  if (cond) throw new Error('bad');\n  return await p;\n} catch {\n  return new Response('fallback');\n}"), ['held@1']],
    ['const p = next(); a call before await p, the catch rethrows', async("const p = next();\ntry {\n  use(1);\n  return await p;\n} catch (e) {\n  throw e;\n}"), ['held@1']],
    ['a held promise and a throw in a Promise executor', plain("return new Promise<Response>((resolve) => {\n  const p = next();\n  if (cond) throw new Error('bad');\n  void p.then(resolve);\n});"), ['held@2']],
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
    // Callbacks that call next() once per run (AsyncLocalStorage, tracers, IIFEs, .then, executors).
    ['await next() in an unknown function\'s callback (als.run)', async("return span('store', async () => await next());")],
    ['try { return await next() } finally { span.end() } in a tracer callback', async("return span('req', async () => {\n  try {\n    return await next();\n  } finally {\n    use(1);\n  }\n});")],
    ['a callback with next() on exclusive paths', async("return span('x', async () => {\n  if (cond) return next();\n  return next();\n});")],
    ['an async IIFE that awaits next() once', async("return (async () => {\n  const res = await next();\n  return res;\n})();")],
    ['next() returned from a .then callback', plain('return Promise.resolve().then(() => next());')],
    ['next().then(resolve, reject) in a Promise executor', plain('return new Promise<Response>((resolve, reject) => {\n  next().then(resolve, reject);\n});')],
    ['a closure over next() called once', async('const run = () => next();\nuse(1);\nreturn run();')],
    ['const p = next(); … return await p in a callback', async("return span('x', async () => {\n  const p = next();\n  use(1);\n  return await p;\n});")],
    ['a callback assigning next() to a variable of the layer, which returns it', async("let p: Promise<Response> | undefined;\nawait span('x', async () => {\n  p = next();\n});\nreturn p!;")],
    ['a callback pushing next() into an array of the layer, which awaits it', async("const pending: Promise<Response>[] = [];\nawait span('x', async () => {\n  pending.push(next());\n});\nreturn (await Promise.all(pending))[0]!;")],
    // Promises kept and then observed.
    ['return next().then(…) in an async layer', async("return next().then((res) => {\n  use(res);\n  return res;\n});")],
    ['Promise.race([next(), timeout]) returned', async("return Promise.race([next(), new Promise<Response>((resolve) => setTimeout(() => resolve(new Response('late', { status: 504 })), 10))]);")],
    ['try { return await next() } catch { return fallback }', async("try {\n  return await next();\n} catch (e) {\n  use(e);\n  return new Response('fallback');\n}")],
    ['cond && (await next()) as a statement', async("cond && (await next());\nreturn new Response('x');")],
    ['pushed into a local array that is awaited', async("const pending: Promise<Response>[] = [];\npending.push(next());\nconst [res] = await Promise.all(pending);\nreturn res!;")],
    ['in an array a const keeps, handed to Promise.all', async("const all = [next()];\nreturn Promise.all(all).then(([res]) => res!);")],
    ['in an object a const keeps, awaited', async("const box = { p: next() };\nreturn await box.p;")],
    ['const p = next(); a throw the layer catches', async("const p = next();\ntry {\n  if (cond) throw new Error('bad');\n} catch {\n  use(1);\n}\nreturn p;")],
    ['const p = next(); a throw before it', async("if (cond) throw new Error('bad');\nconst p = next();\nreturn p;")],
    ['const p = next(); awaited in a finally around a throw', async("const p = next();\ntry {\n  if (cond) throw new Error('bad');\n} finally {\n  await p;\n}\nreturn p;")],
    // A held promise awaited in a try whose catch answers or rethrows: the await reads it before it can throw, and a
    // call's throw into the catch is no more reported than one leaving the layer (review5/held-fp).
    ['const p = next(); try { return await p } catch { return fallback }', async("const p = next();\ntry {\n  return await p;\n} catch {\n  return new Response('fallback');\n}")],
    ['const p = next(); a call, then try { const res = await p; … } catch', async("const p = next();\nuse(1);\ntry {\n  const res = await p;\n  use(res.status);\n  return res;\n} catch (e) {\n  use(e);\n  return new Response('held');\n}")],
    ['const p = next(); try { await p; … } catch (e) { throw e }', async("const p = next();\ntry {\n  const res = await p;\n  res.headers.set('x', String(1));\n  return res;\n} catch (e) {\n  use(e);\n  throw e;\n}")],
    ['const p = next(); try { call(); return await p } catch { return fallback }', async("const p = next();\ntry {\n  use(1);\n  return await p;\n} catch {\n  return new Response('fallback');\n}")],
    ['const p = next(); try { await p } catch { return fallback } return p', async("const p = next();\ntry {\n  await p;\n} catch {\n  return new Response('fallback');\n}\nreturn p;")],
    ['in an array a const keeps, awaited in a try whose catch answers', async("const ps = [next()];\ntry {\n  const [r] = await Promise.all(ps);\n  return r!;\n} catch {\n  return new Response('fallback');\n}")],
    ['const p = next(); try { return await p } catch { return fallback } in a callback', async("return span('x', async () => {\n  const p = next();\n  try {\n    return await p;\n  } catch {\n    return new Response('fallback');\n  }\n});")],
    ['const p = next(); typeof p read, then returned', async('const p = next();\nuse(typeof p);\nreturn p;')],
  ])('%s', (_name, fn) => {
    expect(problems(fn, fn.startsWith('(req: {}, next: () => Response)') ? 'sync' : 'async')).toEqual([]);
  });
});
