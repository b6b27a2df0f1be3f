/**
 * Point 4 of issue 12: after a client error (400, 408, 431) and after the
 * listener's own closing answers (400, 413, 503), the server releases the
 * connection even when the client keeps its side open (a half-open socket).
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { text, type HttpContext } from '../../../src/http/index.js';
import { answerClientError, toNodeListener } from '../../../src/node/index.js';
import { start } from '../helpers.js';
import { connectionsSettle, head, Wire } from '../wire.js';

describe('a client that keeps its half of the connection open', () => {
  it.each([
    ['a malformed request: 400', 'GARBAGE\r\n\r\n', 400, {}],
    ['oversize headers: 431', head('GET / HTTP/1.1', 'Host: x', `X-Big: ${'a'.repeat(4000)}`), 431, { maxHeaderSize: 2048 }],
    ['an invalid Host (the listener): 400', head('GET / HTTP/1.1', 'Host: a:99999'), 400, {}],
    ['a Content-Length over bodyLimit: 413', head('POST / HTTP/1.1', 'Host: x', 'Content-Length: 5000'), 413, { bodyLimit: 1000 }],
  ])('%s, then the server closes and holds no connection', async (_name, request, status, options) => {
    const server = await start(() => text('ok'), options);
    const wire = await Wire.open(server.port, { halfOpen: true });
    await wire.write(request);
    expect((await wire.response()).status).toBe(status);
    await wire.serverClose();
    await connectionsSettle(server, 0);
    const next = await Wire.open(server.port);
    await next.write(head('GET / HTTP/1.1', 'Host: x'));
    expect((await next.response()).body).toBe('ok');
    next.end();
  });

  it('a timeout (503): the same', async () => {
    const server = await start(() => new Promise<Response>(() => {}), { timeout: 100 });
    const wire = await Wire.open(server.port, { halfOpen: true });
    await wire.write(head('GET / HTTP/1.1', 'Host: x'));
    expect((await wire.response()).status).toBe(503);
    await wire.serverClose();
    await connectionsSettle(server, 0);
  });

  it('headers that come too slowly: 408, then the server holds no connection', async () => {
    const server = createServer({ headersTimeout: 200, requestTimeout: 300, connectionsCheckingInterval: 50 }, toNodeListener(() => text('ok')));
    server.on('clientError', answerClientError);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      const wire = await Wire.open(port, { halfOpen: true });
      await wire.write('GET / HTTP/1.1\r\nHost: x\r\n'); // and never the blank line
      expect((await wire.response()).status).toBe(408);
      await wire.serverClose();
      await connectionsSettle({ server } as Parameters<typeof connectionsSettle>[0], 0);
    } finally {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    }
  });
});

describe('a closing answer to a client still sending its body', () => {
  // Closing a socket with the client's bytes unread sends a reset, and a reset
  // makes the client's kernel drop what the client has not read yet.
  it.each([
    ['413 for a chunked body over bodyLimit', 413, async (req: HttpContext) => text(await req.request.text()), { bodyLimit: 100_000 }],
    ['503 for an app too slow', 503, () => new Promise<Response>(() => {}), { timeout: 50 }],
  ] as const)('%s: reaches a client that reads it late', async (_name, status, app, options) => {
    const server = await start(app, options);
    const wire = await Wire.open(server.port);
    const reading = wire.readLater(150);
    wire.write(head('POST / HTTP/1.1', 'Host: x', 'Transfer-Encoding: chunked') + `${(65536).toString(16)}\r\n${'a'.repeat(65536)}\r\n`.repeat(64)).catch(() => {});
    await reading;
    expect((await wire.response()).status).toBe(status);
    await wire.serverClose();
    await connectionsSettle(server, 0);
  });

  it('400 for a malformed request followed by more bytes: reaches a client that reads it late', async () => {
    const server = await start(() => text('ok'));
    const wire = await Wire.open(server.port);
    const reading = wire.readLater(150);
    wire.write(`GARBAGE\r\n\r\n${'a'.repeat(4 * 1024 * 1024)}`).catch(() => {});
    await reading;
    expect((await wire.response()).status).toBe(400);
    await wire.serverClose();
    await connectionsSettle(server, 0);
  });
});
