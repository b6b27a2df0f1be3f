/**
 * Point 7 of issue 12: an error the app throws after its answer is no longer
 * wanted (after the 503 of a timeout, or after the client left) still reaches
 * onError, except the abort's own reason and a BodyTooLargeError, which are
 * what the server itself did to the request.
 */
import { describe, expect, it } from 'vitest';
import { text, type HttpContext } from '../../../src/http/index.js';
import { BodyTooLargeError } from '../../../src/node/index.js';
import { sleep, start, until } from '../helpers.js';
import { head, Wire } from '../wire.js';

/** A promise the test resolves, and a way to wait for the app to finish. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('an error after the answer', () => {
  it('thrown after the 503: reported', async () => {
    const server = await start(
      async () => {
        await sleep(200);
        throw new Error('late failure');
      },
      { timeout: 50 },
    );
    const wire = await Wire.open(server.port);
    await wire.write(head('GET / HTTP/1.1', 'Host: x'));
    expect((await wire.response()).status).toBe(503);
    await until(() => server.errors.length > 0, 2000, 'the late error');
    expect((server.errors[0] as Error).message).toBe('late failure');
  });

  it('thrown after the client left: reported', async () => {
    const arrived = deferred();
    const server = await start(async (req: HttpContext) => {
      arrived.resolve();
      await new Promise((resolve) => req.signal.addEventListener('abort', resolve));
      throw new Error('failed after the client left');
    });
    const wire = await Wire.open(server.port);
    await wire.write(head('GET / HTTP/1.1', 'Host: x'));
    await arrived.promise;
    wire.destroy();
    await until(() => server.errors.length > 0, 2000, 'the late error');
    expect((server.errors[0] as Error).message).toBe('failed after the client left');
  });

  it("the abort's own reason, and a body read that failed because the client left: not reported", async () => {
    const done = deferred();
    let sameReason = false;
    const server = await start(async (req: HttpContext) => {
      try {
        await req.request.text();
        return text('read');
      } catch (error) {
        sameReason = error === req.signal.reason;
        throw error;
      } finally {
        setTimeout(done.resolve, 20);
      }
    });
    const wire = await Wire.open(server.port);
    await wire.write(head('POST / HTTP/1.1', 'Host: x', 'Content-Length: 100000') + 'a'.repeat(1000));
    await sleep(50);
    wire.destroy();
    await done.promise;
    expect(sameReason).toBe(true);
    expect(server.errors).toEqual([]);
  });

  it('a BodyTooLargeError thrown on after the 413: not reported', async () => {
    const done = deferred();
    let seen: unknown;
    const server = await start(
      async (req: HttpContext) => {
        try {
          return text(await req.request.text());
        } catch (error) {
          seen = error;
          throw error;
        } finally {
          setTimeout(done.resolve, 20);
        }
      },
      { bodyLimit: 1000 },
    );
    const wire = await Wire.open(server.port);
    await wire.write(head('POST / HTTP/1.1', 'Host: x', 'Transfer-Encoding: chunked') + `1000\r\n${'a'.repeat(0x1000)}\r\n`);
    expect((await wire.response()).status).toBe(413);
    await done.promise;
    expect(seen).toBeInstanceOf(BodyTooLargeError);
    expect(server.errors).toEqual([]);
  });
});
