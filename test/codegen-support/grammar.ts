/**
 * Random programs for the differential tests, generated from a grammar of the
 * language users write layers in, not from templates: fast-check's `letrec`
 * builds statement trees (effects, declarations with const/let/var, loops,
 * nested functions with their own returns, closures, labelled blocks, if/else,
 * early returns, try/catch/finally, `using` and `await using`, switch with
 * fall-through, throws), whose leaves are the ways a layer ends: a response of
 * its own, a throw, or its one call of `next()` in one of the forms users
 * write (returned, awaited, declared, destructured, assigned, discarded, in a
 * ternary, chained with `.then`/`.catch` in a plain function, read by a closure
 * run later). Layers and handlers start work they do not wait for (a queued
 * microtask, a promise callback, through an alias of the scheduler too), before
 * and after their `next()`. Every path calls `next()` at most once and observes its promise,
 * so `shallot check` passes and the guards stay quiet: any difference between
 * the generated handler and the runtime chain is the generator's fault.
 *
 * A chain uses layers of every function form (arrow, concise arrow, function
 * expression, named function expression, function declaration, plain function
 * returning a promise, `middleware.sync`), reuses a layer or a sub-chain several
 * times, splices sub-chains (nested too), calls factories (dynamic names), and
 * layers below an adder read what it added. Every effect is logged into
 * `req.log`, so two runs compare effect by effect; `req.n` picks the branches.
 */
import fc from 'fast-check';

/** `req.n % mod === rem` */
interface Cond {
  readonly mod: number;
  readonly rem: number;
}

type Pure =
  | { readonly k: 'log'; readonly scale: number }
  | { readonly k: 'decl'; readonly kind: 'const' | 'let' | 'var'; readonly scale: number }
  | { readonly k: 'loop'; readonly times: number; readonly body: Pure }
  | { readonly k: 'helper'; readonly cond: Cond }
  | { readonly k: 'closure' }
  | { readonly k: 'label'; readonly cond: Cond; readonly body: Pure }
  | { readonly k: 'ifPure'; readonly cond: Cond; readonly then: Pure; readonly otherwise: Pure | null };

type Tail =
  | { readonly k: 'respond'; readonly status: number; readonly unbraced: boolean }
  | { readonly k: 'throw' }
  | { readonly k: 'next'; readonly form: number; readonly cond: Cond }
  | { readonly k: 'seq'; readonly pre: readonly Pure[]; readonly then: Tail }
  | { readonly k: 'if'; readonly cond: Cond; readonly then: Tail; readonly otherwise: Tail }
  | { readonly k: 'guard'; readonly cond: Cond; readonly early: Tail; readonly rest: Tail }
  | { readonly k: 'try'; readonly body: Tail; readonly handler: 'respond' | 'rethrow' | null; readonly fin: Pure | null }
  | { readonly k: 'using'; readonly async: boolean; readonly body: Tail }
  | { readonly k: 'switch'; readonly mod: number; readonly cases: readonly Tail[]; readonly fallthrough: boolean }
  /** Work it starts and does not wait for (a microtask, a promise callback), then the rest. */
  | { readonly k: 'spawn'; readonly how: number; readonly then: Tail };

const cond: fc.Arbitrary<Cond> = fc.record({ mod: fc.integer({ min: 2, max: 5 }), rem: fc.integer({ min: 0, max: 4 }) }).map((c) => ({ mod: c.mod, rem: c.rem % c.mod }));

