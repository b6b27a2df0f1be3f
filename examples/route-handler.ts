// The example app as a route handler of a full-stack framework, through
// `toFetchHandler`: each of them hands a route a Fetch `Request` and sends the
// `Response` it gets back. Copy the part for your framework into the file named
// above it; the chain sees the whole path (`/api/me`), as the framework received it.
import { toFetchHandler } from 'shallot/http';
import { app } from './app.js';

const handler = toFetchHandler(app);

// Next.js (App Router): app/api/[[...path]]/route.ts. Next calls the export
// named after the method with the request (and the route's params, unused here).
export const GET = (request: Request): Promise<Response> => handler(request);
export const HEAD = GET;
export const POST = GET;
export const PUT = GET;
export const PATCH = GET;
export const DELETE = GET;
export const OPTIONS = GET;

// Remix and React Router (framework mode): app/routes/api.$.ts. GET and HEAD
// go to the loader, every other method to the action.
export const loader = ({ request }: { request: Request }): Promise<Response> => handler(request);
export const action = loader;

// Astro (server output): src/pages/api/[...path].ts. ALL answers every method.
export const ALL = ({ request }: { request: Request }): Promise<Response> => handler(request);
