/**
 * Point 3 of issue 12: a response another request can see is never edited by
 * the request it answers. A module-level `text()` returned for every request,
 * under `timing()` and `cors()`, keeps its headers; each answer carries one
 * `Server-Timing` and one `Vary`. The same through `toFetchHandler`.
 */
import { describe, expect, it } from 'vitest';
import { chain } from '../../../src/index.js';
import { cors, json, setHeader, text, timing, toFetchHandler, type HttpContext } from '../../../src/http/index.js';
import { start } from '../helpers.js';
import { head, Wire } from '../wire.js';

const app = (shared: Response) =>
  chain<HttpContext>()
    .use(timing({ sink: false }))
    .use(cors({ origin: ['https://app.example'] }))
    .use(setHeader('X-Custom-Header', 'Hello'))
    .handle(() => shared);

const request = head('GET /missing HTTP/1.1', 'Host: x', 'Origin: https://app.example');

describe('a response shared by every request', () => {
  it.each([
    ['text()', () => text('Not found', { status: 404 })],
    ['text() with init headers', () => text('Not found', { status: 404, headers: { 'x-kind': 'shared' } })],
    ['json()', () => json({ error: 'not found' }, { status: 404 })],
    ['text() whose headers someone read', () => {
      const res = text('Not found', { status: 404 });
      void res.headers.get('content-type');
      return res;
    }],
    ['a native Response without a body', () => new Response(null, { status: 404 })],
  ])('%s: each answer has one Server-Timing and one Vary, and the shared one keeps its headers', async (_name, make) => {
    const shared = make();
    const before = [...shared.headers];
    const server = await start(app(shared));
    const wire = await Wire.open(server.port);
    for (let i = 0; i < 5; i++) {
      await wire.write(request);
      const res = await wire.response();
      expect(res.status).toBe(404);
      expect(res.headers.get('server-timing')).toHaveLength(1);
      expect(res.headers.get('server-timing')![0]).toMatch(/^total;dur=[\d.]+$/);
      expect(res.headers.get('vary')).toEqual(['Origin']);
      expect(res.headers.get('access-control-allow-origin')).toEqual(['https://app.example']);
      expect(res.headers.get('x-custom-header')).toEqual(['Hello']);
    }
    wire.end();
    expect([...shared.headers]).toEqual(before);
    expect(server.errors).toEqual([]);
  });

  it('through toFetchHandler: each answer whole (body readable), with its own headers', async () => {
    const shared = text('Not found', { status: 404 });
    const handler = toFetchHandler(app(shared), { onError: (error) => expect.fail(String(error)) });
    for (let i = 0; i < 3; i++) {
      const res = await handler(new Request('http://localhost/missing', { headers: { origin: 'https://app.example' } }));
      expect(res.status).toBe(404);
      expect(await res.text()).toBe('Not found');
      expect(res.headers.get('server-timing')).toMatch(/^total;dur=[\d.]+$/);
      expect(res.headers.get('vary')).toBe('Origin');
    }
    expect([...shared.headers]).toEqual([['content-type', 'text/plain;charset=UTF-8']]);
  });
});
