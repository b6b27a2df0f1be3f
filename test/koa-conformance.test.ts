/**
 * koa-compose's conformance cases (test/test.js), ported to shallot's terms: a
 * middleware is (req, next) => Promise<Response>, next(adds) merges fields into
 * req, and every chain ends in a handler. Case names are koa-compose's; "(mapped)"
 * marks a case whose subject has another form here (see notes/koa-compose-cases.md).
 * Every case runs with the guards on and off.
 */
import { describe, expect, it } from 'vitest';
import { chain, middleware, ShallotError, type Next } from '../src/index.js';
import { delay, guardModes, shallotRejection, shallotThrow } from './helpers.js';

class ExpectedError extends Error {}

/** A well-typed layer, to cast non-layers to when the runtime check is under test. */
const someLayer = middleware('some', async (req: {}, next: Next) => next());

/** A pass-through layer that records `n` into `log` on its way in. */
const recording = (log: number[], n: number, name = `m${n}`) =>
  middleware(name, async (req: {}, next: Next) => {
    log.push(n);
    return next();
  });

describe.each(guardModes)('koa-compose conformance ($mode)', ({ guards }) => {
  it('should work', async () => {
    const arr: (number | string)[] = [];
    const step = (name: string, before: number, after: number) =>
      middleware(name, async (req: {}, next: Next) => {
        arr.push(before);
        await delay(1);
        const res = await next();
        await delay(1);
        arr.push(after);
        return res;
      });
    const app = chain({ guards })
      .use(step('one', 1, 6))
      .use(step('two', 2, 5))
      .use(step('three', 3, 4))
      .handle(() => {
        arr.push('handler');
        return new Response('ok');
      });

    const res = await app({});

    expect(await res.text()).toBe('ok');
    expect(arr).toEqual([1, 2, 3, 'handler', 4, 5, 6]); // exact order, stricter than koa's arrayContaining
  });

  it('should be able to be called twice', async () => {
    const step = (name: string, before: number, after: number) =>
      middleware(name, async (req: { arr: number[] }, next: Next) => {
        req.arr.push(before);
        await delay(1);
        const res = await next();
        await delay(1);
        req.arr.push(after);
        return res;
      });
    const app = chain<{ arr: number[] }>({ guards })
      .use(step('one', 1, 6))
      .use(step('two', 2, 5))
      .use(step('three', 3, 4))
      .handle(() => new Response('ok'));
    const ctx1 = { arr: [] };
    const ctx2 = { arr: [] };

    await app(ctx1);
    await app(ctx2);

    expect(ctx1.arr).toEqual([1, 2, 3, 4, 5, 6]);
    expect(ctx2.arr).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('should only accept an array (mapped: chain() options and .use() arguments are checked)', () => {
    const badOptions = shallotThrow(() => chain(null as unknown as { guards: boolean }));
    expect(badOptions.code).toBe('BAD_ARGUMENT');

    const badUse = shallotThrow(() => chain({ guards }).use(undefined as unknown as typeof someLayer));
    expect(badUse.code).toBe('BAD_ARGUMENT');
    expect(badUse.message).toContain('got undefined');
  });

  it('should create next functions that return a Promise', async () => {
    const stored: unknown[] = [];
    const keep = (name: string) =>
      middleware(name, (req: {}, next: Next) => {
        const promise = next();
        stored.push(promise);
        return promise;
      });
    const app = chain({ guards })
      .use(keep('m1'))
      .use(keep('m2'))
      .use(keep('m3'))
      .use(keep('m4'))
      .use(keep('m5'))
      .handle(() => new Response('ok'));

    await app({});

    expect(stored).toHaveLength(5);
    for (const value of stored) {
      expect(value).toBeInstanceOf(Promise);
    }
  });

  it('should work with 0 middleware', async () => {
    const response = new Response('ok');
    const app = chain({ guards }).handle(async () => response);

    await expect(app({})).resolves.toBe(response);
    expect(app.description.layers).toEqual([]);
  });

  it('should only accept middleware as functions', () => {
    const badFn = shallotThrow(() => middleware('x', {} as unknown as (req: {}, next: Next) => Promise<Response>));
    expect(badFn.code).toBe('BAD_ARGUMENT');
    expect(badFn.message).toContain('fn must be a function');

    const badLayer = shallotThrow(() => chain({ guards }).use({} as unknown as typeof someLayer));
    expect(badLayer.code).toBe('BAD_ARGUMENT');
    expect(badLayer.message).toContain('got an object at position 1');
  });

  it('should only accept functions for next (mapped: the handler must be a function)', () => {
    const error = shallotThrow(() => chain({ guards }).handle({} as unknown as () => Response));
    expect(error.code).toBe('BAD_ARGUMENT');
    expect(error.message).toContain('chain.handle(fn): fn must be a function');
  });

  it('should work when yielding at the end of the stack', async () => {
    let called = false;
    const last = middleware('last', async (req: {}, next: Next) => {
      const res = await next();
      called = true;
      return res;
    });
    const app = chain({ guards }).use(last).handle(() => new Response('ok'));

    await app({});

    expect(called).toBe(true);
  });

  it('should reject on errors in middleware', async () => {
    const error = new ExpectedError('in middleware');
    const failing = middleware('failing', async (req: {}, next: Next): Promise<Response> => {
      throw error;
    });
    const app = chain({ guards }).use(failing).handle(() => new Response('ok'));

    await expect(app({})).rejects.toBeInstanceOf(ExpectedError);
    await expect(app({})).rejects.toBe(error);
  });

  it('should keep the context', async () => {
    const seen: object[] = [];
    const check = (name: string) =>
      middleware(name, async (req: {}, next: Next) => {
        seen.push(req);
        const res = await next();
        seen.push(req);
        return res;
      });
    const adds = middleware('adds', async (req: {}, next: Next<{ extra: number }>) => {
      seen.push(req);
      return next({ extra: 1 });
    });
    const app = chain<{ id: string }>({ guards })
      .use(check('one'))
      .use(adds)
      .use(check('two'))
      .use(check('three'))
      .handle((req) => {
        seen.push(req);
        return new Response(`${req.id} ${req.extra}`);
      });
    const ctx = { id: 'ctx' };

    const res = await app(ctx);

    expect(await res.text()).toBe('ctx 1');
    expect(seen).toHaveLength(8);
    for (const req of seen) {
      expect(req).toBe(ctx); // identity, also past next(adds): additions are merged in place
    }
    expect(ctx).toEqual({ id: 'ctx', extra: 1 });
  });

  it('should catch downstream errors', async () => {
    const arr: number[] = [];
    const fallback = new Response('fallback', { status: 500 });
    const outer = middleware('outer', async (req: {}, next: Next) => {
      arr.push(1);
      try {
        arr.push(6);
        const res = await next();
        arr.push(7);
        return res;
      } catch {
        arr.push(2);
      }
      arr.push(3);
      return fallback;
    });
    const thrower = middleware('thrower', async (req: {}, next: Next): Promise<Response> => {
      arr.push(4);
      throw new Error('downstream');
    });
    const app = chain({ guards }).use(outer).use(thrower).handle(() => new Response('ok'));

    const res = await app({});

    expect(arr).toEqual([1, 6, 4, 2, 3]);
    expect(res).toBe(fallback);
  });

  it('should compose w/ next (mapped: no middleware, the handler is called)', async () => {
    let called = false;
    const app = chain({ guards }).handle(async () => {
      called = true;
      return new Response('ok');
    });

    await app({});

    expect(called).toBe(true);
  });

  it('should handle errors in wrapped non-async functions', async () => {
    const error = new ExpectedError('plain function');
    const plain = middleware('plain', function plain(req: {}, next: Next): Promise<Response> {
      throw error;
    });
    const app = chain({ guards }).use(plain).handle(() => new Response('ok'));

    let result: unknown;
    expect(() => {
      result = app({});
    }).not.toThrow();
    await expect(result).rejects.toBe(error);
  });

  it('should handle errors in wrapped non-async functions (a non-async handler)', async () => {
    const error = new ExpectedError('plain handler');
    const passThrough = middleware('passThrough', async (req: {}, next: Next) => next());
    const app = chain({ guards })
      .use(passThrough)
      .handle((): Response => {
        throw error;
      });

    await expect(app({})).rejects.toBe(error);
  });

  it('should compose w/ other compositions (mapped: a sub-chain spliced with .use())', async () => {
    const called: number[] = [];
    const push = (name: string, n: number) => recording(called, n, name);
    const inner = chain({ guards }).use(push('one', 1)).use(push('two', 2));
    const app = chain({ guards }).use(inner).use(push('three', 3)).handle(() => new Response('ok'));

    await app({});

    expect(called).toEqual([1, 2, 3]);
  });

  it('should compose w/ other compositions (mapped: an app as the handler of another)', async () => {
    const called: number[] = [];
    const push = (name: string, n: number) => recording(called, n, name);
    const innerApp = chain({ guards }).use(push('two', 2)).use(push('three', 3)).handle(() => new Response('inner'));
    const app = chain({ guards }).use(push('one', 1)).handle((req) => innerApp(req));

    const res = await app({});

    expect(await res.text()).toBe('inner');
    expect(called).toEqual([1, 2, 3]);
  });

  describe('should throw if next() is called multiple times', () => {
    const passThrough = middleware('passThrough', async (req: {}, next: Next) => next());

    it('in the only middleware', async () => {
      const twice = middleware('twice', async (req: {}, next: Next) => {
        await next();
        return next();
      });
      const app = chain({ guards }).use(twice).handle(() => new Response('ok'));

      const error = await shallotRejection(app({}));

      expect(error.code).toBe('NEXT_TWICE');
      expect(error.message).toMatch(/more than once/);
    });

    it('with additions on the second call', async () => {
      const twice = middleware('twiceAdds', async (req: {}, next: Next<{ n?: number }>) => {
        await next({ n: 1 });
        return next({ n: 2 });
      });
      const app = chain({ guards }).use(twice).use(passThrough).handle(() => new Response('ok'));

      const error = await shallotRejection(app({}));

      expect(error.code).toBe('NEXT_TWICE');
      expect(error.message).toMatch(/more than once/);
    });

    it('in the last middleware, whose next is the handler', async () => {
      let handlerCalls = 0;
      const twice = middleware('lastTwice', async (req: {}, next: Next) => {
        await next();
        return next();
      });
      const app = chain({ guards })
        .use(passThrough)
        .use(twice)
        .handle(() => {
          handlerCalls++;
          return new Response('ok');
        });

      const error = await shallotRejection(app({}));

      expect(error.code).toBe('NEXT_TWICE');
      expect(error.message).toMatch(/more than once/);
      expect(handlerCalls).toBe(1);
    });
  });

  it('should return a valid middleware (mapped: a sub-chain is a valid .use() argument)', async () => {
    let val = 0;
    const count = (name: string) =>
      middleware(name, async (req: {}, next: Next) => {
        val++;
        return next();
      });
    const sub = chain({ guards }).use(count('one')).use(count('two'));
    const app = chain({ guards }).use(sub).use(count('three')).handle(() => new Response('ok'));

    await app({});

    expect(val).toBe(3);
    expect(app.description.layers.map((layer) => layer.name)).toEqual(['one', 'two', 'three']);
  });

  it('should return last return value', async () => {
    const r0 = new Response('0');
    const r1 = new Response('1');
    const r2 = new Response('2');
    const received: Response[] = [];
    const mw1 = middleware('mw1', async (req: {}, next: Next) => {
      received.push(await next());
      return r1;
    });
    const mw2 = middleware('mw2', async (req: {}, next: Next) => {
      received.push(await next());
      return r2;
    });
    const app = chain({ guards }).use(mw1).use(mw2).handle(() => r0); // a sync handler

    const result = app({});

    expect(result).toBeInstanceOf(Promise);
    expect(await result).toBe(r1);
    expect(received).toEqual([r0, r2]);
    expect(received[0]).toBe(r0);
    expect(received[1]).toBe(r2);
  });

  it('should not affect the original middleware array (mapped: layers and builders are not changed)', async () => {
    const fn1 = async (req: {}, next: Next) => next();
    const layer = middleware('fn1', fn1);
    const builder = chain({ guards }).use(layer);

    expect(layer.fn).toBe(fn1);
    expect(Object.isFrozen(layer)).toBe(true);

    await builder.use(layer).handle(() => new Response('ok'))({});

    expect(layer.fn).toBe(fn1);
    expect(layer.name).toBe('fn1');
    expect(builder.handle(() => new Response('ok')).description.layers).toEqual([{ name: 'fn1', sync: false }]);
  });

  it('should not get stuck on the passed in next (mapped: the handler runs once, with req only)', async () => {
    const handlerArgs: unknown[][] = [];
    const counting = middleware('counting', async (req: { middleware: number; next: number }, next: Next) => {
      req.middleware++;
      return next();
    });
    const app = chain<{ middleware: number; next: number }>({ guards })
      .use(counting)
      .handle((req, ...rest: unknown[]) => {
        handlerArgs.push([req, ...rest]);
        req.next++;
        return new Response('ok');
      });
    const ctx = { middleware: 0, next: 0 };

    await app(ctx);

    expect(ctx).toEqual({ middleware: 1, next: 1 });
    expect(handlerArgs).toHaveLength(1);
    expect(handlerArgs[0]).toEqual([ctx]); // no next and no other argument: nothing to get stuck on
  });

  it('should throw if a middleware does not return a promise (mapped: a handler returning null)', async () => {
    const passThrough = middleware('passThrough', async (req: {}, next: Next<{}, unknown>) => next());
    const app = chain({ guards }).use(passThrough).handle(() => null);

    if (guards) {
      const error = await shallotRejection(app({}));
      expect(error).toBeInstanceOf(ShallotError);
      expect(error.code).toBe('NOT_A_RESPONSE');
      expect(error.layer).toBe('the handler');
    } else {
      await expect(app({})).resolves.toBeNull(); // unchecked with the guards off
    }
  });
});

describe.each(guardModes)('hono compose cases beyond koa ($mode)', ({ guards }) => {
  it('Request / Response', async () => {
    const vars: Record<string, string> = {};
    const log = middleware('log', async (req: {}, next: Next<{ log: string }>) => next({ log: 'log message' }));
    const header = middleware('header', async (req: {}, next: Next) => {
      const res = await next();
      vars['zzz'] = 'xxx';
      res.headers.set('x-custom-header', 'custom-header');
      return res;
    });
    const app = chain<{ request: Request }>({ guards })
      .use(log)
      .use(header)
      .handle((req) => {
        vars['log'] = req.log;
        return Response.json({ message: 'new response', url: req.request.url });
      });

    const res = await app({ request: new Request('http://localhost/hello') });

    expect(vars).toEqual({ log: 'log message', zzz: 'xxx' });
    expect(res.headers.get('x-custom-header')).toBe('custom-header');
    expect(await res.json()).toEqual({ message: 'new response', url: 'http://localhost/hello' });
  });

  it('non-async handler returning a Promise', async () => {
    const passThrough = middleware('passThrough', async (req: {}, next: Next) => next());
    const app = chain({ guards })
      .use(passThrough)
      .handle(
        () =>
          new Promise<Response>((resolve) => {
            setTimeout(() => resolve(Response.json({ message: 'new response' })), 1);
          }),
      );

    const res = await app({});

    expect(await res.json()).toEqual({ message: 'new response' });
  });

  it('401 not authorized (a middleware replaces the response after next)', async () => {
    const auth = middleware('auth', async (req: {}, next: Next) => {
      await next();
      return new Response('Not authorized', { status: 401 });
    });
    const app = chain({ guards }).use(auth).handle(() => new Response('hello'));

    const res = await app({});

    expect(res.status).toBe(401);
    expect(await res.text()).toBe('Not authorized');
  });

  it('500 error (an outer layer turns a thrown error into a response)', async () => {
    const onError = middleware('onError', async (req: {}, next: Next) => {
      try {
        return await next();
      } catch {
        return new Response('onError', { status: 500 });
      }
    });
    const app = chain({ guards })
      .use(onError)
      .handle((): Response => {
        throw new Error('handler failed');
      });

    const res = await app({});

    expect(res.status).toBe(500);
    expect(await res.text()).toBe('onError');
  });

  it('Run all the middlewares', async () => {
    const stack: number[] = [];
    const push = (n: number) => recording(stack, n);
    const app = chain({ guards }).use(push(0)).use(push(1)).use(push(2)).handle(() => new Response('ok'));

    await app({});

    expect(stack).toEqual([0, 1, 2]);
  });

  it('not finalized (a middleware that neither calls next nor returns a response)', async () => {
    // @ts-expect-error -- returns undefined on purpose: the runtime guard under test (types reject it since issue 11)
    const silent = middleware('silent', async (req: {}, next: Next) => {});
    const app = chain({ guards }).use(silent).handle(() => new Response('ok'));

    if (guards) {
      const error = await shallotRejection(app({}));
      expect(error.code).toBe('NOT_A_RESPONSE');
      expect(error.layer).toBe('silent');
    } else {
      await expect(app({})).resolves.toBeUndefined();
    }
  });

  it('should not get executed if previous next() not triggered', async () => {
    const arr: number[] = [];
    const called: boolean[] = [];
    const mw1 = middleware('mw1', async (req: {}, next: Next) => {
      called.push(true);
      arr.push(1);
      const res = await next();
      arr.push(6);
      return res;
    });
    const mw2 = middleware('mw2', async (req: {}, next: Next) => {
      called.push(true);
      arr.push(2);
      return new Response('stopped');
    });
    const mw3 = middleware('mw3', async (req: {}, next: Next) => {
      called.push(true);
      arr.push(3);
      return next();
    });
    const app = chain({ guards }).use(mw1).use(mw2).use(mw3).handle(() => new Response('ok'));

    const res = await app({});

    expect(await res.text()).toBe('stopped');
    expect(called).toEqual([true, true]);
    expect(arr).toEqual([1, 2, 6]);
  });
});
