/**
 * What the modules `shallot codegen` writes import (`shallot/generated`): the
 * check that a generated handler still matches its source chain, the functions
 * its called layers run through (the fast kernel's own), and the description
 * it carries. Not meant for hand-written code.
 *
 * @module
 */
import { notAResponse, ShallotError } from './errors.js';
import { isThenable } from './guarded.js';
import { runAsync as runAsyncLayer, runSync as runSyncLayer, type LayerCall, type Rest } from './kernel.js';

export type { LayerCall } from './kernel.js';

/**
 * Runs an async layer as the runtime composer does (see `runAsync` in the
 * kernel): a promise, never a throw; its `next()` reaches `rest`.
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
export const runAsync: <R extends object>(layer: LayerCall, req: R, rest: (req: R) => unknown) => Promise<unknown> = runAsyncLayer as never;

/**
 * Runs a sync layer as the runtime composer does: its `next()` calls `rest`
 * directly, and what it returns is handed up as it is.
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
export const runSync: <R extends object>(layer: LayerCall, req: R, rest: (req: R) => unknown) => unknown = runSyncLayer as never;

/** One layer as a generated module was planned with it: its name and whether it is sync, `null` where only the run time knows. */
export type PlannedLayer = readonly [name: string | null, sync: boolean | null];

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
  readonly layers: readonly (LayerCall & { readonly sync: boolean })[];
  readonly handler: Rest;
  readonly sync: boolean;
  /**
   * With the source chain's guards on, the response guard: throws NOT_A_RESPONSE
   * naming the layer (the handler when `name` is left out) when `value` is not a
   * response by the chain's `isResponse`. Undefined with the guards off. The
   * generated handler calls it where an inlined layer or the handler answers
   * (`appChain.guard?.(res, 'auth')`); the layers and the handler it calls are
   * checked as the guarded composer checks them.
   */
  readonly guard: ((value: unknown, name?: string) => void) | undefined;
}

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
  planned.forEach(([name, isSync], i) => {
    const actual = layers[i] as { name: string; sync: boolean; fn?: unknown };
    if (name !== null && actual.name !== name) fail(`layer ${i + 1} is middleware '${actual.name}' at run time, ${say(name)} when it was generated`);
    if (isSync !== null && actual.sync !== isSync) {
      fail(`layer ${i + 1} (middleware '${actual.name}') is ${actual.sync ? 'sync' : 'async'} at run time, ${isSync ? 'sync' : 'async'} when it was generated`);
    }
    if (typeof actual.fn !== 'function') fail(`layer ${i + 1} (middleware '${actual.name}') has no function to call`);
  });
  const isResponse = (description as { isResponse?: unknown }).isResponse;
  if (typeof isResponse !== 'function') return { layers: layers as SourceChain['layers'], handler: handler as Rest, sync: sync === true, guard: undefined };
  // The guards are on: what the guarded composer checks of each layer's and the handler's answer, checked here too.
  const test = isResponse as (value: unknown) => boolean;
  const guard = (value: unknown, name?: string): void => {
    if (!test(value)) throw notAResponse(value, name);
  };
  // What an inlined copy answers, unless it is still a promise (handed up as it is: its reader settles it).
  const answered = (value: unknown, name?: string): void => {
    if (!isThenable(value)) guard(value, name);
  };
  // The check of a settled answer, made here once per layer (and the handler), not per call.
  const settledCheck =
    (name?: string) =>
    (settled: unknown): unknown => (guard(settled, name), settled);
  const checked = (value: unknown, settled: (value: unknown) => unknown, name?: string): unknown => {
    if (isThenable(value)) return Promise.resolve(value).then(settled);
    guard(value, name);
    return value;
  };
  const guarded = (layers as SourceChain['layers']).map(({ name, sync: layerSync, fn }) => {
    if (layerSync) {
      const syncFn = (req: object, next: (adds?: object) => unknown): unknown => {
        const value = fn(req, next);
        guard(value, name);
        return value;
      };
      return { name, sync: layerSync, fn: syncFn };
    }
    const settled = settledCheck(name);
    const asyncFn = (req: object, next: (adds?: object) => unknown): unknown => checked(fn(req, next), settled, name);
    return { name, sync: layerSync, fn: asyncFn };
  });
  const run = handler as Rest;
  const handlerSettled = settledCheck();
  return { layers: guarded, handler: (req: object): unknown => checked(run(req), handlerSettled), sync: sync === true, guard: answered };
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
export function runEither<R extends object>(layer: LayerCall & { readonly sync: boolean }, req: R, rest: (req: R) => unknown): unknown {
  return layer.sync ? runSync(layer, req, rest) : runAsync(layer, req, rest);
}

/**
 * The generated handler `flat` as its source chain's app: it carries the
 * source's description (the same layers, names read at run time), marked
 * `generated`, its `guards` those of the source (the response guard; the
 * next() guards are proven by \`shallot check\` for the inlined layers, and the
 * kernel still stops a second next() of a called one). Typed as the source, so the generated
 * module exports the same names with the same types.
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
    value: Object.freeze({ layers, sync: chain.sync, guards: chain.guard !== undefined, generated: true }),
    enumerable: true,
  }) as unknown as T;
}
