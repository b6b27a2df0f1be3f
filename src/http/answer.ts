/**
 * What an adapter does with what the app gave it, the same on node:http and in
 * `toFetchHandler`: a value that is not a response, or a response whose body
 * can no longer be sent, is an error (a 500, reported); a `BadRequestError` the
 * app threw is the client's 400, and a client error of the http-errors kind
 * (4xx, `expose: true`) is answered with its status and message, neither
 * reported; any other error is a 500, reported.
 */
import { describe } from '../errors.js';
import { BadRequestError, badRequestBody } from './bad-request.js';
import { LightResponse, type Spent } from './light.js';
import { isAnyResponse } from './native.js';

const noop = (): void => {};

/** The error an adapter reports when the app's result is not a response. */
export const appReturned = (value: unknown): TypeError => new TypeError(`the app returned ${describe(value)} instead of a Response`);

const SPENT: Record<Spent, string> = {
  used: 'the app returned a Response whose body was already read (bodyUsed): a body can be sent once, so return a new Response for each request (text() and json() can be sent again), and read a clone() in a layer',
  locked: 'the app returned a Response whose body is locked (a reader holds it): it cannot be sent; read a clone() in a layer instead',
};

/** Why `value` cannot be sent as an answer, or `undefined` when it can. */
export function unsendable(value: unknown): TypeError | undefined {
  if (!isAnyResponse(value)) return appReturned(value);
  const spent = LightResponse.is(value) ? LightResponse.spent(value) : value.bodyUsed ? 'used' : value.body?.locked ? 'locked' : undefined;
  return spent === undefined ? undefined : new TypeError(SPENT[spent]);
}

/** Lets go of a response that will not be sent (a late one): cancels its body stream, if it has one nobody holds. */
export function release(value: unknown): void {
  if (!isAnyResponse(value) || (LightResponse.is(value) && LightResponse.spent(value) === undefined)) return; // a light body is a string
  const body = LightResponse.native(value).body;
  if (body !== null && !body.locked) body.cancel().catch(noop);
}

/** What the client is answered for an error that is its fault: a status and a one-line text body. */
export interface ClientAnswer {
  readonly status: number;
  readonly body: string;
}

/**
 * The answer to an error that is the client's fault, not reported: a `BadRequestError` (400, `Bad Request:
 * <reason>`), or a client error of the http-errors kind, as Koa's `ctx.throw(404)`, Express's `http-errors` and
 * Fastify's `httpErrors` make them (a 4xx `status` or `statusCode` with `expose: true`, which says its message is
 * meant for the client: that status and message). `undefined` for any other error. The one test every adapter and
 * `errorBoundary` ask.
 */
export function clientAnswer(error: unknown): ClientAnswer | undefined {
  if (error instanceof BadRequestError) return { status: 400, body: badRequestBody(error) };
  if (typeof error !== 'object' || error === null || (error as { expose?: unknown }).expose !== true) return undefined;
  const { status, statusCode, message } = error as { status?: unknown; statusCode?: unknown; message?: unknown };
  const code = typeof status === 'number' ? status : statusCode;
  if (typeof code !== 'number' || !Number.isInteger(code) || code < 400 || code > 499) return undefined;
  return { status: code, body: typeof message === 'string' ? message : '' };
}
