/**
 * What an adapter is given: a handled chain (or any function from the request to
 * a response), which answers, or, for hosts with an onion of their own (Hono,
 * Koa), a builder without a handler, whose inner handler becomes the host's
 * downstream: the rest of the host's middleware and its routes.
 */
import { badArgument, describe } from '../errors.js';

/** An app as the adapters call it. */
export type MountedApp = (req: object) => unknown;

/** Where a request keeps the host's downstream while the builder's layers run. */
const downstream = Symbol('shallot.downstream');

/** A request that carries the host's downstream. */
export interface WithDownstream {
  [downstream]?: () => Promise<Response>;
}

/** The inner handler of a chain mounted as host middleware: runs the host's downstream. */
function callDownstream(req: WithDownstream): Promise<Response> {
  const next = req[downstream];
  if (next === undefined) throw new TypeError('a chain mounted as host middleware was called without the host’s downstream');
  return next();
}

/** Gives the request the host's downstream, for {@link callDownstream}. */
export function setDownstream(req: object, next: () => Promise<Response>): void {
  Object.defineProperty(req, downstream, { value: next, enumerable: false, configurable: true });
}

const isBuilder = (value: unknown): value is { handle: (fn: (req: WithDownstream) => Promise<Response>) => MountedApp } =>
  typeof value === 'object' && value !== null && (value as { kind?: unknown }).kind === 'chain' && typeof (value as { handle?: unknown }).handle === 'function';

/**
 * The app to call per request and whether it is host middleware. `where` names
 * the call for errors; `onion` is false for hosts without middleware that can
 * wrap their routes' responses (Express, Fastify, h3).
 */
export function mountTarget(where: string, target: unknown, onion: boolean): { readonly app: MountedApp; readonly middleware: boolean } {
  if (typeof target === 'function') return { app: target as MountedApp, middleware: false };
  if (isBuilder(target)) {
    if (!onion) {
      throw badArgument(
        `${where}(app)`,
        'got a chain builder without a handler; this host has no onion of its own to be its inner handler: close the chain with .handle(fn) (toHono and toKoa take a builder)',
      );
    }
    return { app: target.handle(callDownstream), middleware: true };
  }
  throw badArgument(`${where}(app)`, `app must be a handled chain (or a function (req) => Response)${onion ? ' or a chain builder without a handler' : ''}, got ${describe(target)}`);
}
