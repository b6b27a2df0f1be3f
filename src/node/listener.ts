/**
 * `toNodeListener(app)`: a node:http request listener that serves a shallot app.
 * One {@link Exchange} per request holds what the request needs: the lazy
 * `Request` and its body, its abort controller, its deadline, and whether an
 * answer went out. What it answers is decided with the same rules as
 * `toFetchHandler` (../http/answer.ts); how a body nobody reads is released is
 * in ./body.ts and ./drain.ts.
 */
import { STATUS_CODES, type IncomingMessage, type RequestListener, type ServerResponse } from 'node:http';
import { badArgument, describe } from '../errors.js';
import { clientAnswer, release, unsendable } from '../http/answer.js';
import type { HttpApp } from '../http/fetch.js';
import { isAnyResponse } from '../http/native.js';
import { TEXT } from '../http/response.js';
import { consoleError } from '../http/sink.js';
import { BodyTooLargeError, clientGone, discarded, discardedBody, RequestBody, type BodyEvents } from './body.js';
import { NodeContext, type Source } from './context.js';
import { Deadlines, type Timed } from './deadlines.js';
import { drain } from './drain.js';
import { closeSoon, LINGER_MS } from './linger.js';
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
  /**
   * The largest request body accepted, in bytes; larger ones get 413. A body the
   * app leaves unread is drained up to this size too (past it, the connection is
   * closed after the answer). Default: 1 MiB.
   */
  readonly bodyLimit?: number | undefined;
  /**
   * How long the app may take to produce a response, in milliseconds; after that
   * the client gets 503, the request's `signal` aborts (a `TimeoutError`) and the
   * exchange is released. `0` turns it off. Default: 30 000.
   */
  readonly timeout?: number | undefined;
  /**
   * Told of errors that escape the app (they become a bare 500, even when they
   * come after the answer went out), of responses that cannot be sent, and of
   * response bodies that fail mid-stream. Default: `console.error`.
   */
  readonly onError?: ((error: unknown) => void) | undefined;
}

interface Settings extends Required<NodeListenerOptions> {
  readonly app: HttpApp;
  /** The deadlines of this listener's exchanges; absent when `timeout` is 0. */
  readonly deadlines: Deadlines | undefined;
}

/**
 * Connections an answer of the listener's own closes (a 400, 413, 503, or a 500
 * for a response that cannot be sent). node:http still parses and emits
 * requests pipelined after such an answer (it never writes their answers): they
 * must not run the app (RFC 9112 §9.6: no further requests on a connection the
 * server closes).
 */
const closingSockets = new WeakSet<object>();

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
class Exchange implements Source, Timed, BodyEvents {
  readonly #req: IncomingMessage;
  readonly #res: ServerResponse;
  readonly #settings: Settings;
  #controller: AbortController | undefined;
  /** Why the exchange ended early: the client went away, or the timeout. */
  #abortReason: DOMException | undefined;
  /** An answer went out (or the client is gone): later results are dropped. */
  #answered = false;
  /** The answer closes the connection: what is left of the body is not read. */
  #closing = false;
  /** The request has a body (a Content-Length over 0, or chunked). */
  #hasBody = false;
  /** The body stream, once the app built the `Request`. */
  #body: RequestBody | undefined;
  /** The body is being drained: it is no longer the app's. */
  #drained = false;
  /** The body passed the limit after the answer: the connection closes once the answer is out. */
  #cut = false;
  /** The exchange hears the response's 'close' (see {@link Exchange.listen}). */
  #listening = false;
  // Timed: the links of the listener's deadline list.
  earlier: Timed | undefined = undefined;
  later: Timed | undefined = undefined;
  due = -1;

  constructor(req: IncomingMessage, res: ServerResponse, settings: Settings) {
    this.#req = req;
    this.#res = res;
    this.#settings = settings;
  }

