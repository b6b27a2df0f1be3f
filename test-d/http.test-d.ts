// shallot/http: each layer's needs and adds are typed, so the chain checks apply
// to the built-in layers as to your own.
import { expectError, expectType } from 'tsd';
import { chain, type AddsOf, type Middleware, type NeedsOf, type Passed, type ResponseOf } from 'shallot';
import {
  cors,
  errorBoundary,
  json,
  logger,
  requestId,
  setHeader,
  text,
  timing,
  toFetchHandler,
  type HttpContext,
  type HttpLayer,
  type JsonResponse,
} from 'shallot/http';
import { serve, toNodeListener } from 'shallot/node';

// requestId adds `requestId: string` for the layers below...
expectType<{ requestId: string }>(null! as AddsOf<ReturnType<typeof requestId>>);
chain<HttpContext>().use(requestId()).handle((req) => text(req.requestId));

// ...and a handler that reads it without the layer does not compile.
// error: Property 'requestId' does not exist on type 'HttpContext'. Did you mean 'request'?
expectError(chain<HttpContext>().handle((req) => text(req.requestId)));

// Nor above the layer: order matters.
const readsId = chain<HttpContext & { requestId: string }>().use(logger());
// error: the sub-chain's Base needs 'requestId', which the chain's Base lacks
expectError(chain<HttpContext>().use(readsId).use(requestId()));

// What each layer needs from the request.
expectType<{ readonly method: string; readonly path: string }>(null! as NeedsOf<ReturnType<typeof logger>>);
expectType<{ readonly headers: Headers }>(null! as NeedsOf<ReturnType<typeof requestId>>);
expectType<{ readonly method: string; readonly headers: Headers }>(null! as NeedsOf<ReturnType<typeof cors>>);
expectType<{}>(null! as NeedsOf<ReturnType<typeof timing>>);

// A chain over a smaller base than HttpContext is checked against what the layers need.
// error: middleware 'logger' needs 'method', which the chain's Base lacks
expectError(chain<{ path: string }>().use(logger()));
// error: middleware 'requestId' needs 'headers', which neither the chain's Base nor an earlier middleware adds
expectError(chain<{ path: string }>().use(timing()).use(requestId()));
chain<{ method: string; path: string }>().use(logger()).use(timing());

// setHeader layers are named after their header, so messages can tell them apart.
expectType<'setHeader(X-Custom-Header)'>(setHeader('X-Custom-Header', 'Hello').name);

// The pass-through layers are transparent: the handler's JSON type reaches the outside...
const api = chain<HttpContext>()
  .use(logger())
  .use(timing())
  .use(requestId())
  .use(setHeader('X-Custom-Header', 'Hello'))
  .handle((req) => json({ id: req.requestId }));
expectType<JsonResponse<{ id: string }>>(null! as ResponseOf<typeof api>);

// ...while cors and errorBoundary answer on their own, so the outside sees a Response.
const guarded = chain<HttpContext>().use(errorBoundary()).use(cors()).handle(() => json({ id: 1 }));
expectType<Response>(null! as ResponseOf<typeof guarded>);

// toFetchHandler and the node adapters take an app over HttpContext (or less)...
expectType<(request: Request) => Promise<Response>>(toFetchHandler(api));
toNodeListener(chain<{ path: string }>().handle((req) => text(req.path)));
void serve(api, { port: 0 });

// ...not one that needs more than a request provides.
const needsToken = chain<{ token: string }>().handle((req) => text(req.token));
// error: Argument of type 'App<{ token: string; }, Response, { token: string; }, Response>' is not assignable to parameter of type 'HttpApp'.
expectError(toFetchHandler(needsToken));

// The layer types are one definition, HttpLayer, and spell out to the Middleware they were.
expectType<Middleware<{ name: 'cors'; needs: { readonly method: string; readonly headers: Headers }; adds: {}; inner: Response; out: Response; sync: false }>>(cors());
expectType<HttpLayer<{ name: 'requestId'; needs: { readonly headers: Headers }; adds: { requestId: string }; out: Passed<Response> }>>(requestId());
expectType<Middleware<{ name: 'setHeader(X-A)'; needs: {}; adds: {}; inner: Response; out: Passed<Response>; sync: false }>>(setHeader('X-A', '1'));
