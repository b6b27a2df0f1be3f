/**
 * Reading the request line and Host header of a node:http request into what
 * `HttpContext` needs, without building a URL unless it has to.
 */
import type { IncomingMessage } from 'node:http';
import { firstRawHeader } from './headers.js';

/** A request head that cannot be served (answered with 400), and why. */
export interface BadHead {
  readonly reason: string;
}

/** The parts of a request head that `HttpContext` is made of. */
export interface Head {
  readonly method: string;
  /** `url.pathname`, as the URL parser computes it. */
  readonly path: string;
  /** The full URL, unparsed: `origin + target`. */
  readonly href: string;
}

// A pathname made only of these characters, with no dot segment, is its own
// `URL.pathname`: the URL parser neither percent-encodes nor normalizes it. Any
// other target takes the slow path through `new URL`. (test/node/head.test.ts
// checks this against the URL parser on random targets.)
const PLAIN_PATH = /^\/[A-Za-z0-9\-._~!$&'()*+,;=:@/]*$/;
const HOST = /^(?:[A-Za-z0-9\-._~]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

const ABSOLUTE = /^https?:\/\//i;

/** The Host of `req`, or (for a request without one) the server's own address from `fallback`; undefined when invalid. */
function hostOf(req: IncomingMessage, fallback: (req: IncomingMessage) => string): string | BadHead {
  const host = firstRawHeader(req.rawHeaders, 'host') ?? fallback(req);
  return HOST.test(host) ? host : bad(`invalid Host header ${JSON.stringify(host.slice(0, 100))}`);
}

/** The head of `req`, or why it is bad. `fallbackHost` gives the server's own address, for requests without Host. */
export function readHead(req: IncomingMessage, fallbackHost: (req: IncomingMessage) => string): Head | BadHead {
  const target = req.url ?? '';
  const method = req.method ?? 'GET';
  if (target.charCodeAt(0) === 47 /* / */) {
    const host = hostOf(req, fallbackHost);
    if (typeof host !== 'string') return host;
    const href = `${(req.socket as { encrypted?: boolean }).encrypted ? 'https' : 'http'}://${host}${target}`;
    const query = target.indexOf('?');
    const pathname = query === -1 ? target : target.slice(0, query);
    if (PLAIN_PATH.test(pathname) && !pathname.includes('/.')) return { method, path: pathname, href };
    return parsed(method, href);
  }
  // absolute-form (a proxy request) or asterisk-form (OPTIONS *)
  if (ABSOLUTE.test(target)) return parsed(method, target);
  if (target === '*' && method === 'OPTIONS') {
    const host = hostOf(req, fallbackHost);
    if (typeof host !== 'string') return host;
    return { method, path: '*', href: `http://${host}/` };
  }
  return bad(`invalid request target ${JSON.stringify(target.slice(0, 100))}`);
}

function parsed(method: string, href: string): Head | BadHead {
  if (!URL.canParse(href)) return bad(`invalid request target ${JSON.stringify(href.slice(0, 100))}`);
  const url = new URL(href);
  return { method, path: url.pathname, href: url.href };
}

const bad = (reason: string): BadHead => ({ reason });
