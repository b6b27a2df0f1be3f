import type { Middleware, Next, Passed } from '../../types/index.js';
import { ShallotError } from '../errors.js';
import { middleware } from '../middleware.js';
import { withHeader } from './response.js';

/** Options of {@link setHeader}. */
export interface SetHeaderOptions {
  /** Set the header only when this holds for the response. Default: always. */
  readonly when?: (res: Response) => boolean;
}

/** The type of {@link setHeader}'s layer, named `setHeader(Name)`. */
export type SetHeaderLayer<Name extends string> = Middleware<{
  name: `setHeader(${Name})`;
  needs: {};
  adds: {};
  inner: Response;
  out: Passed<Response>;
  sync: false;
}>;

/**
 * Sets a header on every response, or on those for which `when` holds. Works on
 * responses with immutable headers too (see `withHeader`). The name and value are
 * checked when the layer is made.
 *
 * @example
 * ```ts
 * import { chain } from 'shallot';
 * import { setHeader, text, type HttpContext } from 'shallot/http';
 *
 * const app = chain<HttpContext>()
 *   .use(setHeader('X-Custom-Header', 'Hello'))
 *   .use(setHeader('X-Status', 'OK', { when: (res) => res.status === 200 }))
 *   .handle(() => text('ok'));
 * ```
 */
export function setHeader<const Name extends string>(name: Name, value: string, options: SetHeaderOptions = {}): SetHeaderLayer<Name> {
  const layer = `setHeader(${name})` as const;
  try {
    new Headers().set(name, value);
  } catch {
    throw new ShallotError('BAD_ARGUMENT', `${layer}: ${JSON.stringify(name)}: ${JSON.stringify(value)} is not a valid header (a token name, a value without line breaks)`, layer);
  }
  const when = options.when;
  if (when !== undefined && typeof when !== 'function') {
    throw new ShallotError('BAD_ARGUMENT', `${layer}: options.when must be a function (res) => boolean, got ${typeof when}`, layer);
  }
  return middleware(layer, async (_req: {}, next: Next) => {
    const res = await next();
    return when === undefined || when(res) ? withHeader(res, name, value) : res;
  });
}
