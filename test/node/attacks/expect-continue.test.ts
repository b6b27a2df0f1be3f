/**
 * Point 8 of issue 12: `Expect: 100-continue` with a Content-Length over
 * bodyLimit gets 413 and no `100 Continue`, so the client never sends the body;
 * within the limit it gets `100 Continue` and then its answer.
 */
import { describe, expect, it } from 'vitest';
import { text, type HttpContext } from '../../../src/http/index.js';
import { start } from '../helpers.js';
import { connectionsSettle, head, Wire } from '../wire.js';

const echo = async (req: HttpContext): Promise<Response> => (req.path === '/deny' ? text('no', { status: 401 }) : text(`read ${(await req.request.text()).length}`));

describe('Expect: 100-continue', () => {
  it('with a Content-Length over bodyLimit: 413 without 100 Continue, the app not run, the connection closed', async () => {
    let ran = false;
    const server = await start(
      (req) => {
        ran = true;
        return echo(req);
      },
      { bodyLimit: 1000 },
    );
    const wire = await Wire.open(server.port, { halfOpen: true });
    await wire.write(head('POST / HTTP/1.1', 'Host: x', 'Content-Length: 5000', 'Expect: 100-continue'));
    const res = await wire.response();
    expect(res.status).toBe(413);
    await wire.serverClose();
    expect(ran).toBe(false);
    await connectionsSettle(server, 0);
  });

  it('within bodyLimit: 100 Continue, then the answer to the body sent after it', async () => {
    const server = await start(echo, { bodyLimit: 1000 });
    const wire = await Wire.open(server.port);
    await wire.write(head('POST / HTTP/1.1', 'Host: x', 'Content-Length: 1000', 'Expect: 100-continue'));
    expect((await wire.response()).status).toBe(100);
    await wire.write('a'.repeat(1000));
    expect((await wire.response()).body).toBe('read 1000');
    wire.end();
  });

  it('within bodyLimit, answered without reading: the body sent anyway is drained, the connection goes on', async () => {
    const server = await start(echo, { bodyLimit: 100_000 });
    const wire = await Wire.open(server.port);
    await wire.write(head('POST /deny HTTP/1.1', 'Host: x', 'Content-Length: 100000', 'Expect: 100-continue'));
    expect((await wire.response()).status).toBe(100);
    expect((await wire.response()).status).toBe(401);
    await wire.write('a'.repeat(100_000) + head('POST /after HTTP/1.1', 'Host: x', 'Content-Length: 3') + 'abc');
    expect((await wire.response()).body).toBe('read 3');
    wire.end();
  });
});
