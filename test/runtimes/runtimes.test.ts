/**
 * The same example app (examples/app.ts, built to dist/) answers real requests
 * under Bun, Deno and workerd, each through `toFetchHandler`, and under Node
 * through shallot/node. Needs `npm run build` (part of `npm test`).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { skipWithout } from '../extras.js';
import { launch, type Running, type Runtime } from './launch.js';

/** The checks every runtime must pass: same answers, same headers. */
function answersLikeTheExample(get: () => Running): void {
  it('GET / through the seed layers: 200, the custom and conditional headers, a request id, Server-Timing', async () => {
    const res = await fetch(`${get().url}/`);
    expect(res.status).toBe(200);
    expect(await res.text()).toBe('Hello, shallot\n');
    expect(res.headers.get('x-custom-header')).toBe('Hello');
    expect(res.headers.get('x-status')).toBe('OK');
    expect(res.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.headers.get('server-timing')).toMatch(/^total;dur=\d+\.\d$/);
  });

  it('the JSON route behind auth: 401 without a token, 401 with a bad one, the user with a good one', async () => {
    const anonymous = await fetch(`${get().url}/api/me`);
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.has('x-status')).toBe(false);
    expect(await anonymous.json()).toEqual({ error: 'sign in first' });
    const bad = await fetch(`${get().url}/api/me`, { headers: { authorization: 'Bearer nope' } });
    expect(bad.status).toBe(401);
    const good = await fetch(`${get().url}/api/me`, { headers: { authorization: 'Bearer secret-ada', 'x-request-id': 'req-42' } });
    expect(good.status).toBe(200);
    expect(good.headers.get('content-type')).toBe('application/json');
    expect(good.headers.get('x-request-id')).toBe('req-42');
    expect(await good.json()).toEqual({ name: 'ada', admin: true, requestId: 'req-42' });
  });

  it('POST /api/echo reads a JSON body; a body that is not JSON is a 400', async () => {
    const res = await fetch(`${get().url}/api/echo`, { method: 'POST', body: JSON.stringify({ n: [1, 2, 3] }) });
    expect((await res.json()).received).toEqual({ n: [1, 2, 3] });
    expect((await fetch(`${get().url}/api/echo`, { method: 'POST', body: '{nope' })).status).toBe(400);
  });

  it('a failing route is a 500 from errorBoundary; an unknown one a 404', async () => {
    const boom = await fetch(`${get().url}/boom`);
    expect(boom.status).toBe(500);
    expect(await boom.text()).toMatch(/^Internal Server Error/);
    expect((await fetch(`${get().url}/nowhere`)).status).toBe(404);
  });
}

for (const runtime of ['bun', 'deno', 'workerd'] as Runtime[]) {
  // The binaries come from `npm run setup:extras`: without them the suite is
  // skipped, saying so, except in CI, where a missing one fails it, named.
  describe.skipIf(skipWithout(runtime))(runtime, () => {
    let running: Running;
    beforeAll(async () => {
      running = await launch(runtime);
    }, 30_000);
    afterAll(() => running?.stop());
    answersLikeTheExample(() => running);

    it('logs through the layers to the runtime console', async () => {
      await fetch(`${running.url}/logged`);
      await new Promise((ok) => setTimeout(ok, 200));
      expect(running.output()).toContain('--> GET /logged');
      expect(running.output()).toContain('<-- GET /logged 404');
      expect(running.output()).toMatch(/Request took \d+\.\d{4} seconds/);
    });
  });
}

describe('node (shallot/node)', () => {
  let running: Running;
  beforeAll(async () => {
    // The built package, as the other runtimes run it (and as a user imports it).
    const { serve } = await import('shallot/node');
    const { app } = await import('../../examples/app.js');
    const { log, error } = console;
    console.log = () => {};
    console.error = () => {};
    const server = await serve(app, { port: 0 });
    running = {
      url: server.url,
      output: () => '',
      stop: async () => {
        console.log = log;
        console.error = error;
        await server.close();
      },
    };
  });
  afterAll(() => running?.stop());
  answersLikeTheExample(() => running);
});
