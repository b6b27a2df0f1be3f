/**
 * Point 1 of issue 12: a request body the app does not read is drained, so the
 * connection carries the next request, and `bodyLimit` still bounds what is read.
 * The app touches `req.request` (which builds the body stream) and answers
 * without reading the body: a 401 to an upload, or a thrown error.
 */
import { describe, expect, it } from 'vitest';
import { text, type HttpContext } from '../../../src/http/index.js';
import { start } from '../helpers.js';
import { connectionsSettle, head, Wire } from '../wire.js';

/** Answers 401 to POST /upload after looking at a header of the built Request; anything else gets its path. */
const guarded = (req: HttpContext): Response => {
  if (req.path === '/upload') {
    req.request.headers.get('authorization');
    return text('sign in first', { status: 401 });
  }
  if (req.path === '/throw') {
    void req.request;
    throw new Error('failed before reading the body');
  }
  return text(`next ${req.path}`);
};

const upload = (path: string, size: number): string => head(`POST ${path} HTTP/1.1`, 'Host: x', `Content-Length: ${size}`) + 'a'.repeat(size);
const chunked = (path: string, chunks: number, size: number): string =>
  head(`POST ${path} HTTP/1.1`, 'Host: x', 'Transfer-Encoding: chunked') + `${size.toString(16)}\r\n${'a'.repeat(size)}\r\n`.repeat(chunks) + '0\r\n\r\n';

describe('an unread request body', () => {
  it.each([
    ['a 401 to an upload', '/upload', 401],
    ['a thrown error (500)', '/throw', 500],
  ])('%s over 64 KiB: drained, and a pipelined request on the connection is answered', async (_name, path, status) => {
    const server = await start(guarded);
    const wire = await Wire.open(server.port);
    await wire.write(upload(path, 300_000) + head('GET /after HTTP/1.1', 'Host: x'));
    expect((await wire.response()).status).toBe(status);
    const next = await wire.response();
    expect(next.status).toBe(200);
    expect(next.body).toBe('next /after');
    expect(wire.serverEnded).toBe(false); // the connection is reusable
    wire.end();
    await connectionsSettle(server, 0);
  });

  it('sent after the answer (a client that waits for it): drained, the connection goes on', async () => {
    const server = await start(guarded);
    const wire = await Wire.open(server.port);
    await wire.write(head('POST /upload HTTP/1.1', 'Host: x', 'Content-Length: 500000'));
    expect((await wire.response()).status).toBe(401);
    await wire.write('a'.repeat(500_000));
    await wire.write(head('GET /after HTTP/1.1', 'Host: x'));
    expect((await wire.response()).body).toBe('next /after');
    wire.end();
    await connectionsSettle(server, 0);
  });

  it('chunked and over bodyLimit: read no further than the limit, the connection closed after the answer', async () => {
    const server = await start(guarded, { bodyLimit: 100_000 });
    const wire = await Wire.open(server.port);
    // 4 MiB, far more than the socket buffers hold: a server that read it all would take it in.
    wire.write(chunked('/upload', 64, 64 * 1024)).catch(() => {});
    expect((await wire.response()).status).toBe(401);
    await wire.serverClose();
    await connectionsSettle(server, 0);
    expect(server.errors).toEqual([]);
  });

  it('over bodyLimit, to a client that reads its answer late: the answer is not lost to a reset', async () => {
    // Destroying a socket with the client's bytes unread sends a reset, and a
    // reset makes the client's kernel drop what the client has not read yet.
    const server = await start(guarded, { bodyLimit: 100_000 });
    const wire = await Wire.open(server.port);
    const reading = wire.readLater(150);
    wire.write(chunked('/upload', 64, 64 * 1024)).catch(() => {});
    await reading;
    expect((await wire.response()).status).toBe(401);
    await wire.serverClose();
    await connectionsSettle(server, 0);
  });

  it('over bodyLimit when the app never touched the request: the same', async () => {
    const server = await start(() => text('no', { status: 403 }), { bodyLimit: 100_000 });
    const wire = await Wire.open(server.port);
    wire.write(chunked('/', 64, 64 * 1024)).catch(() => {});
    expect((await wire.response()).status).toBe(403);
    await wire.serverClose();
    await connectionsSettle(server, 0);
  });

  it('within bodyLimit when the app never touched the request: drained, the connection goes on', async () => {
    const server = await start((req) => (req.method === 'POST' ? text('no', { status: 403 }) : text(`next ${req.path}`)), { bodyLimit: 1_000_000 });
    const wire = await Wire.open(server.port);
    await wire.write(chunked('/', 8, 64 * 1024) + head('GET /after HTTP/1.1', 'Host: x'));
    expect((await wire.response()).status).toBe(403);
    expect((await wire.response()).body).toBe('next /after');
    wire.end();
    await connectionsSettle(server, 0);
  });

  it('cancelled by the app: the rest drained, the connection goes on', async () => {
    const server = await start(async (req) => {
      if (req.method !== 'POST') return text(`next ${req.path}`);
      const reader = req.request.body!.getReader();
      await reader.read(); // a look at the first chunk
      await reader.cancel();
      return text('seen enough', { status: 415 });
    });
    const wire = await Wire.open(server.port);
    await wire.write(upload('/', 500_000) + head('GET /after HTTP/1.1', 'Host: x'));
    expect((await wire.response()).status).toBe(415);
    expect((await wire.response()).body).toBe('next /after');
    wire.end();
    await connectionsSettle(server, 0);
  });

  it('cancelled by the app, and over bodyLimit before it answers: 413', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const server = await start(
      async (req) => {
        await req.request.body!.cancel();
        await gate;
        return text('too late');
      },
      { bodyLimit: 100_000 },
    );
    const wire = await Wire.open(server.port);
    wire.write(chunked('/', 64, 64 * 1024)).catch(() => {});
    expect((await wire.response()).status).toBe(413);
    release();
    await wire.serverClose();
    await connectionsSettle(server, 0);
  });

  it('does not keep served.close(grace) from settling', async () => {
    const server = await start(guarded);
    const wire = await Wire.open(server.port);
    await wire.write(upload('/upload', 300_000));
    expect((await wire.response()).status).toBe(401);
    // The client keeps the connection open; close() ends it once it is idle,
    // long before the grace would cut it.
    const closing = server.close(20_000);
    await expect(Promise.race([closing.then(() => 'closed'), new Promise((resolve) => setTimeout(resolve, 2000, 'still open'))])).resolves.toBe('closed');
    await wire.serverClose();
  });
});