const trees = fc.letrec<{ pure: Pure; tail: Tail; early: Tail }>((tie) => ({
  pure: fc.oneof(
    { depthSize: 'small', maxDepth: 3, depthIdentifier: 'pure' },
    fc.record({ k: fc.constant('log' as const), scale: fc.integer({ min: 1, max: 9 }) }),
    fc.record({ k: fc.constant('decl' as const), kind: fc.constantFrom('const' as const, 'let' as const, 'var' as const), scale: fc.integer({ min: 1, max: 9 }) }),
    fc.record({ k: fc.constant('helper' as const), cond }),
    fc.record({ k: fc.constant('closure' as const) }),
    fc.record({ k: fc.constant('loop' as const), times: fc.integer({ min: 1, max: 3 }), body: tie('pure') }),
    fc.record({ k: fc.constant('label' as const), cond, body: tie('pure') }),
    fc.record({ k: fc.constant('ifPure' as const), cond, then: tie('pure'), otherwise: fc.option(tie('pure'), { nil: null }) }),
  ),
  // A tail that may call next() once on each path.
  tail: fc.oneof(
    { depthSize: 'small', maxDepth: 4, depthIdentifier: 'tail' },
    fc.record({ k: fc.constant('next' as const), form: fc.nat(), cond }),
    fc.record({ k: fc.constant('respond' as const), status: fc.constantFrom(200, 201, 203, 403, 404), unbraced: fc.boolean() }),
    fc.record({ k: fc.constant('throw' as const) }),
    fc.record({ k: fc.constant('seq' as const), pre: fc.array(tie('pure'), { minLength: 1, maxLength: 2 }), then: tie('tail') }),
    fc.record({ k: fc.constant('if' as const), cond, then: tie('tail'), otherwise: tie('tail') }),
    fc.record({ k: fc.constant('guard' as const), cond, early: tie('early'), rest: tie('tail') }),
    fc.record({ k: fc.constant('try' as const), body: tie('tail'), handler: fc.constantFrom('respond' as const, 'rethrow' as const, null), fin: fc.option(tie('pure'), { nil: null }) }),
    fc.record({ k: fc.constant('using' as const), async: fc.boolean(), body: tie('tail') }),
    fc.record({ k: fc.constant('switch' as const), mod: fc.integer({ min: 2, max: 3 }), cases: fc.array(tie('tail'), { minLength: 2, maxLength: 3 }), fallthrough: fc.boolean() }),
    fc.record({ k: fc.constant('spawn' as const), how: fc.nat(), then: tie('tail') }),
  ),
  // A tail without next(): an early return, a catch, a handler.
  early: fc.oneof(
    { depthSize: 'small', maxDepth: 3, depthIdentifier: 'early' },
    fc.record({ k: fc.constant('respond' as const), status: fc.constantFrom(200, 202, 403, 418), unbraced: fc.boolean() }),
    fc.record({ k: fc.constant('throw' as const) }),
    fc.record({ k: fc.constant('seq' as const), pre: fc.array(tie('pure'), { minLength: 1, maxLength: 2 }), then: tie('early') }),
    fc.record({ k: fc.constant('if' as const), cond, then: tie('early'), otherwise: tie('early') }),
    fc.record({ k: fc.constant('try' as const), body: tie('early'), handler: fc.constantFrom('respond' as const, 'rethrow' as const, null), fin: fc.option(tie('pure'), { nil: null }) }),
    fc.record({ k: fc.constant('spawn' as const), how: fc.nat(), then: tie('early') }),
  ),
}));

/** How a layer's function is written. */
type FnForm = 'arrow' | 'concise' | 'expression' | 'named' | 'namedSelf' | 'declaration' | 'plain' | 'sync' | 'syncDeclaration';

interface LayerSpec {
  readonly form: FnForm;
  readonly body: Tail;
  readonly adds: boolean;
  /** How many of the additions above it it reads (at most). */
  readonly reads: number;
}

type UseSpec =
  | { readonly k: 'layer'; readonly layer: LayerSpec }
  | { readonly k: 'reuse'; readonly pick: number }
  | { readonly k: 'factory'; readonly mod: number }
  | { readonly k: 'sub'; readonly layers: readonly LayerSpec[] }
  | { readonly k: 'reuseSub'; readonly pick: number };

type HandlerForm = 'arrow' | 'async' | 'expression' | 'asyncExpression' | 'declaration' | 'plain' | 'upstream' | 'tryUpstream' | 'tryUpstreamAwait';

export interface ChainSpec {
  readonly asyncUses: readonly UseSpec[];
  readonly syncUses: readonly UseSpec[];
  readonly handlerForm: HandlerForm;
  readonly handler: Tail;
}

const asyncForms: FnForm[] = ['arrow', 'arrow', 'concise', 'expression', 'named', 'namedSelf', 'declaration', 'plain'];
const layerSpec = (sync: boolean): fc.Arbitrary<LayerSpec> =>
  fc.record({
    form: sync ? fc.constantFrom<FnForm>('sync', 'sync', 'syncDeclaration') : fc.constantFrom(...asyncForms),
    body: trees.tail,
    adds: fc.boolean(),
    reads: fc.integer({ min: 0, max: 2 }),
  });

