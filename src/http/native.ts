/**
 * The runtime's own Fetch `Response`, found once, whatever `globalThis.Response`
 * is by then. A library may replace the global with a class of its own (Hono's
 * node-server does, when its server starts, with a class whose prototype
 * inherits from the real one): light responses must still inherit from the real
 * one, and `isResponse` must accept both.
 */

/**
 * A replacement sits above the class it extends in the prototype chain: climb
 * while the next prototype up belongs to a class named `Response`. (Not simply to
 * the top: on workerd the runtime's `Response` itself extends a `Body`.)
 */
function runtimeResponse(): typeof Response {
  let proto = globalThis.Response.prototype as object;
  for (let up = Object.getPrototypeOf(proto) as { constructor?: { name?: unknown } } | null; up?.constructor?.name === 'Response'; up = Object.getPrototypeOf(up) as typeof up) proto = up;
  return (proto as { constructor: typeof Response }).constructor;
}

/** The runtime's own `Response` class. */
export const NativeResponse: typeof Response = runtimeResponse();

/** `true` for a `Response` of the runtime's class, or of the class `globalThis.Response` is now (and their subclasses). */
export const isAnyResponse = (value: unknown): value is Response => value instanceof NativeResponse || value instanceof globalThis.Response;
