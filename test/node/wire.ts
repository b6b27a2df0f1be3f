/**
 * A raw HTTP/1.1 client over `net`, for the attack tests (not a test file
 * itself): it writes exactly the bytes a test gives it, parses the answers as
 * they arrive (status line, headers, a Content-Length or chunked body, 1xx
 * interim answers included), and says when the server closed the connection.
 * Every wait has its own time limit, so a server that hangs fails the test with
 * what it had received instead of hanging the suite.
 */
import { connect, type Socket } from 'node:net';
import type { Served } from '../../src/node/index.js';
import { sleep } from './helpers.js';

/** One answer read off the wire. */
export interface WireResponse {
  readonly status: number;
  readonly reason: string;
  /** Lower-case names; a repeated header keeps every value, in order. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
  readonly body: string;
}

/** How long any single wait may take before the test fails. */
const WAIT_MS = 2000;

export class Wire {
  readonly #socket: Socket;
  #buffer = Buffer.alloc(0);
  #ended = false;
  #closed = false;
  #error: Error | undefined;
  #wake: () => void = () => {};

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#wake();
    });
    socket.on('end', () => {
      this.#ended = true;
      this.#wake();
    });
    socket.on('close', () => {
      this.#closed = true;
      this.#wake();
    });
    socket.on('error', (error) => {
      this.#error = error;
      this.#wake();
    });
  }

  /**
   * Connects to 127.0.0.1:`port`. With `halfOpen`, the client's side stays open
   * after the server ends its side (a client that never closes), so only the
   * server can release the connection.
   */
  static open(port: number, { halfOpen = false } = {}): Promise<Wire> {
    return new Promise((resolve, reject) => {
      const socket = connect({ port, host: '127.0.0.1', allowHalfOpen: halfOpen });
      socket.once('connect', () => resolve(new Wire(socket)));
      socket.once('error', reject);
    });
  }

  /** Writes `data`; resolves once it is handed to the kernel (rejects if the connection is gone). */
  write(data: string | Buffer): Promise<void> {
    return new Promise((resolve, reject) => {
      this.#socket.write(typeof data === 'string' ? Buffer.from(data, 'latin1') : data, (error) => (error ? reject(error) : resolve()));
    });
  }

  /** Whether the server ended its side of the connection (or the connection is gone). */
  get serverEnded(): boolean {
    return this.#ended || this.#closed;
  }

  /** Everything received and not yet parsed as an answer, as latin1 text. */
  get unread(): string {
    return this.#buffer.toString('latin1');
  }

  /** The next answer on the connection; `head` for an answer to HEAD (no body). */
  async response({ head = false, ms = WAIT_MS } = {}): Promise<WireResponse> {
    const end = Date.now() + ms;
    for (;;) {
      const parsed = this.#parse(head);
      if (parsed !== undefined) return parsed;
      if (this.#ended || this.#closed) throw new Error(`the connection closed before a whole answer; received ${JSON.stringify(this.unread.slice(0, 300))}`);
      if (Date.now() > end) throw new Error(`no whole answer within ${ms} ms; received ${JSON.stringify(this.unread.slice(0, 300))}`);
      await this.#wait(end - Date.now());
    }
  }

  /** Resolves once the server has ended the connection; fails after `ms`. */
  async serverClose(ms = WAIT_MS): Promise<void> {
    const end = Date.now() + ms;
    while (!this.serverEnded) {
      if (Date.now() > end) throw new Error(`the server kept the connection open for ${ms} ms`);
      await this.#wait(end - Date.now());
    }
  }

  /** Whether the server sends nothing (and does not close) for `ms`. */
  async silentFor(ms: number): Promise<boolean> {
    const before = this.#buffer.length;
    await sleep(ms);
    return this.#buffer.length === before && !this.serverEnded;
  }

  /** Stops reading for `ms` (what the server sends waits in the kernel), then reads on. */
  async readLater(ms: number): Promise<void> {
    this.#socket.pause();
    await sleep(ms);
    this.#socket.resume();
  }

  /** Closes the client's side (and the connection, unless half-open). */
  end(): void {
    this.#socket.end();
  }

  destroy(): void {
    this.#socket.destroy();
  }

  #wait(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, Math.max(1, ms));
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Takes one whole answer off the buffer, or leaves it and returns undefined. */
  #parse(head: boolean): WireResponse | undefined {
    const text = this.#buffer.toString('latin1');
    const headEnd = text.indexOf('\r\n\r\n');
    if (headEnd === -1) return undefined;
    const [statusLine = '', ...lines] = text.slice(0, headEnd).split('\r\n');
    const match = /^HTTP\/1\.[01] (\d{3}) ?(.*)$/.exec(statusLine);
    if (!match) throw new Error(`not an HTTP answer: ${JSON.stringify(text.slice(0, 200))}`);
    const status = Number(match[1]);
    const headers = new Map<string, string[]>();
    for (const line of lines) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).toLowerCase();
      headers.set(name, [...(headers.get(name) ?? []), line.slice(colon + 1).trim()]);
    }
    let rest = text.slice(headEnd + 4);
    let body = '';
    const length = headers.get('content-length')?.[0];
    if (head || status < 200 || status === 204 || status === 304) {
      // no body
    } else if (headers.get('transfer-encoding')?.[0] === 'chunked') {
      for (;;) {
        const lineEnd = rest.indexOf('\r\n');
        if (lineEnd === -1) return undefined;
        const size = Number.parseInt(rest.slice(0, lineEnd), 16);
        if (rest.length < lineEnd + 2 + size + 2) return undefined;
        body += rest.slice(lineEnd + 2, lineEnd + 2 + size);
        rest = rest.slice(lineEnd + 2 + size + 2);
        if (size === 0) break;
      }
    } else if (length !== undefined) {
      if (rest.length < Number(length)) return undefined;
      body = rest.slice(0, Number(length));
      rest = rest.slice(Number(length));
    } else {
      // read to the end of the connection
      if (!this.serverEnded) return undefined;
      body = rest;
      rest = '';
    }
    this.#buffer = Buffer.from(rest, 'latin1');
    return { status, reason: match[2] ?? '', headers, body: Buffer.from(body, 'latin1').toString('utf8') };
  }
}

/** The number of connections `served` holds now. */
export const connectionsOf = (served: Served): Promise<number> =>
  new Promise((resolve, reject) => served.server.getConnections((error, count) => (error ? reject(error) : resolve(count))));

/** Waits until `served` holds exactly `count` connections; fails with the count it saw after `ms`. */
export async function connectionsSettle(served: Served, count: number, ms = WAIT_MS): Promise<void> {
  const end = Date.now() + ms;
  let seen = await connectionsOf(served);
  while (seen !== count) {
    if (Date.now() > end) throw new Error(`the server holds ${seen} connections after ${ms} ms, expected ${count}`);
    await sleep(10);
    seen = await connectionsOf(served);
  }
}

/** A request head (CRLF line ends, a blank line after) from its lines. */
export const head = (...lines: string[]): string => `${lines.join('\r\n')}\r\n\r\n`;
