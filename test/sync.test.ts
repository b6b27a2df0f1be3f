/**
 * Synchronous layers (middleware.sync): all-sync chains return the response itself.
 */
import { describe, expect, it } from 'vitest';
import { chain, middleware, type Next, type NextSync } from '../src/index.js';
import { guardModes } from './helpers.js';

const syncLayer = (name: string, order: string[]) =>
  middleware.sync(name, (req: {}, next: NextSync) => {
    order.push(`${name} before`);
    const res = next();
    order.push(`${name} after`);
    res.headers.append('X-Layers', name);
    return res;
  });

const asyncLayer = (name: string, order: string[]) =>
  middleware(name, async (req: {}, next: Next) => {
    order.push(`${name} before`);
    const res = await next();
    order.push(`${name} after`);
    res.headers.append('X-Layers', name);
    return res;
  });

describe.each(guardModes)('sync chains ($mode)', ({ guards }) => {
  it('an all-sync chain returns the response itself, not a promise', () => {
    const order: string[] = [];
    const app = chain({ guards })
      .use(syncLayer('s1', order))
      .use(syncLayer('s2', order))
      .handle(() => {
        order.push('handler');
        return new Response('sync');
      });

    const res = app({});

    expect(res instanceof Promise).toBe(false);
    expect(res).toBeInstanceOf(Response);
    expect(res.headers.get('X-Layers')).toBe('s2, s1');
    expect(order).toEqual(['s1 before', 's2 before', 'handler', 's2 after', 's1 after']);
  });

  it('additions from a sync layer reach the handler', async () => {
    const auth = middleware.sync('auth', (req: { token: string }, next: NextSync<{ user: string }>) =>
      next({ user: req.token.toUpperCase() }),
    );
    const app = chain<{ token: string }>({ guards })
      .use(auth)
      .handle((req) => new Response(req.user));

    const res = app({ token: 'abc' });

    expect(res instanceof Promise).toBe(false);
    expect(await res.text()).toBe('ABC');
  });

  it('a sync layer can short-circuit synchronously', () => {
    const calls: string[] = [];
    const deny = middleware.sync('deny', (req: {}, next: NextSync) => new Response('no', { status: 403 }));
    const app = chain({ guards })
      .use(deny)
      .handle(() => {
        calls.push('handler');
        return new Response('yes');
      });

    const res = app({});

    expect(res instanceof Promise).toBe(false);
    expect(res.status).toBe(403);
    expect(calls).toEqual([]);
  });

  it('an error thrown in an all-sync chain is thrown synchronously, through outer try/catch', () => {
    const boom = new Error('sync failure');
    const boundary = middleware.sync('boundary', (req: {}, next: NextSync) => {
      try {
        return next();
      } catch (error) {
        return new Response(error === boom ? 'caught boom' : 'other', { status: 500 });
      }
    });
    const failing = middleware.sync('failing', (req: {}, next: NextSync): Response => {
      throw boom;
    });

    const recovered = chain({ guards }).use(boundary).use(failing).handle(() => new Response('ok'))({});
    expect(recovered instanceof Promise).toBe(false);
    expect(recovered.status).toBe(500);

    const bare = chain({ guards }).use(failing).handle(() => new Response('ok'));
    expect(() => bare({})).toThrow(boom);
  });

  it('a mixed chain (async layers above sync layers) returns a promise and runs in onion order', async () => {
    const order: string[] = [];
    const app = chain({ guards })
      .use(asyncLayer('a1', order))
      .use(asyncLayer('a2', order))
      .use(syncLayer('s1', order))
      .use(syncLayer('s2', order))
      .handle(() => {
        order.push('handler');
        return new Response('mixed');
      });

    const result = app({});

    expect(result instanceof Promise).toBe(true);
    const res = await result;
    expect(await res.text()).toBe('mixed');
    expect(res.headers.get('X-Layers')).toBe('s2, s1, a2, a1');
    expect(order).toEqual([
      'a1 before',
      'a2 before',
      's1 before',
      's2 before',
      'handler',
      's2 after',
      's1 after',
      'a2 after',
      'a1 after',
    ]);
  });

  it('a sync throw in a sync layer below an async one becomes a rejection', async () => {
    const boom = new Error('sync below async');
    const failing = middleware.sync('failing', (req: {}, next: NextSync): Response => {
      throw boom;
    });
    const app = chain({ guards })
      .use(asyncLayer('a1', []))
      .use(failing)
      .handle(() => new Response('ok'));

    let result: unknown;
    expect(() => {
      result = app({});
    }).not.toThrow();
    await expect(result).rejects.toBe(boom);
  });

  it.each([
    { kind: 'an all-sync chain', first: syncLayer('s1', []), firstName: 's1', firstSync: true, sync: true },
    { kind: 'a mixed chain', first: asyncLayer('a1', []), firstName: 'a1', firstSync: false, sync: false },
  ])('describes $kind: layers in order with name and sync flag, and sync: $sync', ({ first, firstName, firstSync, sync }) => {
    const app = chain({ guards })
      .use(first)
      .use(syncLayer('s2', []))
      .handle(() => new Response('ok'));

    expect(app.description).toEqual({
      layers: [
        { name: firstName, sync: firstSync },
        { name: 's2', sync: true },
      ],
      sync,
      guards,
    });
  });

  it('the description is frozen', () => {
    const app = chain({ guards })
      .use(syncLayer('s1', []))
      .handle(() => new Response('ok'));

    expect(Object.isFrozen(app.description)).toBe(true);
    expect(Object.isFrozen(app.description.layers)).toBe(true);
    expect(Object.isFrozen(app.description.layers[0])).toBe(true);
  });
});
