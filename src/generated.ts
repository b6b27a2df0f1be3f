/**
 * What the modules `shallot codegen` writes import (`shallot/generated`): the
 * check that a generated handler still matches its source chain, the functions
 * its called layers run through (the runtime kernels' own: the guarded one
 * while the source chain has its guards on), and the description it carries. Not meant for hand-written code.
 *
 * @module
 */
import { notAResponse, ShallotError, syncGotPromise } from './errors.js';
import { addGuarded, isThenable, runGuardedAsync, runGuardedSync, type ResponseTest } from './guarded.js';
import { runAsync as runAsyncLayer, runSync as runSyncLayer, type LayerCall, type Rest } from './kernel.js';
import { partsOf, type LayerParts } from './parts.js';

export type { LayerParts } from './parts.js';

export type { LayerCall } from './kernel.js';

/** Whether `value` is a promise or another thenable: what `await` settles (an inlined `await next()` settles its copy's answer when this holds). */
export { isThenable } from './guarded.js';

/**
 * A layer as a generated module calls it: what the source chain runs. While the
 * chain has its guards on, `isResponse` is its response test, and the layer runs
 * through the guarded kernel's code (`runGuardedAsync`/`runGuardedSync`), as in
 * the runtime chain.
 */
export interface CalledLayer extends LayerCall {
  readonly sync: boolean;
  readonly isResponse?: ResponseTest | undefined;
  /**
   * The functions the layer is made of, when it is (the built-in layers of
   * `shallot/http` that wrap the layers below: see `LayerParts`): a generated
   * handler runs them in line, in the order the layer's own function runs them.
   */
  readonly parts?: LayerParts | undefined;
}

/**
 * Runs an async layer as the runtime composer does (see `runAsync` in the
 * kernel, or, with the guards on, `runGuardedAsync`): a promise, never a throw;
 * its `next()` reaches `rest`.
 *
 * @example
 * ```ts
 * import { expectChain, runAsync } from 'shallot/generated';
 * import { app as appSource } from './app.js';
 *
 * const appChain = expectChain(appSource, 'app', 'app.ts', [['logging', false], ['tag', false]]);
 * const appAfterTag = (req: { path: string }): Response => new Response(req.path);
 * async function appFlat(req: { path: string }): Promise<unknown> {
 *   // middleware 'tag' is called, not inlined: as the runtime composer runs it
 *   return await runAsync(appChain.layers[1]!, req, appAfterTag);
 * }
 * ```
 */
export function runAsync<R extends object>(layer: CalledLayer, req: R, rest: (req: R) => unknown): Promise<unknown> {
  const test = layer.isResponse;
  return test === undefined ? runAsyncLayer(layer, req, rest as Rest) : runGuardedAsync(layer, req, rest as Rest, test, true);
}

/**
 * Runs a sync layer as the runtime composer does: its `next()` calls `rest`
 * directly, and what it returns is handed up as it is (with the guards on,
 * checked as `runGuardedSync` checks it).
 *
 * @example
 * ```ts
 * import { expectChain, runSync } from 'shallot/generated';
 * import { app as appSource } from './app.js';
 *
 * const appChain = expectChain(appSource, 'app', 'app.ts', [['stamp', true]]);
 * const appAfterStamp = (req: { path: string }): Response => new Response(req.path);
 * function appFlat(req: { path: string }): unknown {
 *   return runSync(appChain.layers[0]!, req, appAfterStamp);
 * }
 * ```
 */
export function runSync<R extends object>(layer: CalledLayer, req: R, rest: (req: R) => unknown): unknown {
  const test = layer.isResponse;
  return test === undefined ? runSyncLayer(layer, req, rest as Rest) : runGuardedSync(layer, req, rest as Rest, test);
}

/**
 * One layer as a generated module was planned with it: its name and whether it
 * is sync, `null` where only the run time knows, and `'parts'` when the module
 * runs the functions it is made of in line (then it must still be made of them).
 */
export type PlannedLayer = readonly [name: string | null, sync: boolean | null, made?: 'parts'];

