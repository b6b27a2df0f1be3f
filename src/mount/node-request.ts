/**
 * The request side of the hosts that run on node:http (Express, Koa, Fastify):
 * a {@link HostRequest} over node's `IncomingMessage` and what the host made of it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpContext } from '../http/context.js';
import { RequestBody, clientGone, discarded } from '../node/body.js';
import { drain } from '../node/drain.js';
import { headersOfRaw } from '../node/headers.js';
import type { HostRequest } from './context.js';
import { rebuiltBody, type ParsedBody, type RebuiltBody } from './host-body.js';

/** A node:http request as a host sees it. */
export interface NodeHostParts {
  /** The framework's name, for messages. */
  readonly host: string;
  readonly req: IncomingMessage;
  readonly res: ServerResponse;
  /** `protocol://host[:port]`, as the host computes it (its proxy settings included). */
  readonly origin: () => string;
  /** The request target as the host routes it (under a mount point, as the host rewrote it). */
  readonly target: string;
  /** What the host's body parser left, read only when its parser consumed the body. */
  readonly parsed: () => ParsedBody;
}

const noBodyMethods = new Set(['GET', 'HEAD']);

/**
 * The {@link HostRequest} of a node:http request. One object per request: its
 * callbacks are methods, not closures (as the listener's `Exchange`).
 */
class NodeHostRequest implements HostRequest {
  readonly #parts: NodeHostParts;
  /** The body and headers rebuilt from what the host's parser left, made once. */
  #rebuilt: RebuiltBody | undefined;

  constructor(parts: NodeHostParts) {
    this.#parts = parts;
  }

  url(): URL {
    const parts = this.#parts;
    const target = parts.target;
    const href = `${parts.origin()}${target}`;
    return URL.canParse(href) ? new URL(href) : new URL(`http://localhost${target.startsWith('/') ? target : '/'}`);
  }

  headers(): Headers {
    return this.#hasBody() && this.#spent() ? this.#rebuild().headers : headersOfRaw(this.#parts.req.rawHeaders);
  }

  signal(): AbortSignal {
    const res = this.#parts.res;
    const controller = new AbortController();
    if (res.writableFinished) return controller.signal;
    if (res.destroyed) controller.abort(clientGone());
    else res.once('close', () => res.writableFinished || controller.abort(clientGone()));
    return controller.signal;
  }

  request(ctx: HttpContext): Request {
    const req = this.#parts.req;
    const method = req.method ?? 'GET';
    const init: RequestInit & { duplex?: 'half' } = { method, headers: ctx.headers, signal: ctx.signal };
    if (this.#hasBody()) {
      init.body = this.#spent() ? this.#rebuild().body : this.#stream();
      init.duplex = 'half';
    }
    return new Request(ctx.url, init);
  }

  /**
   * The body as a stream. Reading it puts a 'data' listener on `req`, after which node:http no longer throws away
   * what is left of a body when the answer goes out: a chain that answers without reading it all (a 415 to an
   * upload) would leave the rest on a keep-alive connection, and the next request there would never be read. So,
   * once the host's response is finished, the stream lets go of `req` (a late reader gets an error saying the body
   * was discarded) and the rest is drained, as shallot/node does.
   */
  #stream(): ReadableStream<Uint8Array> {
    const { req, res } = this.#parts;
    const limit = Number.MAX_SAFE_INTEGER;
    const body = new RequestBody(req, limit, { tooLarge: noop, gone: clientGone, cancelled: (read) => drain(req, limit, read, noop) });
    const onFinish = (): void => {
      if (body.attached && !req.readableEnded) drain(req, limit, body.detach(discarded()), noop);
    };
    if (res.writableFinished) onFinish();
    else res.once('finish', onFinish);
    return body.stream;
  }

  /** Whether a body parser of the host's read the body already: then the stream is spent, and the body comes from what the parser left. */
  #spent(): boolean {
    const req = this.#parts.req;
    return req.readableDidRead || req.readableEnded;
  }

  #hasBody(): boolean {
    const req = this.#parts.req;
    return !noBodyMethods.has(req.method ?? 'GET') && (req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0);
  }

  #rebuild(): RebuiltBody {
    const parts = this.#parts;
    return (this.#rebuilt ??= rebuiltBody(parts.host, parts.parsed(), headersOfRaw(parts.req.rawHeaders)));
  }
}

/** The {@link HostRequest} of a node:http request. */
export const nodeHostRequest = (parts: NodeHostParts): HostRequest => new NodeHostRequest(parts);

const noop = (): void => {};
