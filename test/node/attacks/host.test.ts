/**
 * Point 5 of issue 12: a Host the URL parser refuses is a 400, decided before
 * the app runs, on the fast path (a plain path, no URL parsed) as on the slow
 * one; never a 500. Two Host fields: 400 (RFC 9112 §3.2).
 */
import { describe, expect, it } from 'vitest';
import { text } from '../../../src/http/index.js';
import { start } from '../helpers.js';
import { connectionsSettle, head, Wire } from '../wire.js';

const refused = ['a:99999', '1.2.3.4.5', '256.0.0.1', 'foo.123', '[:::::]', '0x100000000', 'xn--', 'a..b:65536', 'exa mple'];
const accepted = ['localhost:3000', 'LOCALHOST', '127.0.0.1:8080', '[::1]:80', 'example.com.', 'a_b.example', '0x7f.1', 'xn--bcher-kva.example'];
const paths = [
  ['the fast path', '/plain'],
  ['the slow path', '/a/../b%7e'],
];

async function ask(port: number, request: string): Promise<{ status: number; body: string; closed: boolean }> {
  const wire = await Wire.open(port);
  await wire.write(request);
  const res = await wire.response();
  const closed = res.status === 400 ? (await wire.serverClose(), true) : false;
  wire.end();
  return { status: res.status, body: res.body, closed };
}

describe('the Host header', () => {
  describe.each(paths)('on %s', (_name, path) => {
    it.each(refused)('%s: 400 before the app runs', async (host) => {
      let ran = false;
      const server = await start((req) => {
        ran = true;
        return text(req.url.host);
      });
      const res = await ask(server.port, head(`GET ${path} HTTP/1.1`, `Host: ${host}`));
      expect(res.status).toBe(400);
      expect(res.body).toBe(`Bad Request: invalid Host header ${JSON.stringify(host)}`);
      expect(res.closed).toBe(true);
      expect(ran).toBe(false);
      expect(server.errors).toEqual([]);
      await connectionsSettle(server, 0);
    });

    it.each(accepted)('%s: served, with the host the URL parser gives', async (host) => {
      const server = await start((req) => text(`${req.url.host} ${req.path}`));
      const res = await ask(server.port, head(`GET ${path} HTTP/1.1`, `Host: ${host}`));
      const url = new URL(`http://${host}${path}`);
      expect(res.status).toBe(200);
      expect(res.body).toBe(`${url.host} ${url.pathname}`);
    });
  });

  it('two Host fields: 400, even when they agree', async () => {
    const server = await start(() => text('ok'));
    for (const hosts of [['a', 'b'], ['a', 'a']]) {
      const res = await ask(server.port, head('GET / HTTP/1.1', ...hosts.map((h) => `Host: ${h}`)));
      expect(res.status).toBe(400);
      expect(res.body).toBe('Bad Request: more than one Host header');
    }
  });

  it('an absolute-form target with a refused host: 400', async () => {
    const server = await start(() => text('ok'));
    const res = await ask(server.port, head('GET http://a:99999/x HTTP/1.1', 'Host: a'));
    expect(res.status).toBe(400);
    expect(server.errors).toEqual([]);
  });
});
