/**
 * Client errors the app can raise: a request the server understood but will
 * not serve as sent. The adapters (`shallot/node`, `toFetchHandler`) and
 * `errorBoundary` answer them with their status and one line of reason, and do
 * not report them as server errors.
 */
import { NativeResponse } from './native.js';
import { TEXT } from './response.js';

/**
 * A request that is the client's fault (status 400): `readJson()` throws it for
 * a body that is not JSON, and your own code may throw it for a request it
 * refuses. Its message, one line, is the answer's body after `Bad Request: `.
 *
 * @example
 * ```ts
 * import { BadRequestError, readJson } from 'shallot/http';
 *
 * const body = await readJson(req);
 * if (typeof body !== 'object' || body === null || !('name' in body)) throw new BadRequestError("the body has no 'name'");
 * ```
 */
export class BadRequestError extends Error {
  override readonly name = 'BadRequestError';
  readonly status = 400;
  constructor(reason: string, options?: { cause?: unknown }) {
    super(oneLine(reason), options);
  }

  /**
   * The answer: 400, with the reason. Hosts that answer an error by asking it (Hono's default error handler,
   * as it does an `HTTPException`) send it rather than a 500.
   */
  getResponse(): Response {
    return new NativeResponse(badRequestBody(this), { status: 400, headers: { 'content-type': TEXT } });
  }
}

/** `text` on one line, at most 200 characters: control characters (line breaks included) become spaces. */
function oneLine(text: string): string {
  const flat = String(text).replace(/[\u0000-\u001f\u007f]+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 199)}…` : flat;
}

/** @internal The body an adapter answers a {@link BadRequestError} with. */
export const badRequestBody = (error: BadRequestError): string => `Bad Request: ${error.message}`;
