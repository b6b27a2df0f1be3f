/**
 * The request body as a web `ReadableStream`, with backpressure (the socket is
 * paused while the stream's queue is full) and a size limit. The exchange can
 * take the body back ({@link RequestBody.detach}) once its answer is sent, and
 * drains what is left (./drain.ts), as it does after the app cancels the stream.
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

/** The reason a request ended early because the client closed the connection. */
export const clientGone = (): DOMException => new DOMException('the client closed the connection', 'AbortError');

/** The reason a body that was still unread when the answer went out fails with. */
export const discarded = (): DOMException => new DOMException('the request body was discarded: the response was sent before it was read', 'AbortError');

/**
 * The body of a request whose answer went out before the app asked for it: it
 * was drained, so reading it fails.
 */
export const discardedBody = (): ReadableStream<Uint8Array> =>
  new ReadableStream({
    start(controller) {
      controller.error(discarded());
    },
  });

/** What a {@link RequestBody} tells its exchange. */
export interface BodyEvents {
  /** The body passed the limit while the stream was read (it then fails with a `BodyTooLargeError`). */
  tooLarge(): void;
  /** The app cancelled the stream with `read` bytes taken: the rest is the exchange's to drain. */
  cancelled(read: number): void;
  /** The client left mid-body: the reason the stream fails with (the request signal's own reason). */
  gone(): unknown;
}

/** A request's body as a stream, counting what it has read. */
export class RequestBody {
  readonly stream: ReadableStream<Uint8Array>;
  readonly #req: IncomingMessage;
  readonly #limit: number;
  readonly #events: BodyEvents;
  #controller!: ReadableStreamDefaultController<Uint8Array>;
  /** Bytes taken off `req` so far. */
  #size = 0;
  /** Closed, failed or detached: `req`'s events are no longer ours. */
  #settled = false;

  constructor(req: IncomingMessage, limit: number, events: BodyEvents) {
    this.#req = req;
    this.#limit = limit;
    this.#events = events;
    this.stream = new ReadableStream<Uint8Array>(
      {
        start: (controller) => {
          this.#controller = controller;
          req.on('data', this.#onData);
          req.on('end', this.#onEnd);
          req.on('error', this.#onError);
          req.on('close', this.#onClose);
        },
        pull: () => {
          if (!this.#settled) req.resume();
        },
        cancel: () => {
          // The app does not want the rest: its exchange drains it.
          this.#stop();
          if (!req.readableEnded) events.cancelled(this.#size);
        },
      },
      { highWaterMark: 64 * 1024, size: (chunk) => chunk.byteLength },
    );
  }

  /**
   * Takes `req` back from the stream (which fails with `reason`, for a reader
   * that comes late) and returns how many bytes were read: the exchange drains
   * the rest.
   */
  /** Whether `req`'s events are still the stream's: not ended, failed, cancelled or detached. */
  get attached(): boolean {
    return !this.#settled;
  }

  detach(reason: unknown): number {
    if (!this.#settled) this.#fail(reason);
    return this.#size;
  }

  #stop(): void {
    this.#settled = true;
    const req = this.#req;
    req.off('data', this.#onData);
    req.off('end', this.#onEnd);
    req.off('error', this.#onError);
    req.off('close', this.#onClose);
  }

  #fail(error: unknown): void {
    if (this.#settled) return;
    this.#stop();
    this.#controller.error(error);
  }

  readonly #onData = (chunk: Buffer): void => {
    if (this.#settled) return;
    this.#size += chunk.byteLength;
    if (this.#size > this.#limit) {
      this.#req.pause();
      this.#fail(new BodyTooLargeError(this.#limit));
      this.#events.tooLarge();
      return;
    }
    this.#controller.enqueue(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    if ((this.#controller.desiredSize ?? 0) <= 0) this.#req.pause();
  };

  readonly #onEnd = (): void => {
    if (this.#settled) return;
    this.#stop();
    this.#controller.close();
  };

  // node:http reports a client that left mid-body as ECONNRESET 'aborted'
  readonly #onError = (error: Error & { code?: string }): void => this.#fail(error.code === 'ECONNRESET' ? this.#events.gone() : error);

  readonly #onClose = (): void => {
    if (!this.#req.complete) this.#fail(this.#events.gone());
  };
}