/**
 * A source chain's description as a generated module reads it: every layer with
 * its function, and the handler.
 *
 * @example
 * ```ts
 * import { expectChain, type SourceChain } from 'shallot/generated';
 * import { app as appSource } from './app.js';
 *
 * const source: SourceChain = expectChain(appSource, 'app', 'app.ts', [['logging', false]]);
 * const loggingLayer = source.layers[0]!; // called through runAsync(loggingLayer, req, rest)
 * ```
 */
export interface SourceChain {
  readonly layers: readonly CalledLayer[];
  readonly handler: Rest;
  readonly sync: boolean;
  /**
   * With the source chain's guards on, the check of what step `k` (layer `k`, or
   * the handler when `k` is the number of layers) answers where the generated
   * handler inlined it, as the guarded composer checks it before the layer above
   * goes on: NOT_A_RESPONSE naming the layer, SYNC_GOT_PROMISE for a promise
   * from a sync layer or handed to one. It returns what the layer above gets: the
   * value, or, for a promise, a promise of it checked once settled. Undefined
   * with the guards off (`if (appChain.check) res = appChain.check(res, 2);`
   * then evaluates nothing more).
   */
  readonly check: ((value: unknown, k: number) => unknown) | undefined;
  /** What an inlined `next(adds)` of layer `k` does to the request: the guarded composer's BAD_ADDITIONS check with the guards on, and `Object.assign`. */
  readonly add: (req: object, adds: unknown, k: number) => void;
}

const noop = (): void => {};

/** `next(adds)` of the fast kernel: the fields added, whatever `adds` is. */
const assign = (req: object, adds: unknown): void => {
  if (adds !== undefined) Object.assign(req, adds);
};

const say = (name: string | null): string => (name === null ? 'a layer' : `middleware '${name}'`);

/**
 * Checks, when a generated module loads, that the chain it was generated from
 * still has the layers it was planned with (their number, names and sync
 * flags), and returns that chain's description. A cast, a widened type or a
 * stale file can hide the chain's real shape from `shallot codegen`; then this
 * throws a `GENERATED_MISMATCH` ShallotError naming the chain and the first
 * difference, instead of letting the module run other code than the chain.
 *
 * @example
 * ```ts
 * // At the top of app.gen.ts:
 * import { expectChain } from 'shallot/generated';
 * import { app as appSource } from './app.js';
 *
 * const appChain = expectChain(appSource, 'app', 'app.ts', [['logging', false], [null, false]]);
 * ```
 */
