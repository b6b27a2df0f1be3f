/**
 * Point 10 of issue 12: a malformed JSON body read with `readJson(req)` is a
 * 400 with a one-line reason (not reported as a server error), with or without
 * errorBoundary, on node:http and through toFetchHandler; `req.request.json()`
 * failing in the app's own code stays the app's 500.
 */
import { describe, expect, it } from 'vitest';
import { chain } from '../../../src/index.js';
import { errorBoundary, json, readJson, toFetchHandler, type HttpContext } from '../../../src/http/index.js';
import { start } from '../helpers.js';
import { head, Wire } from '../wire.js';

const viaHelper = async (req: HttpContext): Promise<Response> => json({ received: await readJson(req) });
const viaRequest = async (req: HttpContext): Promise<Response> => json({ received: await req.request.json() });

const post = (body: string, path = '/'): string => head(`POST ${path} HTTP/1.1`, 'Host: x', 'Content-Type: application/json', `Content-Length: ${Buffer.byteLength(body)}`) + body;

describe('readJson(req)', () => {
  it('gives the parsed body', async () => {
    const server = await start(viaHelper);
    const wire = await Wire.open(server.port);
    await wire.write(post('{"a":[1,2]}'));
    expect((await wire.response()).body).toBe('{"received":{"a":[1,2]}}');
    wire.end();
  });

  it.each([
    ['bare', viaHelper],
    ['under errorBoundary', chain<HttpContext>().use(errorBoundary({ onError: (e) => expect.fail(String(e)) })).handle(viaHelper)],
  ])('a malformed body (%s): 400 with a one-line reason, not reported, the connection goes on', async (_name, app) => {
    const server = await start(app);
    const wire = await Wire.open(server.port);
    for (const body of ['{"a":', '{\n  "a": 1,\n}', '']) {
      await wire.write(post(body));
      const res = await wire.response();
      expect(res.status).toBe(400);
      expect(res.body).toMatch(/^Bad Request: the request body is (not valid JSON: .+|empty, expected JSON)$/);
      expect(res.body).not.toContain('\n');
    }
    await wire.write(post('[1]'));
    expect((await wire.response()).body).toBe('{"received":[1]}');
    wire.end();
    expect(server.errors).toEqual([]);
  });

  it('through toFetchHandler: the same 400', async () => {
    const handler = toFetchHandler(viaHelper, { onError: (e) => expect.fail(String(e)) });
    const res = await handler(new Request('http://localhost/', { method: 'POST', body: '{oops' }));
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/^Bad Request: the request body is not valid JSON: /);
  });

  it("req.request.json() failing in the app's own code stays a 500, reported", async () => {
    const server = await start(viaRequest);
    const wire = await Wire.open(server.port);
    await wire.write(post('{"a":'));
    expect((await wire.response()).status).toBe(500);
    wire.end();
    expect(server.errors).toHaveLength(1);
    expect(server.errors[0]).toBeInstanceOf(SyntaxError);
  });
});
