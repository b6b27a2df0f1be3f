/**
 * `toNodeListener(app)`: a node:http request listener that serves a shallot app.
 * One {@link Exchange} per request holds what the request needs: the lazy
 * `Request`, its abort controller, its deadline, and whether an answer went out.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { badArgument, describe } from '../errors.js';
import { appReturned, isResponse, type HttpApp } from '../http/fetch.js';
import { nativeResponse, TEXT } from '../http/response.js';
import { consoleError } from '../http/sink.js';
import { bodyStream, clientGone } from './body.js';
import { NodeContext, type Source } from './context.js';
import { Deadlines, type Timed } from './deadlines.js';
import { readHead } from './head.js';
import { firstRawHeader, nativeHeaders, rawHeaders } from './headers.js';
import { send } from './send.js';

/**
 * Options of {@link toNodeListener} (and of `serve`).
 *
 * @example
 * ```ts
 * createServer(toNodeListener(app, { bodyLimit: 64 * 1024, timeout: 10_000 })).listen(3000);
 * ```
 */
export interface NodeListenerOptions {
  /** The largest request body accepted, in bytes; larger ones get 413. Default: 1 MiB. */
  readonly bodyLimit?: number | undefined;
  /**
   * How long the app may take to produce a response, in milliseconds; after that
   * the client gets 503, the request's `signal` aborts (a `TimeoutError`) and the
   * exchange is released. `0` turns it off. Default: 30 000.
   */
  readonly timeout?: number | undefined;
  /**
   * Told of errors that escape the app (they become a bare 500) and of response
   * bodies that fail mid-stream. Default: `console.error`.
   */
  readonly onError?: ((error: unknown) => void) | undefined;
}

interface Settings extends Required<NodeListenerOptions> {
  readonly app: HttpApp;
  /** The deadlines of this listener's exchanges; absent when `timeout` is 0. */
  readonly deadlines: Deadlines | undefined;
}

const noop = (): void => {};
/** The longest delay `setTimeout` honours (a longer one fires at once). */
const MAX_TIMEOUT = 2 ** 31 - 1;
/** Where a response keeps its exchange, for {@link onResponseClose}. */
const exchangeOf = Symbol('shallot.exchange');

function settings(app: HttpApp, options: NodeListenerOptions, where: string): Settings {
  if (typeof app !== 'function') throw badArgument(`${where}(app)`, `app must be a function (req) => Response, such as a handled chain, got ${describe(app)}`);
  const { bodyLimit = 1024 * 1024, timeout = 30_000, onError = consoleError } = options;
  if (!(Number.isSafeInteger(bodyLimit) && bodyLimit >= 0)) throw badArgument(`${where}(app, { bodyLimit })`, `bodyLimit must be a whole number of bytes, got ${describe(bodyLimit)}`);
  if (!(Number.isFinite(timeout) && timeout >= 0 && timeout <= MAX_TIMEOUT)) {
    throw badArgument(`${where}(app, { timeout })`, `timeout must be a number of milliseconds from 0 (none) to ${MAX_TIMEOUT}, got ${describe(timeout)}`);
  }
  if (typeof onError !== 'function') throw badArgument(`${where}(app, { onError })`, `onError must be a function (error) => void, got ${describe(onError)}`);
  return { app, bodyLimit, timeout, onError, deadlines: timeout > 0 ? new Deadlines(timeout) : undefined };
}

/**
 * One request and its response. Per request it allocates itself and the context;
 * its callbacks are methods, not closures, and its timeout is an entry in the
 * listener's {@link Deadlines}, not a timer.
 */
class Exchange implements Source, Timed {
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  readonly #settings: Settings;
  #controller: AbortController | undefined;
  /** Why the exchange ended early: the client went away, or the timeout. */
  #abortReason: DOMException | undefined;
  /** An answer went out (or the client is gone): later results are dropped. */
  #answered = false;
  // Timed: the links of the listener's deadline list.
  earlier: Timed | undefined = undefined;
  later: Timed | undefined = undefined;
  due = -1;

  constructor(req: IncomingMessage, res: ServerResponse, settings: Settings) {
    this.#req = req;
    this.#res = res;
    this.#settings = settings;
  }

  run(): void {
    const req = this.#req;
    const res = this.#res as ServerResponse & { [exchangeOf]?: Exchange };
    res[exchangeOf] = this;
    res.on('close', onResponseClose);
    const head = readHead(req, localHost);
    if ('reason' in head) return this.#plain(400, `Bad Request: ${head.reason}`, true);
    const length = firstRawHeader(req.rawHeaders, 'content-length');
    if (length !== undefined && Number(length) > this.#settings.bodyLimit) return this.#tooLarge();
    let result: Response | PromiseLike<Response>;
    try {
      result = this.#settings.app(new NodeContext(head, this));
    } catch (error) {
      return this.#onFailure(error);
    }
    if (isResponse(result)) return this.#onResult(result);
    this.#settings.deadlines?.add(this);
    void this.#settle(result);
  }

  /** Waits for the app's promise. Never rejects (unless `onError` throws, as a listener would). */
  async #settle(result: PromiseLike<Response>): Promise<void> {
    let res: unknown;
    try {
      res = await result;
    } catch (error) {
      return this.#onFailure(error);
    }
    this.#onResult(res);
  }

