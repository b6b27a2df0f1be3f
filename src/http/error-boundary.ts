import { badArgument, describe } from '../errors.js';
import { httpPartsLayer, type HttpLayer } from './layer.js';
import { clientAnswer } from './answer.js';
import { text } from './response.js';
import { consoleError, developing } from './sink.js';

/**
 * Options of {@link errorBoundary}.
 *
 * @example
 * ```ts
 * errorBoundary({ expose: false, onError: (error) => report(error) });
 * ```
 */
export interface ErrorBoundaryOptions {
  /**
   * Put the error's stack in the 500's body. Default: when the runtime has a
   * `process.env` and `NODE_ENV` is not `production` (unset counts as not
   * production; a runtime without `process`, such as workerd, never shows it).
   */
  readonly expose?: boolean | undefined;
  /** Told of every error it turns into a 500. Default: `console.error`. */
  readonly onError?: ((error: unknown) => void) | undefined;
}

/**
 * The type of {@link errorBoundary}'s layer: needs nothing, may answer with its own 500.
 *
 * @example
 * ```ts
 * const boundary: ErrorBoundaryLayer = errorBoundary();
 * ```
 */
export type ErrorBoundaryLayer = HttpLayer<{ name: 'errorBoundary'; needs: {}; adds: {}; out: Response }>;

/**
 * Turns an error thrown by any layer below (or the handler) into a
 * `500 Internal Server Error`. The body shows the stack only outside production.
 * A `BadRequestError` (the client's fault, from `readJson()` say) becomes its
 * `400 Bad Request: <reason>` instead, and is not reported; so does a client
 * error of the http-errors kind (Koa's `ctx.throw(404, 'no such user')` below a
 * mounted chain, `createError(401)`): a 4xx `status` with `expose: true` is
 * answered with that status and its message.
 *
 * @example
 * ```ts
 * import { chain } from 'shallot';
 * import { errorBoundary, type HttpContext } from 'shallot/http';
 *
 * const app = chain<HttpContext>()
 *   .use(errorBoundary({ onError: (error) => console.error('request failed', error) }))
 *   .handle((): Response => {
 *     throw new Error('boom');
 *   });
 * ```
 */
export function errorBoundary(options: ErrorBoundaryOptions = {}): ErrorBoundaryLayer {
  const onError = options.onError ?? consoleError;
  if (typeof onError !== 'function') throw badArgument('errorBoundary({ onError })', `onError must be a function (error) => void, got ${describe(onError)}`, 'errorBoundary');
  if (options.expose !== undefined && typeof options.expose !== 'boolean') {
    throw badArgument('errorBoundary({ expose })', `expose must be a boolean, got ${describe(options.expose)}`, 'errorBoundary');
  }
  // Decided once, when the layer is made (as chain() decides its guards).
  const exposeStack = options.expose ?? developing();
  // Made of parts (src/parts.ts), so that a generated handler runs it in line: the response from below as it is,
  // or, for a failure below, the answer in its place.
  return httpPartsLayer<ErrorBoundaryLayer, undefined>('errorBoundary', {
    leave: (_state, res) => res,
    fail: (_state, error) => {
      const client = clientAnswer(error);
      if (client !== undefined) return text(client.body, { status: client.status });
      onError(error);
      const detail = error instanceof Error ? (error.stack ?? `${error.name}: ${error.message}`) : String(error);
      return text(exposeStack ? `Internal Server Error\n\n${detail}\n` : 'Internal Server Error', { status: 500 });
    },
  });
}
