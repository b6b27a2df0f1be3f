/**
 * shallot/fastify: a handled chain as a Fastify route handler.
 *
 * @module
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { HttpContext } from '../http/context.js';
import { appReturned, isResponse } from '../http/fetch.js';
import { nativeResponse } from '../http/response.js';
import { MountContext, pathOf } from './context.js';
import { nodeHostRequest } from './node-request.js';
import { responseParts } from './response-parts.js';
import { mountTarget } from './target.js';

/**
 * What a chain mounted with {@link toFastify} is called with: the
 * {@link HttpContext} of the request as Fastify routes it (`path` includes a
 * plugin's prefix, as `request.url` does), plus Fastify's own `request` and
 * `reply`, so a layer can read what hooks and plugins decorated them with.
 *
 * @example
 * ```ts
 * import { chain } from 'shallot';
 * import { json } from 'shallot/http';
 * import type { FastifyContext } from 'shallot/fastify';
 *
 * const app = chain<FastifyContext>().handle((req) => json({ id: req.fastify.request.id, body: req.fastify.request.body }));
 * ```
 */
export interface FastifyContext extends HttpContext {
  /** Fastify's own request and reply. */
  readonly fastify: { readonly request: FastifyRequest; readonly reply: FastifyReply };
}

/**
 * A Fastify route handler, as {@link toFastify} returns it.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { chain } from 'shallot';
 * import { text } from 'shallot/http';
 * import { toFastify, type FastifyContext, type FastifyHandler } from 'shallot/fastify';
 *
 * const app = chain<FastifyContext>().handle((req) => text(`you asked for ${req.path}`));
 * const handler: FastifyHandler = toFastify(app);
 * const fastify = Fastify();
 * fastify.route({ method: ['GET', 'POST'], url: '/api/*', handler });
 * ```
 */
export type FastifyHandler = (request: FastifyRequest, reply: FastifyReply) => Promise<FastifyReply>;

/**
 * Makes a Fastify route handler of a handled chain:
 * `fastify.all('/api/*', toFastify(app))`. The chain sees the method and path as
 * Fastify routes them, the body (parsed by Fastify's content-type parsers first,
 * and rebuilt from `request.body`; to stream an upload instead, register a
 * parser that leaves it unread: `fastify.addContentTypeParser('*', (req, payload, done) => done(null))`),
 * and Fastify's `request` and `reply` as `req.fastify`. The response goes out
 * through `reply` (Fastify's hooks and the headers they set apply), its body
 * streamed. An error the chain throws goes to Fastify's error handler.
 *
 * @example
 * ```ts
 * import Fastify from 'fastify';
 * import { chain } from 'shallot';
 * import { json, requestId } from 'shallot/http';
 * import { toFastify, type FastifyContext } from 'shallot/fastify';
 *
 * const api = chain<FastifyContext>().use(requestId()).handle((req) => json({ path: req.path, id: req.requestId }));
 * const fastify = Fastify();
 * fastify.register(async (scope) => scope.all('/*', toFastify(api)), { prefix: '/api' });
 * await fastify.listen({ port: 3000 });
 * ```
 */
export function toFastify(app: (req: FastifyContext) => Response | PromiseLike<Response>): FastifyHandler {
  const run = mountTarget('toFastify', app, false).app;
  return async (request, reply) => {
    const host = nodeHostRequest({
      host: 'Fastify',
      req: request.raw,
      res: reply.raw,
      origin: () => `${request.protocol}://${request.host}`,
      target: request.url,
      parsed: () => ({ raw: (request as { rawBody?: unknown }).rawBody, parsed: request.body }),
    });
    const req = new MountContext(request.method, pathOf(request.url), host, 'fastify', { request, reply });
    const res = await run(req);
    if (!isResponse(res)) throw appReturned(res);
    const parts = responseParts(res);
    if (parts.statusText !== '') reply.raw.statusMessage = parts.statusText;
    if (request.method === 'HEAD' && (parts.body === null || parts.body instanceof ReadableStream)) {
      // A HEAD answer has no body: Fastify's own HEAD route measures a payload it cannot measure when it is a
      // Response (500), and node:http holds a HEAD head until the body ends, which an event stream never does.
      // The head goes out now, with the response's headers, and the body is cancelled.
      parts.body?.cancel().catch(noop);
      reply.code(parts.status);
      for (const [name, value] of parts.headers) reply.header(name, value);
      return reply.send();
    }
    if (parts.body === null || parts.body instanceof ReadableStream) return reply.send(nativeResponse(res));
    reply.code(parts.status);
    for (const [name, value] of parts.headers) reply.header(name, value);
    return reply.send(parts.body);
  };
}

const noop = (): void => {};
