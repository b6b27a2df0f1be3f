/**
 * The route `npm run bench:http` serves on every runtime, as a shallot app:
 * logging (to a sink that drops the line), timing with Server-Timing, a request
 * id (the incoming X-Request-Id, or a new UUID, echoed), X-Custom-Header: Hello,
 * X-Status: OK when the status is 200, and a JSON body. The bench copies this
 * module into bench/.gen-http/, runs `shallot codegen` on it and compiles both,
 * so the runtime chains and their generated handlers come from one source.
 *
 * `app` is the built-in layers (factories made of parts, which codegen runs in
 * line: docs/codegen.md); `appSync` is the same work in sync layers written
 * inline (so codegen inlines them), with a sync handler: no promise anywhere.
 */
import { chain, middleware, type NextSync } from 'shallot';
import { json, logger, requestId, setHeader, timing, withHeader, type HttpContext } from 'shallot/http';

// Exported, so codegen can inline what reads them.
export const sink = (_line: string): void => {};
export const body = (requestId: string) => ({ hello: 'world', requestId });
export const VALID_ID = /^[\x21-\x7e]{1,200}$/;

export const app = chain<HttpContext>({ guards: false })
  .use(logger({ sink }))
  .use(timing({ sink: false }))
  .use(requestId())
  .use(setHeader('X-Custom-Header', 'Hello'))
  .use(setHeader('X-Status', 'OK', { when: (res) => res.status === 200 }))
  .handle((req) => json(body(req.requestId)));

/** `app` with the guards on (what runs outside production by default). */
export const appGuarded = chain<HttpContext>({ guards: true })
  .use(logger({ sink }))
  .use(timing({ sink: false }))
  .use(requestId())
  .use(setHeader('X-Custom-Header', 'Hello'))
  .use(setHeader('X-Status', 'OK', { when: (res) => res.status === 200 }))
  .handle((req) => json(body(req.requestId)));

const logSync = middleware.sync('logger', (req: { readonly method: string; readonly path: string }, next: NextSync) => {
  sink(`--> ${req.method} ${req.path}`);
  const res = next();
  sink(`<-- ${req.method} ${req.path} ${res.status}`);
  return res;
});

const timingSync = middleware.sync('timing', (_req: {}, next: NextSync) => {
  const start = performance.now();
  const res = next();
  return withHeader(res, 'server-timing', `total;dur=${(performance.now() - start).toFixed(1)}`, 'append');
});

const requestIdSync = middleware.sync('requestId', (req: { readonly headers: Headers }, next: NextSync<{ requestId: string }>) => {
  const incoming = req.headers.get('x-request-id');
  const id = incoming !== null && VALID_ID.test(incoming) ? incoming : crypto.randomUUID();
  return withHeader(next({ requestId: id }), 'x-request-id', id);
});

const customSync = middleware.sync('custom', (_req: {}, next: NextSync) => withHeader(next(), 'x-custom-header', 'Hello'));

const statusSync = middleware.sync('status', (_req: {}, next: NextSync) => {
  const res = next();
  return res.status === 200 ? withHeader(res, 'x-status', 'OK') : res;
});

export const appSync = chain<HttpContext>({ guards: false })
  .use(logSync)
  .use(timingSync)
  .use(requestIdSync)
  .use(customSync)
  .use(statusSync)
  .handle((req) => json(body(req.requestId)));
