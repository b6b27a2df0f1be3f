/**
 * shallot/koa: a handled chain as Koa middleware that answers, or a builder
 * without a handler as Koa middleware around Koa's downstream.
 *
 * @module
 */
import { Readable } from 'node:stream';
import type Koa from 'koa';
import type { HttpContext } from '../http/context.js';
import { appReturned, isResponse } from '../http/fetch.js';
import type { MountedRequest, MountParam } from '../../types/mount.js';
import type { AnyChain } from '../../types/state.js';
import { MountContext, pathOf } from './context.js';
import { nodeHostRequest } from './node-request.js';
import { responseParts } from './response-parts.js';
import { mountTarget, setDownstream } from './target.js';

/**
 * What a chain mounted with {@link toKoa} is called with: the
 * {@link HttpContext} of the request as Koa routes it (under `koa-mount`, `path`
 * and `url` are relative to the mount point, as `ctx.path` is), plus Koa's own
 * `ctx`, so a layer can read what Koa middleware put there (`ctx.state`,
 * `ctx.request.body`). `State` and `Custom` are those of your Koa app.
 *
 * @example
 * ```ts
 * import { chain, middleware, type Next } from 'shallot';
 * import type { KoaContext } from 'shallot/koa';
 *
 * type Req = KoaContext<{ user?: string }>;
 * const who = middleware('who', async (req: Req, next: Next<{ user: string }>) => next({ user: req.koa.state.user ?? 'anonymous' }));
 * const layers = chain<Req>().use(who);
 * ```
 */
export interface KoaContext<State = Koa.DefaultState, Custom = Koa.DefaultContext> extends HttpContext {
  /** Koa's own context. */
  readonly koa: Koa.ParameterizedContext<State, Custom>;
}

/** The Koa `State` and `Custom` context of what is mounted (a handled chain or a builder), from its request type. */
type KoaTypesOf<$X> = [MountedRequest<$X>] extends [{ readonly koa: Koa.ParameterizedContext<infer S, infer C> }] ? [S, C] : [Koa.DefaultState, Koa.DefaultContext];

/**
 * What {@link toKoa} takes: a handled chain over {@link KoaContext} (or less),
 * or a builder to mount as middleware; for a builder that does not fit, the
 * error that says why.
 *
 * @example
 * ```ts
 * import { chain } from 'shallot';
 * import { json, setHeader } from 'shallot/http';
 * import type { KoaContext, KoaMountable } from 'shallot/koa';
 *
 * const api = chain<KoaContext>().handle((req) => json({ path: req.path }));
 * const layers = chain<KoaContext>().use(setHeader('X-Custom-Header', 'Hello'));
 * // what toKoa() accepts for each: a handled chain as a handler, a builder that fits as itself
 * const handler: KoaMountable<typeof api> = api;
 * const around: KoaMountable<typeof layers> = layers;
 * ```
 */
export type KoaMountable<$X> = $X extends AnyChain
  ? MountParam<$X, KoaContext<KoaTypesOf<$X>[0], KoaTypesOf<$X>[1]>, 'Koa'>
  : (req: KoaContext<KoaTypesOf<$X>[0], KoaTypesOf<$X>[1]>) => Response | PromiseLike<Response>;

/**
 * Makes Koa middleware of a chain.
 *
 * Given a handled chain, the middleware answers: the chain sees the method and
 * path as Koa routes them, the body (streamed; or, when a body parser already
 * read it, rebuilt from `ctx.request.rawBody` or `ctx.request.body`), and Koa's
 * `ctx` as `req.koa`; its response becomes `ctx.status`, the headers and
 * `ctx.body` (a stream when it is one).
 *
 * Given a builder without a handler, the middleware runs the chain's layers
 * around Koa's downstream: the inner handler calls `next()` and hands up what
 * the middleware and routes below made of `ctx` (status, headers, body) as a
 * `Response`, so a layer's after-code sees the router's response, and what the
 * chain returns is written back to `ctx`. A response that comes back unchanged
 * keeps its body as Koa had it (a stream is not copied).
 *
 * Errors thrown by the chain, or by Koa's downstream through it, are thrown to
 * Koa, whose error handling (`app.on('error')`, `ctx.onerror`, an error
 * middleware above) answers them.
 *
 * @example
 * ```ts
 * import Koa from 'koa';
 * import Router from '@koa/router';
 * import { chain } from 'shallot';
 * import { logger, setHeader, timing } from 'shallot/http';
 * import { toKoa, type KoaContext } from 'shallot/koa';
 *
 * const router = new Router();
 * router.get('/hello', (ctx) => { ctx.body = 'hello'; });
 *
 * const app = new Koa();
 * app.use(toKoa(chain<KoaContext>().use(logger()).use(timing()).use(setHeader('X-Custom-Header', 'Hello'))));
 * app.use(router.routes()); // runs below the layers; they see its response
 * app.listen(3000);
 * ```
 */
