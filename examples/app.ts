// The example service: the seed layers (logging, timing, a header, a conditional
// header) from shallot/http, plus an auth layer of its own and a JSON route. One
// exported chain: `shallot codegen` compiles it into app.gen.ts (committed; `npm
// test` fails when it is stale), which examples/server.ts serves on node:http;
// bun.ts, deno.ts and worker.ts serve this runtime chain on the other runtimes.
// What auth and the routes use is exported, so the generated module can import
// it and inline them (the factory layers from shallot/http are called).
import { chain, middleware, type Next } from 'shallot';
import { errorBoundary, isResponse, json, logger, requestId, setHeader, text, timing, type HttpContext } from 'shallot/http';

export interface User {
  readonly name: string;
  readonly admin: boolean;
}

/** Sample bearer tokens (a real service would verify a signed token or look up a session). */
export const users: ReadonlyMap<string, User> = new Map([
  ['secret-ada', { name: 'ada', admin: true }],
  ['secret-bob', { name: 'bob', admin: false }],
]);

/**
 * Auth: reads `Authorization: Bearer <token>` and adds `user` (or `null` when no
 * token came). A token that is present but unknown is answered with 401 here.
 */
export const auth = middleware('auth', async (req: { readonly headers: Headers }, next: Next<{ user: User | null }>): Promise<Response> => {
  const header = req.headers.get('authorization');
  const user = header === null ? null : header.startsWith('Bearer ') ? users.get(header.slice(7)) : undefined;
  if (user === undefined) return json({ error: 'invalid token' }, { status: 401, headers: { 'www-authenticate': 'Bearer' } });
  return next({ user });
});

/** What the routes see: the request plus what requestId and auth add. */
export type Req = HttpContext & { readonly requestId: string; readonly user: User | null };

/** The routes: a greeting, who am I (JSON, needs a token), an echo of a JSON body, and a failure. */
async function route(req: Req): Promise<Response> {
  switch (`${req.method} ${req.path}`) {
    case 'GET /':
    case 'HEAD /':
      return text('Hello, shallot\n');
    case 'GET /api/me':
      return req.user === null
        ? json({ error: 'sign in first' }, { status: 401, headers: { 'www-authenticate': 'Bearer' } })
        : json({ name: req.user.name, admin: req.user.admin, requestId: req.requestId });
    case 'POST /api/echo': {
      let body: unknown;
      try {
        body = await req.request.json();
      } catch {
        return json({ error: 'the body is not JSON' }, { status: 400 });
      }
      return json({ received: body, requestId: req.requestId });
    }
    case 'GET /boom':
      throw new Error('boom: a route that fails, caught by errorBoundary');
    default:
      return json({ error: `no route for ${req.method} ${req.path}` }, { status: 404 });
  }
}

export const app = chain<HttpContext>({ isResponse })
  .use(errorBoundary())
  .use(logger())
  .use(timing())
  .use(requestId())
  .use(setHeader('X-Custom-Header', 'Hello'))
  .use(setHeader('X-Status', 'OK', { when: (res) => res.status === 200 }))
  .use(auth)
  .handle(route);
