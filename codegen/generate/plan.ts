/**
 * The plan of one chain: a tree of steps, one per *copy* of a layer (a layer
 * used three times is three copies) and one for the handler, each either
 * inlined (its code, with a hole where the steps below run, in a normal form
 * of forms.ts) or called through the runtime kernel (with the reason), and the
 * functions they land in (the flat handler, and for each called layer the rest
 * of the chain its `next()` reaches). Every name is chosen here; the printer
 * (print.ts) only concatenates.
 */
import path from 'node:path';
import type { Identifier, Node } from 'ts-morph';
import { lineOf } from '../analysis/syntax.js';
import type { ChainModel, LayerModel } from '../model.js';
import { copyLiteral } from './copy.js';
import type { Part } from './edits.js';
import { optionsWork } from '../analysis/work.js';
import { readLiteral, runsAlongside, spawnsWork, startsWork, type Literal, type Role } from './forms.js';
import type { Names } from './names.js';

/** One step of a chain as the printer prints it. */
export type Step = InlineStep | CallStep | HandlerCallStep | EnterStep | PartsStep;

/**
 * The steps below a copy, run in a function of their own: for a copy with
 * several `next()` sites (each calls it), and below an awaited `next()` where
 * the runtime's yield must stay (a called layer above may run alongside: the
 * copy resumes after a yield, on a throw too, as after the runtime's `await
 * next()`).
 */
export interface EnterStep {
  readonly kind: 'enter';
  readonly comment: string;
  readonly target: string;
  readonly awaited: boolean;
  readonly rest: string;
  readonly req: string;
}

/** A copy of a literal, with the steps below it printed at its holes. */
export interface InlineStep {
  readonly kind: 'inline';
  readonly comment: string;
  readonly parts: readonly Part[];
  /** What runs at each hole (none when the copy never calls next()). */
  readonly inner: readonly Step[];
  /** The response guard on what the copy answers, as the guarded composer checks it (runs only with the chain's guards on), then what settles it for a reader that needs it so. */
  readonly guard: string;
}

/** A layer called through `runAsync`, `runSync` or `runEither` of `shallot/generated`, its `next()` reaching `rest`. */
export interface CallStep {
  readonly kind: 'call';
  readonly comment: string;
  readonly target: string;
  /** The local name of `runAsync`, `runSync` or `runEither` (of `shallot/generated`). */
  readonly runner: string;
  readonly awaited: boolean;
  readonly layer: string;
  readonly req: string;
  readonly rest: string;
  /** What settles the layer's answer for a reader that needs it so ('' when none). */
  readonly settle: string;
}

/**
 * A layer made of parts (src/parts.ts: a built-in layer of `shallot/http`), run
 * in line: its `enter`, its additions, the steps below (settled) in a `try`
 * whose `catch` hands a failure to its `fail`, then its `leave`: the order its
 * own function runs them in, with no `next`, no promise and no tick of its own.
 */
export interface PartsStep {
  readonly kind: 'parts';
  readonly comment: string;
  readonly target: string;
  /** The constant holding the layer's parts. */
  readonly parts: string;
  readonly state: string;
  /** The variable the steps below answer into. */
  readonly below: string;
  readonly error: string;
  /** The label of its block, left when its fail answers. */
  readonly exit: string;
  /** `appChain.add`: what an inlined `next(adds)` does. */
  readonly add: string;
  readonly index: number;
  readonly req: string;
  readonly inner: Step;
  readonly guard: string;
}

/** The handler, called as the runtime calls it. */
export interface HandlerCallStep {
  readonly kind: 'handler';
  readonly comment: string;
  readonly target: string;
  readonly handler: string;
  readonly req: string;
  /** The response guard on what the handler answers (as on an inlined copy's). */
  readonly guard: string;
}

/** A function of the generated module: the flat handler, or the rest of a chain below a called layer. */
export interface FlatFunction {
  readonly name: string;
  readonly comment: string;
  readonly req: string;
  readonly result: string;
  readonly async: boolean;
  readonly body: Step;
}

/** A module-level constant the steps read: a called layer, or the handler. */
export interface Constant {
  readonly name: string;
  readonly comment: string;
  readonly value: string;
}

export interface ChainPlan {
  readonly chain: ChainModel;
  /** The value import of the source chain, checked at load. */
  readonly source: string;
  /** What `expectChain` returns: the source chain's description. */
  readonly checked: string;
  /** The layers as planned: name and sync flag, null where only the run time knows, and 'parts' for a layer whose parts run in line. */
  readonly planned: readonly (readonly [string | null, boolean | null, ...(readonly ['parts'] | readonly [])])[];
  readonly constants: readonly Constant[];
  readonly flat: FlatFunction;
  /** The rest functions, outermost first. */
  readonly rests: readonly FlatFunction[];
}

