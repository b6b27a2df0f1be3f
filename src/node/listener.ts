/**
 * `toNodeListener(app)`: a node:http request listener that serves a shallot app.
 * One {@link Exchange} per request holds what the request needs: the lazy
 * `Request`, its abort controller, the timeout, and whether an answer went out.
 */
import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { describe } from '../errors.js';
import { appReturned, isResponse, type HttpApp } from '../http/fetch.js';
import { nativeResponse, TEXT } from '../http/response.js';
import { consoleError } from '../http/sink.js';
import { bodyStream, clientGone } from './body.js';
import { NodeContext, type Source } from './context.js';
import { readHead } from './head.js';
import { send } from './send.js';

/** Options of {@link toNodeListener} (and of `serve`). */
export interface NodeListenerOptions {
  /** The largest request body accepted, in bytes; larger ones get 413. Default: 1 MiB. */
  readonly bodyLimit?: number;
  /**
   * How long the app may take to produce a response, in milliseconds; after that
   * the client gets 503, the request's `signal` aborts (a `TimeoutError`) and the
   * exchange is released. `0` turns it off. Default: 30 000.
   */
  readonly timeout?: number;
  /**
   * Told of errors that escape the app (they become a bare 500) and of response
   * bodies that fail mid-stream. Default: `console.error`.
   */
  readonly onError?: (error: unknown) => void;
}

type Settings = Required<NodeListenerOptions>;

const noop = (): void => {};
/** The longest delay `setTimeout` honours (a longer one fires at once). */
const MAX_TIMEOUT = 2 ** 31 - 1;

function settings(options: NodeListenerOptions, where: string): Settings {
  const { bodyLimit = 1024 * 1024, timeout = 30_000, onError = consoleError } = options;
  if (!(Number.isSafeInteger(bodyLimit) && bodyLimit >= 0)) throw new TypeError(`${where}: bodyLimit must be a whole number of bytes, got ${describe(bodyLimit)}`);
  if (!(Number.isFinite(timeout) && timeout >= 0 && timeout <= MAX_TIMEOUT)) {
    throw new TypeError(`${where}: timeout must be a number of milliseconds from 0 (none) to ${MAX_TIMEOUT}, got ${describe(timeout)}`);
  }
  if (typeof onError !== 'function') throw new TypeError(`${where}: onError must be a function, got ${typeof onError}`);
  return { bodyLimit, timeout, onError };
}

/** One request and its response. */
class Exchange implements Source {
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  readonly #app: HttpApp;
  readonly #settings: Settings;
  #controller: AbortController | undefined;
  /** Why the exchange ended early: the client went away, or the timeout. */
  #abortReason: DOMException | undefined;
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** An answer went out (or the client is gone): later results are dropped. */
  #answered = false;

  constructor(req: IncomingMessage, res: ServerResponse, app: HttpApp, settings: Settings) {
    this.#req = req;
    this.#res = res;
    this.#app = app;
    this.#settings = settings;
  }

  run(): void {
    const req = this.#req;
    this.#res.on('close', this.#onClose);
    const head = readHead(req, localHost);
    if ('reason' in head) return this.#plain(400, `Bad Request: ${head.reason}`, true);
    const length = req.headers['content-length'];
    if (length !== undefined && Number(length) > this.#settings.bodyLimit) return this.#tooLarge();
    let result: Response | PromiseLike<Response>;
    try {
      result = this.#app(new NodeContext(head, this));
    } catch (error) {
      return this.#onFailure(error);
    }
    if (isResponse(result)) return this.#onResult(result);
    if (this.#settings.timeout > 0) this.#timer = setTimeout(this.#onTimeout, this.#settings.timeout);
    Promise.resolve(result).then(this.#onResult, this.#onFailure);
  }

  // Source: what the context builds on first use.
  headers(): Headers {
    const headers = new Headers();
    const raw = this.#req.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
    return headers;
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
    const hasBody = method !== 'GET' && method !== 'HEAD' && (req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0);
    const init: RequestInit & { duplex?: 'half' } = { method, headers, signal };
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

  #onResult = (res: unknown): void => {
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
  };

  #onFailure = (error: unknown): void => {
    if (this.#answered) return; // e.g. the body read failed because the client left, or was over the limit
    this.#settings.onError(error);
    this.#plain(500, 'Internal Server Error', false);
  };

  #onTimeout = (): void => {
    this.#timer = undefined;
    if (this.#answered) return;
    this.#abort(new DOMException(`the app did not answer within ${this.#settings.timeout} ms`, 'TimeoutError'));
    this.#plain(503, 'Service Unavailable: the request timed out', true);
  };

  #onClose = (): void => {
    if (!this.#res.writableFinished) this.#abort(clientGone());
    this.#finish();
  };

  /** Marks the exchange answered and stops the timer. */
  #finish(): void {
    this.#answered = true;
    if (this.#timer !== undefined) {
      clearTimeout(this.#timer);
      this.#timer = undefined;
    }
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
  if (typeof app !== 'function') throw new TypeError(`${where}(app): app must be a function (req) => Response, such as a handled chain, got ${describe(app)}`);
  const s = settings(options, `${where}(app, options)`);
  return (req, res) => new Exchange(req, res, app, s).run();
}
