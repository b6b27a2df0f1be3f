/**
 * The onion model: order, additions, short-circuit, errors travelling up, response mapping.
 */
import { describe, expect, it } from 'vitest';
import { chain, middleware, type Next } from '../src/index.js';
import { guardModes } from './helpers.js';

interface User {
  name: string;
}

describe.each(guardModes)('onion ($mode)', ({ guards }) => {
  it('runs 3 layers and the handler in onion order', async () => {
    const order: string[] = [];
    const layer = (name: string) =>
      middleware(name, async (req: {}, next: Next) => {
        order.push(`${name} before`);
        const res = await next();
        order.push(`${name} after`);
        return res;
      });
    const app = chain({ guards })
      .use(layer('a'))
      .use(layer('b'))
      .use(layer('c'))
      .handle(() => {
        order.push('handler');
        return new Response('ok');
      });

    const res = await app({});

    expect(await res.text()).toBe('ok');
    expect(order).toEqual(['a before', 'b before', 'c before', 'handler', 'c after', 'b after', 'a after']);
  });

  it('passes additions from next({ user }) to inner layers and the handler, on the same request object', async () => {
    const seen: unknown[] = [];
    const auth = middleware('auth', async (req: { token: string }, next: Next<{ user: User }>) =>
      next({ user: { name: `user of ${req.token}` } }),
    );
    const role = middleware('role', async (req: { user: User }, next: Next<{ role: string }>) => {
      seen.push(req);
      return next({ role: req.user.name === 'user of t1' ? 'admin' : 'guest' });
    });
    const app = chain<{ token: string }>({ guards })
      .use(auth)
      .use(role)
      .handle((req) => {
        seen.push(req);
        return new Response(`${req.user.name} is ${req.role}`);
      });

    const req = { token: 't1' };
    const res = await app(req);

    expect(await res.text()).toBe('user of t1 is admin');
    expect(seen).toHaveLength(2);
    expect(seen[0]).toBe(req);
    expect(seen[1]).toBe(req);
    expect(req).toEqual({ token: 't1', user: { name: 'user of t1' }, role: 'admin' });
  });

  it('a layer that returns without calling next() short-circuits: inner layers and handler are not called', async () => {
    const calls: string[] = [];
    const gate = middleware('gate', async (req: { allowed: boolean }, next: Next) => {
      calls.push('gate');
      return req.allowed ? next() : new Response('Forbidden', { status: 403 });
    });
    const inner = middleware('inner', async (req: {}, next: Next) => {
      calls.push('inner');
      return next();
    });
    const app = chain<{ allowed: boolean }>({ guards })
      .use(gate)
      .use(inner)
      .handle(() => {
        calls.push('handler');
        return new Response('secret');
      });

    const denied = await app({ allowed: false });
    expect(denied.status).toBe(403);
    expect(calls).toEqual(['gate']);

    calls.length = 0;
    const allowed = await app({ allowed: true });
    expect(allowed.status).toBe(200);
    expect(calls).toEqual(['gate', 'inner', 'handler']);
  });

  describe('errors travel up the onion to an outer try/catch', () => {
    const caught: unknown[] = [];
    const boundary = middleware('boundary', async (req: {}, next: Next) => {
      try {
        return await next();
      } catch (error) {
        caught.push(error);
        return new Response(error instanceof Error ? error.message : 'error', { status: 500 });
      }
    });
    const passThrough = middleware('passThrough', async (req: {}, next: Next) => next());

    it('from the handler', async () => {
      caught.length = 0;
      const boom = new Error('handler failed');
      const app = chain({ guards })
        .use(boundary)
        .use(passThrough)
        .handle(() => {
          throw boom;
        });

      const res = await app({});

      expect(res.status).toBe(500);
      expect(await res.text()).toBe('handler failed');
      expect(caught).toEqual([boom]);
      expect(caught[0]).toBe(boom);
    });

    it('from an async handler (a rejection)', async () => {
      caught.length = 0;
      const boom = new Error('async handler failed');
      const app = chain({ guards })
        .use(boundary)
        .handle(async (): Promise<Response> => {
          await Promise.resolve();
          throw boom;
        });

      const res = await app({});

      expect(res.status).toBe(500);
      expect(caught[0]).toBe(boom);
    });

    it('from an inner layer, before it calls next() (the handler is not called)', async () => {
      caught.length = 0;
      const calls: string[] = [];
      const boom = new Error('before next');
      const failing = middleware('failing', async (req: {}, next: Next) => {
        throw boom;
      });
      const app = chain({ guards })
        .use(boundary)
        .use(passThrough)
        .use(failing)
        .handle(() => {
          calls.push('handler');
          return new Response('ok');
        });

      const res = await app({});

      expect(res.status).toBe(500);
      expect(caught[0]).toBe(boom);
      expect(calls).toEqual([]);
    });

    it('from an inner layer, after next() (the handler ran)', async () => {
      caught.length = 0;
      const calls: string[] = [];
      const boom = new Error('after next');
      const failing = middleware('failing', async (req: {}, next: Next) => {
        await next();
        throw boom;
      });
      const app = chain({ guards })
        .use(boundary)
        .use(failing)
        .handle(() => {
          calls.push('handler');
          return new Response('ok');
        });

      const res = await app({});

      expect(res.status).toBe(500);
      expect(await res.text()).toBe('after next');
      expect(caught[0]).toBe(boom);
      expect(calls).toEqual(['handler']);
    });

    it('without a catching layer, the app rejects with the same error', async () => {
      const boom = new Error('unhandled by layers');
      const app = chain({ guards })
        .use(passThrough)
        .handle(() => {
          throw boom;
        });

      await expect(app({})).rejects.toBe(boom);
    });
  });

  it('a sync throw in a non-async inner layer is caught by an outer try/catch', async () => {
    const boom = new Error('inner sync throw');
    const boundary = middleware('boundary', async (req: {}, next: Next) => {
      try {
        return await next();
      } catch {
        return new Response('recovered', { status: 500 });
      }
    });
    const plain = middleware('plain', (req: {}, next: Next): Promise<Response> => {
      throw boom;
    });
    const app = chain({ guards }).use(boundary).use(plain).handle(() => new Response('ok'));

    const res = await app({});

    expect(res.status).toBe(500);
    expect(await res.text()).toBe('recovered');
  });

  it('an outer layer can map the response: a new Response built from the inner one', async () => {
    const upper = middleware('upper', async (req: {}, next: Next) => {
      const inner = await next();
      const headers = new Headers(inner.headers);
      headers.set('X-Mapped', 'yes');
      return new Response((await inner.text()).toUpperCase(), { status: 201, headers });
    });
    const handlerResponse = new Response('hello', { headers: { 'X-Original': '1' } });
    const app = chain({ guards })
      .use(upper)
      .handle(() => handlerResponse);

    const res = await app({});

    expect(res).not.toBe(handlerResponse);
    expect(res.status).toBe(201);
    expect(await res.text()).toBe('HELLO');
    expect(res.headers.get('X-Original')).toBe('1');
    expect(res.headers.get('X-Mapped')).toBe('yes');
  });
});
