// 11. What a builder, an app and a layer look like where TypeScript prints them
// (hovers, errors, declaration files): the request, the context and the response
// come first, spelled out; no alias around the whole history, no `unique symbol`.
// Each line below shows a type by passing it where it does not fit.
import { expectError } from 'tsd';
import { chain, middleware, type Next } from 'shallot';
import { auth, logging } from './fixtures.js';

declare const show: (shown: 'shown') => void;

// error: Argument of type 'Chain<{ req: { token: string; }; ctx: { token: string; }; res: unknown; out: HandlerResponse; sync: false; async: false; from: "the caller"; outFrom: "the caller"; reads: {}; flat: { token: string; }; recent: {}; age: 0; }>'
expectError(show(chain<{ token: string }>()));

// error: Argument of type 'Chain<{ req: { token: string; path: string; }; ctx: { token: string; path: string; } & { user: User; }; res: Response; out: HandlerResponse;
expectError(show(chain<{ token: string; path: string }>().use(logging).use(auth)));

// error: Argument of type 'App<{ token: string; }, Response, { token: string; } & { user: User; }, Promise<Response>>'
expectError(show(chain<{ token: string }>().use(auth).handle((req) => new Response(req.user.name))));

// error: Argument of type 'Middleware<{ name: "greet"; needs: { name: string; }; adds: { greeting: string; }; inner: Response; out: Passed<Response>; sync: false; }>'
expectError(show(middleware('greet', async (req: { name: string }, next: Next<{ greeting: string }>) => next({ greeting: `hi ${req.name}` }))));

// The handler's request is the context, as the builder shows it (in the order the
// compiler keeps the intersection's parts in: not asserted).
chain<{ token: string }>()
  .use(auth)
  // error: token: string;
  // error: user: User;
  .handle((req) => (expectError(show(req)), new Response('x')));
