/**
 * Point 2 of issue 12: a Response whose body is used or locked cannot be sent:
 * the client gets 500 and the connection is closed, and onError hears why.
 * (A Response's body can be read once; `text()`/`json()` can be sent again and again.)
 */
import { describe, expect, it } from 'vitest';
import { chain, middleware, type Next } from '../../../src/index.js';
import { text, toFetchHandler, type HttpContext } from '../../../src/http/index.js';
import { start } from '../helpers.js';
import { connectionsSettle, head, Wire } from '../wire.js';

const readsBody = middleware('readsBody', async (_req: {}, next: Next) => {
  const res = await next();
  await res.text();
  return res;
});
const locksBody = middleware('locksBody', async (_req: {}, next: Next) => {
  const res = await next();
  res.body?.getReader();
  return res;
});
const logsClone = middleware('logsClone', async (_req: {}, next: Next) => {
  const res = await next();
  await res.clone().text();
  return res;
});

const get = head('GET / HTTP/1.1', 'Host: x');

async function answersOf(app: (req: HttpContext) => Response | Promise<Response>): Promise<{ status: number; body: string; closed: boolean; errors: unknown[] }> {
  const server = await start(app);
  const wire = await Wire.open(server.port);
  await wire.write(get);
  const res = await wire.response();
  let closed = false;
  if (res.status === 500) {
    await wire.serverClose();
    closed = true;
  }
  wire.end();
  await connectionsSettle(server, 0);
  return { status: res.status, body: res.body, closed, errors: server.errors };
}

describe('a response whose body cannot be sent', () => {
  it('the same native Response returned twice: the first is sent, the second is a 500, the connection closed', async () => {
    const shared = new Response('only once');
    const server = await start(() => shared);
    const first = await Wire.open(server.port);
    await first.write(get);
    expect((await first.response()).body).toBe('only once');
    first.end();
    const second = await Wire.open(server.port);
    await second.write(get);
    const res = await second.response();
    expect(res.status).toBe(500);
    expect(res.body).toBe('Internal Server Error');
    await second.serverClose();
    expect(server.errors).toHaveLength(1);
    expect((server.errors[0] as Error).message).toMatch(/body was already read/);
  });

  it.each([
    ['a layer read its body (native)', () => chain<HttpContext>().use(readsBody).handle(() => new Response('x')), /body was already read/],
    ['a layer read its body (text())', () => chain<HttpContext>().use(readsBody).handle(() => text('x')), /body was already read/],
    ['a layer locked its body (native)', () => chain<HttpContext>().use(locksBody).handle(() => new Response('x')), /body is locked/],
    ['a layer locked its body (text())', () => chain<HttpContext>().use(locksBody).handle(() => text('x')), /body is locked/],
  ])('%s: 500, connection closed, onError told', async (_name, make, message) => {
    const { status, closed, errors } = await answersOf(make());
    expect(status).toBe(500);
    expect(closed).toBe(true);
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toMatch(message);
  });

  it('a layer that reads a clone (logging the body) leaves the response whole', async () => {
    for (const make of [() => new Response('whole'), () => text('whole')]) {
      const { status, body, errors } = await answersOf(chain<HttpContext>().use(logsClone).handle(make));
      expect(status).toBe(200);
      expect(body).toBe('whole');
      expect(errors).toEqual([]);
    }
  });

  it('toFetchHandler: 500, and onError told', async () => {
    const errors: unknown[] = [];
    const handler = toFetchHandler(chain<HttpContext>().use(readsBody).handle(() => new Response('x')), { onError: (e) => errors.push(e) });
    const res = await handler(new Request('http://localhost/'));
    expect(res.status).toBe(500);
    expect((errors[0] as Error).message).toMatch(/body was already read/);
  });
});
