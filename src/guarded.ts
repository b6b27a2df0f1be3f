import {
  HANDLER,
  badAdditions,
  missingAwait,
  nextTwice,
  notAResponse,
  syncGotPromise,
} from './errors.js';
import type { Composed, RuntimeHandler } from './compose.js';
import type { RuntimeLayer } from './middleware.js';

/** Tells a response from anything else; by default, anything but `undefined` and `null`. */
export type ResponseTest = (value: unknown) => boolean;

const noop = (): void => {};

const isThenable = (value: unknown): value is PromiseLike<unknown> =>
  (typeof value === 'object' || typeof value === 'function') &&
  value !== null &&
  typeof (value as { then?: unknown }).then === 'function';

/** What one layer did during one request: the guards' bookkeeping. */
interface Frame {
  called: boolean;
  observed: boolean;
  inner: Promise<unknown> | undefined;
}

/**
 * The promise an async layer's `next()` returns when guards are on. Awaiting it,
 * returning it or calling `.then` on it marks it observed: `await` and promise
 * adoption call `then` on any promise that is not a plain `Promise`.
 */
class Watched<T> extends Promise<T> {
  static override get [Symbol.species](): PromiseConstructor {
    return Promise;
  }
  frame: Frame | undefined;
  override then<A = T, B = never>(
    onFulfilled?: ((value: T) => A | PromiseLike<A>) | null,
    onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null,
  ): Promise<A | B> {
    if (this.frame !== undefined) this.frame.observed = true;
    return super.then(onFulfilled, onRejected);
  }
}

/**
 * The guarded kernel (the default outside production). Same semantics as
 * {@link composeFast}, plus an error naming the layer when it calls `next()`
 * twice, drops `next()`'s promise (missing await), returns something that is not
 * a response, or mixes sync and async at run time. It allocates a little per
 * layer per request; codegen compiles guards out where it proves them unneeded.
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
      return Promise.resolve(res).then((value) => {
        if (!isResponse(value)) throw notAResponse(HANDLER, value, true);
        return value;
      });
    }
    if (!isResponse(res)) throw notAResponse(HANDLER, res, true);
    return res;
  };

  const run = (k: number, req: object): unknown => (k === n ? runHandler(req) : layers[k]!.sync ? runSync(k, req) : runAsync(k, req));

  const enter = (frame: Frame, name: string, req: object, adds: unknown): void => {
    if (frame.called) throw nextTwice(name);
    frame.called = true;
    if (adds !== undefined) {
      if (typeof adds !== 'object' || adds === null) throw badAdditions(name, adds);
      Object.assign(req, adds);
    }
  };

  function runSync(k: number, req: object): unknown {
    const { name, fn } = layers[k]!;
    const frame: Frame = { called: false, observed: true, inner: undefined };
    const next = (adds?: object): unknown => {
      enter(frame, name, req, adds);
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
    if (!isResponse(res)) throw notAResponse(name, res);
    return res;
  }

  function runAsync(k: number, req: object): Promise<unknown> {
    const { name, fn } = layers[k]!;
    const frame: Frame = { called: false, observed: false, inner: undefined };
    const next = (adds?: object): Promise<unknown> => {
      enter(frame, name, req, adds);
      let inner: Promise<unknown>;
      try {
        inner = Promise.resolve(run(k + 1, req));
      } catch (error) {
        inner = Promise.reject(error);
      }
      frame.inner = inner;
      const watched = new Watched<unknown>((resolve) => resolve(inner));
      watched.frame = frame;
      // When the layer drops `watched`, its rejection is reported as MISSING_AWAIT
      // below; it must not also go unhandled. The native `then` does not mark it
      // observed, and a layer that awaits it still gets the error.
      Promise.prototype.then.call(watched, undefined, noop);
      return watched;
    };
    // Only a promise that next() handed out can be dropped: a next() that threw
    // (bad additions) handed out none, and its error must reach the caller as is.
    const dropped = (): boolean => frame.inner !== undefined && !frame.observed;
    let out: unknown;
    try {
      out = fn(req, next);
    } catch (error) {
      out = Promise.reject(error);
    }
    return Promise.resolve(out).then(
      (res) => {
        if (dropped()) {
          frame.inner!.catch(noop); // the error below is reported; it must not also go unhandled
          throw Object.assign(missingAwait(name), { dropped: frame.inner });
        }
        if (!isResponse(res)) throw notAResponse(name, res);
        return res;
      },
      (error: unknown) => {
        if (dropped()) {
          frame.inner!.catch(noop);
          throw Object.assign(missingAwait(name, error), { dropped: frame.inner });
        }
        throw error;
      },
    );
  }

  return (req: object): unknown => {
    if (n === 0 || !layers[0]!.sync) {
      try {
        return run(0, req);
      } catch (error) {
        if (n > 0) return Promise.reject(error);
        throw error;
      }
    }
    return run(0, req);
  };
}
