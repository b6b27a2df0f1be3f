/**
 * Point 9 of issue 12: Hono's node-server replaces `globalThis.Request` and
 * `globalThis.Response` with its own classes. With it in the same process,
 * shallot's `text()`/`json()` (and plain `new Response()`) still answer, and a
 * request body still reads, in either order of loading.
 */
import { serve as honoServe } from '@hono/node-server';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type * as Http from '../../../src/http/index.js';
import type * as Node from '../../../src/node/index.js';
import { head, Wire } from '../wire.js';

const { Request: NativeRequest, Response: NativeResponse } = globalThis;
let hono: Server | undefined;

/** Starts Hono's server (which swaps the globals) and checks it answers. */
async function startHono(): Promise<void> {
  hono = await new Promise<Server>((resolve) => {
    const server = honoServe({ fetch: () => new Response('from hono'), port: 0, hostname: '127.0.0.1' }, () => resolve(server as Server));
  });
  expect(globalThis.Response).not.toBe(NativeResponse);
  const res = await fetch(`http://127.0.0.1:${(hono.address() as AddressInfo).port}/`);
  expect(await res.text()).toBe('from hono');
}

/** Serves text(), json() and new Response() with shallot and asks each. */
async function shallotAnswers(http: typeof Http, node: typeof Node): Promise<string[]> {
  const errors: unknown[] = [];
  const served = await node.serve(
    async (req) =>
      req.path === '/text' ? http.text('text') : req.path === '/json' ? http.json({ kind: 'json' }) : req.path === '/echo' ? http.text(await req.request.text()) : new Response('native'),
    { port: 0, onError: (e) => errors.push(e) },
  );
  try {
    const wire = await Wire.open(served.port);
    const bodies: string[] = [];
    for (const path of ['/text', '/json', '/native']) {
      await wire.write(head(`GET ${path} HTTP/1.1`, 'Host: x'));
      const res = await wire.response();
      bodies.push(`${res.status} ${res.body}`);
    }
    await wire.write(head('POST /echo HTTP/1.1', 'Host: x', 'Content-Length: 4') + 'body');
    const echoed = await wire.response();
    bodies.push(`${echoed.status} ${echoed.body}`);
    wire.end();
    expect(errors).toEqual([]);
    expect(http.isResponse(http.text('x'))).toBe(true);
    const fetched = await http.toFetchHandler(() => http.json({ ok: true }))(new Request('http://localhost/'));
    bodies.push(`${fetched.status} ${await fetched.text()}`);
    return bodies;
  } finally {
    await served.close(100);
  }
}

const expected = ['200 text', '200 {"kind":"json"}', '200 native', '200 body', '200 {"ok":true}'];

describe("with Hono's node-server in the same process", () => {
  beforeEach(() => {
    vi.resetModules();
  });
  afterEach(async () => {
    if (hono) await new Promise((resolve) => hono!.close(resolve));
    hono = undefined;
    globalThis.Request = NativeRequest;
    globalThis.Response = NativeResponse;
  });

  it('started after shallot was loaded: text(), json() and new Response() answer', async () => {
    const http = await import('../../../src/http/index.js');
    const node = await import('../../../src/node/index.js');
    await startHono();
    expect(await shallotAnswers(http, node)).toEqual(expected);
  });

  it('started before shallot was loaded: the same', async () => {
    await startHono();
    const http = await import('../../../src/http/index.js');
    const node = await import('../../../src/node/index.js');
    expect(await shallotAnswers(http, node)).toEqual(expected);
  });
});