const useSpec = (sync: boolean): fc.Arbitrary<UseSpec> =>
  fc.oneof(
    { weight: 5, arbitrary: fc.record({ k: fc.constant('layer' as const), layer: layerSpec(sync) }) },
    { weight: 2, arbitrary: fc.record({ k: fc.constant('reuse' as const), pick: fc.nat() }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('factory' as const), mod: fc.integer({ min: 2, max: 5 }) }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('sub' as const), layers: fc.array(layerSpec(sync), { minLength: 1, maxLength: 2 }) }) },
    { weight: 1, arbitrary: fc.record({ k: fc.constant('reuseSub' as const), pick: fc.nat() }) },
  );

export const chainSpec: fc.Arbitrary<ChainSpec> = fc.record({
  asyncUses: fc.array(useSpec(false), { maxLength: 5 }),
  syncUses: fc.array(useSpec(true), { maxLength: 3 }),
  handlerForm: fc.constantFrom<HandlerForm>('arrow', 'async', 'expression', 'asyncExpression', 'declaration', 'plain', 'upstream', 'tryUpstream', 'tryUpstreamAwait'),
  handler: trees.early,
});

/** What a piece of code is rendered for. */
type Role = 'async' | 'plain' | 'sync' | 'handler' | 'asyncHandler';

interface Scope {
  readonly id: string;
  readonly role: Role;
  /** The field this layer adds, passed to every next() call. */
  readonly adds: string | undefined;
  /** Additions it may read. */
  readonly reads: readonly string[];
  readonly fresh: () => number;
  /**
   * Inside `await using`: its disposal waits, so what it does after that would
   * run alongside the layers below a `return next()` in more than one step,
   * in an order that depends on microtask counts (the runtime chain's own
   * order differs between the guards on and off). There next() is awaited.
   */
  readonly awaitsDisposal?: boolean;
}

const q = (s: string): string => JSON.stringify(s);
const c = (k: Cond): string => `req.n % ${k.mod} === ${k.rem}`;

/** A value to log: the request's n, scaled, or an addition it may read. */
const value = (s: Scope, scale: number): string => (s.reads.length > 0 && scale % 2 === 0 ? `req.${s.reads[scale % s.reads.length]}` : `req.n * ${scale}`);

function pure(p: Pure, s: Scope): string {
  const i = s.fresh();
  switch (p.k) {
    case 'log':
      return `req.log.push(${q(`${s.id} log`)} + ' ' + String(${value(s, p.scale)}));`;
    case 'decl':
      return `${p.kind} v${i} = ${value(s, p.scale)} + ${i};\nreq.log.push(${q(`${s.id} v`)} + v${i});`;
    case 'loop':
      return `for (let i${i} = 0; i${i} < ${p.times}; i${i}++) {\n${pure(p.body, s)}\n}`;
    case 'helper':
      return `function h${i}(x: number): string {\n  if (x % ${p.cond.mod} === ${p.cond.rem}) return 'yes';\n  return 'no';\n}\nreq.log.push(${q(`${s.id} helper `)} + h${i}(req.n));`;
    case 'closure':
      return `const f${i} = (): void => {\n  req.log.push(${q(`${s.id} closure`)});\n};\nf${i}();`;
    case 'label':
      return `l${i}: {\n  if (${c(p.cond)}) break l${i};\n${pure(p.body, s)}\n}`;
    case 'ifPure':
      return `if (${c(p.cond)}) {\n${pure(p.then, s)}\n}${p.otherwise === null ? '' : ` else {\n${pure(p.otherwise, s)}\n}`}`;
  }
}

const isAsyncRole = (role: Role): boolean => role === 'async' || role === 'asyncHandler';

/**
 * Work started and not waited for: its callback runs one microtask later, before the next step of the code it
 * runs alongside (the layers below it before next(), the after-code of the layers above it after), in the runtime
 * chain with the guards on and off alike. (Work that waits further follows microtask counts: not generated.)
 */
function spawn(how: number, s: Scope): string {
  const i = s.fresh();
  const log = `req.log.push(${q(`${s.id} spawned ${i}`)})`;
  const forms = [
    `queueMicrotask(() => ${log});`,
    `globalThis.queueMicrotask(() => {
  ${log};
});`,
    `defer(() => ${log});`,
    `void Promise.resolve().then(() => {
  ${log};
});`,
    `[1, 2].forEach((k) => queueMicrotask(() => req.log.push(${q(`${s.id} spawned ${i} `)} + k)));`,
  ];
  return forms[how % forms.length]!;
}

