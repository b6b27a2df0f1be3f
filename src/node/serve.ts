import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { badArgument, describe } from '../errors.js';
import type { HttpApp } from '../http/fetch.js';
import { answerClientError } from './client-error.js';
import { nodeListener, type NodeListenerOptions } from './listener.js';

/** While closing, how often connections that went idle are closed. */
const SWEEP_MS = 25;

/**
 * Options of {@link serve}.
 *
 * @example
 * ```ts
 * await serve(app, { port: 3000, hostname: '127.0.0.1', keepAliveTimeout: 10_000, bodyLimit: 1_000_000 });
 * ```
 */
export interface ServeOptions extends NodeListenerOptions {
  /** The port to listen on; `0` picks a free one. Default: 3000. */
  readonly port?: number | undefined;
  /** The address to listen on. Default: `127.0.0.1` (loopback only). */
  readonly hostname?: string | undefined;
  /** The largest request head (request line plus headers) in bytes; larger ones get 431. Default: node's 16 KiB. */
  readonly maxHeaderSize?: number | undefined;
  /** How long an idle keep-alive connection stays open, in milliseconds. Default: node's 5 000. */
  readonly keepAliveTimeout?: number | undefined;
}

/**
 * A running server, from {@link serve}.
 *
 * @example
 * ```ts
 * const served: Served = await serve(app, { port: 0 });
 * console.log(served.url); // http://127.0.0.1:<port>
 * await served.close(1000); // let requests in flight finish for a second
 * ```
 */
export interface Served {
  /** The port it is bound to (the real one when you asked for `0`). */
  readonly port: number;
  /** The address it is bound to. */
  readonly hostname: string;
  /** `http://hostname:port`. */
  readonly url: string;
  /** The node:http server underneath. */
  readonly server: Server;
  /**
   * Stops accepting connections, lets requests in flight finish (closing each
   * connection once its request is answered, and cutting those still open after
   * `graceMs`, default 5 000), and resolves once everything is closed.
   */
  close(graceMs?: number): Promise<void>;
}

/**
 * Serves `app` on node:http. Resolves once the server listens, with its bound
 * `port`, `url` and `close()`. Malformed requests get 400 (431 for oversize
 * headers), and the connection is released after the answer; a request with
 * `Expect: 100-continue` gets `100 Continue` only once it passed the checks (a
 * Content-Length over `bodyLimit` gets 413 instead); everything `toNodeListener`
 * does holds.
 *
 * @example
 * ```ts
 * import { chain } from 'shallot';
 * import { logger, text, type HttpContext } from 'shallot/http';
 * import { serve } from 'shallot/node';
 *
 * const app = chain<HttpContext>().use(logger()).handle(() => text('hello'));
 * const server = await serve(app, { port: 0 });
 * console.log(`listening on ${server.url}`);
 * await server.close();
 * ```
 */
export async function serve(app: HttpApp, options: ServeOptions = {}): Promise<Served> {
  const { port = 3000, hostname = '127.0.0.1', maxHeaderSize, keepAliveTimeout, ...listenerOptions } = options;
  if (!(Number.isInteger(port) && port >= 0 && port < 65536)) throw badArgument('serve(app, { port })', `port must be an integer from 0 to 65535, got ${describe(port)}`);
  if (typeof hostname !== 'string' || hostname === '') throw badArgument('serve(app, { hostname })', `hostname must be a non-empty string, got ${describe(hostname)}`);
  if (maxHeaderSize !== undefined && !(Number.isSafeInteger(maxHeaderSize) && maxHeaderSize > 0)) {
    throw badArgument('serve(app, { maxHeaderSize })', `maxHeaderSize must be a positive whole number of bytes, got ${describe(maxHeaderSize)}`);
  }
  if (keepAliveTimeout !== undefined && !(Number.isFinite(keepAliveTimeout) && keepAliveTimeout >= 0)) {
    throw badArgument('serve(app, { keepAliveTimeout })', `keepAliveTimeout must be a number of milliseconds, 0 or more, got ${describe(keepAliveTimeout)}`);
  }
  const listener = nodeListener(app, listenerOptions, 'serve');
  let draining = false;
  const serveRequest = (req: IncomingMessage, res: ServerResponse, expectsContinue: boolean): void => {
    // A request that arrives on an open connection while closing is served, and its connection closed after it.
    if (draining) res.shouldKeepAlive = false;
    listener(req, res, expectsContinue);
  };
  // The listener answers a request without Host itself (node's own answer would let
  // a request pipelined after it run).
  const server = createServer({ requireHostHeader: false, ...(maxHeaderSize === undefined ? {} : { maxHeaderSize }) }, (req, res) => serveRequest(req, res, false));
  // Expect: 100-continue: the listener sends 100 Continue only once it has
  // checked the request, so a body over bodyLimit gets its 413 before the client
  // sends it (node's default would send 100 Continue first).
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => serveRequest(req, res, true));
  if (keepAliveTimeout !== undefined) server.keepAliveTimeout = keepAliveTimeout;
  server.on('clientError', answerClientError);
  await new Promise<void>((resolve, reject) => {
    const fail = (error: Error & { code?: string }): void => {
      reject(new Error(`serve(): cannot listen on ${hostname}:${port}: ${error.code ?? error.message}`, { cause: error }));
    };
    server.once('error', fail);
    server.listen(port, hostname, () => {
      server.off('error', fail);
      resolve();
    });
  });
  const address = server.address() as AddressInfo;
  const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    port: address.port,
    hostname: address.address,
    url: `http://${host}:${address.port}`,
    server,
    close(graceMs = 5000) {
      if (!(Number.isFinite(graceMs) && graceMs >= 0)) throw badArgument('served.close(graceMs)', `graceMs must be a number of milliseconds, 0 or more, got ${describe(graceMs)}`);
      closing ??= new Promise<void>((resolve, reject) => {
        draining = true;
        const cut = setTimeout(() => server.closeAllConnections(), graceMs);
        cut.unref();
        // A keep-alive connection whose request finishes during the grace goes
        // idle and would stay open until keepAliveTimeout: close those as they appear.
        const sweep = setInterval(() => server.closeIdleConnections(), SWEEP_MS);
        sweep.unref();
        server.close((error) => {
          clearTimeout(cut);
          clearInterval(sweep);
          if (error) reject(error);
          else resolve();
        });
      });
      return closing;
    },
  };
}
