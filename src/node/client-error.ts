import { STATUS_CODES } from 'node:http';
import type { Duplex } from 'node:stream';
import { closeSoon, isClosing } from './linger.js';

/**
 * A `clientError` handler for a node:http server: a request node's parser
 * rejects (a malformed request line or header, headers over `maxHeaderSize`, a
 * request that took too long to arrive) gets a short answer (400, 431 or 408) and
 * the connection is closed: ended, and destroyed half a second later, so a
 * client that keeps its half open does not hold it (node:http servers allow
 * half-open connections) and one still sending gets to read the answer first. `serve` installs it; add it to your own server with
 * `server.on('clientError', answerClientError)`.
 *
 * @example
 * ```ts
 * import { createServer } from 'node:http';
 * import { answerClientError, toNodeListener } from 'shallot/node';
 * import { text } from 'shallot/http';
 *
 * const server = createServer(toNodeListener(() => text('ok')));
 * server.on('clientError', answerClientError);
 * ```
 */
export function answerClientError(error: Error & { code?: string }, socket: Duplex): void {
  // node goes on parsing what the client sends after the error, and reports each
  // new error: once answered, the connection is already closing.
  if (isClosing(socket)) return;
  // A response already under way on this socket (node's own bookkeeping): raw
  // bytes would corrupt it, so just close.
  const inFlight = (socket as Duplex & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
  if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
    socket.destroy();
    return;
  }
  const status =
    error.code === 'HPE_HEADER_OVERFLOW' ? 431 : error.code === 'ERR_HTTP_REQUEST_TIMEOUT' || error.code === 'ERR_HTTP_HEADERS_TIMEOUT' ? 408 : 400;
  const body = `${STATUS_CODES[status]}: ${error.code ?? error.message}`;
  closeSoon(
    socket,
    `HTTP/1.1 ${status} ${STATUS_CODES[status]}\r\nContent-Type: text/plain;charset=UTF-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}
