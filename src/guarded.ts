import {
  badAdditions,
  missingAwait,
  nextTwice,
  notAResponse,
  syncGotPromise,
} from './errors.js';
import type { Composed, RuntimeHandler } from './compose.js';
import type { LayerCall, Rest } from './kernel.js';
import type { RuntimeLayer } from './middleware.js';

/**
 * Tells a response from anything else, for the guards; by default, anything but
 * `undefined` and `null`.
 *
 * @example
 * ```ts
 * const onlyResponses: ResponseTest = (value) => value instanceof Response;
 * const app = chain({ isResponse: onlyResponses }).handle(() => new Response('ok'));
 * ```
 */
export type ResponseTest = (value: unknown) => boolean;

const noop = (): void => {};

/** @internal Whether `value` is a promise or any thenable: what the guards (and guarded generated handlers) settle before they check it. */
export const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  (typeof value === 'object' || typeof value === 'function') &&
  value !== null &&
  typeof (value as { then?: unknown }).then === 'function';

/** A promise of ours; `seen` is false once next() hands it out, true once observed. */
type Watched = Promise<unknown> & { seen?: boolean };

/**
 * The prototype of the promises that next() hands out: `Promise.prototype` plus
 * `seen: false` and a `constructor` getter that marks the promise seen. `await`, `return`, `.then`,
 * `Promise.resolve` and `Promise.all` read `constructor` of a promise whose
 * prototype is not `Promise.prototype`; getting `Promise` back, they treat it as a
 * native promise (no extra tick). On a prototype of our own the getter leaves V8's
 * promise protectors intact; on the promise itself it would slow every promise in
 * the process.
 */
const watchedPrototype: object = Object.create(Promise.prototype, {
  seen: { value: false, writable: true },
  constructor: {
    get(this: Watched) {
      this.seen = true;
      return Promise;
    },
  },
});

const handOut = (promise: Watched): Watched => Object.setPrototypeOf(promise, watchedPrototype) as Watched;

/**
 * Throws `error` from the check that settles `checked`. If next() handed `checked`
 * out and nothing observed it yet, its rejection must not go unhandled: it may
 * still be awaited, or be reported as dropped.
 */
const reject = (checked: Watched, error: unknown): never => {
  if (checked.seen === false) {
    Promise.prototype.then.call(checked, undefined, noop); // reads `constructor`, marking it seen...
    checked.seen = false; // ...which the layer has not
  }
  throw error;
};

/** Adds `adds` to the request as the guarded `next()` does: nothing, an object's fields, or BAD_ADDITIONS naming the layer. */
export function addGuarded(name: string, req: object, adds: unknown): void {
  if (adds === undefined) return;
  if (typeof adds !== 'object' || adds === null) throw badAdditions(name, adds);
  Object.assign(req, adds);
}

/** Runs the handler as the guarded kernel does: a non-response (settled, if it is a promise) is NOT_A_RESPONSE. */
export function runGuardedHandler(handler: Rest, req: object, isResponse: ResponseTest): unknown {
  const res = handler(req);
  if (isThenable(res)) {
    const checked: Watched = Promise.resolve(res).then(
      (value) => (isResponse(value) ? value : reject(checked, notAResponse(value))),
      (error: unknown) => reject(checked, error),
    );
    return checked;
  }
  if (!isResponse(res)) throw notAResponse(res);
  return res;
}

/**
 * Runs the sync layer `layer` as the guarded kernel does, its `next()` reaching
 * `rest`: a second call is NEXT_TWICE, a promise from below or from the layer is
 * SYNC_GOT_PROMISE, a non-response is NOT_A_RESPONSE, each naming the layer.
 */
export function runGuardedSync(layer: LayerCall, req: object, rest: Rest, isResponse: ResponseTest): unknown {
  const { name, fn } = layer;
  let called = false;
  const next = (adds?: object): unknown => {
    if (called) throw nextTwice(name);
    called = true;
    addGuarded(name, req, adds);
    const res = rest(req);
    if (isThenable(res)) {
      Promise.resolve(res).catch(noop); // reported below; keep its rejection from going unhandled
      throw syncGotPromise(name, 'next');
    }
    return res;
  };
  const res = fn(req, next);
  if (isThenable(res)) {
    Promise.resolve(res).catch(noop);
    throw syncGotPromise(name, 'self');
  }
  if (!isResponse(res)) throw notAResponse(res, name);
  return res;
}

