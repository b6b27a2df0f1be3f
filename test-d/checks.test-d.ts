// types/checks.ts: the six compile-time checks of the spec, each failing on the
// line of the offending .use()/.handle() with a message that names the layer.
import { expectError } from 'tsd';
import { chain, middleware, type Next } from 'shallot';
import { adminOnly, auth, header, json, logging, type JsonResponse } from './fixtures.js';

// 1. A layer needs a field that neither Base nor an earlier layer adds.
// error: middleware 'adminOnly' needs 'user', which no earlier middleware adds
expectError(chain<{ path: string }>().use(adminOnly));

// ...and order matters: auth adds user, but below adminOnly.
// error: middleware 'adminOnly' needs 'user', which no earlier middleware adds
expectError(chain<{ token: string }>().use(adminOnly).use(auth));

// 2. A layer needs a field with another type than the chain provides.
// error: middleware 'adminOnly' needs 'user' with another type than the chain provides
expectError(chain<{ user: string }>().use(adminOnly));

// 3. A layer returns a response the layer above does not accept...
const jsonOnly = middleware('jsonOnly', async (_req: {}, next: Next<{}, JsonResponse<{ id: number }>>) => {
  const res = await next();
  return new Response(String(res.data.id));
});
const plain = middleware('plain', async (_req: {}, _next: Next) => new Response('plain'));
// error: middleware 'plain' returns a response that middleware 'jsonOnly' does not accept
expectError(chain<{}>().use(jsonOnly).use(plain));

// ...or the handler returns one the innermost layer does not accept.
// error: the handler returns a response that middleware 'jsonOnly' does not accept
expectError(chain<{}>().use(jsonOnly).handle(() => new Response('not json')));

// A transparent layer in between passes the requirement down.
// error: the handler returns a response that middleware 'jsonOnly' does not accept
expectError(chain<{ path: string }>().use(jsonOnly).use(logging).handle(() => new Response('x')));
chain<{ path: string }>().use(jsonOnly).use(logging).handle(() => json({ id: 1 }));

// 4. A synchronous layer above an asynchronous one (it would not await next()).
// error: middleware 'logging' is async, but middleware 'header' above it is sync and would not await it: make middleware 'header' async with middleware(), or this one sync with middleware.sync()
expectError(chain<{ path: string }>().use(header).use(logging));

// ...or above an async handler.
// error: the handler is async, but middleware 'header' above it is sync and would not await it: return the response synchronously, or make middleware 'header' async with middleware()
expectError(chain<{}>().use(header).handle(async () => new Response('late')));

// 5. Using next()'s result without await: see layer.test-d.ts.

// 6. The handler sees Base plus every addition (checked in chain.test-d.ts);
// a field no layer adds is an error in the handler.
// error: Property 'user' does not exist on type '{ path: string; }'.
expectError(chain<{ path: string }>().use(logging).handle((req) => new Response(req.user)));

// A sub-chain is checked as a whole where it is spliced in.
const admin = chain<{ user: { name: string; admin: boolean } }>().use(adminOnly);
// error: sub-chain starting at middleware 'adminOnly' needs 'user', which no earlier middleware adds
expectError(chain<{ token: string }>().use(admin));
chain<{ token: string }>().use(auth).use(admin);
