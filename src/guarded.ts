import {
  badAdditions,
  missingAwait,
  nextTwice,
  notAResponse,
  syncGotPromise,
} from './errors.js';
import type { Composed, RuntimeHandler } from './compose.js';
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

/**
 * The guarded kernel (the default outside production). Same semantics as
 * {@link composeFast} (which also names a layer calling `next()` twice), plus
 * an error naming the layer when it drops `next()`'s promise (missing await), returns something that is not
 * a response, or mixes sync and async at run time. Per async layer per request it
 * makes three closures and one promise, which checks the layer's result and is
 * what the layer above gets from `next()`; codegen compiles guards out where it
 * proves them unneeded.
 */
export function composeGuarded(
  layers: readonly RuntimeLayer[],
  handler: RuntimeHandler,
  isResponse: ResponseTest,
): Composed {
  const n = layers.length;

  const runHandler = (req: object): unknown => {
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
  };

  const run = (k: number, req: object): unknown => (k === n ? runHandler(req) : layers[k]!.sync ? runSync(k, req) : runAsync(k, req));

  const add = (name: string, req: object, adds: unknown): void => {
    if (adds === undefined) return;
    if (typeof adds !== 'object' || adds === null) throw badAdditions(name, adds);
    Object.assign(req, adds);
  };

  function runSync(k: number, req: object): unknown {
    const { name, fn } = layers[k]!;
    let called = false;
    const next = (adds?: object): unknown => {
      if (called) throw nextTwice(name);
      called = true;
      add(name, req, adds);
      const res = run(k + 1, req);
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

  /** Runs async layer k: the promise returned settles once k's result is checked. */
  function runAsync(k: number, req: object): Watched {
    const { name, fn } = layers[k]!;
    let called = false;
    let given: Watched | undefined; // what next() handed out; a next() that threw handed out nothing
    const next = (adds?: object): Watched => {
      if (called) throw nextTwice(name);
      called = true;
      add(name, req, adds);
      let inner: Watched;
      try {
        inner = Promise.resolve(run(k + 1, req)); // always a promise of ours: handOut may change it
      } catch (error) {
        inner = Promise.reject(error);
        inner.catch(noop); // if the layer drops it, MISSING_AWAIT reports it (not handed out yet: nothing to mark)
      }
      return (given = handOut(inner));
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
        // Should the dropped promise reject, it does not go unhandled: every promise
        // next() hands out quiets its own rejection while it is unobserved.
        if (given !== undefined && !given.seen) return reject(checked, missingAwait(name));
        if (!isResponse(res)) return reject(checked, notAResponse(res, name));
        return res;
      },
      (error: unknown) => reject(checked, given !== undefined && !given.seen ? missingAwait(name, error) : error),
    );
    return checked;
  }

  // runAsync turns every throw into a rejection; with no layers, the handler's
  // throw reaches the caller as is (as in the fast kernel).
  return (req: object): unknown => run(0, req);
}