export function toKoa<$X>(app: KoaMountable<$X> & $X): Koa.Middleware<KoaTypesOf<$X>[0], KoaTypesOf<$X>[1]>;
export function toKoa(app: unknown): Koa.Middleware {
  const { app: run, middleware } = mountTarget('toKoa', app, true);
  return async (ctx, next) => {
    const host = nodeHostRequest({
      host: 'Koa',
      req: ctx.req,
      res: ctx.res,
      origin: () => `${ctx.protocol}://${ctx.host}`,
      target: ctx.url,
      parsed: () => {
        const request = ctx.request as { rawBody?: unknown; body?: unknown };
        return { raw: request.rawBody, parsed: request.body };
      },
    });
    const req = new MountContext(ctx.method, pathOf(ctx.url), host, 'koa', ctx);
    let below: Downstream | undefined;
    if (middleware) {
      setDownstream(req, async () => {
        await next();
        below = fromKoa(ctx);
        return below.response;
      });
    }
    const res = await run(req);
    if (!isResponse(res)) throw appReturned(res);
    // Downstream's own response, its body never read: Koa keeps the body it has.
    const unchanged = below !== undefined && res === below.response && !below.touched();
    writeToKoa(ctx, res, !unchanged, below !== undefined);
  };
}

/** The response of Koa's downstream, and whether its body was read (or cancelled) since. */
interface Downstream {
  readonly response: Response;
  readonly touched: () => boolean;
}

/** What Koa's downstream made of `ctx`, as a Response whose body is made from `ctx.body` only when read. */
function fromKoa(ctx: Koa.Context): Downstream {
  let touched = false;
  const headers = new Headers();
  for (const [name, value] of Object.entries(ctx.response.headers)) {
    if (Array.isArray(value)) for (const one of value) headers.append(name, one);
    else if (value !== undefined) headers.append(name, String(value));
  }
  const status = ctx.status;
  const bodyless = status === 204 || status === 205 || status === 304;
  // No body from downstream: what Koa's own respond() would send instead (its status message), unless a body of
  // null was set on purpose. Made here, so a layer that copies the response (a header put on a bodyless one) keeps it.
  const explicitNull = (ctx.response as { _explicitNullBody?: boolean })._explicitNullBody === true;
  const fallback = (ctx.body === null || ctx.body === undefined) && !bodyless && !explicitNull;
  if (fallback) headers.set('content-type', 'text/plain; charset=utf-8');
  const body: unknown = fallback ? ctx.message || String(status) : ctx.body;
  const empty = body === null || body === undefined || bodyless;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  const lazy = new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        touched = true;
        reader ??= streamOf(body).getReader();
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel(reason) {
        touched = true;
        if (reader !== undefined) return reader.cancel(reason);
        if (body instanceof Readable) body.destroy();
        return undefined;
      },
    },
    { highWaterMark: 0 },
  );
  const response = new Response(empty ? null : lazy, { status, statusText: ctx.message, headers });
  return { response, touched: () => touched };
}

const encoder = new TextEncoder();

/** `ctx.body`, whatever Koa allows there, as a byte stream (what Koa's own `respond` would send). */
function streamOf(body: unknown): ReadableStream<Uint8Array> {
  if (body instanceof Readable) return Readable.toWeb(body) as ReadableStream<Uint8Array>;
  if (body instanceof ReadableStream) return body as ReadableStream<Uint8Array>;
  if (body instanceof Response) return body.body ?? once(new Uint8Array());
  if (body instanceof Blob) return body.stream();
  if (body instanceof Uint8Array) return once(body);
  return once(encoder.encode(typeof body === 'string' ? body : JSON.stringify(body)));
}

const once = (chunk: Uint8Array): ReadableStream<Uint8Array> =>
  new ReadableStream({
    start(controller) {
      controller.enqueue(chunk);
      controller.close();
    },
  });

/**
 * Writes `res` to `ctx`: its status, status text and headers, replacing Koa's;
 * and, with `body`, its body (a whole one as is, a stream as a node stream).
 */
function writeToKoa(ctx: Koa.Context, res: Response, body: boolean, whole: boolean): void {
  const parts = responseParts(res);
  if (body) {
    // Before the status: Koa's body setter sets a status of its own for a null body.
    ctx.body = parts.body instanceof ReadableStream ? Readable.fromWeb(parts.body as import('node:stream/web').ReadableStream<Uint8Array>) : parts.body;
  }
  ctx.status = parts.status;
  if (parts.statusText !== '') ctx.message = parts.statusText;
  const names = new Set(parts.headers.map(([name]) => name));
  // Koa computed the length of a whole body itself; a stream has none.
  const keep = body && parts.body !== null && !(parts.body instanceof ReadableStream) && !names.has('content-length') ? 'content-length' : undefined;
  // A response made from downstream's (which carried every header set so far) is the whole answer: what it
  // dropped goes. Otherwise (the handler form, or a layer that answered before next()) the headers Koa middleware
  // above set before next() stay, as they do under a Koa route: CORS, security headers, a session cookie.
  if (whole) {
    for (const name of Object.keys(ctx.response.headers)) if (!names.has(name) && name !== keep) ctx.remove(name);
  } else {
    for (const name of ['content-length', 'content-type', 'content-encoding']) if (!names.has(name) && name !== keep && body) ctx.remove(name);
  }
  const cookies: string[] = [];
  for (const [name, value] of parts.headers) {
    if (name === 'set-cookie') cookies.push(value);
    else ctx.set(name, value);
  }
  if (cookies.length > 0) {
    // Beside the cookies set above, unless the response is the whole answer (it carries those already).
    const above = whole ? [] : ctx.response.headers['set-cookie'];
    ctx.set('set-cookie', [...(Array.isArray(above) ? above : above === undefined ? [] : [String(above)]), ...cookies]);
  }
}
