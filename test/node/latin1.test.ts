/**
 * Header values and status texts are Latin-1 (a ByteString each, as `Headers`
 * and `Response` take them): on the wire one byte per character, whatever the
 * body's own encoding (UTF-8). node:http joins a head with a string body and
 * encodes both as the body's encoding, so a light response with a Latin-1 head
 * must not hand it a string.
 */
import { describe, expect, it } from 'vitest';
import { json, setHeader, text, type HttpContext } from '../../src/http/index.js';
import { chain } from '../../src/index.js';
import { start } from './helpers.js';
import { connectionsSettle, head, Wire, type WireResponse } from './wire.js';

async function rawAnswer(app: (req: HttpContext) => Response | Promise<Response>, method = 'GET'): Promise<WireResponse> {
  const server = await start(app);
  const wire = await Wire.open(server.port);
  await wire.write(head(`${method} / HTTP/1.1`, 'Host: x'));
  const res = await wire.response({ head: method === 'HEAD' });
  wire.end();
  await connectionsSettle(server, 0);
  expect(server.errors).toEqual([]);
  return res;
}

describe('a Latin-1 head on the wire', () => {
  it.each([
    ['text() with an init header', () => text('héllo', { headers: { 'x-name': 'café' } })],
    ['json() with an init header', () => json({ a: 'é' }, { headers: { 'x-name': 'café' } })],
    ['setHeader() above json()', chain<HttpContext>().use(setHeader('X-Name', 'café')).handle(() => json({ a: 'é' }))],
    ['a native Response', () => new Response('héllo', { headers: { 'x-name': 'café' } })],
  ])('%s: the value is one byte per character, the body stays UTF-8', async (_name, app) => {
    const res = await rawAnswer(app);
    expect(res.headers.get('x-name')).toEqual(['café']);
    expect(res.body).toMatch(/é/);
    expect(Buffer.byteLength(res.body)).toBe(Number(res.headers.get('content-length')?.[0] ?? Buffer.byteLength(res.body)));
  });

  it.each([
    ['text()', () => text('héllo', { status: 200, statusText: 'Très bien' })],
    ['json()', () => json({ a: 'é' }, { statusText: 'Très bien' })],
    ['a native Response', () => new Response('héllo', { statusText: 'Très bien' })],
  ])('%s with a Latin-1 statusText: the reason phrase is one byte per character', async (_name, app) => {
    const res = await rawAnswer(app);
    expect(res.reason).toBe('Très bien');
    expect(res.body).toMatch(/é/);
  });

  it('HEAD: the head alone, still Latin-1', async () => {
    const res = await rawAnswer(() => text('héllo', { headers: { 'x-name': 'café' } }), 'HEAD');
    expect(res.headers.get('x-name')).toEqual(['café']);
    expect(res.headers.get('content-length')).toEqual([String(Buffer.byteLength('héllo'))]);
  });
});