  // Source: what the context builds on first use.
  headers(): Headers {
    return rawHeaders(this.#req.rawHeaders);
  }

  signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#abortReason !== undefined) this.#controller.abort(this.#abortReason);
    }
    return this.#controller.signal;
  }

  request(url: URL, headers: Headers, signal: AbortSignal): Request {
    const req = this.#req;
    const method = req.method ?? 'GET';
    const raw = req.rawHeaders;
    const hasBody = method !== 'GET' && method !== 'HEAD' && (firstRawHeader(raw, 'transfer-encoding') !== undefined || Number(firstRawHeader(raw, 'content-length') ?? 0) > 0);
    const init: RequestInit & { duplex?: 'half' } = { method, headers: nativeHeaders(headers), signal };
    if (hasBody) {
      // Over the limit, the client gets 413 at once; the app's read of the body
      // fails, and its late result is dropped like any other.
      init.body = bodyStream(req, this.#settings.bodyLimit, () => {
        if (!this.#answered) this.#tooLarge();
      });
      init.duplex = 'half';
    }
    return new Request(url, init);
  }

  #onResult(res: unknown): void {
    if (this.#answered) {
      // Too late (timed out, or the client left): release its body.
      if (isResponse(res)) nativeResponse(res).body?.cancel().catch(noop);
      return;
    }
    if (!isResponse(res)) return this.#onFailure(appReturned(res));
    this.#finish();
    let sent: Promise<void> | undefined;
    try {
      sent = send(this.#res, res, this.#req.method === 'HEAD');
    } catch (error) {
      return this.#crash(error);
    }
    sent?.catch(this.#settings.onError);
  }

  #onFailure(error: unknown): void {
    if (this.#answered) return; // e.g. the body read failed because the client left, or was over the limit
    this.#settings.onError(error);
    this.#plain(500, 'Internal Server Error', false);
  }

  /** Timed: the app did not answer in time. */
  expire(): void {
    if (this.#answered) return;
    this.#abort(new DOMException(`the app did not answer within ${this.#settings.timeout} ms`, 'TimeoutError'));
    this.#plain(503, 'Service Unavailable: the request timed out', true);
  }

  /** The response closed: finished, or the client went away first. */
  closed(): void {
    if (!this.#res.writableFinished) this.#abort(clientGone());
    this.#finish();
  }

  /** Marks the exchange answered and drops its deadline. */
  #finish(): void {
    this.#answered = true;
    this.#settings.deadlines?.remove(this);
  }

  #abort(reason: DOMException): void {
    if (this.#abortReason !== undefined) return;
    this.#abortReason = reason;
    this.#controller?.abort(reason);
  }

  #tooLarge(): void {
    this.#plain(413, `Payload Too Large: the limit is ${this.#settings.bodyLimit} bytes`, true);
  }

  /** Answers with a short text; `close` ends the connection after it (the body may be unread). */
  #plain(status: number, message: string, close: boolean): void {
    this.#finish();
    const res = this.#res;
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    const headers = ['content-type', TEXT, 'content-length', String(Buffer.byteLength(message))];
    if (close) headers.push('connection', 'close');
    res.writeHead(status, headers);
    res.end(message);
  }

  #crash(error: unknown): void {
    this.#settings.onError(error);
    this.#res.destroy();
  }
}

/** The 'close' listener of every response (one function, no closure per request). */
function onResponseClose(this: ServerResponse & { [exchangeOf]?: Exchange }): void {
  this[exchangeOf]?.closed();
}

/** The server's own address, as a Host for requests that came without one. */
function localHost(req: IncomingMessage): string {
  const { localAddress, localPort } = req.socket;
  if (localAddress === undefined) return 'localhost';
  return `${localAddress.includes(':') ? `[${localAddress}]` : localAddress}:${localPort ?? 80}`;
}

/**
 * A node:http request listener that serves `app`, for a server you create
 * yourself (`http.createServer(toNodeListener(app))`, or `server.on('request', …)`).
 * Streams bodies both ways with backpressure, answers 400 to a request it cannot
 * parse, 413 to a body over `bodyLimit`, 503 when the app takes longer than
 * `timeout`, and 500 (reported to `onError`) when the app throws. A client that
 * goes away aborts the request's `signal`.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { chain } from 'shallot';
 * import { text, type HttpContext } from 'shallot/http';
 * import { toNodeListener } from 'shallot/node';
 *
 * const app = chain<HttpContext>().handle((req) => text(`hello from ${req.path}`));
 * createServer(toNodeListener(app, { bodyLimit: 64 * 1024 })).listen(3000);
 * ```
 */
export function toNodeListener(app: HttpApp, options: NodeListenerOptions = {}, where = 'toNodeListener'): RequestListener {
  const s = settings(app, options, where);
  return (req, res) => new Exchange(req, res, s).run();
}
