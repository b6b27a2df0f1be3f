/**
 * The request body as a web `ReadableStream`, with backpressure (the socket is
 * paused while the stream's queue is full) and a size limit.
 */
import type { IncomingMessage } from 'node:http';

/**
 * Raised through the request body stream when the body exceeds `bodyLimit`; the
 * listener then answers 413, whatever the app returns.
 *
 * @example
 * ```ts
 * import { BodyTooLargeError } from 'shallot/node';
 * import type { HttpContext } from 'shallot/http';
 *
 * async function readBody(req: HttpContext): Promise<string | undefined> {
 *   try {
 *     return await req.request.text();
 *   } catch (error) {
 *     if (error instanceof BodyTooLargeError) return undefined; // the client gets 413 anyway
 *     throw error;
 *   }
 * }
 * ```
 */
export class BodyTooLargeError extends Error {
  override readonly name = 'BodyTooLargeError';
  readonly status = 413;
  constructor(limit: number) {
    super(`request body exceeds the limit of ${limit} bytes`);
  }
}

/** Raised through the body stream when the client goes away mid-body. */
export const clientGone = (): DOMException => new DOMException('the client closed the connection', 'AbortError');

/** A stream of `req`'s body. `onTooLarge` is called (once) when it passes `limit` bytes. */
export function bodyStream(req: IncomingMessage, limit: number, onTooLarge: () => void): ReadableStream<Uint8Array> {
  let size = 0;
  let settled = false;
  let controller!: ReadableStreamDefaultController<Uint8Array>;

  const stop = (): void => {
    settled = true;
    req.off('data', onData);
    req.off('end', onEnd);
    req.off('error', onError);
    req.off('close', onClose);
  };
  function fail(error: unknown): void {
    if (settled) return;
    stop();
    controller.error(error);
  }
  function onData(chunk: Buffer): void {
    if (settled) return;
    size += chunk.byteLength;
    if (size > limit) {
      req.pause();
      onTooLarge();
      fail(new BodyTooLargeError(limit));
      return;
    }
    controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if ((controller.desiredSize ?? 0) <= 0) req.pause();
  }
  function onEnd(): void {
    if (settled) return;
    stop();
    controller.close();
  }
  function onError(error: Error & { code?: string }): void {
    // node:http reports a client that left mid-body as ECONNRESET 'aborted'
    fail(error.code === 'ECONNRESET' ? clientGone() : error);
  }
  function onClose(): void {
    if (!req.complete) fail(clientGone());
  }

  return new ReadableStream<Uint8Array>(
    {
      start(c) {
        controller = c;
        req.on('data', onData);
        req.on('end', onEnd);
        req.on('error', onError);
        req.on('close', onClose);
      },
      pull() {
        if (!settled) req.resume();
      },
      cancel() {
        // The app does not want the rest: discard it, so the connection can
        // carry the next request.
        stop();
        if (!req.complete) req.resume();
      },
    },
    { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
  );
}
