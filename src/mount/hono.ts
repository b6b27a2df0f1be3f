/**
 * shallot/hono: a handled chain as a Hono handler, or a builder without a
 * handler as Hono middleware around Hono's downstream.
 *
 * @module
 */
import type { Context, Env, MiddlewareHandler } from 'hono';
import type { BlankEnv } from 'hono/types';
import type { HttpContext } from '../http/context.js';
import { appReturned, isResponse } from '../http/fetch.js';
import { nativeResponse } from '../http/response.js';
import type { MountedRequest, MountParam } from '../../types/mount.js';
import type { AnyChain } from '../../types/state.js';
import { MountContext, type HostRequest } from './context.js';
import { mountTarget, setDownstream } from './target.js';

/**
 * What a chain mounted with {@link toHono} is called with: the
 * {@link HttpContext} of the request as Hono routes it (`path` is `c.req.path`),
 * plus Hono's own `Context`, typed with your app's `Env`, so a layer can read
 * what Hono middleware set (`req.hono.get('user')`) and the route's params.
 *
 * @example
 * ```ts
 * import { chain, middleware, type Next } from 'shallot';
 * import type { HonoContext } from 'shallot/hono';
 *
 * type Req = HonoContext<{ Variables: { user: string } }>;
 * const who = middleware('who', async (req: Req, next: Next<{ user: string }>) => next({ user: req.hono.get('user') }));
 * const layers = chain<Req>().use(who);
 * ```
 */
export interface HonoContext<E extends Env = BlankEnv> extends HttpContext {
  /** Hono's own context. */
  readonly hono: Context<E>;
}

/** The Hono `Env` of what is mounted (a handled chain or a builder), from its request type. */
type EnvOf<$X> = [MountedRequest<$X>] extends [{ readonly hono: Context<infer E> }] ? E : BlankEnv;

/**
 * What {@link toHono} takes: a handled chain over {@link HonoContext} (or less),
 * or a builder to mount as middleware; for a builder that does not fit, the
 * error that says why.
 *
 * @example
 * ```ts
 * import { chain } from 'shallot';
 * import { json, setHeader } from 'shallot/http';
 * import type { HonoContext, HonoMountable } from 'shallot/hono';
 *
 * const api = chain<HonoContext>().handle((req) => json({ path: req.path }));
 * const layers = chain<HonoContext>().use(setHeader('X-Custom-Header', 'Hello'));
 * // what toHono() accepts for each: a handled chain as a handler, a builder that fits as itself
 * const handler: HonoMountable<typeof api> = api;
 * const around: HonoMountable<typeof layers> = layers;
 * ```
 */
export type HonoMountable<$X> = $X extends AnyChain
  ? MountParam<$X, HonoContext<EnvOf<$X>>, 'Hono'>
  : (req: HonoContext<EnvOf<$X>>) => Response | PromiseLike<Response>;

/**
 * Makes Hono middleware of a chain.
 *
 * Given a handled chain, it answers (use it as a route's handler, or with
 * `app.use(path, …)`): the chain sees the method and `c.req.path` as Hono routes
 * them, the request (whose body, if a validator already read it through
 * `c.req.json()` and the like, comes from Hono's body cache), and Hono's context
 * as `req.hono`.
 *
 * Given a builder without a handler, it runs the chain's layers around Hono's
 * downstream: the inner handler calls `next()` and hands up `c.res`, so Hono's
 * routes run below the layers and a layer's after-code sees their response; what
 * the chain returns becomes `c.res`. Hono's own error handling stays in charge:
 * an error below is already Hono's `onError` response when it reaches the
 * layers, and one the chain throws goes to `onError`.
 *
 * @example
 * ```ts
 * import { Hono } from 'hono';
 * import { chain } from 'shallot';
 * import { json, logger, setHeader } from 'shallot/http';
 * import { toHono, type HonoContext } from 'shallot/hono';
 *
 * const app = new Hono();
 * app.use(toHono(chain<HonoContext>().use(logger()).use(setHeader('X-Custom-Header', 'Hello'))));
 * app.get('/hello', (c) => c.text('hello')); // runs below the layers
 * app.all('/api/*', toHono(chain<HonoContext>().handle((req) => json({ path: req.path }))));
 * export default app;
 * ```
 */
export function toHono<$X>(app: HonoMountable<$X> & $X): MiddlewareHandler<EnvOf<$X>>;
export function toHono(app: unknown): MiddlewareHandler {
  const { app: run, middleware } = mountTarget('toHono', app, true);
  return async (c, next) => {
    const req = new MountContext(c.req.method, c.req.path, new HonoRequest(c), 'hono', c);
    let below = false;
    if (middleware) {
      setDownstream(req, async () => {
        below = true;
        await next();
        return c.res;
      });
    }
    const res = await run(req);
    if (!isResponse(res)) throw appReturned(res);
    if (!middleware) return nativeResponse(res);
    if (res !== c.res) {
      // Setting c.res copies the old response's headers onto the new one. Once the chain called below, the
      // response it returns is made from that one and is the whole answer: drop the old one first. A chain that
      // answered without calling below (a 401 before next()) answers instead of the routes, and the headers the
      // middleware above prepared (hono/cors's) stay, as for a Hono middleware that returns c.text(…, 401).
      if (below) c.res = undefined;
      c.res = nativeResponse(res);
    }
    return undefined;
  };
}

/** The {@link HostRequest} of a Hono context: one object per request, its callbacks methods. */
class HonoRequest implements HostRequest {
  readonly #c: Context;
  /** `c.req.raw` when the request came in. */
  readonly #raw: Request;
  constructor(c: Context) {
    this.#c = c;
    this.#raw = c.req.raw;
  }
  url(): URL {
    return new URL(this.#raw.url);
  }
  headers(): Headers {
    return this.#raw.headers;
  }
  signal(): AbortSignal {
    return this.#raw.signal;
  }
  request(ctx: HttpContext): Request {
    const c = this.#c;
    const raw = this.#raw;
    if (!raw.bodyUsed) return raw;
    // A validator or middleware read the body through c.req: Hono keeps it, in any form.
    const body = new ReadableStream<Uint8Array>({
      async pull(controller) {
        controller.enqueue(new Uint8Array(await c.req.arrayBuffer()));
        controller.close();
      },
    });
    return new Request(ctx.url, { method: raw.method, headers: ctx.headers, signal: ctx.signal, body, duplex: 'half' } as RequestInit);
  }
}
