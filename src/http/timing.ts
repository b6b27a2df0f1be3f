import type { Passed } from '../../types/index.js';
import { badArgument, describe } from '../errors.js';
import { isHeaderName } from './header.js';
import { httpPartsLayer, type HttpLayer } from './layer.js';
import { putHeader } from './response.js';
import { consoleSink, type Sink } from './sink.js';

/**
 * Options of {@link timing}.
 *
 * @example
 * ```ts
 * timing({ sink: false, metric: 'app' }); // no log line; Server-Timing: app;dur=…
 * ```
 */
export interface TimingOptions {
  /** Where `Request took 0.0123 seconds` goes. Default: `console.log`; `false` for no line. */
  readonly sink?: Sink | false | undefined;
  /** The `Server-Timing` metric name (default `total`); `false` for no header. */
  readonly metric?: string | false | undefined;
}

/**
 * The type of {@link timing}'s layer: needs nothing, adds nothing, passes the response through.
 *
 * @example
 * ```ts
 * const timed: TimingLayer = timing();
 * ```
 */
export type TimingLayer = HttpLayer<{ name: 'timing'; needs: {}; adds: {}; out: Passed<Response> }>;

/**
 * Measures each request with `performance.now()`: writes `Request took 0.0123
 * seconds` (four decimals) once the response is made, and appends
 * `Server-Timing: total;dur=12.3` (milliseconds) to it.
 *
 * @example
 * ```ts
 * import { chain } from 'shallot';
 * import { text, timing, type HttpContext } from 'shallot/http';
 *
 * const app = chain<HttpContext>().use(timing({ sink: false })).handle(() => text('ok'));
 * // the response carries Server-Timing: total;dur=0.1
 * ```
 */
export function timing(options: TimingOptions = {}): TimingLayer {
  const sink = options.sink === undefined ? consoleSink : options.sink;
  const metric = options.metric === undefined ? 'total' : options.metric;
  if (sink !== false && typeof sink !== 'function') throw badArgument('timing({ sink })', `sink must be a function or false, got ${describe(sink)}`, 'timing');
  // A Server-Timing metric name is a token, as a header name is.
  if (metric !== false && !isHeaderName(metric)) {
    throw badArgument('timing({ metric })', `metric must be a header token such as 'total', got ${describe(metric)}`, 'timing');
  }
  // Made of parts (see HttpLayer, ./layer.ts): the state is when the request came in.
  return httpPartsLayer<TimingLayer, number>('timing', {
    enter: () => performance.now(),
    leave: (start: number, res: Response) => {
      const ms = performance.now() - start;
      if (sink !== false) sink(`Request took ${(ms / 1000).toFixed(4)} seconds`);
      return metric === false ? res : putHeader(res, 'server-timing', `${metric};dur=${ms.toFixed(1)}`, 'append', true); // a token and a number: plain ASCII
    },
  });
}
