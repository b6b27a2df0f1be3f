// types/checks.ts: the compile-time checks of the spec, each failing once, on the
// line of the offending .use()/.handle(), with a message that names the layer and
// the field. `// leads:` asserts that the message is the start of what the
// compiler says (within the first 100 characters of the diagnostic's first line):
// on every compiler for a handler's returned value, on TypeScript 7 for a .use()
// argument (TypeScript 5.9 and 6 print the argument's type first; see README).
import { expectError } from 'tsd';
import { chain, middleware, type Next } from 'shallot';
import { adminOnly, auth, header, json, logging, type JsonResponse, type User } from './fixtures.js';

// 1. A layer needs a field that neither Base nor an earlier layer adds: at the
// first layer, Base alone lacks it...
// error: middleware 'adminOnly' needs 'user', which the chain's Base lacks
// leads[TS 7]: middleware 'adminOnly' needs 'user', which the chain's Base lacks
expectError(chain<{ path: string }>().use(adminOnly));

// ...further down, no earlier layer adds it either. Order matters: auth adds user, but below adminOnly.
// error: middleware 'adminOnly' needs 'user', which neither the chain's Base nor an earlier middleware adds
// leads[TS 7]: middleware 'adminOnly' needs 'user', which neither the chain's Base nor an earlier middleware adds
expectError(chain<{ token: string; path: string }>().use(logging).use(adminOnly).use(auth));

// 2. A layer needs a field with another type than the chain provides: both types are named.
// error: middleware 'adminOnly' needs 'user' of another type than the chain provides", [needs: User, provides: string]
// leads[TS 7]: middleware 'adminOnly' needs 'user' of another type than the chain provides
expectError(chain<{ user: string }>().use(adminOnly));
const maybeUser = middleware('maybeUser', async (_req: {}, next: Next<{ user: User | undefined }>) => next({ user: undefined }));
// error: middleware 'adminOnly' needs 'user' of another type than the chain provides", [needs: User, provides: User | undefined]
expectError(chain<{}>().use(maybeUser).use(adminOnly));

// 5. Several problems in one layer: one message, listing every field in the order the layer declares them.
const needsMany = middleware('needsMany', async (_req: { user: User; role: string; team: number }, next: Next) => next());
// error: middleware 'needsMany' needs fields the chain does not provide as it needs them", { user: "not provided"; role: [needs: string, provides: number]; team: "not provided"; }
// leads[TS 7]: middleware 'needsMany' needs fields the chain does not provide as it needs them
expectError(chain<{ role: number }>().use(needsMany));

// 3. A layer returns a response the layer above does not accept (both types named)...
const jsonOnly = middleware('jsonOnly', async (_req: {}, next: Next<{}, JsonResponse<{ id: number }>>) => {
  const res = await next();
  return new Response(String(res.data.id));
});
const plain = middleware('plain', async (_req: {}, _next: Next) => new Response('plain'));
// error: middleware 'plain' returns a response that middleware 'jsonOnly' does not accept", [returns: Response, accepts: JsonResponse<{ id: number; }>]
// leads[TS 7]: middleware 'plain' returns a response that middleware 'jsonOnly' does not accept
expectError(chain<{}>().use(jsonOnly).use(plain));

// ...or the handler returns one the innermost layer does not accept: the message leads everywhere.
// leads: the handler returns a response that middleware 'jsonOnly' does not accept
// error: [returns: Response, accepts: JsonResponse<{ id: number; }>]
expectError(chain<{}>().use(jsonOnly).handle(() => new Response('not json')));

// A handler with a block body: TypeScript elaborates only an expression body, so
// the message comes after the handler's type, on every compiler (see README).
// error: the handler returns a response that middleware 'jsonOnly' does not accept", [returns: Response | undefined, accepts: JsonResponse<{ id: number; }>]
expectError(chain<{}>().use(jsonOnly).handle((req) => {
  if (Object.keys(req).length === 0) return new Response('forgot the json');
}));

// A transparent layer in between passes the requirement down.
// leads: the handler returns a response that middleware 'jsonOnly' does not accept
expectError(chain<{ path: string }>().use(jsonOnly).use(logging).handle(() => new Response('x')));
chain<{ path: string }>().use(jsonOnly).use(logging).handle(() => json({ id: 1 }));

