// `npm run example`: the seed scenarios of shallot, run on sample requests, with
// a line for everything each layer does. (Once shallot/http lands, this becomes a
// server on 127.0.0.1:3000.)
import { chain, middleware, type Next } from 'shallot';

const say = (line: string): void => console.log(`  ${line}`);

/** Logging: the request path before the inner layers, the response status after. */
const logging = middleware('logging', async (req: { path: string }, next: Next) => {
  say(`logging: -> ${req.path}`);
  const res = await next();
  say(`logging: <- ${res.status}`);
  return res;
});

/** Header: `X-Custom-Header: Hello` on every response. */
const customHeader = middleware('customHeader', async (_req: {}, next: Next) => {
  const res = await next();
  res.headers.set('X-Custom-Header', 'Hello');
  say('customHeader: set X-Custom-Header: Hello');
  return res;
});

/** Conditional header: `X-Status: OK` only when the status is 200. */
const statusOk = middleware('statusOk', async (_req: {}, next: Next) => {
  const res = await next();
  if (res.status === 200) {
    res.headers.set('X-Status', 'OK');
    say('statusOk: set X-Status: OK');
  } else {
    say(`statusOk: status ${res.status}, no X-Status`);
  }
  return res;
});

/** Timing: how long the request took, after the response is made. */
const timing = middleware('timing', async (_req: {}, next: Next) => {
  const start = performance.now();
  const res = await next();
  say(`timing: Request took ${((performance.now() - start) / 1000).toFixed(4)} seconds`);
  return res;
});

const app = chain<{ path: string }>()
  .use(logging)
  .use(timing)
  .use(customHeader)
  .use(statusOk)
  .handle((req) => (req.path === '/' ? new Response('Hello, shallot') : new Response('Not found', { status: 404 })));

console.log(`chain: ${app.description.layers.map((layer) => layer.name).join(' -> ')} -> handler (guards ${app.description.guards ? 'on' : 'off'})`);
for (const path of ['/', '/missing']) {
  console.log(`\nrequest ${path}`);
  const res = await app({ path });
  console.log(`response ${res.status} ${JSON.stringify(await res.text())} headers ${JSON.stringify(Object.fromEntries(res.headers))}`);
}

// The classic bug, caught by the runtime guard: next() called, its promise dropped.
const forgetful = middleware('forgetful', async (_req: {}, next: Next) => {
  void next();
  return new Response('too early');
});
console.log('\nrequest / through a layer that drops next()');
try {
  await chain<{ path: string }>().use(forgetful).handle(() => new Response('inner'))({ path: '/' });
} catch (error) {
  console.log(`  rejected: ${(error as Error).message}`);
}
