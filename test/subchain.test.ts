/**
 * Sub-chains spliced with .use(subChain), and immutable builders.
 */
import { describe, expect, it } from 'vitest';
import { chain, middleware, type Next } from '../src/index.js';
import { guardModes } from './helpers.js';

interface User {
  id: number;
  admin: boolean;
}

const tracer = (name: string, order: string[]) =>
  middleware(name, async (req: {}, next: Next) => {
    order.push(`${name} before`);
    const res = await next();
    order.push(`${name} after`);
    return res;
  });

describe.each(guardModes)('sub-chains ($mode)', ({ guards }) => {
  it('splices the sub-chain layers in place, in order', async () => {
    const order: string[] = [];
    const sub = chain({ guards }).use(tracer('s1', order)).use(tracer('s2', order));
    const app = chain({ guards })
      .use(tracer('outer', order))
      .use(sub)
      .use(tracer('inner', order))
      .handle(() => {
        order.push('handler');
        return new Response('ok');
      });

    await app({});

    expect(app.description.layers.map((layer) => layer.name)).toEqual(['outer', 's1', 's2', 'inner']);
    expect(order).toEqual([
      'outer before',
      's1 before',
      's2 before',
      'inner before',
      'handler',
      'inner after',
      's2 after',
      's1 after',
      'outer after',
    ]);
  });

  it('a sub-chain can need what an outer layer adds (its Base)', async () => {
    const auth = middleware('auth', async (req: { token: string }, next: Next<{ user: User }>) =>
      next({ user: { id: Number(req.token), admin: req.token === '1' } }),
    );
    const adminOnly = middleware('adminOnly', async (req: { user: User }, next: Next) =>
      req.user.admin ? next() : new Response('Forbidden', { status: 403 }),
    );
    const audit = middleware('audit', async (req: { user: User }, next: Next<{ audited: string }>) =>
      next({ audited: `user ${req.user.id}` }),
    );
    const adminArea = chain<{ user: User }>({ guards }).use(adminOnly).use(audit);
    const app = chain<{ token: string }>({ guards })
      .use(auth)
      .use(adminArea)
      .handle((req) => new Response(`${req.audited} (${req.token})`));

    const admin = await app({ token: '1' });
    expect(admin.status).toBe(200);
    expect(await admin.text()).toBe('user 1 (1)');

    const other = await app({ token: '2' });
    expect(other.status).toBe(403);
  });

  it('a sub-chain can be spliced into several chains', async () => {
    const order: string[] = [];
    const shared = chain({ guards }).use(tracer('shared', order));
    const first = chain({ guards }).use(tracer('first', order)).use(shared).handle(() => new Response('1'));
    const second = chain({ guards }).use(shared).use(tracer('second', order)).handle(() => new Response('2'));

    expect(await (await first({})).text()).toBe('1');
    expect(await (await second({})).text()).toBe('2');
    expect(order).toEqual([
      'first before',
      'shared before',
      'shared after',
      'first after',
      'shared before',
      'second before',
      'second after',
      'shared after',
    ]);
  });

  it('builders are immutable: two chains from one base builder do not share layers', async () => {
    const order: string[] = [];
    const base = chain({ guards }).use(tracer('base', order));
    const left = base.use(tracer('left', order));
    const right = base.use(tracer('right', order));

    const baseApp = base.handle(() => new Response('base'));
    const leftApp = left.handle(() => new Response('left'));
    const rightApp = right.handle(() => new Response('right'));

    expect(left).not.toBe(base);
    expect(baseApp.description.layers.map((layer) => layer.name)).toEqual(['base']);
    expect(leftApp.description.layers.map((layer) => layer.name)).toEqual(['base', 'left']);
    expect(rightApp.description.layers.map((layer) => layer.name)).toEqual(['base', 'right']);

    await leftApp({});
    expect(order).toEqual(['base before', 'left before', 'left after', 'base after']);
    order.length = 0;
    await rightApp({});
    expect(order).toEqual(['base before', 'right before', 'right after', 'base after']);
    order.length = 0;
    await baseApp({});
    expect(order).toEqual(['base before', 'base after']);
  });

  it('splicing a sub-chain does not change the sub-chain', () => {
    const sub = chain({ guards }).use(tracer('s1', []));
    chain({ guards }).use(tracer('outer', [])).use(sub).use(tracer('after', []));

    expect(sub.handle(() => new Response('ok')).description.layers.map((layer) => layer.name)).toEqual(['s1']);
  });

  it('an empty sub-chain splices nothing', async () => {
    const order: string[] = [];
    const app = chain({ guards })
      .use(tracer('only', order))
      .use(chain({ guards }))
      .handle(() => new Response('ok'));

    await app({});

    expect(app.description.layers.map((layer) => layer.name)).toEqual(['only']);
    expect(order).toEqual(['only before', 'only after']);
  });
});
