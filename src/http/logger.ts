import type { Passed } from '../../types/index.js';
import { badArgument, describe } from '../errors.js';
import { httpPartsLayer, type HttpLayer } from './layer.js';
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
  // Made of parts (see HttpLayer, ./layer.ts). What the `try` of `const res = await next(); sink(…)`
  // covered, `leave` and `fail` cover: a failure from below, and one of the line after it (a throwing
  // sink, a status getter), each logged as `threw` and passed on.
  type Req = { readonly method: string; readonly path: string };
  const threw = (req: Req, error: unknown): never => {
    sink(`<-- ${req.method} ${req.path} threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
    throw error;
  };
  return httpPartsLayer<LoggerLayer, void>('logger', {
    enter: (req: Req) => sink(`--> ${req.method} ${req.path}`),
    leave: (_: void, res: Response, req: Req) => {
      try {
        sink(`<-- ${req.method} ${req.path} ${res.status}`);
      } catch (error) {
        return threw(req, error);
      }
      return res;
    },
    fail: (_: void, error: unknown, req: Req) => threw(req, error),
  });
}
