import { own, type HttpContext } from '../http/context.js';
import type { Head } from './head.js';

/** What a {@link NodeContext} asks of the exchange it belongs to. */
export interface Source {
  readonly headers: () => Headers;
  readonly request: (url: URL, headers: Headers, signal: AbortSignal) => Request;
  readonly signal: () => AbortSignal;
}

/**
 * The {@link HttpContext} of a node:http request. `method` and `path` are plain
 * fields; `url`, `headers`, `signal` and `request` are built on first use, so a
 * chain that reads only the path never builds a `Request`. Each can be replaced
 * (a layer's `next({ url })` sets it like a plain field).
 */
export class NodeContext implements HttpContext {
  method: string;
  path: string;
  readonly #source: Source;
  readonly #href: string;
  #url: URL | undefined;
  #headers: Headers | undefined;
  #request: Request | undefined;

  constructor(head: Head, source: Source) {
    this.method = head.method;
    this.path = head.path;
    this.#href = head.href;
    this.#source = source;
  }

  get url(): URL {
    return (this.#url ??= new URL(this.#href));
  }
  set url(value: URL) {
    own(this, 'url', value);
  }
  get headers(): Headers {
    return (this.#headers ??= this.#source.headers());
  }
  set headers(value: Headers) {
    own(this, 'headers', value);
  }
  get signal(): AbortSignal {
    return this.#source.signal();
  }
  set signal(value: AbortSignal) {
    own(this, 'signal', value);
  }
  get request(): Request {
    return (this.#request ??= this.#source.request(this.url, this.headers, this.signal));
  }
  set request(value: Request) {
    own(this, 'request', value);
  }
}