/** A response of the layer's own. */
function respond(s: Scope, status: number): string {
  const body = s.role === 'handler' || s.role === 'asyncHandler' ? `'handled ' + req.n${s.reads.map((r) => ` + ' ${r}=' + req.${r}`).join('')}` : `${q(`${s.id} answered`)} + ' ' + req.n`;
  const res = `new Response(${body}, { status: ${status} })`;
  return s.role === 'plain' ? `return Promise.resolve(${res});` : `return ${res};`;
}

/** The layer's one call of next(), in one of the forms its role allows, and what follows it. */
function nextForm(form: number, k: Cond, s: Scope): string {
  const i = s.fresh();
  const call = `next(${s.adds === undefined ? '' : `{ ${s.adds}: req.n + ${i} }`})`;
  const after = (r: string): string => `req.log.push(${q(`${s.id} after `)} + ${r}.status);`;
  const other = s.role === 'plain' ? `Promise.resolve(new Response(${q(`${s.id} ternary`)}, { status: 202 }))` : `new Response(${q(`${s.id} ternary`)}, { status: 202 })`;
  if (s.role === 'plain') {
    const forms = [
      `return ${call};`,
      `return ${call}.then((res${i}) => {\n  ${after(`res${i}`)}\n  return res${i};\n});`,
      `return ${call}.catch((error: unknown) => {\n  req.log.push(${q(`${s.id} caught `)} + (error as Error).message);\n  return new Response(${q(`${s.id} recovered`)}, { status: 500 });\n});`,
      `return ${c(k)} ? ${call} : ${other};`,
    ];
    return forms[form % forms.length]!;
  }
  const w = isAsyncRole(s.role) ? 'await ' : '';
  const forms = [
    `return ${s.awaitsDisposal === true ? w : ''}${call};`,
    `return ${w}${call};`,
    `const res${i} = ${w}${call};\n${after(`res${i}`)}\nreturn res${i};`,
    `const { status, headers } = ${w}${call};\nheaders.set('x-${s.id}', String(req.n));\nreturn new Response(${q(`${s.id} saw `)} + status, { status, headers });`,
    `let res${i}: Response;\nres${i} = ${w}${call};\n${after(`res${i}`)}\nreturn res${i};`,
    `${w}${call};\nreturn new Response(${q(`${s.id} discarded`)});`,
    `return ${c(k)} ? ${s.awaitsDisposal === true ? w : ''}${call} : ${other};`,
    `const report${i} = (r: Response): void => {\n  req.log.push(${q(`${s.id} report `)} + r.status);\n};\nconst res${i} = ${w}${call};\nreport${i}(res${i});\nres${i}.headers.set('x-${s.id}', 'seen');\nreturn res${i};`,
    `var res${i} = ${w}${call};\n${after(`res${i}`)}\nreturn res${i};`,
  ];
  // Only hands up next()'s response (a pass-through, when it adds nothing).
  forms.push(`const res${i} = ${w}${call};\nreturn res${i};`);
  // Work started after next() answered: it runs alongside the after-code of the layers above.
  forms.push(`const res${i} = ${w}${call};\n${spawn(form, s)}\nreturn res${i};`);
  if (isAsyncRole(s.role)) {
    forms.push(`const res${i} = await ${call};\nconst text${i} = await res${i}.text();\nreturn new Response(text${i} + ${q(` <${s.id}`)}, { status: res${i}.status, headers: res${i}.headers });`);
  }
  return forms[form % forms.length]!;
}

