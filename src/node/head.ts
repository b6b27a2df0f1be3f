/**
 * Reading the request line and Host header of a node:http request into what
 * `HttpContext` needs, without building a URL unless it has to.
 */
import type { IncomingMessage } from 'node:http';
import { isPlainPath } from '../http/context.js';

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

/** The characters a Host may have: a name or an address, and a port. Whether it is a host is the URL parser's call. */
const HOST = /^(?:[A-Za-z0-9\-._~]+|\[[0-9A-Fa-f:.]+\])(?::\d{0,5})?$/;

const ABSOLUTE = /^https?:\/\//i;

/**
 * Hosts the URL parser accepted lately. Most servers see a handful of hosts, so
 * this makes checking one a Set lookup instead of a parse per request; it is
 * emptied when full, so a client sending many hosts costs parses, not memory.
 */
const accepted = new Set<string>();
const ACCEPTED_MAX = 64;

/** Whether the URL parser takes `host` as the host (and port) of an http URL. */
function isHost(host: string): boolean {
  if (accepted.has(host)) return true;
  if (!HOST.test(host) || !URL.canParse(`http://${host}/`)) return false;
  if (accepted.size >= ACCEPTED_MAX) accepted.clear();
  accepted.add(host);
  return true;
}

/**
 * The Host field of `req` (its value, `undefined` when there is none), or why it
 * is bad: invalid, or sent more than once (RFC 9112 §3.2 asks for a 400 for both).
 */
function hostField(req: IncomingMessage): string | undefined | BadHead {
  const raw = req.rawHeaders;
  let host: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i]!;
    if (key.length !== 4 || (key !== 'Host' && key.toLowerCase() !== 'host')) continue;
    if (host !== undefined) return bad('more than one Host header');
    host = raw[i + 1]!;
  }
  return host === undefined || isHost(host) ? host : bad(`invalid Host header ${JSON.stringify(host.slice(0, 100))}`);
}

/**
 * The Host of `req`, or why it is bad. An HTTP/1.1 request must have one (RFC
 * 9112 §3.2); for another request without one (HTTP/1.0), `fallback` gives the
 * server's own address.
 */
function hostOf(req: IncomingMessage, fallback: (req: IncomingMessage) => string): string | BadHead {
  const field = hostField(req);
  if (field !== undefined) return field;
  return req.httpVersionMajor === 1 && req.httpVersionMinor >= 1 ? bad('an HTTP/1.1 request needs a Host header') : fallback(req);
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
    if (isPlainPath(pathname)) return { method, path: pathname, href };
    return parsed(method, href);
  }
  // absolute-form (a proxy request) or asterisk-form (OPTIONS *)
  if (ABSOLUTE.test(target)) {
    // The target's host is the one that counts, but a bad Host field is still a 400.
    const field = hostField(req);
    if (typeof field === 'object') return field;
    return parsed(method, target);
  }
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
