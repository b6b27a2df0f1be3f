import { chain, middleware, type Next } from 'shallot';
import { logging, timing } from './layers.js';

const customHeader = middleware('customHeader', async (_req: {}, next: Next) => {
  const res = await next();
  res.headers.set('X-Custom-Header', 'Hello');
  return res;
});

const statusOk = middleware('statusOk', async (_req: {}, next: Next) => {
  const res = await next();
  if (res.status === 200) res.headers.set('X-Status', 'OK');
  return res;
});

export const app = chain<{ path: string }>()
  .use(logging)
  .use(timing)
  .use(customHeader)
  .use(statusOk)
  .handle((req) => (req.path === '/' ? new Response('Hello, shallot') : new Response('Not found', { status: 404 })));