function tail(t: Tail, s: Scope): string {
  switch (t.k) {
    case 'respond':
      return respond(s, t.status);
    case 'throw':
      return `throw new Error(${q(`${s.id} threw `)} + req.n);`;
    case 'next':
      return s.role === 'handler' || s.role === 'asyncHandler' ? respond(s, 200) : nextForm(t.form, t.cond, s);
    case 'seq':
      return [...t.pre.map((p) => pure(p, s)), tail(t.then, s)].join('\n');
    case 'if':
      return `if (${c(t.cond)}) {\n${tail(t.then, s)}\n} else {\n${tail(t.otherwise, s)}\n}`;
    case 'guard':
      if (t.early.k === 'respond' && t.early.unbraced) return `if (${c(t.cond)}) ${respond(s, t.early.status)}\n${tail(t.rest, s)}`;
      return `if (${c(t.cond)}) {\n${tail(t.early, s)}\n}\n${tail(t.rest, s)}`;
    case 'try': {
      const catcher =
        t.handler === null && t.fin === null
          ? ` catch (error) {\n  req.log.push(${q(`${s.id} caught `)} + (error as Error).message);\n  throw error;\n}`
          : t.handler === null
            ? ''
            : ` catch (error) {\n  req.log.push(${q(`${s.id} caught `)} + (error as Error).message);\n${t.handler === 'respond' ? respond(s, 500) : 'throw error;'}\n}`;
      return `try {\n${tail(t.body, s)}\n}${catcher}${t.fin === null ? '' : ` finally {\n${pure(t.fin, s)}\n}`}`;
    }
    case 'using': {
      const i = s.fresh();
      const awaitUsing = t.async && isAsyncRole(s.role);
      return `{\n${awaitUsing ? 'await using' : 'using'} d${i} = ${awaitUsing ? 'asyncDisposable' : 'disposable'}(req, ${q(`${s.id} d${i}`)});\n${tail(t.body, awaitUsing ? { ...s, awaitsDisposal: true } : s)}\n}`;
    }
    case 'spawn':
      return `${spawn(t.how, s)}\n${tail(t.then, s)}`;
    case 'switch': {
      const cases = t.cases.map((body, j) => (j === t.cases.length - 1 ? `default: {\n${tail(body, s)}\n}` : `case ${j}: {\n${tail(body, s)}\n}`));
      // Fall-through: an extra case that only logs, then reaches the next one.
      if (t.fallthrough) cases.unshift(`case ${t.mod + 7}:\n  req.log.push(${q(`${s.id} fell`)});`);
      return `switch (req.n % ${t.mod}) {\n${cases.join('\n')}\n}`;
    }
  }
}

/** Whether some path of a tail answers (rather than throws): a function that only throws is typed `never`, which the chain rejects. */
function answers(t: Tail): boolean {
  switch (t.k) {
    case 'respond':
    case 'next':
      return true;
    case 'throw':
      return false;
    case 'seq':
      return answers(t.then);
    case 'if':
      return answers(t.then) || answers(t.otherwise);
    case 'guard':
      return answers(t.early) || answers(t.rest);
    case 'try':
      return answers(t.body) || t.handler === 'respond';
    case 'using':
      return answers(t.body);
    case 'switch':
      return t.cases.some(answers);
    case 'spawn':
      return answers(t.then);
  }
}

/** A body that answers on some path: `t`, or `t` behind an early answer no request takes. */
const answering = (t: Tail): Tail => (answers(t) ? t : { k: 'guard', cond: { mod: 1, rem: 1 }, early: { k: 'respond', status: 200, unbraced: true }, rest: t });

/** Whether a tail is exactly one `return next()` (so a concise arrow can say it). */
const conciseNext = (t: Tail): boolean => t.k === 'next' && t.form % 9 === 0;

/** The module text exporting `c0`, `c1`, … for `specs`. */
export function moduleSource(specs: readonly ChainSpec[]): string {
  const lines = [
    "import { chain, middleware, type Next, type NextSync } from 'shallot';",
    '',
    'export interface R {',
    '  n: number;',
    '  log: string[];',
    '}',
    '',
    '/** A resource that logs its disposal (for `using`). */',
    "export const disposable = (req: R, name: string): Disposable => ({\n  [Symbol.dispose]() {\n    req.log.push(name + ' disposed');\n  },\n});",
    // It logs before it waits: what runs after a wait alongside the layers below depends on microtask counts,
    // which differ between the runtime chain with the guards on and off too (see docs/codegen.md).
    "export const asyncDisposable = (req: R, name: string): AsyncDisposable => ({\n  async [Symbol.asyncDispose]() {\n    req.log.push(name + ' disposed async');\n    await Promise.resolve();\n  },\n});",
    '/** A scheduler by another name: a layer that queues through it is called (the generated module cannot import it). */',
    'const defer = queueMicrotask;',
    '/** An upstream call that answers later, and fails for some requests. */',
    "export const upstream = async (req: R, name: string): Promise<Response> => {\n  await Promise.resolve();\n  req.log.push(name + ' upstream');\n  if (req.n % 4 === 3) throw new Error(name + ' upstream failed');\n  return new Response(name + ' from upstream');\n};",
    '/** Factories: their layers close over the arguments (and their names are known only at run time), so codegen calls them. */',
    "export const factory = (tag: string, mod: number) =>\n  middleware(`f-${tag}`, async (req: R, next: Next) => {\n    req.log.push(tag + ' factory before');\n    if (req.n % mod === 1) return new Response('factory ' + tag, { status: 206 });\n    const res = await next();\n    req.log.push(tag + ' factory after ' + res.status);\n    return res;\n  });",
    "export const syncFactory = (tag: string, mod: number) =>\n  middleware.sync(`sf-${tag}`, (req: R, next: NextSync) => {\n    req.log.push(tag + ' sync factory');\n    if (req.n % mod === 2) return new Response('sync factory ' + tag, { status: 207 });\n    return next();\n  });",
    '',
  ];
  specs.forEach((spec, ci) => lines.push(...chainSource(spec, `c${ci}`), ''));
  return lines.join('\n');
}

