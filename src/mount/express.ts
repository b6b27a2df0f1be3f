/**
 * shallot/express: a handled chain as an Express handler, for a route or a
 * mount point.
 *
 * @module
 */
import type { NextFunction, Request as ExpressRequest, Response as ExpressResponse } from 'express';
import { appReturned, isResponse } from '../http/fetch.js';
import type { HttpContext } from '../http/context.js';
import { send } from '../node/send.js';
import { MountContext, pathOf } from './context.js';
import { nodeHostRequest } from './node-request.js';
import { mountTarget } from './target.js';

/**
 * What a chain mounted with {@link toExpress} is called with: the
 * {@link HttpContext} of the request as Express routes it (under a mount point,
 * `path` and `url` are relative to it, as Express's own `req.path` and
 * `req.url`), plus Express's own `req` and `res`, so a layer can read what
 * Express middleware put there (`req.body`, `req.user`, `res.locals`).
 *
 * @example
 * ```ts
 * import { chain, middleware, type Next } from 'shallot';
 * import { json } from 'shallot/http';
 * import type { ExpressContext } from 'shallot/express';
 *
 * const session = middleware('session', async (req: ExpressContext, next: Next<{ user: string }>) =>
 *   next({ user: String(req.express.res.locals.user ?? 'anonymous') }),
 * );
 * const app = chain<ExpressContext>().use(session).handle((req) => json({ user: req.user, body: req.express.req.body }));
 * ```
 */
export interface ExpressContext extends HttpContext {
  /** Express's own request and response. */
  readonly express: { readonly req: ExpressRequest; readonly res: ExpressResponse };
}

/**
 * An Express request handler, as {@link toExpress} returns it.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { chain } from 'shallot';
 * import { text } from 'shallot/http';
 * import { toExpress, type ExpressContext, type ExpressHandler } from 'shallot/express';
 *
 * const app = chain<ExpressContext>().handle((req) => text(`you asked for ${req.path}`));
 * const handler: ExpressHandler = toExpress(app);
 * const router = express.Router();
 * router.all('/api/*splat', handler);
 * ```
 */
export type ExpressHandler = (req: ExpressRequest, res: ExpressResponse, next: NextFunction) => void;

/**
 * Makes an Express handler of a handled chain: `app.use('/api', toExpress(app))`
 * serves everything under `/api` with the chain, `router.get('/x', toExpress(app))`
 * one route. The chain sees method and path as Express routes them, the body
 * (streamed; or, when `express.json()` or another parser already read it,
 * rebuilt from `req.body`), and Express's `req` and `res` as `req.express`. The
 * response streams back with backpressure, on top of the headers Express
 * middleware set. An error the chain throws goes to Express's error handling
 * (`next(error)`), as does a body that fails mid-stream.
 *
 * @example
 * ```ts
 * import express from 'express';
 * import { chain } from 'shallot';
 * import { json, logger } from 'shallot/http';
 * import { toExpress, type ExpressContext } from 'shallot/express';
 *
 * const api = chain<ExpressContext>()
 *   .use(logger())
 *   .handle(async (req) => json({ path: req.path, got: await req.request.json() }));
 *
 * const server = express();
 * server.use(express.json());
 * server.use('/api', toExpress(api)); // POST /api/echo: req.path is '/echo'
 * server.listen(3000);
 * ```
 */
export function toExpress(app: (req: ExpressContext) => Response | PromiseLike<Response>): ExpressHandler {
  const run = mountTarget('toExpress', app, false).app;
  return (req, res, next) => {
    const host = nodeHostRequest({
      host: 'Express',
      req,
      res,
      origin: () => `${req.protocol}://${req.host}`,
      target: req.url,
      parsed: () => ({ raw: (req as { rawBody?: unknown }).rawBody, parsed: req.body as unknown }),
    });
    const ctx = new MountContext(req.method, pathOf(req.url), host, 'express', { req, res });
    let result: unknown;
    try {
      result = run(ctx);
    } catch (error) {
      next(error);
      return;
    }
    const answer = (value: unknown): void => {
      if (!isResponse(value)) return next(appReturned(value));
      try {
        send(res, value, req.method === 'HEAD', true)?.catch(next);
      } catch (error) {
        next(error);
      }
    };
    if (isResponse(result)) answer(result);
    else Promise.resolve(result).then(answer, next);
  };
}
