/**
 * shallot/h3: a handled chain as an h3 (v2) event handler.
 *
 * @module
 */
import type { EventHandler, H3Event } from 'h3';
import type { HttpContext } from '../http/context.js';
import { appReturned, isResponse } from '../http/fetch.js';
import { nativeResponse } from '../http/response.js';
import { MountContext, type HostRequest } from './context.js';
import { mountTarget } from './target.js';

/**
 * What a chain mounted with {@link toH3} is called with: the {@link HttpContext}
 * of the request as h3 routes it (`path` is `event.url.pathname`), plus h3's
 * own event, so a layer can read what h3 middleware put in `event.context`.
 *
 * @example
 * ```ts
 * import { chain } from 'shallot';
 * import { json } from 'shallot/http';
 * import type { H3Context } from 'shallot/h3';
 *
 * const app = chain<H3Context>().handle((req) => json({ params: req.h3.context.params ?? {} }));
 * ```
 */
export interface H3Context extends HttpContext {
  /** h3's own event. */
  readonly h3: H3Event;
}

/**
 * Makes an h3 event handler of a handled chain: `app.all('/api/**', toH3(chain))`.
 * The chain sees the method and path as h3 routes them, `event.req` as its
 * request, and the event as `req.h3`. The response is handed to h3 as it is
 * (h3 adds the headers its middleware prepared on `event.res`); an error the
 * chain throws goes to h3's `onError` and error response.
 *
 * @example
 * ```ts
 * import { H3, serve } from 'h3';
 * import { chain } from 'shallot';
 * import { logger, text } from 'shallot/http';
 * import { toH3, type H3Context } from 'shallot/h3';
 *
 * const app = new H3();
 * app.all('/hello/**', toH3(chain<H3Context>().use(logger()).handle((req) => text(`hello from ${req.path}`))));
 * serve(app, { port: 3000 });
 * ```
 */
export function toH3(app: (req: H3Context) => Response | PromiseLike<Response>): EventHandler {
  const run = mountTarget('toH3', app, false).app;
  return async (event) => {
    const res = await run(new MountContext(event.req.method, event.url.pathname, new H3Request(event), 'h3', event));
    if (!isResponse(res)) throw appReturned(res);
    return nativeResponse(res);
  };
}

/** The {@link HostRequest} of an h3 event: one object per request, its callbacks methods. */
class H3Request implements HostRequest {
  readonly #event: H3Event;
  constructor(event: H3Event) {
    this.#event = event;
  }
  url(): URL {
    return this.#event.url;
  }
  headers(): Headers {
    return this.#event.req.headers;
  }
  signal(): AbortSignal {
    return this.#event.req.signal;
  }
  request(): Request {
    return this.#event.req as Request;
  }
}
