/**
 * The example's generated handler (examples/app.gen.ts, what `npm run example`
 * serves) answers the README's curl cases, and a few more, as the runtime chain
 * (examples/app.ts) does: both served on 127.0.0.1 by shallot/node, asked with
 * fetch. Compared: status, headers, body and the lines logged, with what differs
 * by nature (request ids, durations, a stack's frames and their number) masked. Needs `npm run build`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Served {
  readonly url: string;
  close(): Promise<void>;
}

interface Case {
  readonly name: string;
  readonly path: string;
  readonly init?: RequestInit;
}

/** The README's curl cases first, then the other routes and failures. */
const cases: Case[] = [
  { name: 'GET /', path: '/' },
  { name: 'GET /api/me without a token', path: '/api/me' },
  { name: 'GET /api/me with a token and a request id', path: '/api/me', init: { headers: { authorization: 'Bearer secret-ada', 'x-request-id': 'demo-1' } } },
  { name: 'POST /api/echo', path: '/api/echo', init: { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"hello":"shallot"}' } },
  { name: 'GET /api/me with an unknown token', path: '/api/me', init: { headers: { authorization: 'Bearer nope' } } },
  { name: 'GET /api/me as a non-admin', path: '/api/me', init: { headers: { authorization: 'Bearer secret-bob' } } },
  { name: 'POST /api/echo with a body that is not JSON', path: '/api/echo', init: { method: 'POST', body: '{nope' } },
  { name: 'HEAD /', path: '/', init: { method: 'HEAD' } },
  { name: 'GET /boom (a route that throws)', path: '/boom' },
  { name: 'GET /nowhere', path: '/nowhere' },
];

const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
/** Masks what differs between two runs of the same request. */
const mask = (text: string): string =>
  text
    .replace(uuid, '<uuid>')
    .replace(/dur=\d+(\.\d+)?/g, 'dur=<ms>')
    .replace(/took \d+\.\d{4} seconds/g, 'took <s> seconds')
    // The frames themselves, and how many there are: an inlined layer has none of its own.
    .replace(/(^\s+at .*$\n?)+/gm, '    at <frames>\n');

let logged: string[] = [];
const console_ = { log: console.log, error: console.error };

async function ask(server: Served, c: Case): Promise<unknown> {
  logged = [];
  const res = await fetch(`${server.url}${c.path}`, c.init);
  const body = await res.text();
  // A stack in the body (errorBoundary outside production) names other files and lines: its length differs too.
  const stack = /^\s+at /m.test(body);
  const headers = [...res.headers]
    .filter(([name]) => !['date', 'connection', 'keep-alive'].includes(name))
    .map(([name, value]) => `${name}: ${stack && name === 'content-length' ? '<length>' : mask(value)}`);
  return { status: res.status, headers, body: mask(body), logged: logged.map(mask) };
}

describe('examples/app.gen.ts, as npm run example serves it', () => {
  let runtime: Served;
  let generated: Served;
  let description: { generated?: boolean; layers: readonly { name: string }[] };

  beforeAll(async () => {
    const capture = (...args: unknown[]): void => {
      logged.push(args.map(String).join(' '));
    };
    console.log = capture;
    console.error = capture;
    const { serve } = await import('shallot/node');
    const source = await import('../../examples/app.js');
    const gen = await import('../../examples/app.gen.js');
    description = gen.app.description;
    runtime = await serve(source.app, { port: 0, hostname: '127.0.0.1' });
    generated = await serve(gen.app, { port: 0, hostname: '127.0.0.1' });
  });

  afterAll(async () => {
    console.log = console_.log;
    console.error = console_.error;
    await Promise.all([runtime?.close(), generated?.close()]);
  });

  it('is the generated handler, with the chain\'s layers', () => {
    expect(description.generated).toBe(true);
    expect(description.layers.map((l) => l.name)).toEqual(['errorBoundary', 'logger', 'timing', 'requestId', 'setHeader(X-Custom-Header)', 'setHeader(X-Status)', 'auth']);
  });

  it.each(cases)('$name: the same answer and log as the runtime chain', async (c) => {
    const want = await ask(runtime, c);
    const got = await ask(generated, c);
    expect(got).toEqual(want);
  });

  it("answers the README's curl cases as the README shows them", async () => {
    const root = (await ask(generated, cases[0]!)) as { status: number; headers: string[]; body: string; logged: string[] };
    expect(root.status).toBe(200);
    expect(root.body).toBe('Hello, shallot\n');
    expect(root.headers).toEqual(expect.arrayContaining(['x-custom-header: Hello', 'x-status: OK', 'x-request-id: <uuid>', 'server-timing: total;dur=<ms>']));
    expect(root.logged).toEqual(['--> GET /', 'Request took <s> seconds', '<-- GET / 200']);
    const me = (await ask(generated, cases[2]!)) as { status: number; headers: string[]; body: string };
    expect(me.status).toBe(200);
    expect(me.headers).toContain('x-request-id: demo-1');
    expect(me.body).toBe('{"name":"ada","admin":true,"requestId":"demo-1"}');
    const echo = (await ask(generated, cases[3]!)) as { body: string };
    expect(echo.body).toBe('{"received":{"hello":"shallot"},"requestId":"<uuid>"}');
  });
});
