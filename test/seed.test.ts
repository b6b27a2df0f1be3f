/**
 * The seed scenarios of SPEC.md, run through the runtime.
 */
import { describe, expect, it } from 'vitest';
import { chain, middleware, ShallotError, type Next } from '../src/index.js';
import { delay, expectShallotError, shallotRejection, useNodeEnv } from './helpers.js';

interface Req {
  path: string;
}

const logging = (sink: string[]) =>
  middleware('logging', async (req: { path: string }, next: Next) => {
    sink.push(`path ${req.path}`);
    const res = await next();
    sink.push(`status ${res.status}`);
    return res;
  });

const header = middleware('header', async (req: {}, next: Next) => {
  const res = await next();
  res.headers.set('X-Custom-Header', 'Hello');
  return res;
});

const conditionalHeader = middleware('conditionalHeader', async (req: {}, next: Next) => {
  const res = await next();
  if (res.status === 200) res.headers.set('X-Status', 'OK');
  return res;
});

const timing = (sink: string[]) =>
  middleware('timing', async (req: {}, next: Next) => {
    const start = performance.now();
    const res = await next();
    const seconds = (performance.now() - start) / 1000;
    sink.push(`Request took ${seconds.toFixed(4)} seconds`);
    return res;
  });

const route = (sink: string[]) => (req: Req) => {
  sink.push('handler');
  return req.path === '/'
    ? new Response('home', { status: 200 })
    : new Response('not found', { status: 404 });
};

describe('seed: logging', () => {
  it('logs the path before the inner layers run and the status after', async () => {
    const sink: string[] = [];
    const inner = middleware('inner', async (req: {}, next: Next) => {
      sink.push('inner before');
      const res = await next();
      sink.push('inner after');
      return res;
    });
    const app = chain<Req>().use(logging(sink)).use(inner).handle(route(sink));

    const res = await app({ path: '/' });

    expect(res.status).toBe(200);
    expect(sink).toEqual(['path /', 'inner before', 'handler', 'inner after', 'status 200']);
  });

  it('logs the status of the response the inner layers made, e.g. 404', async () => {
    const sink: string[] = [];
    const app = chain<Req>().use(logging(sink)).handle(route(sink));

    const res = await app({ path: '/missing' });

    expect(res.status).toBe(404);
    expect(sink).toEqual(['path /missing', 'handler', 'status 404']);
  });
});

describe('seed: header', () => {
  it('adds X-Custom-Header: Hello to every response', async () => {
    const app = chain<Req>().use(header).handle(route([]));

    for (const path of ['/', '/missing', '/other']) {
      const res = await app({ path });
      expect(res.headers.get('X-Custom-Header')).toBe('Hello');
    }
  });

  it('also decorates a response an inner layer makes on its own (short-circuit)', async () => {
    const deny = middleware('deny', async (req: {}, next: Next) => new Response('no', { status: 403 }));
    const app = chain<Req>()
      .use(header)
      .use(deny)
      .handle(() => new Response('unreachable'));

    const res = await app({ path: '/' });

    expect(res.status).toBe(403);
    expect(res.headers.get('X-Custom-Header')).toBe('Hello');
    expect(await res.text()).toBe('no');
  });
});

describe('seed: conditional header', () => {
  const app = chain<Req>().use(conditionalHeader).handle(route([]));

  it('adds X-Status: OK when the status is 200', async () => {
    const res = await app({ path: '/' });
    expect(res.status).toBe(200);
    expect(res.headers.get('X-Status')).toBe('OK');
  });

  it('does not add it to a 404', async () => {
    const res = await app({ path: '/missing' });
    expect(res.status).toBe(404);
    expect(res.headers.has('X-Status')).toBe(false);
  });
});

describe('seed: timing', () => {
  it('logs "Request took N.NNNN seconds" after the response is made', async () => {
    const sink: string[] = [];
    const app = chain<Req>().use(timing(sink)).handle(route(sink));

    const res = await app({ path: '/' });

    expect(res.status).toBe(200);
    expect(sink).toHaveLength(2);
    expect(sink[0]).toBe('handler');
    expect(sink[1]).toMatch(/^Request took \d+\.\d{4} seconds$/);
  });

  it('all four seed layers together, in onion order', async () => {
    const sink: string[] = [];
    const app = chain<Req>()
      .use(timing(sink))
      .use(logging(sink))
      .use(header)
      .use(conditionalHeader)
      .handle(route(sink));

    const res = await app({ path: '/' });

    expect(res.headers.get('X-Custom-Header')).toBe('Hello');
    expect(res.headers.get('X-Status')).toBe('OK');
    expect(sink.slice(0, 3)).toEqual(['path /', 'handler', 'status 200']);
    expect(sink[3]).toMatch(/^Request took \d+\.\d{4} seconds$/);
    expect(sink).toHaveLength(4);
  });
});

describe('seed: the classic bug (next() called, its promise dropped)', () => {
  useNodeEnv('development'); // the guards' default outside production
  const sink: string[] = [];
  const forgetful = middleware('forgetful', async (req: {}, next: Next) => {
    next(); // the bug: no await, the promise is dropped
    return new Response('too early');
  });

  it('rejects with ShallotError MISSING_AWAIT naming the layer (guards on by default)', async () => {
    const app = chain<Req>().use(forgetful).handle(route(sink));

    const error = await shallotRejection(app({ path: '/' }));

    expect(error).toBeInstanceOf(ShallotError);
    expectShallotError(error, { code: 'MISSING_AWAIT', layer: 'forgetful', message: "middleware 'forgetful'" });
    expect(error.message).toContain('missing await');
  });

  it('is reported even when the layers below fail, without an unhandled rejection', async () => {
    const app = chain<Req>({ guards: true })
      .use(forgetful)
      .handle(() => {
        throw new Error('handler failed');
      });

    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown): void => {
      unhandled.push(reason);
    };
    process.on('unhandledRejection', onUnhandled);
    try {
      const error = await shallotRejection(app({ path: '/' }));
      expectShallotError(error, { code: 'MISSING_AWAIT', layer: 'forgetful' });
      await delay(10); // let Node report any rejection nobody handled
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
    expect(unhandled).toEqual([]);
  });
});
