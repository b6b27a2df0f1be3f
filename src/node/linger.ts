/**
 * Closing a connection the client may still be sending on. Destroying a socket
 * with unread bytes in it makes the kernel send a reset, and a reset can make
 * the client's kernel throw away an answer the client has not read yet: it sees
 * "connection reset" instead of the 401 or 400 it was sent. So: end our side
 * (the answer, then FIN), give the client a moment to read it and close, then
 * destroy the socket whatever the client does, so a client that keeps its half
 * open does not hold it. (Go's net/http waits the same way before closing.)
 */
import type { Duplex } from 'node:stream';

/** How long an ended connection waits for the client to close before it is destroyed. */
export const LINGER_MS = 500;

/** The sockets {@link closeSoon} is closing. */
const closing = new WeakSet<Duplex>();

/** Whether {@link closeSoon} is closing `socket` (it needs nothing more). */
export const isClosing = (socket: Duplex): boolean => closing.has(socket);

/** Ends `socket` after what is written, and destroys it `LINGER_MS` later (or once it closes). */
export function closeSoon(socket: Duplex, data?: string): void {
  if (socket.destroyed || closing.has(socket)) return;
  closing.add(socket);
  const timer = setTimeout(() => socket.destroy(), LINGER_MS);
  timer.unref();
  socket.once('close', () => clearTimeout(timer));
  if (data === undefined) socket.end();
  else socket.end(data);
}
