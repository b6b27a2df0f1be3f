import type { Passed } from '../../types/index.js';
import { badArgument, describe } from '../errors.js';
import { checkHeader, isPlainAscii } from './header.js';
import { httpPartsLayer, type HttpLayer } from './layer.js';
import { putHeader } from './response.js';

/**
 * Options of {@link setHeader}.
 *
 * @example
 * ```ts
 * setHeader('X-Status', 'OK', { when: (res) => res.status === 200 });
 * ```
 */
export interface SetHeaderOptions {
  /** Set the header only when this holds for the response. Default: always. */
  readonly when?: ((res: Response) => boolean) | undefined;
}

/**
 * The type of {@link setHeader}'s layer, named `setHeader(Name)`.
 *
 * @example
 * ```ts
 * const custom: SetHeaderLayer<'X-Custom-Header'> = setHeader('X-Custom-Header', 'Hello');
 * ```
 */
export type SetHeaderLayer<Name extends string> = HttpLayer<{ name: `setHeader(${Name})`; needs: {}; adds: {}; out: Passed<Response> }>;

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
  const checked = checkHeader(`setHeader(name, value)`, name, value, layer);
  const lower = name.toLowerCase();
  const when = options.when;
  if (when !== undefined && typeof when !== 'function') {
    throw badArgument('setHeader(name, value, { when })', `when must be a function (res) => boolean, got ${describe(when)}`, layer);
  }
  // Made of parts (see HttpLayer, ./layer.ts): no state, the header put on the way up.
  const writable = isPlainAscii(checked);
  const leave = (_: void, res: Response): Response => (when === undefined || when(res) ? putHeader(res, lower, checked, 'set', writable) : res);
  return httpPartsLayer<SetHeaderLayer<Name>, void>(layer, { leave });
}