  /** Serves the request. `expectsContinue`: node held it back for `checkContinue`, so send `100 Continue` unless it is refused first. */
  run(expectsContinue: boolean): void {
    const req = this.#req;
    if (closingSockets.has(req.socket)) return; // node closes the connection after the answer before this one
    const res = this.#res;
    const length = firstRawHeader(req.rawHeaders, 'content-length');
    this.#hasBody = length !== undefined ? Number(length) > 0 : firstRawHeader(req.rawHeaders, 'transfer-encoding') !== undefined;
    if (this.#hasBody) this.#listen();
    const head = readHead(req, localHost);
    if ('reason' in head) return this.#plain(400, `Bad Request: ${head.reason}`, true);
    if (length !== undefined && Number(length) > this.#settings.bodyLimit) return this.tooLarge();
    if (expectsContinue) res.writeContinue();
    let result: Response | PromiseLike<Response>;
    try {
      result = this.#settings.app(new NodeContext(head, this));
    } catch (error) {
      return this.#onFailure(error);
    }
    if (isAnyResponse(result)) return this.#onResult(result);
    this.#settings.deadlines?.add(this);
    // Waits for the app's promise (any thenable, adopted once as `await` would,
    // in the same tick): two callbacks rather than an async method, whose frame
    // is garbage on every request. Never rejects (unless `onError` throws, as a
    // listener would).
    Promise.resolve(result).then(
      (res) => this.#onResult(res),
      (error: unknown) => this.#onFailure(error),
    );
  }

  // Source: what the context builds on first use.
  headers(): Headers {
    return rawHeaders(this.#req.rawHeaders);
  }

  signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#abortReason !== undefined) this.#controller.abort(this.#abortReason);
      this.#listen();
    }
    return this.#controller.signal;
  }

  /**
   * From now on, the response's 'close' reaches {@link Exchange.closed}: for a
   * request with a body (drained or cut after the answer, failed when the
   * client leaves mid-body) and once the app asked for the signal (aborted when
   * the client leaves). Other exchanges never listen, which saves an event
   * listener per request: nothing of theirs depends on when the client leaves
   * (a late answer goes to a closed response, which node drops, as the
   * exchange would have; the deadline still ends the wait).
   */
  #listen(): void {
    if (this.#listening) return;
    this.#listening = true;
    const res = this.#res as ServerResponse & { [exchangeOf]?: Exchange };
    res[exchangeOf] = this;
    res.on('close', onResponseClose);
    // The client left before anyone listened: as if heard now.
    if (res.destroyed && !res.writableFinished) this.closed();
  }

  request(url: URL, headers: Headers, signal: AbortSignal): Request {
    const method = this.#req.method ?? 'GET';
    const init: RequestInit & { duplex?: 'half' } = { method, headers: nativeHeaders(headers), signal };
    if (this.#hasBody && method !== 'GET' && method !== 'HEAD') {
      // Over the limit, the client gets 413 at once; the app's read of the body
      // fails, and its late result is dropped like any other.
      if (this.#drained) init.body = discardedBody();
      else init.body = (this.#body = new RequestBody(this.#req, this.#settings.bodyLimit, this)).stream;
      init.duplex = 'half';
    }
    return new Request(url, init);
  }

  // BodyEvents: what the body stream tells the exchange.

  /** The body is over `bodyLimit`: 413 when nothing was answered yet, else the connection closes after the answer. */
  tooLarge(): void {
    if (!this.#answered) return this.#plain(413, `Payload Too Large: the limit is ${this.#settings.bodyLimit} bytes`, true);
    this.#cut = true;
    if (this.#res.writableFinished) closeSoon(this.#req.socket);
  }

  /** The app cancelled the body: the rest is drained, within the limit (over it, 413 if nothing was answered yet). */
  cancelled(read: number): void {
    if (!this.#drained) this.#drain(read);
  }

  /** The client left mid-body: the body fails with the signal's own reason. */
  gone(): unknown {
    this.#abort(clientGone());
    return this.#abortReason;
  }

  #onResult(res: unknown): void {
    if (this.#answered) return release(res); // too late (timed out, or the client left)
    const problem = unsendable(res);
    if (problem !== undefined) return this.#unsendable(problem, res);
    let sent: Promise<void> | undefined;
    try {
      sent = send(this.#res, res as Response, this.#req.method === 'HEAD');
    } catch (error) {
      // Thrown before anything was written (a header node cannot write): still a 500.
      if (!this.#res.headersSent) return this.#unsendable(error, res);
      return this.#crash(error);
    }
    this.#finish(false);
    sent?.catch(this.#settings.onError);
  }

  #onFailure(error: unknown): void {
    if (this.#answered) {
      // Too late to answer, but still the app's failure: reported, unless it is
      // what the server did to the request (the abort, the body limit).
      if (error !== this.#abortReason && !(error instanceof BodyTooLargeError) && clientAnswer(error) === undefined) this.#settings.onError(error);
      return;
    }
    const client = clientAnswer(error);
    if (client !== undefined) return this.#plain(client.status, client.body, false);
    this.#settings.onError(error);
    this.#plain(500, 'Internal Server Error', false);
  }

  /** The app's response cannot be sent: a 500, and the connection closed. */
  #unsendable(error: unknown, res: unknown): void {
    this.#settings.onError(error);
    release(res);
    this.#plain(500, 'Internal Server Error', true);
  }

  /** Timed: the app did not answer in time. */
  expire(): void {
    if (this.#answered) return;
    this.#abort(new DOMException(`the app did not answer within ${this.#settings.timeout} ms`, 'TimeoutError'));
    this.#plain(503, 'Service Unavailable: the request timed out', true);
  }

  /** The response closed: finished, or the client went away first. */
  closed(): void {
    if (!this.#res.writableFinished) {
      this.#abort(clientGone());
      this.#answered = true;
      this.#settings.deadlines?.remove(this);
      return;
    }
    if (this.#cut) return closeSoon(this.#req.socket);
    // The answer is out and the app has not read the whole body: it no longer
    // can, and the rest is drained so the connection can carry the next request.
    const body = this.#body;
    if (body !== undefined && !this.#closing && !this.#drained && !this.#req.readableEnded) this.#drain(body.detach(discarded()));
  }

  /**
   * Marks the exchange answered and drops its deadline. An answer that keeps the
   * connection drains a body the app never asked for, from now on (node would
   * read it without a limit, and not at all once someone listened to it).
   */
  #finish(close: boolean): void {
    if (this.#answered) return;
    this.#answered = true;
    this.#settings.deadlines?.remove(this);
    if (close) this.#closing = true;
    else if (this.#hasBody && this.#body === undefined && !this.#req.readableEnded) this.#drain(0);
  }

  #drain(read: number): void {
    this.#drained = true;
    drain(this.#req, this.#settings.bodyLimit, read, () => this.tooLarge());
  }

  #abort(reason: DOMException): void {
    if (this.#abortReason !== undefined) return;
    this.#abortReason = reason;
    this.#controller?.abort(reason);
  }

  /** Answers with a short text; `close` ends the connection after it (the body may be unread). */
  #plain(status: number, message: string, close: boolean): void {
    this.#finish(close);
    const res = this.#res;
    if (res.headersSent || res.destroyed) {
      res.destroy();
      return;
    }
    const headers = ['content-type', TEXT, 'content-length', String(Buffer.byteLength(message))];
    if (close) {
      headers.push('connection', 'close');
      closingSockets.add(this.#req.socket);
    }
    // The reason phrase given, so none left over from a response that failed to write stays.
    res.writeHead(status, STATUS_CODES[status], headers);
    if (close && this.#hasBody && !this.#req.readableEnded) {
      // The client may still be sending: node closes the connection as soon as
      // the answer is out, and a close with its bytes unread is a reset, which
      // can lose the answer before the client reads it. So the whole answer goes
      // out now, and the connection closes a moment later (see linger.ts).
      res.write(message);
      setTimeout(() => res.end(), LINGER_MS).unref();
      return;
    }
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

/** @internal A listener that can also serve the requests node holds back for `checkContinue` (then `expectsContinue`). */
export type NodeListener = (req: IncomingMessage, res: ServerResponse, expectsContinue?: boolean) => void;

/** @internal {@link toNodeListener}, for `serve` (which names itself in errors, and passes `checkContinue` requests). */
export function nodeListener(app: HttpApp, options: NodeListenerOptions, where: string): NodeListener {
  const s = settings(app, options, where);
  return (req, res, expectsContinue = false) => new Exchange(req, res, s).run(expectsContinue);
}

/**
 * A node:http request listener that serves `app`, for a server you create
 * yourself (`http.createServer(toNodeListener(app))`, or `server.on('request', …)`).
 * Streams bodies both ways with backpressure, answers 400 to a request it cannot
 * parse, 413 to a body over `bodyLimit`, 503 when the app takes longer than
 * `timeout`, and 500 (reported to `onError`) when the app throws or returns a
 * response that cannot be sent. A client that goes away aborts the request's
 * `signal`; a body the app leaves unread is drained once the answer is out.
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
export function toNodeListener(app: HttpApp, options: NodeListenerOptions = {}): RequestListener {
  return nodeListener(app, options, 'toNodeListener');
}
