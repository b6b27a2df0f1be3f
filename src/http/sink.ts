import { hasProcessEnv, nodeEnv } from '../env.js';

/**
 * Where a layer writes its lines: `console.log` unless told otherwise.
 *
 * @example
 * ```ts
 * import { logger, type Sink } from 'shallot/http';
 *
 * const lines: string[] = [];
 * const sink: Sink = (line) => lines.push(line);
 * const log = logger({ sink });
 * ```
 */
export type Sink = (line: string) => void;

/** The default sink, looked up per line so tests and runtimes may swap `console`. */
export const consoleSink: Sink = (line) => console.log(line);

/** `true` when the runtime has a `process.env` and its `NODE_ENV` is not `production` (unset included). */
export const developing = (): boolean => hasProcessEnv() && nodeEnv() !== 'production';

/** The default `onError` of the adapters and the error boundary. */
export const consoleError = (error: unknown): void => console.error(error);
