import type { RuntimeLayer } from './middleware.js';

/**
 * An async layer that only wraps the layers below, written as the functions it
 * is made of rather than as one `(req, next) => …`: what it does before
 * `next()` (`enter`, whose result is the layer's state for this request), what
 * it adds for the layers below (`adds`), what it does to their response
 * (`leave`), and, when it wants to see a failure from below, what it does then
 * (`fail`: it throws, so the failure goes on up, or answers in its place, as
 * `errorBoundary()` does; `leave` does not run then). The layer never sees
 * `next` itself, so it calls it exactly once, after `enter`, and always waits
 * for it.
 *
 * The built-in layers of `shallot/http` that add to the response on its way up
 * (logger, timing, requestId, setHeader) and the one that answers for a failure
 * below (errorBoundary) are made so. Their `fn`, which the
 * runtime composer runs, is {@link partsFn} of their parts; a handler that
 * `shallot codegen` writes runs the same parts in line, with no `next`, no
 * promise and no microtask tick of its own per layer (the one difference of
 * inlining: docs/codegen.md).
 *
 * @example
 * ```ts
 * import type { LayerParts } from 'shallot/generated';
 *
 * // What a generated handler runs for timing(): its start, then the response with Server-Timing.
 * const parts: LayerParts<number> = {
 *   enter: () => performance.now(),
 *   leave: (start, res) => res,
 * };
 * ```
 */
export interface LayerParts<S = unknown> {
  // Methods, so that a layer's own parts may take the request and response it knows (`req: { headers: Headers }`).
  /** Before the layers below run; what it returns is this request's state. A throw rejects the layer's answer. */
  enter?(req: object): S;
  /** What the layer adds for the layers below (as `next(adds)`), from its state. */
  adds?(state: S): object | undefined;
  /** What the layer answers, from the response of the layers below (settled). */
  leave(state: S, res: unknown, req: object): unknown;
  /**
   * Called with a failure from the layers below (a rejection or a throw): it throws (the failure or another), or
   * answers the layer's response in place of `leave`.
   */
  fail?(state: S, error: unknown, req: object): unknown;
}

/** A layer made of parts: its `fn` is {@link partsFn} of `parts`. */
export interface PartsLayer extends RuntimeLayer {
  readonly parts: LayerParts;
}

/**
 * The layer function of `parts`, as the runtime composer runs it: `enter`,
 * then `next(adds)`, then `leave` (or `fail`) on what it settles to. A throw of
 * `enter` or `adds` is a rejection, as from an async function, also where the
 * function is called on its own (a unit test). Written as a plain function that
 * chains on `next()`'s promise: the same answer and ticks as
 * `async (req, next) => leave(state, await next(adds), req)` without an async
 * function's frame per request.
 */
export function partsFn<S>(parts: LayerParts<S>): RuntimeLayer['fn'] {
  const { enter, adds, leave, fail } = parts;
  return (req, next) => {
    let state: S;
    let added: object | undefined;
    try {
      state = enter === undefined ? (undefined as S) : enter(req);
      added = adds === undefined ? undefined : adds(state);
    } catch (error) {
      return Promise.reject(error);
    }
    const below = (added === undefined ? next() : next(added)) as Promise<unknown>;
    return below.then((res) => leave(state, res, req), fail === undefined ? undefined : (error: unknown) => fail(state, error, req));
  };
}

const noState = (): undefined => undefined;
const noAdds = (): undefined => undefined;
const rethrow = (_state: unknown, error: unknown): never => {
  throw error;
};

/**
 * An async layer named `name` made of `parts` (see {@link LayerParts}). The
 * layer carries its parts with every member there (no state, no additions and
 * a failure passed on where `parts` leaves one out), so that a generated
 * handler runs all four in line.
 */
export function partsLayer<S>(name: string, parts: LayerParts<S>): PartsLayer {
  const full: LayerParts = Object.freeze({
    enter: parts.enter ?? noState,
    adds: parts.adds ?? noAdds,
    leave: parts.leave,
    fail: parts.fail ?? rethrow,
  } as LayerParts);
  return Object.freeze({ kind: 'middleware', name, sync: false, fn: partsFn(parts), parts: full });
}

/** The parts of `layer`, when it is made of them. */
export const partsOf = (layer: unknown): LayerParts | undefined => {
  const parts = typeof layer === 'object' && layer !== null ? (layer as { parts?: unknown }).parts : undefined;
  return typeof parts === 'object' && parts !== null && typeof (parts as { leave?: unknown }).leave === 'function' ? (parts as LayerParts) : undefined;
};
