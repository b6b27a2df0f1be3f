import type { Next, Passed } from '../../types/index.js';
import { badArgument, describe } from '../errors.js';
import { middleware } from '../middleware.js';
import type { HttpLayer } from './layer.js';
import { consoleSink, type Sink } from './sink.js';

/**
 * Options of {@link logger}.
 *
 * @example
 * ```ts
 * const lines: string[] = [];
 * logger({ sink: (line) => lines.push(line) });
 * ```
 */
export interface LoggerOptions {
  /** Where the lines go. Default: `console.log`. */
  readonly sink?: Sink | undefined;
}

/**
 * The type of {@link logger}'s layer: needs the method and path, adds nothing, passes the response through.
 *
 * @example
 * ```ts
 * const logging: LoggerLayer = logger();
 * ```
 */
export type LoggerLayer = HttpLayer<{ name: 'logger'; needs: { readonly method: string; readonly path: string }; adds: {}; out: Passed<Response> }>;

/**
 * Logs the request before the inner layers run (`--> GET /path`) and the status
 * of their response after (`<-- GET /path 200`); an error from below is logged
 * (`<-- GET /path threw Error: …`) and passed on.
 *
 * @example
 * ```ts
 * import { chain } from 'shallot';
 * import { logger, text, type HttpContext } from 'shallot/http';
 *
 * const lines: string[] = [];
 * const app = chain<HttpContext>().use(logger({ sink: (line) => lines.push(line) })).handle(() => text('ok'));
 * ```
 */
export function logger(options: LoggerOptions = {}): LoggerLayer {
  const sink = options.sink ?? consoleSink;
  if (typeof sink !== 'function') throw badArgument('logger({ sink })', `sink must be a function (line) => void, got ${describe(sink)}`, 'logger');
  // A plain function chaining on next()'s promise (see HttpLayer, ./layer.ts). What the
  // `try` of `const res = await next(); sink(…)` covered, both callbacks cover:
  // a failure from below, and one of the line after it (a throwing sink, a
  // status getter), each logged as `threw` and passed on.
  return middleware('logger', (req: { readonly method: string; readonly path: string }, next: Next) => {
    try {
      sink(`--> ${req.method} ${req.path}`);
    } catch (error) {
      return Promise.reject(error); // as from an async function, also where fn is called on its own (a unit test)
    }
    const threw = (error: unknown): never => {
      sink(`<-- ${req.method} ${req.path} threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
      throw error;
    };
    return next().then((res) => {
      try {
        sink(`<-- ${req.method} ${req.path} ${res.status}`);
      } catch (error) {
        return threw(error);
      }
      return res;
    }, threw);
  });
}
