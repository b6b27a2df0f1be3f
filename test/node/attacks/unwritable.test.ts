/**
 * Point 6 of issue 12: a response node:http refuses to write (a header value
 * with a control character, which `Headers` accepts) is a 500 reported to
 * onError, not an empty reply; what `Headers` and `Response` themselves refuse
 * (a non-Latin-1 value, CR/LF in a status text) is refused by `withHeader()`
 * and the light responses too, by name.
 */
import { describe, expect, it } from 'vitest';
import { json, requestId, setHeader, text, timing, withHeader, type HttpContext } from '../../../src/http/index.js';
import { chain, type ShallotError } from '../../../src/index.js';
import { start } from '../helpers.js';
import { connectionsSettle, head, Wire } from '../wire.js';

/**
 * Asks `app` once. A response that cannot be sent closes the connection; an app
 * that threw keeps it, so the next request on it is answered (the app answers
 * `/next` itself).
 */
async function answer(app: (req: HttpContext) => Response | Promise<Response>, closes: boolean): Promise<{ status: number; body: string; errors: unknown[] }> {
  const server = await start((req) => (req.path === '/next' ? text('next') : app(req)));
  const wire = await Wire.open(server.port);
  await wire.write(head('GET / HTTP/1.1', 'Host: x'));
  const res = await wire.response();
  if (closes) {
    await wire.serverClose();
  } else {
    await wire.write(head('GET /next HTTP/1.1', 'Host: x'));
    expect((await wire.response()).body).toBe('next');
  }
  wire.end();
  await connectionsSettle(server, 0);
  return { status: res.status, body: res.body, errors: server.errors };
}

describe('a header value node:http cannot write', () => {
  it.each([
    ['a native Response, set through Headers', () => new Response('x', { headers: { 'x-bad': 'a\x01b' } })],
    ['a native Response without a body', () => new Response(null, { status: 204, headers: { 'x-bad': 'a\x7fb' } })],
    ['a text() with init headers', () => text('x', { headers: { 'x-bad': 'a\x1bb' } })],
    ['a text() whose Headers a layer edited', () => {
      const res = text('x');
      res.headers.set('x-bad', 'a\x02b');
      return res;
    }],
    ['withHeader() (which accepts what Headers accepts)', () => withHeader(json({}), 'x-bad', 'a\x03b')],
    // The built-in layers put values node:http writes without a second test; a value they cannot vouch for is tested.
    ['setHeader() with such a value', chain<HttpContext>().use(setHeader('X-Bad', 'a\x04b')).handle(() => json({}))],
    ['a writable header put above a response that has a bad one', chain<HttpContext>().use(setHeader('X-Good', 'ok')).use(timing({ sink: false })).handle(() => text('x', { headers: { 'x-bad': 'a\x05b' } }))],
    ['requestId() with a generator that makes such ids', chain<HttpContext>().use(requestId({ header: 'X-Bad', generate: () => 'a\x06b' })).handle(() => json({}))],
  ])('%s: 500, reported with the header named, the connection closed', async (_name, make) => {
    const { status, body, errors } = await answer(make, true);
    expect(status).toBe(500);
    expect(body).toBe('Internal Server Error');
    expect(errors).toHaveLength(1);
    expect((errors[0] as Error).message).toMatch(/header x-bad/);
  });
});

describe('what Headers and Response refuse', () => {
  it.each([
    ['a non-Latin-1 value through withHeader()', () => withHeader(text('x'), 'x-euro', '5 €'), 'withHeader(res, name, value)', /header x-euro/],
    ['a non-Latin-1 value in text() init headers', () => text('x', { headers: { 'x-euro': '5 €' } }), 'response init { headers }', /header x-euro/],
    ['CR/LF in text() statusText', () => text('x', { statusText: 'OK\r\nX-Injected: 1' }), 'response init { statusText }', /statusText/],
    ['CR/LF in json() statusText', () => json({}, { statusText: 'OK\nX' }), 'response init { statusText }', /statusText/],
  ])('%s: a BAD_ARGUMENT naming it, and the app gets its 500 (the connection goes on)', async (_name, make, where, message) => {
    const { status, errors } = await answer(make, false);
    expect(status).toBe(500);
    const error = errors[0] as ShallotError;
    expect(error.code).toBe('BAD_ARGUMENT');
    expect(error.message.startsWith(where), error.message).toBe(true);
    expect(error.message).toMatch(message);
  });
});
