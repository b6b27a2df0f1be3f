/**
 * The errors shallot throws. Each names the layer at fault and says what to do;
 * `code` lets callers tell them apart without matching on text.
 */

/**
 * An error raised by shallot itself (a runtime guard or a misuse of the API).
 *
 * @example
 * ```ts
 * try {
 *   await app(req);
 * } catch (error) {
 *   if (error instanceof ShallotError && error.code === 'MISSING_AWAIT') {
 *     console.error(`fix middleware '${error.layer}': ${error.message}`);
 *   }
 *   throw error;
 * }
 * ```
 */
export class ShallotError extends Error {
  override readonly name = 'ShallotError';
  /** Which guard or check failed. */
  readonly code: ShallotErrorCode;
  /** The layer at fault (`'the handler'` for the handler), when there is one. */
  readonly layer: string | undefined;

  constructor(code: ShallotErrorCode, message: string, layer?: string, options?: { cause?: unknown }) {
    super(message, options);
    this.code = code;
    this.layer = layer;
  }
}

/**
 * The kinds of {@link ShallotError}: one per runtime guard (`NEXT_TWICE`,
 * `MISSING_AWAIT`, `NOT_A_RESPONSE`, `SYNC_GOT_PROMISE`, `BAD_ADDITIONS`) and
 * per misuse of the API (`BAD_ARGUMENT`, `ASYNC_BELOW_SYNC`), and a generated
 * handler that no longer matches its source chain (`GENERATED_MISMATCH`).
 *
 * @example
 * ```ts
 * const isGuard = (code: ShallotErrorCode) => !['BAD_ARGUMENT', 'ASYNC_BELOW_SYNC', 'GENERATED_MISMATCH'].includes(code);
 * ```
 */
export type ShallotErrorCode =
  | 'NEXT_TWICE'
  | 'MISSING_AWAIT'
  | 'NOT_A_RESPONSE'
  | 'SYNC_GOT_PROMISE'
  | 'BAD_ADDITIONS'
  | 'BAD_ARGUMENT'
  | 'ASYNC_BELOW_SYNC'
  | 'GENERATED_MISMATCH';

/** How a message names a layer. */
const label = (name: string): string => `middleware '${name}'`;

/** The `layer` of an error about the handler. */
const HANDLER = 'the handler';

/** A short, safe description of a value for messages. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (typeof value === 'function') return `a function${value.name ? ` (${value.name})` : ''}`;
  if (typeof value === 'object') {
    const ctor = (value as { constructor?: { name?: unknown } }).constructor;
    return typeof ctor?.name === 'string' && ctor.name !== 'Object' ? `a ${ctor.name}` : 'an object';
  }
  if (typeof value === 'string') return `the string ${JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)}`;
  return `${typeof value} ${String(value)}`;
}

/**
 * A bad argument to a public function: a `BAD_ARGUMENT` error whose message
 * starts with `where`, the call and the argument (`serve(app, { port })`).
 */
export const badArgument = (where: string, problem: string, layer?: string): ShallotError =>
  new ShallotError('BAD_ARGUMENT', `${where}: ${problem}`, layer);

export const nextTwice = (name: string): ShallotError =>
  new ShallotError(
    'NEXT_TWICE',
    `${label(name)} called next() more than once: next() runs the rest of the chain, so call it at most once per request`,
    name,
  );

export const missingAwait = (name: string, cause?: unknown): ShallotError =>
  new ShallotError(
    'MISSING_AWAIT',
    `${label(name)} called next() without awaiting it (missing await): write 'await next()' or 'return next()', or the layers below run unobserved and their errors are lost`,
    name,
    cause === undefined ? undefined : { cause },
  );

/** A layer (named by `name`), or the handler (no name), returned `value`. */
export const notAResponse = (value: unknown, name?: string): ShallotError =>
  new ShallotError(
    'NOT_A_RESPONSE',
    `${name === undefined ? HANDLER : label(name)} returned ${describe(value)} instead of a response: return the result of next() or a response of its own`,
    name ?? HANDLER,
  );

export const syncGotPromise = (name: string, what: 'next' | 'self'): ShallotError =>
  new ShallotError(
    'SYNC_GOT_PROMISE',
    what === 'self'
      ? `${label(name)} is sync (middleware.sync) but returned a promise: declare it with middleware() instead`
      : `${label(name)} is sync (middleware.sync) but next() gave it a promise from an async handler below: make the handler synchronous, or declare '${name}' with middleware()`,
    name,
  );

export const badAdditions = (name: string, value: unknown): ShallotError =>
  new ShallotError(
    'BAD_ADDITIONS',
    `${label(name)} called next() with ${describe(value)}: pass an object whose fields are added to the request, or nothing`,
    name,
  );
