/**
 * Helpers shared by the HTTP tests (not a test file itself).
 */
import { createServer, type Server } from 'node:http';
import { connect } from 'node:net';
import type { AddressInfo } from 'node:net';
import { contextOf, type HttpContext } from '../../src/http/index.js';

/** The context of a request to `path` on localhost, as `toFetchHandler` makes it. */
export const ctx = (path = '/', init?: RequestInit): HttpContext => contextOf(new Request(`http://localhost${path}`, init));

/** Collects a sink's lines. */
export function lines(): { sink: (line: string) => void; lines: string[] } {
  const out: string[] = [];
  return { sink: (line) => out.push(line), lines: out };
}

/**
 * A real upstream on 127.0.0.1 whose answers reach the test through `fetch()`,
 * so they have immutable headers, as a proxy layer would see them.
 */
export async function upstream(): Promise<{ url: string; close: () => Promise<void> }> {
  const server: Server = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/plain', 'x-upstream': 'yes' });
    res.end(`upstream saw ${req.url}`);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/**
 * Sends `data` over a raw TCP connection to 127.0.0.1:`port` and resolves with
 * everything the server sends back, once it closes the connection (or after
 * `waitMs` of silence, when `closeAfterMs` says to stop waiting).
 */
export function rawRequest(port: number, data: string | Buffer, idleMs = 1500): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    const chunks: Buffer[] = [];
    let timer = setTimeout(() => socket.end(), idleMs);
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      clearTimeout(timer);
      timer = setTimeout(() => socket.end(), idleMs);
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(Buffer.concat(chunks).toString('latin1'));
    });
    socket.on('error', (error: NodeJS.ErrnoException) => {
      // a server that answers and closes before reading everything resets the connection
      if (error.code === 'ECONNRESET' || error.code === 'EPIPE') return;
      reject(error);
    });
    socket.write(data);
  });
}

/** The status code of a raw HTTP/1.1 answer. */
export const statusOf = (raw: string): number => Number(/^HTTP\/1\.1 (\d{3})/.exec(raw)?.[1] ?? NaN);