/**
 * Runs the async layer `layer` as the guarded kernel does, its `next()` reaching
 * `rest`: the promise returned settles once the layer's result is checked (a
 * dropped `next()` promise is MISSING_AWAIT, a non-response NOT_A_RESPONSE, each
 * naming the layer); a second `next()` is NEXT_TWICE. `foreign`: `rest` is not
 * the guarded chain's own code (a generated handler's), whose promises cannot
 * quiet their own rejection when the layer drops them.
 */
export function runGuardedAsync(layer: LayerCall, req: object, rest: Rest, isResponse: ResponseTest, foreign = false): Promise<unknown> {
  const { name, fn } = layer;
  let called = false;
  let given: Watched | undefined; // what next() handed out; a next() that threw handed out nothing
  const next = (adds?: object): Watched => {
    if (called) throw nextTwice(name);
    called = true;
    addGuarded(name, req, adds);
    let inner: Watched;
    try {
      inner = Promise.resolve(rest(req)); // always a promise of ours: handOut may change it
    } catch (error) {
      inner = Promise.reject(error);
      inner.catch(noop); // if the layer drops it, MISSING_AWAIT reports it (not handed out yet: nothing to mark)
    }
    given = handOut(inner);
    // A promise next() hands out never rejects unhandled itself (what observes it carries the rejection on): a layer
    // that drops it is reported as MISSING_AWAIT, not by a crash. The guarded chain's own promises see to it when
    // they reject (`reject`); a `rest` of other code (a generated handler's) hands out a promise that cannot, so it
    // is quieted here. Attaching reads `constructor`, which marks it seen: it is not, yet.
    if (foreign) {
      Promise.prototype.then.call(given, undefined, noop);
      given.seen = false;
    }
    return given;
  };
  let out: unknown;
  try {
    out = fn(req, next);
  } catch (error) {
    out = Promise.reject(error);
  }
  // `given` was dropped if nothing observed it before the layer's own promise settled.
  const checked: Watched = Promise.resolve(out).then(
    (res) => {
      // Should the dropped promise reject, it does not go unhandled (see next above).
      if (given !== undefined && !given.seen) return reject(checked, missingAwait(name));
      if (!isResponse(res)) return reject(checked, notAResponse(res, name));
      return res;
    },
    (error: unknown) => reject(checked, given !== undefined && !given.seen ? missingAwait(name, error) : error),
  );
  return checked;
}

/**
 * The guarded kernel (the default outside production). Same semantics as
 * {@link composeFast} (which also names a layer calling `next()` twice), plus
 * an error naming the layer when it drops `next()`'s promise (missing await), returns something that is not
 * a response, or mixes sync and async at run time. Per async layer per request it
 * makes three closures and one promise, which checks the layer's result and is
 * what the layer above gets from `next()`. A generated handler runs the layers
 * it calls through these same functions while its source chain has its guards on.
 */
export function composeGuarded(
  layers: readonly RuntimeLayer[],
  handler: RuntimeHandler,
  isResponse: ResponseTest,
): Composed {
  const n = layers.length;
  const run = (k: number, req: object): unknown => {
    if (k === n) return runGuardedHandler(handler, req, isResponse);
    const layer = layers[k]!;
    return layer.sync ? runGuardedSync(layer, req, rests[k]!, isResponse) : runGuardedAsync(layer, req, rests[k]!, isResponse);
  };
  // What each layer's next() reaches, made once per chain rather than per request.
  const rests: Rest[] = layers.map((_, k) => (req: object): unknown => run(k + 1, req));
  // runAsync turns every throw into a rejection; with no layers, the handler's
  // throw reaches the caller as is (as in the fast kernel).
  return (req: object): unknown => run(0, req);
}
