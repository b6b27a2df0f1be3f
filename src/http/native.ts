/**
 * The runtime's own Fetch `Response`, found once, whatever `globalThis.Response`
 * is by then. A library may replace the global with a class of its own (Hono's
 * node-server does, when its server starts, with a class whose prototype
 * inherits from the real one): light responses must still inherit from the real
 * one, and `isResponse` must accept both.
 */

/**
 * The Fetch standard's `Response` inherits from nothing, so it is the last
 * prototype before `Object.prototype` in the chain of whatever the global is now.
 */
function runtimeResponse(): typeof Response {
  let proto: object = globalThis.Response.prototype;
  for (let up = Object.getPrototypeOf(proto) as object | null; up !== null && up !== Object.prototype; up = Object.getPrototypeOf(up) as object | null) proto = up;
  return (proto as { constructor: typeof Response }).constructor;
}

/** The runtime's own `Response` class. */
export const NativeResponse: typeof Response = runtimeResponse();

/** `true` for a `Response` of the runtime's class, or of the class `globalThis.Response` is now (and their subclasses). */
export const isAnyResponse = (value: unknown): value is Response => value instanceof NativeResponse || value instanceof globalThis.Response;
