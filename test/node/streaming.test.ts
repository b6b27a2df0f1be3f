/**
 * shallot/node: bodies stream both ways with backpressure, and clients that go
 * away abort the request's signal and release what the request held.
 */
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { describe, expect, it } from 'vitest';
import { text } from '../../src/http/index.js';
import { call, sleep, start, until } from './helpers.js';

const CHUNK = 64 * 1024;

/** Sends a GET to `url` and goes away 50 ms later, before any answer. */
async function askAndLeave(url: string): Promise<void> {
  const req = httpRequest(url);
  req.on('error', () => {});
  req.end();
  await sleep(50);
  req.destroy();
}

describe('response bodies', () => {
  it('stream with backpressure: a client that does not read stops the pulls; its leaving cancels the stream', async () => {
    let pulls = 0;
    let cancelled: unknown = 'not cancelled';
    const server = await start(
      () =>
        new Response(
          new ReadableStream<Uint8Array>({
            pull(controller) {
              pulls++;
              controller.enqueue(new Uint8Array(CHUNK));
            },
            cancel(reason) {
              cancelled = reason;
            },
          }),
        ),
    );
    const socket = connect(server.port, '127.0.0.1');
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    socket.pause(); // read nothing
    await until(() => pulls > 0, 3000, 'the first pull');
    await sleep(300);
    const stalled = pulls;
    await sleep(300);
    // An infinite stream to a client that reads nothing: the pulls stop at what
    // fits in the socket buffers, far below the gigabytes an unbounded copy would queue.
    expect(pulls - stalled).toBeLessThanOrEqual(1);
    expect(pulls * CHUNK).toBeLessThan(64 * 1024 * 1024);
    socket.destroy();
    await until(() => cancelled !== 'not cancelled', 3000, 'the stream to be cancelled');
    expect(server.errors).toEqual([]);
  });

  it('stream to a reading client in order, chunked', async () => {
    const server = await start(() => {
      let i = 0;
      return new Response(
        new ReadableStream<Uint8Array>({
          async pull(controller) {
            await sleep(1);
            if (i === 50) controller.close();
            else controller.enqueue(new TextEncoder().encode(`${i++},`));
          },
        }),
      );
    });
    const res = await call(server.url);
    expect(res.headers['transfer-encoding']).toBe('chunked');
    expect(res.body).toBe(Array.from({ length: 50 }, (_, i) => `${i},`).join(''));
  });

  it('a body stream that fails midway cuts the connection (the client sees an error, not a short success)', async () => {
    const failing = (): Response =>
      new Response(
        new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(new TextEncoder().encode('partial'));
            setTimeout(() => controller.error(new Error('disk on fire')), 20);
          },
        }),
      );
    const server = await start((req) => (req.path === '/fail' ? failing() : text('fine')));
    await expect(call(`${server.url}/fail`)).rejects.toThrow();
    await until(() => server.errors.length === 1, 3000, 'onError');
    expect((server.errors[0] as Error).message).toBe('disk on fire');
    expect(await (await fetch(server.url)).text()).toBe('fine'); // the server still serves
  });
});

describe('request bodies', () => {
  it('stream in with backpressure: the socket is paused while the app does not read', async () => {
    let received = 0;
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const server = await start(
      async (req) => {
        const reader = req.request.body!.getReader();
        await gate;
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          received += value.byteLength;
        }
        return text(`got ${received}`);
      },
      { bodyLimit: 200 * 1024 * 1024 },
    );
    const total = 64 * 1024 * 1024;
    let written = 0;
    let stalled = 0;
    const response = call(server.url, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: async (write) => {
        const chunk = Buffer.alloc(CHUNK);
        while (written < total) {
          await write(chunk);
          written += CHUNK;
        }
      },
    });
    await sleep(400);
    stalled = written;
    // Without backpressure the whole 64 MiB would be in the server's memory by now.
    expect(stalled).toBeLessThan(16 * 1024 * 1024);
    release();
    const res = await response;
    expect(res.body).toBe(`got ${total}`);
    expect(received).toBe(total);
  });

  it('read whole: text(), json(), and a Content-Length body', async () => {
    const server = await start(async (req) => text(`${req.request.headers.get('content-type')} ${JSON.stringify(await req.request.json())}`));
    const res = await fetch(server.url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ a: [1, 2] }) });
    expect(await res.text()).toBe('application/json {"a":[1,2]}');
  });

  it('a client that aborts mid-body: the signal fires, the read fails, nothing crashes, the server goes on', async () => {
    const seen: string[] = [];
    const server = await start(async (req) => {
      req.signal.addEventListener('abort', () => seen.push(`abort: ${(req.signal.reason as DOMException).name}`));
      try {
        await req.request.text();
        seen.push('read whole body');
      } catch (error) {
        seen.push(`read failed: ${(error as Error).name}`);
        throw error;
      }
      return text('unreachable');
    });
    const socket = connect(server.port, '127.0.0.1');
    socket.write('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n');
    socket.write(Buffer.alloc(1000));
    await sleep(100);
    socket.destroy();
    await until(() => seen.length === 2, 3000, 'abort and read failure');
    expect(seen.sort()).toEqual(['abort: AbortError', 'read failed: AbortError']);
    expect(server.errors).toEqual([]); // a client leaving is not a server error
    const next = await fetch(server.url, { method: 'POST', body: 'x' });
    expect(await next.text()).toBe('unreachable'); // the same app serves the next request
  });

  it('a client that aborts while the app is working: the signal fires, the late response is dropped', async () => {
    let signalled = false;
    let finished = false;
    const server = await start(async (req) => {
      req.signal.addEventListener('abort', () => (signalled = true));
      await sleep(200);
      finished = true;
      return text('too late');
    });
    await askAndLeave(server.url);
    await until(() => finished, 3000, 'the app to finish');
    expect(signalled).toBe(true);
    const count = await new Promise<number>((resolve) => server.server.getConnections((_e, n) => resolve(n)));
    expect(count).toBe(0);
    expect(server.errors).toEqual([]);
  });

  it('a signal first asked for after the client left is aborted already, with the same reason', async () => {
    let seen: unknown[] | undefined;
    const server = await start(async (req) => {
      await sleep(200); // the client leaves meanwhile; nothing listened yet
      seen = [req.signal.aborted, (req.signal.reason as DOMException | undefined)?.name];
      return text('too late');
    });
    await askAndLeave(server.url);
    await until(() => seen !== undefined, 3000, 'the app to look at its signal');
    expect(seen).toEqual([true, 'AbortError']);
    expect(server.errors).toEqual([]);
  });

  it('a client that leaves an app that never asks for the signal: the late answer goes nowhere, nothing is reported, the server goes on', async () => {
    let finished = false;
    const server = await start(async (req) => {
      if (req.path === '/next') return text('next');
      await sleep(200);
      finished = true;
      if (req.path === '/light') return text('too late', { headers: { 'x-a': 'b' } });
      return new Response(new ReadableStream({ pull: (controller) => controller.enqueue(new TextEncoder().encode('more')) }));
    });
    for (const path of ['/light', '/stream']) {
      finished = false;
      await askAndLeave(`${server.url}${path}`);
      await until(() => finished, 3000, 'the app to finish');
    }
    await sleep(50);
    const count = await new Promise<number>((resolve) => server.server.getConnections((_e, n) => resolve(n)));
    expect(count).toBe(0);
    expect(server.errors).toEqual([]);
    expect(await (await fetch(`${server.url}/next`)).text()).toBe('next');
  });
});
