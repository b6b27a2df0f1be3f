import type { Middleware, Next, Passed } from '../../types/index.js';
import { middleware } from '../middleware.js';
import { withHeader } from './response.js';
import { consoleSink, type Sink } from './sink.js';

/** Options of {@link timing}. */
export interface TimingOptions {
  /** Where `Request took 0.0123 seconds` goes. Default: `console.log`; `false` for no line. */
  readonly sink?: Sink | false;
  /** The `Server-Timing` metric name (default `total`); `false` for no header. */
  readonly metric?: string | false;
}

/** The type of {@link timing}'s layer: needs nothing, adds nothing, passes the response through. */
export type TimingLayer = Middleware<{ name: 'timing'; needs: {}; adds: {}; inner: Response; out: Passed<Response>; sync: false }>;

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
  if (sink !== false && typeof sink !== 'function') throw new TypeError(`timing({ sink }): sink must be a function or false, got ${typeof sink}`);
  if (metric !== false && !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(metric)) {
    throw new TypeError(`timing({ metric }): metric must be a header token such as 'total', got ${JSON.stringify(metric)}`);
  }
  return middleware('timing', async (_req: {}, next: Next) => {
    const start = performance.now();
    const res = await next();
    const ms = performance.now() - start;
    if (sink !== false) sink(`Request took ${(ms / 1000).toFixed(4)} seconds`);
    return metric === false ? res : withHeader(res, 'Server-Timing', `${metric};dur=${ms.toFixed(1)}`, 'append');
  });
}
