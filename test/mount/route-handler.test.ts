/**
 * examples/route-handler.ts: the example app as a Next.js route, a Remix or
 * React Router resource route and an Astro endpoint, each called as its
 * framework calls it (a Fetch Request in, the Response sent as it is).
 */
import { describe, expect, it } from 'vitest';
import { ALL, DELETE, GET, POST, action, loader } from '../../examples/route-handler.js';

const quietly = async <T>(run: () => Promise<T>): Promise<T> => {
  const { log } = console;
  console.log = () => {};
  try {
    return await run();
  } finally {
    console.log = log;
  }
};

const me = (): Request => new Request('http://localhost/api/me', { headers: { authorization: 'Bearer secret-ada', 'x-request-id': 'r-1' } });
const echo = (): Request => new Request('http://localhost/api/echo', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ hi: 1 }) });

describe('the example app as a route handler', () => {
  it('Next.js: the method exports answer through the seed layers', async () => {
    const res = await quietly(() => GET(me()));
    expect(res.status).toBe(200);
    expect(res.headers.get('x-custom-header')).toBe('Hello');
    expect(await res.json()).toEqual({ name: 'ada', admin: true, requestId: 'r-1' });
    expect((await (await quietly(() => POST(echo()))).json()).received).toEqual({ hi: 1 });
    expect((await quietly(() => DELETE(new Request('http://localhost/api/me', { method: 'DELETE' })))).status).toBe(404);
  });

  it('Remix / React Router: the loader and the action', async () => {
    expect((await (await quietly(() => loader({ request: me() }))).json()).name).toBe('ada');
    expect((await (await quietly(() => action({ request: echo() }))).json()).received).toEqual({ hi: 1 });
  });

  it('Astro: ALL', async () => {
    const res = await quietly(() => ALL({ request: new Request('http://localhost/api/me') }));
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ error: 'sign in first' });
  });
});
