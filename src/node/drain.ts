/**
 * Draining: reading and discarding the rest of a request body nobody will read,
 * so that the connection can carry the next request (node:http only parses the
 * next request once this one's body is off the wire). node:http does this itself
 * only for a body nobody ever listened to, and without a limit; this keeps
 * `bodyLimit`: past it, reading stops and the caller closes the connection.
 */
import type { IncomingMessage } from 'node:http';

/**
 * Reads `req` to its end and drops what it reads. `read` bytes were already
 * taken off it; once more than `limit` have been, it stops (the socket stays
 * paused) and calls `onOver`. A client that leaves mid-body just ends it.
 */
export function drain(req: IncomingMessage, limit: number, read: number, onOver: () => void): void {
  let size = read;
  const onData = (chunk: Buffer): void => {
    size += chunk.byteLength;
    if (size <= limit) return;
    stop();
    req.pause();
    onOver();
  };
  const stop = (): void => {
    req.off('data', onData);
    req.off('end', stop);
    req.off('error', stop);
    req.off('close', stop);
  };
  req.on('data', onData);
  req.on('end', stop);
  req.on('error', stop);
  req.on('close', stop);
  req.resume();
}
