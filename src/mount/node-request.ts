/**
 * The request side of the hosts that run on node:http (Express, Koa, Fastify):
 * a {@link HostRequest} over node's `IncomingMessage` and what the host made of it.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { HttpContext } from '../http/context.js';
import { bodyStream, clientGone } from '../node/body.js';
import type { HostRequest } from './context.js';
import { rebuiltBody, type ParsedBody } from './host-body.js';

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

/** The {@link HostRequest} of a node:http request. */
export function nodeHostRequest(parts: NodeHostParts): HostRequest {
  const { req, res } = parts;
  // Whether a body parser of the host's read the body already: then the stream is
  // spent, and the body comes from what the parser left.
  let rebuilt: ReturnType<typeof rebuiltBody> | undefined;
  const spent = (): boolean => req.readableDidRead || req.readableEnded;
  const original = (): Headers => {
    const headers = new Headers();
    const raw = req.rawHeaders;
    for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!);
    return headers;
  };
  const hasBody = (): boolean => !noBodyMethods.has(req.method ?? 'GET') && (req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0);
  const rebuild = (): NonNullable<typeof rebuilt> => (rebuilt ??= rebuiltBody(parts.host, parts.parsed(), original()));
  return {
    url: () => {
      const href = `${parts.origin()}${parts.target}`;
      return URL.canParse(href) ? new URL(href) : new URL(`http://localhost${parts.target.startsWith('/') ? parts.target : '/'}`);
    },
    headers: () => (hasBody() && spent() ? rebuild().headers : original()),
    signal: () => {
      const controller = new AbortController();
      if (res.writableFinished) return controller.signal;
      if (res.destroyed) controller.abort(clientGone());
      else res.once('close', () => res.writableFinished || controller.abort(clientGone()));
      return controller.signal;
    },
    request: (ctx: HttpContext): Request => {
      const method = req.method ?? 'GET';
      const init: RequestInit & { duplex?: 'half' } = { method, headers: ctx.headers, signal: ctx.signal };
      if (hasBody()) {
        init.body = spent() ? rebuild().body : bodyStream(req, Number.MAX_SAFE_INTEGER, noop);
        init.duplex = 'half';
      }
      return new Request(ctx.url, init);
    },
  };
}

const noop = (): void => {};
