/**
 * Many requests in flight at once: each sees only its own context.
 */
import { describe, expect, it } from 'vitest';
import { chain, middleware, type Next, type NextSync } from '../src/index.js';
import { guardModes, jitter } from './helpers.js';

const N = 1000;

interface Incoming {
  n: number;
}

const requestId = middleware('requestId', async (req: Incoming, next: Next<{ requestId: string }>) => {
  await jitter();
  const res = await next({ requestId: `req-${req.n}` });
  await jitter();
  res.headers.set('X-Request-Id', `req-${req.n}`);
  return res;
});

const user = middleware('user', async (req: { requestId: string; n: number }, next: Next<{ user: string }>) => {
  await jitter();
  const seenBefore = req.requestId;
  const res = await next({ user: `user-${req.n}` });
  await jitter();
  // Still this request's context after the layers below ran for other requests too.
  res.headers.set('X-Seen', `${seenBefore}|${req.requestId}|${req.n}`);
  return res;
});

const stamp = middleware.sync('stamp', (req: { user: string }, next: NextSync<{ stamp: string }>) =>
  next({ stamp: `stamp-${req.user}` }),
);

describe.each(guardModes)('concurrency ($mode)', ({ guards }) => {
  it(`${N} concurrent requests each get a response built from their own context`, async () => {
    const app = chain<Incoming>({ guards })
      .use(requestId)
      .use(user)
      .use(stamp)
      .handle((req) => new Response(`${req.requestId} ${req.user} ${req.stamp}`));

    const requests = Array.from({ length: N }, (_, n): Incoming => ({ n }));
    const responses = await Promise.all(requests.map((req) => app(req)));

    expect(responses).toHaveLength(N);
    const bodies = await Promise.all(responses.map((res) => res.text()));
    for (let n = 0; n < N; n++) {
      const res = responses[n]!;
      expect(bodies[n]).toBe(`req-${n} user-${n} stamp-user-${n}`);
      expect(res.headers.get('X-Request-Id')).toBe(`req-${n}`);
      expect(res.headers.get('X-Seen')).toBe(`req-${n}|req-${n}|${n}`);
    }
    // Additions are assigned onto each request object, never onto another one.
    for (const req of requests) {
      expect(req).toEqual({ n: req.n, requestId: `req-${req.n}`, user: `user-${req.n}`, stamp: `stamp-user-${req.n}` });
    }
  });

  it(`${N} concurrent requests, some short-circuited and some failing, do not disturb each other`, async () => {
    const gate = middleware('gate', async (req: Incoming, next: Next) => {
      await jitter();
      if (req.n % 3 === 0) return new Response(`blocked ${req.n}`, { status: 403 });
      return next();
    });
    const boundary = middleware('boundary', async (req: Incoming, next: Next) => {
      try {
        return await next();
      } catch (error) {
        return new Response(`error ${req.n}: ${error instanceof Error ? error.message : 'unknown'}`, { status: 500 });
      }
    });
    const app = chain<Incoming>({ guards })
      .use(boundary)
      .use(gate)
      .handle(async (req) => {
        await jitter();
        if (req.n % 3 === 1) throw new Error(`failed ${req.n}`);
        return new Response(`ok ${req.n}`);
      });

    const responses = await Promise.all(Array.from({ length: N }, (_, n) => app({ n })));
    const bodies = await Promise.all(responses.map((res) => res.text()));

    for (let n = 0; n < N; n++) {
      const expected =
        n % 3 === 0
          ? { status: 403, body: `blocked ${n}` }
          : n % 3 === 1
            ? { status: 500, body: `error ${n}: failed ${n}` }
            : { status: 200, body: `ok ${n}` };
      expect({ status: responses[n]!.status, body: bodies[n] }).toEqual(expected);
    }
  });
});
