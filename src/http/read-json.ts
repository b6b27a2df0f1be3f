/**
 * Reading a JSON request body, with the client's mistakes answered as such.
 */
import { BadRequestError } from './bad-request.js';

/**
 * The request body parsed as JSON. A body that is empty or is not JSON throws a
 * {@link BadRequestError}, which the server answers with `400 Bad Request: the
 * request body is not valid JSON: …` (one line) instead of a 500; other failures
 * (a body over `bodyLimit`, a client that left) pass through as they are. The
 * value is `unknown`: check its shape before you use it.
 *
 * @example
 * ```ts
 * import { chain } from 'shallot';
 * import { json, readJson, type HttpContext } from 'shallot/http';
 *
 * const app = chain<HttpContext>().handle(async (req) => json({ received: await readJson(req) }));
 * ```
 */
export async function readJson(req: { readonly request: Request }): Promise<unknown> {
  const body = await req.request.text();
  if (body.trim() === '') throw new BadRequestError('the request body is empty, expected JSON');
  try {
    return JSON.parse(body) as unknown;
  } catch (error) {
    throw new BadRequestError(`the request body is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