// 4. A synchronous layer above an asynchronous one (it would not await next()).
// error: middleware 'logging' is async, but middleware 'header' above it is sync and would not await it: make middleware 'header' async with middleware(), or this one sync with middleware.sync()
// leads[TS 7]: middleware 'logging' is async, but middleware 'header' above it is sync
expectError(chain<{ path: string }>().use(header).use(logging));

// ...or above an async handler.
// leads: the handler is async, but middleware 'header' above it is sync and would not await it: return the response synchronously, or make middleware 'header' async with middleware()
expectError(chain<{}>().use(header).handle(async () => new Response('late')));

// 5 (check). Using next()'s result without await: see layer.test-d.ts.

// 6. The handler sees Base plus every addition (checked in chain.test-d.ts);
// a field no layer adds is an error in the handler.
// error: Property 'user' does not exist on type '{ path: string; }'.
expectError(chain<{ path: string }>().use(logging).handle((req) => new Response(req.user)));

// A sub-chain is checked as a whole where it is spliced in, and the message names
// the layer of the sub-chain that needs the field, not the sub-chain's first layer.
const admin = chain<{ path: string; user: User }>().use(logging).use(adminOnly);
// error: middleware 'adminOnly' (in a sub-chain) needs 'user', which neither the chain's Base nor an earlier middleware adds
// leads[TS 7]: middleware 'adminOnly' (in a sub-chain) needs 'user'
expectError(chain<{ token: string; path: string }>().use(logging).use(admin));
chain<{ token: string; path: string }>().use(auth).use(admin);

// A sub-chain's response and colour problems name its layer too.
const plainArea = chain<{}>().use(plain);
// error: middleware 'plain' (in a sub-chain) returns a response that middleware 'jsonOnly' does not accept
expectError(chain<{}>().use(jsonOnly).use(plainArea));
const loggingArea = chain<{ path: string }>().use(logging);
// error: middleware 'logging' (in a sub-chain) is async, but middleware 'header' above it is sync
expectError(chain<{ path: string }>().use(header).use(loggingArea));

// 3 (point). No false positive on a layer whose request is a union, in a chain over that union.
interface Page { kind: 'page'; path: string }
interface Api { kind: 'api'; path: string; version: number }
const route = middleware('route', async (req: Page | Api, next: Next) => (req.kind === 'api' ? next() : new Response(req.path)));
chain<Page | Api>().use(route).handle((req) => new Response(req.kind === 'api' ? String(req.version) : req.path));
chain<Page | Api>().use(logging).use(route).handle(() => new Response('ok'));
chain<Page>().use(route);
// ...and the union still fails where it does not fit. (The order of a union's
// members in a message is the compiler's: not asserted.)
// error: middleware 'route' needs 'kind' of another type than the chain provides", [needs: "
// error: provides: "feed"]
expectError(chain<{ kind: 'feed'; path: string }>().use(route));
// A union is checked member by member, not only on the fields its members share: a chain that fits neither
// member fails, though it has every common field (before, this compiled and read req.locale of a request without it).
interface LocalPage { kind: 'page'; path: string; locale: string }
const localised = middleware('localised', async (req: LocalPage | Api, next: Next) => (req.kind === 'page' && req.locale === 'x' ? new Response(req.locale) : next()));
// error: middleware 'localised' needs a request of another type than the chain provides", [needs:
expectError(chain<{ kind: 'page'; path: string }>().use(localised));
// error: middleware 'localised' needs a request of another type than the chain provides", [needs:
expectError(chain<{ kind: 'page'; path: string; locale: number }>().use(localised));
// error: middleware 'localised' needs a request of another type than the chain provides", [needs:
expectError(chain<{ kind: 'page' | 'api'; path: string }>().use(localised));
chain<LocalPage | Api>().use(localised).handle(() => new Response('ok'));
chain<Api & { user: string }>().use(localised).handle(() => new Response('ok'));
// A member's field added by an earlier layer counts.
const withLocale = middleware('withLocale', async (_req: { kind: 'page'; path: string }, next: Next<{ locale: string }>) => next({ locale: 'en' }));
chain<{ kind: 'page'; path: string }>().use(withLocale).use(localised).handle(() => new Response('ok'));
// A sub-chain over the union, spliced into a chain that fits neither member.
const localisedArea = chain<LocalPage | Api>().use(localised);
// error: a sub-chain needs a request of another type than the chain provides", [needs:
expectError(chain<{ kind: 'page'; path: string }>().use(localisedArea));
chain<LocalPage>().use(localisedArea).handle(() => new Response('ok'));