export function expectChain(source: unknown, chain: string, file: string, planned: readonly PlannedLayer[]): SourceChain {
  const fail = (difference: string): never => {
    throw new ShallotError(
      'GENERATED_MISMATCH',
      `the generated handler of chain '${chain}' (from ${file}) does not match the chain at run time: ${difference}. Run shallot codegen again; if it still differs, the chain's types hide its real shape (a cast or a widened type), so fix them`,
    );
  };
  const description = typeof source === 'function' ? (source as { description?: unknown }).description : undefined;
  if (typeof description !== 'object' || description === null) return fail(`${file} no longer exports '${chain}' as a handled chain`);
  const { layers, handler, sync } = description as { layers?: unknown; handler?: unknown; sync?: unknown };
  if (!Array.isArray(layers) || typeof handler !== 'function') return fail(`'${chain}' is not a handled chain of shallot (is it itself generated?)`);
  if (layers.length !== planned.length) {
    return fail(`it has ${layers.length} layer${layers.length === 1 ? '' : 's'} at run time, ${planned.length} when it was generated`);
  }
  planned.forEach(([name, isSync, made], i) => {
    const actual = layers[i] as { name: string; sync: boolean; fn?: unknown };
    if (name !== null && actual.name !== name) fail(`layer ${i + 1} is middleware '${actual.name}' at run time, ${say(name)} when it was generated`);
    if (isSync !== null && actual.sync !== isSync) {
      fail(`layer ${i + 1} (middleware '${actual.name}') is ${actual.sync ? 'sync' : 'async'} at run time, ${isSync ? 'sync' : 'async'} when it was generated`);
    }
    if (typeof actual.fn !== 'function') fail(`layer ${i + 1} (middleware '${actual.name}') has no function to call`);
    if (made === 'parts' && (actual.sync || partsOf(actual) === undefined)) {
      fail(`layer ${i + 1} (middleware '${actual.name}') is not made of parts at run time (a layer of shallot/http such as logger() is), it was when generated`);
    }
  });
  const isResponse = (description as { isResponse?: unknown }).isResponse;
  const all = layers as readonly CalledLayer[];
  if (typeof isResponse !== 'function') return { layers: all, handler: handler as Rest, sync: sync === true, check: undefined, add: assign };
  // The guards are on: each called layer runs through the guarded kernel's code, and what an inlined step answers is
  // checked where the guarded composer checks it.
  const test = isResponse as ResponseTest;
  const called = all.map((layer): CalledLayer => ({ name: layer.name, sync: layer.sync, fn: layer.fn, isResponse: test, parts: partsOf(layer) }));
  const settledChecks = [...all.map(({ name }) => name), undefined].map(
    (name) =>
      (settled: unknown): unknown => {
        if (!test(settled)) throw notAResponse(settled, name);
        return settled;
      },
  );
  const check = (value: unknown, k: number): unknown => {
    const layer = all[k];
    if (layer?.sync === true) {
      if (isThenable(value)) {
        Promise.resolve(value).catch(noop); // reported here; keep its rejection from going unhandled
        throw syncGotPromise(layer.name, 'self');
      }
      return settledChecks[k]!(value);
    }
    // An async layer always answers a promise: a sync layer above it gets one from next().
    const reader = all[k - 1];
    if (reader?.sync === true && (layer !== undefined || isThenable(value))) {
      if (isThenable(value)) Promise.resolve(value).catch(noop);
      throw syncGotPromise(reader.name, 'next');
    }
    return isThenable(value) ? Promise.resolve(value).then(settledChecks[k]) : settledChecks[k]!(value);
  };
  const add = (req: object, adds: unknown, k: number): void => addGuarded(all[k]!.name, req, adds);
  return { layers: called, handler: handler as Rest, sync: sync === true, check, add };
}

/**
 * Runs a layer whose kind only the run time knows (a factory typed with the
 * top type `Middleware`): through {@link runSync} or {@link runAsync}, as the
 * runtime composer would. Its caller awaits the result.
 *
 * @example
 * ```ts
 * import { expectChain, runEither } from 'shallot/generated';
 * import { app as appSource } from './app.js';
 *
 * // the layer's colour is only known at run time (a factory's result)
 * const appChain = expectChain(appSource, 'app', 'app.ts', [['rateLimit', null]]);
 * const appAfterRateLimit = (req: { path: string }): Response => new Response(req.path);
 * async function appFlat(req: { path: string }): Promise<unknown> {
 *   return await runEither(appChain.layers[0]!, req, appAfterRateLimit);
 * }
 * ```
 */
export function runEither<R extends object>(layer: CalledLayer, req: R, rest: (req: R) => unknown): unknown {
  return layer.sync ? runSync(layer, req, rest) : runAsync(layer, req, rest);
}

/**
 * The generated handler `flat` as its source chain's app: it carries the
 * source's description (the same layers, names read at run time), marked
 * `generated`, its `guards` those of the source (with them on, the called
 * layers run through the guarded kernel's code, the inlined steps' answers and
 * additions are checked as the guarded composer checks them, and the next()
 * guards of the inlined layers are what \`shallot check\` proves). Typed as the
 * source, so the generated module exports the same names with the same types.
 *
 * @example
 * ```ts
 * import { expectChain, flatApp } from 'shallot/generated';
 * import { app as appSource } from './app.js';
 *
 * const appChain = expectChain(appSource, 'app', 'app.ts', []);
 * const appFlat = (req: { path: string }): Response => new Response(req.path);
 * export const app = flatApp(appFlat, appSource, appChain);
 * app.description.generated; // true
 * ```
 */
export function flatApp<T>(flat: (req: never) => unknown, _source: T, chain: SourceChain): T {
  const layers = Object.freeze(chain.layers.map(({ name, sync }) => Object.freeze({ name, sync })));
  return Object.defineProperty(flat, 'description', {
    value: Object.freeze({ layers, sync: chain.sync, guards: chain.check !== undefined, generated: true }),
    enumerable: true,
  }) as unknown as T;
}