/** What the planner needs from the module it plans into. */
export interface PlanEnv {
  readonly names: Names;
  readonly genDir: string;
  /** Why a copy of this literal cannot print its names as written (names.ts), if it cannot: then it is called. */
  readonly notKept: (lit: Literal) => string | undefined;
  /** A relative specifier written in `from`, as the generated module must write it. */
  readonly rebase: (written: string, from: string) => string;
  /** Marks a name of `shallot/generated` as used; returns its local name. */
  readonly runtime: (name: 'runAsync' | 'runSync' | 'runEither' | 'isThenable') => string;
  /** Whether literals are inlined at all (false for `--no-inline`). */
  readonly inline: boolean;
}

/** `file:line` of `node`, relative to the generated module's folder. */
export const where = (node: Node, genDir: string): string =>
  `${path.relative(genDir, node.getSourceFile().getFilePath()).split(path.sep).join('/')}:${lineOf(node)}`;

/** A name as a comment may show it: quoted, no line breaks (U+2028 and U+2029 end a line too), no comment end. */
export const quoted = (name: string): string =>
  `'${JSON.stringify(name).slice(1, -1).replace(/'/g, "\\'").replace(/\*\//g, '*\\/').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029')}'`;

/** Text for a comment (a reason quoting the user's code): one line, no comment end. */
export const oneLine = (text: string): string => text.replace(/[\r\n\u2028\u2029]\s*/g, ' ').replace(/\*\//g, '*\\/');

const identifierBase = (name: string | undefined, fallback: string): string => {
  const clean = (name ?? '').replace(/[^\w$]/g, '_');
  return clean === '' || /^\d/.test(clean) ? fallback : clean;
};

/**
 * The sync flag of each layer where the chain decides it: a layer above a known
 * async one is async (a sync one there throws when the chain is made), a layer
 * below a known sync one is sync.
 */
export function resolvedSync(layers: readonly LayerModel[]): (boolean | undefined)[] {
  const out = layers.map((l) => l.sync);
  for (let k = out.length - 1, asyncBelow = false; k >= 0; k--) {
    if (out[k] === undefined && asyncBelow) out[k] = false;
    if (out[k] === false) asyncBelow = true;
  }
  for (let k = 0, syncAbove = false; k < out.length; k++) {
    if (out[k] === undefined && syncAbove) out[k] = true;
    if (out[k] === true) syncAbove = true;
  }
  return out;
}

/** Per layer (and the handler last): the literal to inline, or why it is called. */
export function literalsOf(chain: ChainModel, inline: boolean): (Literal | string)[] {
  const sync = resolvedSync(chain.layers);
  const layers = chain.layers.map((layer, k): Literal | string => {
    if (!inline) return 'inlining is off (--no-inline)';
    // Its parts run in line unless a yield must stay around it (planChain): then it is called.
    // (planChain says which reason holds.)
    if (layer.parts === true) return 'it is called only where a yield must stay';
    if (layer.called !== undefined) return layer.called;
    if (layer.fn === undefined) return 'its function cannot be found';
    const role: Role = sync[k] === true ? 'sync' : 'async';
    return readLiteral(layer.fn, role, chain.file);
  });
  const { handler } = chain;
  const handlerLiteral = !inline ? 'inlining is off (--no-inline)' : handler.fn === undefined ? (handler.called ?? 'its function cannot be found') : readLiteral(handler.fn, 'handler', chain.file);
  return [...layers, handlerLiteral];
}

/** The literals that a plan prints (a copy that never calls next() hides the steps below it). */
export function reachable(literals: readonly (Literal | string)[]): Literal[] {
  const out: Literal[] = [];
  for (const lit of literals) {
    if (typeof lit === 'string') continue;
    out.push(lit);
    if (lit.form.kind === 'never' && lit.role !== 'handler') break;
  }
  return out;
}

/** A pass-through copy prints nothing of its own: it is the steps below, unless it awaits them where a yield must stay. */
const passesThrough = (lit: Literal, yields: boolean): boolean => lit.form.kind === 'pass' && !(yields && lit.form.sites[0].destination.awaited);

/** Plans one chain: `source` is the value import of the source chain. */
export function planChain(chain: ChainModel, literals: readonly (Literal | string)[], env: PlanEnv, source: string): ChainPlan {
  const { names, genDir } = env;
  const n = chain.layers.length;
  const sync = resolvedSync(chain.layers);
  const base = identifierBase(chain.name, 'chain');
  const checked = names.fresh(`${base}Chain`);
  const constants: Constant[] = [];
  const rests: FlatFunction[] = [];
  const nameOf = (k: number): string => (k === n ? 'the handler' : `layer ${quoted(chain.layers[k]!.name ?? `#${k + 1}`)}`);

  /**
   * Plans step k into `target`, in the function whose request is `req`; `settled`:
   * its reader needs the response settled; `yields`: a called layer above may run
   * alongside, so every boundary keeps its yield. `awaits` is told when the code
   * has an await.
   */
  /** What settles `target` for a reader that needs it so when it is a thenable (a type can lie), printed after its check. */
  const settleIfThenable = (target: string): string => `\nif (${env.runtime('isThenable')}(${target})) ${target} = await ${target};`;

  /** What checks step k's answer in `target` where the guarded composer checks it (nothing more with the guards off). */
  const guardOf = (target: string, k: number): string => `if (${checked}.check) ${target} = ${checked}.check(${target}, ${k});`;
  const inParts = new Set<number>();
  // Per step (the handler last): whether it may start work that runs alongside the after-code of the layers above
  // (spawnsWork). A layer called through runAsync answers a promise the layer above awaits, as at run time; an
  // unreadable sync layer or handler may start work. Above such a step, an awaited next() keeps its yield.
  // A layer made of parts starts work when an option of its own does (a sink that queues a microtask): then it runs
  // through its fn, whose yields are the runtime's, and the layers below keep theirs.
  const partsWork = chain.layers.map((layer) => (layer.parts !== true ? undefined : layer.factoryCall === undefined ? 'its options cannot be read' : optionsWork(layer.factoryCall)));
  const spawns = [...chain.layers, chain.handler].map((step, k): boolean => {
    const lit = literals[k]!;
    if (k < n && chain.layers[k]!.parts === true) return partsWork[k] !== undefined;
    if (k < n && typeof lit === 'string' && sync[k] === false) return false;
    const fn = typeof lit === 'string' ? step.fn : lit.fn;
    return fn === undefined || spawnsWork(fn) !== undefined;
  });
  // spawnsBelow[k]: a step after k may start work (the handler's entry is last, with nothing below it).
  const spawnsBelow = spawns.map(() => false);
  for (let k = spawns.length - 2; k >= 0; k--) spawnsBelow[k] = spawns[k + 1]! || spawnsBelow[k + 1]!;
  const step = (k: number, req: string, target: string, settled: boolean, yields: boolean, awaits: { value: boolean }): Step => {
    // A layer made of parts runs them in line, unless a called layer above may run alongside (then it is called, and
    // every boundary below keeps its yield).
    if (k < n && chain.layers[k]!.parts === true && sync[k] === false && env.inline && !yields && !spawnsBelow[k] && partsWork[k] === undefined) {
      const layer = chain.layers[k]!;
      const at = where(layer.use, genDir);
      const parts = names.fresh(`${identifierBase(layer.name, `layer${k + 1}`)}Parts`);
      constants.push({ name: parts, comment: `${nameOf(k).replace(/^l/, 'L')} (${at}), made of parts: run in line.`, value: `${checked}.layers[${k}]!.parts!` });
      inParts.add(k);
      const below = names.fresh('res');
      const state = names.fresh('state');
      const error = names.fresh('error');
      const exit = names.fresh(`${identifierBase(layer.name, `layer${k + 1}`)}$`);
      // Its leave reads the response of the steps below settled, as the layer's own `next().then(…)` does.
      const inner = step(k + 1, req, below, true, yields, awaits);
      return {
        kind: 'parts',
        comment: `// ${nameOf(k)} (${at}) is made of parts (a layer of shallot/http): its enter, the steps below, its leave (or its fail: a throw, or its answer), in line`,
        target,
        parts,
        state,
        below,
        error,
        exit,
        add: `${checked}.add`,
        index: k,
        req,
        inner,
        guard: guardOf(target, k),
      };
    }
    let literal = literals[k]!;
    // A layer made of parts that is called says which of the three reasons holds.
    if (k < n && chain.layers[k]!.parts === true && env.inline && typeof literal === 'string') {
      const why = yields ? 'a called layer above may run alongside' : partsWork[k] !== undefined ? `an option of its own may start work (${partsWork[k]})` : 'a step below starts work it does not wait for';
      literal = `${why}, so it runs through its fn, which keeps the yield of its next()`;
    }
    // A copy prints the user's names as written: where it cannot (names.ts), the layer is called instead. (A layer
    // that never calls next() may then reach the steps below only through a function nothing calls.)
    if (typeof literal !== 'string' && !passesThrough(literal, yields)) literal = env.notKept(literal) ?? literal;
    const at = k === n ? chain.handler.node : chain.layers[k]!.use;
    // With the chain's guards on, what step k answers is checked where the guarded composer checks it, before the
    // layer above goes on, and the layer above gets what the check answers (a promise: one checked once settled).
    // With the guards off, `check` is undefined and nothing more is evaluated.
    const guard = guardOf(target, k);
    if (typeof literal === 'string') {
      const lit = oneLine(literal);
      if (k === n) {
        const handler = names.fresh(`${base}Handler`);
        constants.push({ name: handler, comment: `The handler of '${chain.name}' (${where(at, genDir)}), called as the runtime calls it: ${lit}.`, value: `${checked}.handler` });
        if (settled) awaits.value = true;
        // Checked as it answers, then settled for a reader that needs it so (as an inlined copy is).
        const settle = settled ? settleIfThenable(target) : '';
        return { kind: 'handler', comment: `// the handler (${where(at, genDir)}) is called, not inlined: ${lit}`, target, handler, req, guard: guard + settle };
      }
      const layer = chain.layers[k]!;
      const layerBase = identifierBase(layer.name, `layer${k + 1}`);
      const constant = names.fresh(`${layerBase}Layer`);
      constants.push({ name: constant, comment: `${nameOf(k).replace(/^l/, 'L')} (${where(at, genDir)}), called through the runtime's kernel: ${lit}.`, value: `${checked}.layers[${k}]!` });
      const restName = names.fresh(`${base}After${layerBase.charAt(0).toUpperCase()}${layerBase.slice(1)}`);
      const restReq = names.fresh('req');
      const restResult = names.fresh('res');
      const restAwaits = { value: false };
      // The kernel hands the rest's response to the layer: it needs nothing settled.
      // A layer made of parts runs nothing alongside but what its options start: its fn (partsFn) waits for next().
      const alongside = sync[k] === true ? undefined : layer.parts === true ? partsWork[k] : runsAlongside(layer.fn, sync[k]);
      const body = step(k + 1, restReq, restResult, false, yields || alongside !== undefined, restAwaits);
      const why = alongside === undefined ? '' : ` Its boundaries keep their yields: ${nameOf(k)} may run alongside (${oneLine(alongside)}).`;
      rests.push({ name: restName, comment: `What ${nameOf(k)} of '${chain.name}' reaches through next(): the rest of the chain.${why}`, req: restReq, result: restResult, async: restAwaits.value, body });
      const runner = sync[k] === true ? 'runSync' : sync[k] === false ? 'runAsync' : 'runEither';
      const awaited = settled && runner !== 'runSync';
      // A sync layer hands up what it returns as it is: a promise (a lying type; the guarded kernel refuses it) is
      // settled for a reader that needs it so, as the runtime's `await next()` settles it.
      const settle = settled && runner === 'runSync' ? settleIfThenable(target) : '';
      if (awaited || settle !== '') awaits.value = true;
      return { kind: 'call', comment: `// ${nameOf(k)} (${where(at, genDir)}) is called, not inlined: ${lit}`, target, runner: env.runtime(runner), awaited, layer: constant, req, rest: restName, settle };
    }

    const lit = literal;
    const comment = `// ${nameOf(k)} (${where(lit.fn, genDir)})`;
    const { form } = lit;
    if (passesThrough(lit, yields)) {
      const inner = step(k + 1, req, target, settled, yields, awaits);
      return { kind: 'inline', comment: `${comment} hands up next()'s response as it is: nothing of its own to run`, parts: [{ hole: 0 }], inner: [inner], guard };
    }
    // The copy's own glue names, fresh for this copy alone (when first asked for): its exit label, the variable a
    // returned promise waits in, and its labels (which appear in no message: two copies of one layer may nest).
    const glue = new Map<Identifier | object, string>();
    const exit = {};
    const own = (key: Identifier | object, base: string): string => {
      let name = glue.get(key);
      if (name === undefined) glue.set(key, (name = names.fresh(base)));
      return name;
    };
    const sites = form.kind === 'never' ? [] : form.sites;
    // Several sites (or a yield to keep) call the steps below in a function of their own, planned first.
    // Work the layer starts before next() and does not wait for runs alongside the layers below: they keep their yields.
    const alongside = startsWork(lit);
    const yieldsBelow = yields || alongside !== undefined;
    // Work a step below starts and does not wait for runs alongside this copy's code after next(): it keeps its yield.
    const keepYield = (yieldsBelow || spawnsBelow[k] === true) && sites.some((s) => s.destination.awaited);
    let rest: FlatFunction | undefined;
    if (sites.length > 1 || keepYield) {
      const restAwaits = { value: false };
      const restReq = names.fresh('req');
      const restResult = names.fresh('res');
      // Its response settled when a site needs it so (the function is then async, and the site awaits it); a sync
      // layer's sites take the response as it is.
      const needSettled = lit.role !== 'sync' && sites.some((s) => s.destination.awaited || (s.destination.kind === 'return' && settled));
      const restBody = step(k + 1, restReq, restResult, needSettled, yieldsBelow, restAwaits);
      const why =
        sites.length > 1
          ? `its ${sites.length} next() calls`
          : alongside !== undefined
            ? `${oneLine(alongside)}, and that work meets the layers below as far along as in the runtime chain`
            : yieldsBelow
              ? 'a called layer above may run alongside, and meets the layers below as far along as in the runtime chain'
              : 'a step below starts work it does not wait for, and that work meets the code after next() as far along as in the runtime chain';
      rest = { name: names.fresh(`${base}Below${k + 1}`), comment: `The steps below ${nameOf(k)} of '${chain.name}', in a function of their own: ${why}.`, req: restReq, result: restResult, async: restAwaits.value || keepYield, body: restBody };
      rests.push(rest);
    }
    const copy = copyLiteral(
      lit,
      {
        label: (label) => own(label, label.getText()),
        req,
        target,
        exit: () => own(exit, `${identifierBase(k === n ? 'handler' : chain.layers[k]!.name, `layer${k + 1}`)}$`),
        fresh: () => names.fresh('res'),
        add: `${checked}.add`,
        index: k,
        specifier: env.rebase,
      },
      settled,
      // What the shared function hands a site is a promise when it is async. (Below a sync layer, a promise comes
      // only from a type that lied: copyLiteral checks a sync layer's returned next() for one, at one site or several.)
      rest !== undefined && rest.async,
    );
    if (lit.fn.isAsync() || copy.settle !== undefined) awaits.value = true;
    const below: Step[] = copy.holes.map((hole) => {
      if (rest !== undefined) {
        // An awaited site, or a returned one whose reader needs it settled, waits for the function's promise.
        const awaited = lit.role !== 'sync' && rest.async && (hole.awaited || (hole.returned && settled));
        if (awaited) awaits.value = true;
        return { kind: 'enter', comment: `// the steps below ${nameOf(k)}`, target: hole.target, awaited, rest: rest.name, req };
      }
      // An awaited site uses the response where it is; a returned one hands it up to whoever reads this copy. A sync
      // layer never settles what next() answers: a promise from below (a type lied) passes through its try and
      // finally as it is, and its reader settles the copy's answer after the block (copy.settle).
      return step(k + 1, req, hole.target, lit.role !== 'sync' && (hole.awaited || (hole.returned && settled)), yieldsBelow, awaits);
    });
    // Settled for the reader after the check, which sees what the layer answered (a sync layer's promise is
    // SYNC_GOT_PROMISE in the guarded composer, not the response it settles to).
    const settle =
      copy.settle === 'await' ? `\n${target} = await ${target};` : copy.settle === 'thenable' ? settleIfThenable(target) : '';
    return { kind: 'inline', comment, parts: copy.parts, inner: below, guard: guard + settle };
  };

  const req = names.fresh('req');
  const result = names.fresh('res');
  const awaits = { value: false };
  const body = step(0, req, result, false, false, awaits);
  const chainWhere = where(chain.node, genDir);
  const flow = [...chain.layers.map((l, k) => quoted(l.name ?? `#${k + 1}`)), 'handler'].join(' -> ');
  const flat: FlatFunction = {
    name: names.fresh(`${base}Flat`),
    comment: `The chain '${chain.name}' of ${chainWhere}, flattened: ${flow}.`,
    req,
    result,
    // A promise exactly when the runtime chain answers one: it has an async layer (or the code awaits). When the
    // outermost layer is called through runAsync, its promise is the answer, as the runtime composer's is: runAsync
    // never throws, so an async wrapper would add nothing but a promise and two ticks per request.
    async: !(body.kind === 'call' && sync[0] === false && !body.awaited) && (sync.some((s) => s === false) || awaits.value),
    body,
  };
  const planned = chain.layers.map((l, k) => (inParts.has(k) ? ([l.name ?? null, sync[k] ?? null, 'parts'] as const) : ([l.name ?? null, sync[k] ?? null] as const)));
  return { chain, source, checked, planned, constants, flat, rests };
}
