/**
 * The {@link HttpContext} of a request that another framework received: each
 * adapter (`shallot/express`, `shallot/koa`, …) makes one per request, from
 * what the host has already parsed, and puts the host's own context beside it.
 */
import { isPlainPath, own, type HttpContext } from '../http/context.js';

/** What a {@link MountContext} asks of its host, each on first use. */
export interface HostRequest {
  /** The request URL as the host sees it (under a mount point, as the host rewrote it). */
  readonly url: () => URL;
  readonly headers: () => Headers;
  readonly signal: () => AbortSignal;
  /** The Fetch request; `ctx` gives the url, headers and signal already made. */
  readonly request: (ctx: HttpContext) => Request;
}

/**
 * An {@link HttpContext} over a host's request. `method` and `path` are plain
 * fields; `url`, `headers`, `signal` and `request` are made on first use, so a
 * chain that reads only the path builds none of them. Each can be replaced, as
 * a plain field would be (a layer's `next({ url })`). The host's own context
 * is the field named by the adapter (`express`, `koa`, `hono`, …).
 */
export class MountContext implements HttpContext {
  method: string;
  path: string;
  readonly #host: HostRequest;
  #url: URL | undefined;
  #headers: Headers | undefined;
  #signal: AbortSignal | undefined;
  #request: Request | undefined;

  constructor(method: string, path: string, host: HostRequest, key: string, hostContext: unknown) {
    this.method = method;
    this.path = path;
    this.#host = host;
    own(this, key, hostContext);
  }

  get url(): URL {
    return (this.#url ??= this.#host.url());
  }
  set url(value: URL) {
    own(this, 'url', value);
  }
  get headers(): Headers {
    return (this.#headers ??= this.#host.headers());
  }
  set headers(value: Headers) {
    own(this, 'headers', value);
  }
  get signal(): AbortSignal {
    return (this.#signal ??= this.#host.signal());
  }
  set signal(value: AbortSignal) {
    own(this, 'signal', value);
  }
  get request(): Request {
    return (this.#request ??= this.#host.request(this));
  }
  set request(value: Request) {
    own(this, 'request', value);
  }
}


/**
 * The pathname of `target` (a request target such as `/a/b?x=1`, as the host
 * sees it) in `URL.pathname`'s form, without a URL when the path is plain.
 */
export function pathOf(target: string): string {
  const query = target.indexOf('?');
  const pathname = query === -1 ? target : target.slice(0, query);
  if (isPlainPath(pathname)) return pathname; // anything else through `new URL`, so `path` is always `url.pathname`'s form
  const href = `http://localhost${pathname}`;
  return URL.canParse(href) ? new URL(href).pathname : pathname;
}
