// types/step.ts: what .use() accepts, and what it says of anything else; and
// types/after.ts: after a rejected step the chain goes on as if the step were
// right, so one mistake gives one error (the harness fails on any error a comment
// does not expect, so each case below also asserts that the lines around it compile).
import { expectError } from 'tsd';
import { chain, middleware, type App, type Next, type NextSync } from 'shallot';
import { logger, requestId, setHeader, text, type HttpContext } from 'shallot/http';
import { adminOnly, auth, header, logging, type User } from './fixtures.js';

// 8. A factory passed uncalled: one message naming the layer, saying how to call it.
// (A function argument's type comes first on every compiler, TypeScript 7 too.)
// error: chain.use() is given a middleware factory, not a middleware: call it, requestId()
expectError(chain<HttpContext>().use(requestId));
// error: chain.use() is given a middleware factory, not a middleware: call it, setHeader(…)
expectError(chain<HttpContext>().use(setHeader));
// A factory whose layers' name is no name code can call (role-check) is not offered as one.
const requireRole = (role: string) => middleware('role-check', async (req: HttpContext, next: Next) => (req.path === role ? next() : new Response('no', { status: 403 })));
// error: chain.use() is given a middleware factory, not a middleware: call it, the factory(…)
expectError(chain<HttpContext>().use(requireRole));

// A plain function passed to .use().
// error: chain.use() takes a middleware, not a plain function: wrap it, middleware('name', fn)
expectError(chain<{}>().use(async (_req: {}, next: Next) => next()));

// A handled app passed to .use().
const app = chain<{ path: string }>().use(logging).handle(() => new Response('ok'));
// error: chain.use() takes a middleware or a chain builder, not an app: use the chain before .handle()
// leads[TS 7]: chain.use() takes a middleware or a chain builder, not an app
expectError(chain<{ path: string }>().use(app));

// Anything else.
// error: chain.use() takes a middleware (from middleware()) or a chain builder (from chain())", [got: number]
expectError(chain<{}>().use(42));

// 9. No cascades. Two uncalled factories: one error each, on their own lines; the
// layers after them and the handler are checked as if they had been called.
expectError(
  chain<HttpContext>()
    // error: call it, requestId()
    .use(requestId)
    // error: call it, logger()
    .use(logger)
    .handle((req) => text(req.requestId)),
);

// A sync layer above an async one: the async layer is blamed, not also the async
// layers and the async handler below it.
expectError(
  chain<{ path: string }>()
    .use(header)
    // error: middleware 'logging' is async, but middleware 'header' above it is sync
    .use(logging)
    .use(middleware('later', async (_req: {}, next: Next) => next()))
    .handle(async () => new Response('late')),
);

// A layer whose field is missing still adds its own fields for the layers below.
const roles = middleware('roles', async (req: { user: User }, next: Next<{ roles: string[] }>) => next({ roles: req.user.admin ? ['admin'] : [] }));
const needsRoles = middleware('needsRoles', async (_req: { roles: string[] }, next: Next) => next());
expectError(
  chain<{ path: string }>()
    // error: middleware 'roles' needs 'user', which the chain's Base lacks
    .use(roles)
    .use(needsRoles)
    .handle((req) => new Response(req.roles.join())),
);

// A response a layer above does not accept: the layers below answer to the layer that was rejected.
const jsonOnly = middleware('jsonOnly', async (_req: {}, next: Next<{}, Response & { json: true }>) => new Response(String((await next()).json)));
const plain = middleware('plain', async (_req: {}, _next: Next) => new Response('plain'));
expectError(
  chain<{}>()
    .use(jsonOnly)
    // error: middleware 'plain' returns a response that middleware 'jsonOnly' does not accept
    .use(plain)
    .handle(() => new Response('any')),
);

// An app passed to .use() changes nothing for the layers after it.
expectError(
  chain<{ token: string }>()
    // error: not an app
    .use(app)
    .use(auth)
    .use(adminOnly)
    .handle((req) => new Response(req.user.name)),
);

// A layer rejected at its definition (a forgotten return, `next` returned uncalled)
// counts, in the chains that use it, as `return next()`, what its message says to
// write: the layer above it, the handler and the app's response are not blamed too.
// (Each definition is inline so that tsd's expectError holds it; the harness fails
// on an error on any other line: the .use(…), the handler, the assignment.)
let answering: App<{ path: string }, Response> | undefined;
expectError(
  (answering = chain<{ path: string }>()
    .use(logging)
    .use(
      middleware(
        // leads: middleware 'forgetful' can return undefined
        'forgetful',
        async (_req: {}, next: Next) => {
          await next();
        },
      ),
    )
    .use(
      middleware(
        // leads: middleware 'uncalledNext' returns next itself
        'uncalledNext',
        async (_req: {}, next: Next) => next,
      ),
    )
    .handle(() => new Response('ok'))),
);
let answeringNow: App<{}, Response, unknown, Response> | undefined;
expectError(
  (answeringNow = chain<{}>()
    .use(
      middleware.sync(
        // leads: middleware 'syncForgetful' can return undefined
        'syncForgetful',
        (_req: {}, next: NextSync) => {
          next();
        },
      ),
    )
    .handle(() => new Response('now'))),
);
export { answering, answeringNow };