function chainSource(spec: ChainSpec, name: string): string[] {
  const out: string[] = [];
  const available: string[] = [];
  const layers: { id: string; reads: string[]; sync: boolean }[] = [];
  const subs: { id: string; adds: string[]; sync: boolean }[] = [];
  let counter = 0;
  const fresh = (): number => counter++;
  const usesAsync = spec.asyncUses.length > 0;
  const handlerAsync = spec.handlerForm === 'async' || spec.handlerForm === 'asyncExpression' || spec.handlerForm === 'plain' || spec.handlerForm.includes('pstream');
  // An async handler below sync layers is a compile error (check 4): sync layers only above a sync handler.
  const syncUses = handlerAsync ? [] : spec.syncUses;

  /** Defines a layer; returns its const name. `base`: what it may read. */
  const define = (l: LayerSpec, sync: boolean, base: readonly string[]): { id: string; adds: string | undefined } => {
    const id = `${name}l${layers.length}`;
    const reads = base.slice(0, l.reads);
    const adds = l.adds ? `${id}a` : undefined;
    const role: Role = sync ? 'sync' : l.form === 'plain' ? 'plain' : 'async';
    const scope: Scope = { id, role, adds, reads, fresh };
    const reqType = reads.length === 0 ? 'R' : `R & { ${reads.map((r) => `${r}: number`).join('; ')} }`;
    const nextType = `${sync ? 'NextSync' : 'Next'}${adds === undefined ? '' : `<{ ${adds}: number }>`}`;
    const params = `req: ${reqType}, next: ${nextType}`;
    const body = tail(answering(l.body), scope);
    const factory = sync ? 'middleware.sync' : 'middleware';
    let fn: string;
    switch (l.form) {
      case 'concise':
        fn = conciseNext(l.body) ? `async (${params}) => next(${adds === undefined ? '' : `{ ${adds}: req.n * 3 }`})` : `async (${params}) => {\n${body}\n}`;
        break;
      case 'expression':
        fn = `async function (${params}) {\n${body}\n}`;
        break;
      case 'named':
        fn = `async function ${id}Fn(${params}) {\n${body}\n}`;
        break;
      case 'namedSelf': // refers to itself by name: must be called, not inlined
        fn = `async function ${id}Self(${params}) {\nreq.log.push(${q(`${id} is `)} + ${id}Self.name);\n${body}\n}`;
        break;
      case 'declaration':
      case 'syncDeclaration':
        out.push(`${sync ? '' : 'async '}function ${id}Fn(${params})${sync ? ': Response' : ''} {\n${body}\n}`);
        fn = `${id}Fn`;
        break;
      case 'plain':
        fn = `(${params}): Promise<Response> => {\n${body}\n}`;
        break;
      case 'sync':
        fn = `(${params}): Response => {\n${body}\n}`;
        break;
      default:
        fn = `async (${params}) => {\n${body}\n}`;
    }
    out.push(`const ${id} = ${factory}(${q(id)}, ${fn});`);
    layers.push({ id, reads, sync });
    return { id, adds };
  };

  const uses: string[] = [];
  const use = (u: UseSpec, sync: boolean): void => {
    switch (u.k) {
      case 'layer': {
        const { id, adds } = define(u.layer, sync, available);
        uses.push(id);
        if (adds !== undefined) available.push(adds);
        return;
      }
      case 'reuse': {
        const candidates = layers.filter((l) => l.sync === sync && l.reads.every((r) => available.includes(r)));
        const picked = candidates[u.pick % Math.max(1, candidates.length)];
        if (picked === undefined) return use({ k: 'factory', mod: (u.pick % 4) + 2 }, sync);
        uses.push(picked.id);
        return;
      }
      case 'factory':
        uses.push(`${sync ? 'syncFactory' : 'factory'}(${q(`${name}f${fresh()}`)}, ${u.mod})`);
        return;
      case 'sub': {
        const id = `${name}s${subs.length}`;
        const made = u.layers.map((l) => define(l, sync, []));
        const inner = subs.filter((s) => s.sync === sync).at(-1);
        // A sub-chain may splice an earlier one (nested sub-chains).
        const parts = [...made.map((m) => m.id), ...(inner !== undefined && u.layers.length === 1 ? [inner.id] : [])];
        out.push(`const ${id} = chain<R>()${parts.map((p) => `.use(${p})`).join('')};`);
        const adds = [...made.flatMap((m) => (m.adds === undefined ? [] : [m.adds])), ...(inner !== undefined && u.layers.length === 1 ? inner.adds : [])];
        subs.push({ id, adds, sync });
        uses.push(id);
        available.push(...adds.filter((a) => !available.includes(a)));
        return;
      }
      case 'reuseSub': {
        const candidates = subs.filter((s) => s.sync === sync);
        const picked = candidates[u.pick % Math.max(1, candidates.length)];
        if (picked === undefined) return use({ k: 'factory', mod: (u.pick % 4) + 2 }, sync);
        uses.push(picked.id);
        available.push(...picked.adds.filter((a) => !available.includes(a)));
        return;
      }
    }
  };
  for (const u of spec.asyncUses) use(u, false);
  for (const u of syncUses) use(u, true);

  const sync = !usesAsync && syncUses.length > 0;
  const form: HandlerForm = sync || (!usesAsync && handlerAsync) ? (spec.handlerForm.includes('pstream') || spec.handlerForm === 'plain' ? 'arrow' : spec.handlerForm) : spec.handlerForm;
  const hs: Scope = { id: `${name}h`, role: form === 'async' || form === 'asyncExpression' ? 'asyncHandler' : 'handler', adds: undefined, reads: [...available], fresh };
  const reqType = available.length === 0 ? 'R' : `R & { ${available.map((r) => `${r}: number`).join('; ')} }`;
  const hbody = tail(answering(spec.handler), hs);
  let handler: string;
  switch (form) {
    case 'async':
      handler = `async (req) => {\nreq.log.push('handler');\n${hbody}\n}`;
      break;
    case 'expression':
      handler = `function (req) {\nreq.log.push('handler');\n${hbody}\n}`;
      break;
    case 'asyncExpression':
      handler = `async function (req) {\nreq.log.push('handler');\n${hbody}\n}`;
      break;
    case 'declaration':
      out.push(`function ${name}Handler(req: ${reqType}): Response {\nreq.log.push('handler');\n${hbody}\n}`);
      handler = `${name}Handler`;
      break;
    case 'plain':
      handler = `(req) => {\nreq.log.push('handler');\nreturn Promise.resolve(new Response('plain ' + req.n));\n}`;
      break;
    case 'upstream':
      handler = `async (req) => {\nreq.log.push('handler');\nreturn upstream(req, 'h');\n}`;
      break;
    case 'tryUpstream': // the catch must not see upstream's rejection: it settles after the handler returned
      handler = `async (req) => {\ntry {\n  return upstream(req, 'h');\n} catch (error) {\n  req.log.push('handler caught ' + (error as Error).message);\n  return new Response('fallback', { status: 502 });\n} finally {\n  req.log.push('handler finally');\n}\n}`;
      break;
    case 'tryUpstreamAwait':
      handler = `async (req) => {\ntry {\n  return await upstream(req, 'h');\n} catch (error) {\n  req.log.push('handler caught ' + (error as Error).message);\n  return new Response('fallback', { status: 502 });\n} finally {\n  req.log.push('handler finally');\n}\n}`;
      break;
    default:
      handler = `(req) => {\nreq.log.push('handler');\n${hbody}\n}`;
  }
  out.push(`export const ${name} = chain<R>()${uses.map((u) => `\n  .use(${u})`).join('')}\n  .handle(${handler});`);
  return out;
}
