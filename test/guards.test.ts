/**
 * The runtime guards (on by default, off in production or with `guards: false`)
 * and the checks of the API's arguments.
 */
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { chain, middleware, ShallotError, type Next, type NextSync } from '../src/index.js';
import { delay, expectShallotError, guardModes, shallotRejection, shallotThrow, useNodeEnv } from './helpers.js';

const passThrough = middleware('passThrough', async (req: {}, next: Next) => next());
const ok = (): Response => new Response('ok');
/** An outer layer that records what its `await next()` threw, and throws it on. */
const recorder = (seen: unknown[]) =>
  middleware('outer', async (req: {}, next: Next) => {
    try {
      return await next();
    } catch (error) {
      seen.push(error);
      throw error;
    }
  });

/** Guards on: by default (NODE_ENV set to 'test' here) and explicitly. */
const guardsOn = [
  { mode: 'guards on by default', options: {} },
  { mode: 'guards: true', options: { guards: true } },
] as const;

describe.each(guardsOn)('$mode', ({ options }) => {
  useNodeEnv('test');

  it('is on (the description says so)', () => {
    expect(chain(options).handle(ok).description.guards).toBe(true);
  });

  describe('next() called twice', () => {
    it('rejects with NEXT_TWICE naming the async layer', async () => {
      const twice = middleware('twice', async (req: {}, next: Next) => {
        await next();
        return next();
      });
      const app = chain(options).use(passThrough).use(twice).use(passThrough).handle(ok);

      const error = await shallotRejection(app({}));

      expect(error).toBeInstanceOf(ShallotError);
      expect(error).toBeInstanceOf(Error);
      expect(error.name).toBe('ShallotError');
      expectShallotError(error, { code: 'NEXT_TWICE', layer: 'twice', message: "middleware 'twice' called next() more than once" });
    });

    it('names the layer even when the layer below it short-circuits', async () => {
      const twice = middleware('twice', async (req: {}, next: Next) => {
        await next();
        return next();
      });
      const stop = middleware('stop', async (req: {}, next: Next) => new Response('stopped'));
      const app = chain(options).use(twice).use(stop).handle(ok);

      const error = await shallotRejection(app({}));

      expectShallotError(error, { code: 'NEXT_TWICE', layer: 'twice' });
    });

    it('throws NEXT_TWICE naming a sync layer', () => {
      const twice = middleware.sync('syncTwice', (req: {}, next: NextSync) => {
        next();
        return next();
      });
      const app = chain(options).use(twice).handle(ok);

      const error = shallotThrow(() => app({}));

      expectShallotError(error, { code: 'NEXT_TWICE', layer: 'syncTwice', message: "middleware 'syncTwice'" });
    });
  });

  describe('missing await (next() called, its promise dropped)', () => {
    it('rejects with MISSING_AWAIT naming the layer', async () => {
      const dropper = middleware('dropper', async (req: {}, next: Next) => {
        void next();
        return new Response('mine');
      });
      const app = chain(options).use(passThrough).use(dropper).handle(ok);

      const error = await shallotRejection(app({}));

      expectShallotError(error, { code: 'MISSING_AWAIT', layer: 'dropper', message: "middleware 'dropper' called next() without awaiting it (missing await)" });
    });

    it('also when the layer then throws (the thrown error is the cause)', async () => {
      const boom = new Error('after dropping');
      const dropper = middleware('dropper', async (req: {}, next: Next): Promise<Response> => {
        void next();
        throw boom;
      });
      const app = chain(options).use(dropper).handle(ok);

      const error = await shallotRejection(app({}));

      expectShallotError(error, { code: 'MISSING_AWAIT', layer: 'dropper' });
      expect(error.cause).toBe(boom);
    });

    it('is not raised for await next(), return next() or next().then(...)', async () => {
      const awaiting = middleware('awaiting', async (req: {}, next: Next) => {
        const res = await next();
        return res;
      });
      const returning = middleware('returning', (req: {}, next: Next) => next());
      const thenning = middleware('thenning', (req: {}, next: Next) => next().then((res) => res));
      const app = chain(options).use(awaiting).use(returning).use(thenning).handle(ok);

      const res = await app({});

      expect(await res.text()).toBe('ok');
    });
  });

  describe('missing await above the innermost async layer', () => {
    /** An async pass-through layer that waits `ms` (0: no wait at all) before and after next(). */
    const slow = (name: string, ms: number) =>
      middleware(name, async (req: {}, next: Next) => {
        if (ms > 0) await delay(ms);
        const res = await next();
        if (ms > 0) await delay(ms);
        return res;
      });
    const dropper = middleware('dropper', async (req: {}, next: Next) => {
      void next();
      return new Response('mine');
    });
    /** The error as the outermost layer's try/catch sees it, turned into a response. */
    const boundary = middleware('boundary', async (req: {}, next: Next) => {
      try {
        return await next();
      } catch (error) {
        return new Response(error instanceof ShallotError ? `${error.code} ${error.layer}` : 'other', { status: 500 });
      }
    });

    it.each([
      { when: 'resolve at once', ms: 0 },
      { when: 'resolve later', ms: 2 },
    ])('names the outermost of 3 layers when it drops next() and the inner layers $when', async ({ ms }) => {
      const app = chain(options).use(dropper).use(slow('inner1', ms)).use(slow('inner2', ms)).handle(ok);

      const error = await shallotRejection(app({}));

      expectShallotError(error, { code: 'MISSING_AWAIT', layer: 'dropper' });
    });

    it.each([
      { when: 'resolve at once', ms: 0 },
      { when: 'resolve later', ms: 2 },
    ])('the error travels up to an outer layer when a middle layer drops next() and the inner layers $when', async ({ ms }) => {
      const app = chain(options).use(boundary).use(slow('outer', ms)).use(dropper).use(slow('inner', ms)).handle(ok);

      const res = await app({});

      expect(res.status).toBe(500);
      expect(await res.text()).toBe('MISSING_AWAIT dropper');
    });

    it('a dropped next() whose chain fails later, after the layer returned, goes neither unreported nor unhandled', async () => {
      const boom = new Error('inner failed');
      const late = middleware('late', async (req: {}, next: Next): Promise<Response> => {
        await delay(5);
        throw boom;
      });
      const app = chain(options).use(dropper).use(slow('middle', 0)).use(late).handle(ok);

      const error = await shallotRejection(app({}));

      expectShallotError(error, { code: 'MISSING_AWAIT', layer: 'dropper' });
      await delay(20); // the inner rejection settles here: vitest fails the run on an unhandled rejection
    });

    it('a dropped next() whose chain fails before the layer returns is reported, not unhandled', async () => {
      const boom = new Error('inner failed');
      const failing = middleware('failing', async (req: {}, next: Next): Promise<Response> => {
        throw boom;
      });
      const waitingDropper = middleware('waitingDropper', async (req: {}, next: Next) => {
        void next();
        await delay(5); // the dropped promise rejects meanwhile, and macrotasks run
        return new Response('mine');
      });
      const app = chain(options).use(waitingDropper).use(slow('middle', 0)).use(failing).handle(ok);

      const error = await shallotRejection(app({}));

      expectShallotError(error, { code: 'MISSING_AWAIT', layer: 'waitingDropper' });
    });

    it('a dropped next() whose handler throws at once is reported, not unhandled', async () => {
      const waitingDropper = middleware('waitingDropper', async (req: {}, next: Next) => {
        void next(); // rejects at once: the handler throws synchronously
        await delay(5);
        return new Response('mine');
      });
      const app = chain(options)
        .use(waitingDropper)
        .handle(() => {
          throw new Error('handler failed');
        });

      const error = await shallotRejection(app({}));

      expectShallotError(error, { code: 'MISSING_AWAIT', layer: 'waitingDropper' });
    });

    it('a dropped next() whose async handler rejects while the layer waits is reported, not unhandled', async () => {
      const waitingDropper = middleware('waitingDropper', async (req: {}, next: Next) => {
        void next();
        await delay(5);
        return new Response('mine');
      });
      const app = chain(options)
        .use(waitingDropper)
        .handle(async (): Promise<Response> => {
          throw new Error('handler failed');
        });

      const error = await shallotRejection(app({}));

      expectShallotError(error, { code: 'MISSING_AWAIT', layer: 'waitingDropper' });
    });

    it('is not raised when the layer awaits next() later, even if the chain below failed meanwhile', async () => {
      const boom = new Error('inner failed');
      const failing = middleware('failing', async (req: {}, next: Next): Promise<Response> => {
        throw boom;
      });
      const patient = middleware('patient', async (req: {}, next: Next) => {
        const pending = next();
        await delay(5);
        try {
          return await pending;
        } catch (error) {
          return new Response(error === boom ? 'caught boom' : 'other', { status: 500 });
        }
      });
      const app = chain(options).use(slow('outer', 0)).use(patient).use(slow('inner', 0)).use(failing).handle(ok);

      const res = await app({});

      expect(await res.text()).toBe('caught boom');
    });

    it('an error from below reaches the outer layer as the same object, through guarded layers', async () => {
      const boom = new Error('handler failed');
      const seen: unknown[] = [];
      const app = chain(options)
        .use(recorder(seen))
        .use(slow('a', 0))
        .use(slow('b', 1))
        .handle(() => {
          throw boom;
        });

      await expect(app({})).rejects.toBe(boom);
      expect(seen).toEqual([boom]);
    });
  });

  describe('non-response results', () => {
    it('rejects with NOT_A_RESPONSE naming a layer that returns undefined', async () => {
      // @ts-expect-error -- returns undefined on purpose: the runtime guard under test (types reject it since issue 11)
      const forgot = middleware('forgotReturn', async (req: {}, next: Next) => {
        await next();
      });
      const app = chain(options).use(forgot).use(passThrough).handle(ok);

      const error = await shallotRejection(app({}));

      expectShallotError(error, { code: 'NOT_A_RESPONSE', layer: 'forgotReturn', message: "middleware 'forgotReturn' returned undefined instead of a response" });
    });

    // The cast hides the missing return from the compile-time check, which would reject these chains.
    const middle = middleware('middle', async (req: {}, next: Next) => {
      await next();
      return undefined as unknown as Response;
    });

    it('names a middle layer that returns undefined, and the error travels up to the outer layer', async () => {
      const seen: unknown[] = [];
      const app = chain(options).use(recorder(seen)).use(middle).use(passThrough).handle(ok);

      const error = await shallotRejection(app({}));

      expectShallotError(error, { code: 'NOT_A_RESPONSE', layer: 'middle' });
      expect(seen).toEqual([error]);
    });

    it('names a middle layer that returns undefined even when the outer layer answers with its own response', async () => {
      const outer = middleware('outer', async (req: {}, next: Next) => {
        await next();
        return new Response('outer');
      });
      const app = chain(options).use(outer).use(middle).use(passThrough).handle(ok);

      const error = await shallotRejection(app({}));

      expectShallotError(error, { code: 'NOT_A_RESPONSE', layer: 'middle' });
    });

    it('rejects with NOT_A_RESPONSE naming a layer that returns null', async () => {
      const nothing = middleware('returnsNull', async (req: {}, next: Next<{}, unknown>) => null);
      const app = chain(options).use(nothing).handle(ok);

      const error = await shallotRejection(app({}));

      expectShallotError(error, { code: 'NOT_A_RESPONSE', layer: 'returnsNull', message: 'returned null' });
    });

    it("names 'the handler' when the handler returns undefined", async () => {
      const app = chain(options)
        .use(passThrough)
        .handle(() => undefined as unknown as Response);

      const error = await shallotRejection(app({}));

      expectShallotError(error, { code: 'NOT_A_RESPONSE', layer: 'the handler' });
      expect(error.message).toMatch(/^the handler returned undefined instead of a response/);
    });

    it("labels a layer named 'the handler' as a middleware, not as the handler", async () => {
      const impostor = middleware('the handler', async (_req: {}, _next: Next) => undefined as unknown as Response);
      const app = chain(options).use(impostor).handle(() => new Response('ok'));

      const error = await shallotRejection(app({}));

      expectShallotError(error, { code: 'NOT_A_RESPONSE' });
      expect(error.message).toMatch(/^middleware 'the handler' returned undefined/);
    });

    it("names 'the handler' when an async handler resolves to undefined", async () => {
      const app = chain(options)
        .use(passThrough)
        .handle(async () => undefined as unknown as Response);

      const error = await shallotRejection(app({}));

      expectShallotError(error, { code: 'NOT_A_RESPONSE', layer: 'the handler' });
    });

    it('throws NOT_A_RESPONSE naming a sync layer that returns undefined', () => {
      // @ts-expect-error -- returns undefined on purpose: the runtime guard under test (types reject it since issue 11)
      const forgot = middleware.sync('syncForgot', (req: {}, next: NextSync) => {
        next();
      });
      const app = chain(options).use(forgot).handle(ok);

      const error = shallotThrow(() => app({}));

      expectShallotError(error, { code: 'NOT_A_RESPONSE', layer: 'syncForgot' });
    });

    describe('a custom isResponse option', () => {
      const isResponse = (value: unknown): boolean => value instanceof Response;
      const loose = middleware('loose', async (req: {}, next: Next<{}, object>) => next());
      const plain = (): object => ({ status: 200 });

      it('rejects a plain object from the handler', async () => {
        const app = chain({ ...options, isResponse }).use(loose).handle(plain);

        const error = await shallotRejection(app({}));

        expectShallotError(error, { code: 'NOT_A_RESPONSE', layer: 'the handler', message: 'the handler returned an object instead of a response' });
      });

      it('rejects a plain object from a layer', async () => {
        const objectLayer = middleware('objectLayer', async (req: {}, next: Next<{}, unknown>) => ({ status: 200 }));
        const app = chain({ ...options, isResponse }).use(objectLayer).handle(ok);

        const error = await shallotRejection(app({}));

        expectShallotError(error, { code: 'NOT_A_RESPONSE', layer: 'objectLayer' });
      });

      it('accepts a Response', async () => {
        const app = chain({ ...options, isResponse }).use(loose).handle(ok);

        const res = await app({});

        expect(res).toBeInstanceOf(Response);
      });

      it('without it, a plain object counts as a response (anything but undefined and null)', async () => {
        const app = chain(options).use(loose).handle(plain);

        await expect(app({})).resolves.toEqual({ status: 200 });
      });
    });
  });

  describe('bad additions', () => {
    it('rejects with BAD_ADDITIONS when next() gets a number', async () => {
      const bad = middleware('badAdds', async (req: {}, next: Next) => next(42 as unknown as {}));
      const app = chain(options).use(bad).handle(ok);

      const error = await shallotRejection(app({}));

      expectShallotError(error, { code: 'BAD_ADDITIONS', layer: 'badAdds', message: "middleware 'badAdds' called next() with number 42" });
    });

    it('rejects with BAD_ADDITIONS when next() gets null', async () => {
      const bad = middleware('nullAdds', async (req: {}, next: Next) => next(null as unknown as {}));
      const app = chain(options).use(bad).handle(ok);

      const error = await shallotRejection(app({}));

      expectShallotError(error, { code: 'BAD_ADDITIONS', message: 'with null' });
    });
  });

  describe('sync layers and promises', () => {
    it('throws SYNC_GOT_PROMISE when a middleware.sync layer returns a promise', () => {
      const liar = middleware.sync(
        'liar',
        (req: {}, next: NextSync): Response => Promise.resolve(next()) as unknown as Response,
      );
      const app = chain(options).use(liar).handle(ok);

      const error = shallotThrow(() => app({}));

      expectShallotError(error, { code: 'SYNC_GOT_PROMISE', layer: 'liar', message: "middleware 'liar' is sync (middleware.sync) but returned a promise" });
    });

    it('rejects with SYNC_GOT_PROMISE when that sync layer sits below an async one', async () => {
      const liar = middleware.sync('liar', (req: {}, next: NextSync): Response => Promise.resolve(next()) as unknown as Response);
      const app = chain(options).use(passThrough).use(liar).handle(ok);

      const error = await shallotRejection(app({}));

      expectShallotError(error, { code: 'SYNC_GOT_PROMISE', layer: 'liar' });
    });

    it('throws SYNC_GOT_PROMISE when a sync layer sits above an async handler', () => {
      const header = middleware.sync('syncHeader', (req: {}, next: NextSync) => {
        const res = next();
        res.headers.set('X-Custom-Header', 'Hello');
        return res;
      });
      // The cast hides the async handler from the compile-time check (check 4).
      const asyncHandler = (async () => new Response('late')) as unknown as () => Response;
      const app = chain(options).use(header).handle(asyncHandler);

      const error = shallotThrow(() => app({}));

      expectShallotError(error, { code: 'SYNC_GOT_PROMISE', layer: 'syncHeader', message: 'next() gave it a promise from an async handler below' });
    });
  });
});

describe.each(guardModes)('$mode: checks that do not depend on the guards', ({ guards }) => {
  it('.handle() throws ASYNC_BELOW_SYNC for an async layer below a sync one', () => {
    const syncLayer = middleware.sync('syncLayer', (req: {}, next: NextSync) => next());
    const asyncLayer = middleware('asyncLayer', async (req: {}, next: Next) => next());
    const builder = chain({ guards })
      .use(syncLayer)
      // @ts-expect-error -- compile-time check 4 (async below sync) rejects this; the runtime check is under test
      .use(asyncLayer);

    const error = shallotThrow(() => builder.handle(ok));

    expectShallotError(error, { code: 'ASYNC_BELOW_SYNC', layer: 'asyncLayer', message: "middleware 'asyncLayer' is async, but middleware 'syncLayer' above it is sync" });
  });

  it('a one-layer chain reports next() called twice as NEXT_TWICE naming the layer', async () => {
    const twice = middleware('twice', async (req: {}, next: Next) => {
      await next();
      return next();
    });
    const app = chain({ guards }).use(twice).handle(ok);

    const error = await shallotRejection(app({}));

    expectShallotError(error, { code: 'NEXT_TWICE', layer: 'twice', message: "middleware 'twice' called next() more than once" });
  });

  it('a longer chain reports an outer layer calling next() twice as NEXT_TWICE', async () => {
    const twice = middleware('twice', async (req: {}, next: Next) => {
      await next();
      return next();
    });
    const app = chain({ guards }).use(twice).use(passThrough).handle(ok);

    const error = await shallotRejection(app({}));

    expectShallotError(error, { code: 'NEXT_TWICE', message: "'twice'" });
  });

  it('a retry past a layer that short-circuited names the retrying layer and never reaches the layers below the gate', async () => {
    const reached: string[] = [];
    const retry = middleware('retry', async (req: {}, next: Next) => {
      const first = await next();
      return first.status === 403 ? next() : first;
    });
    const gate = middleware('gate', async (req: {}, next: Next) => new Response('no', { status: 403 }));
    const below = middleware('below', async (req: {}, next: Next) => {
      reached.push('below');
      return next();
    });
    const app = chain({ guards })
      .use(retry)
      .use(gate)
      .use(below)
      .handle(() => {
        reached.push('handler');
        return ok();
      });

    const error = await shallotRejection(app({}));

    expectShallotError(error, { code: 'NEXT_TWICE', layer: 'retry' });
    expect(reached).toEqual([]);
  });

  it('two next() calls in a row, while the layer below is suspended, name the caller and leave the layer below its own next()', async () => {
    const order: string[] = [];
    const eager = middleware('eager', async (req: {}, next: Next) => {
      const first = next();
      let second: unknown;
      try {
        second = next();
      } catch (error) {
        second = error;
      }
      order.push(second instanceof ShallotError ? `eager: ${second.code} ${second.layer}` : 'eager: second call ran');
      return first;
    });
    const slow = middleware('slow', async (req: {}, next: Next) => {
      await delay(1);
      order.push('slow: next');
      return next();
    });
    const app = chain({ guards }).use(eager).use(slow).handle(() => {
      order.push('handler');
      return ok();
    });

    const res = await app({});

    expect(await res.text()).toBe('ok');
    expect(order).toEqual(['eager: NEXT_TWICE eager', 'slow: next', 'handler']);
  });

  it('a sync layer calling next() twice is named', () => {
    const twice = middleware.sync('syncTwice', (req: {}, next: NextSync) => {
      next();
      return next();
    });
    const app = chain({ guards }).use(twice).use(middleware.sync('inner', (req: {}, next: NextSync) => next())).handle(ok);

    const error = shallotThrow(() => app({}));

    expectShallotError(error, { code: 'NEXT_TWICE', layer: 'syncTwice' });
  });
});

describe("guards on leave V8's promise fast paths alone", () => {
  it('the species protector stays intact (a broken one would slow every promise in the process, koa-compose included)', async () => {
    setFlagsFromString('--allow-natives-syntax'); // for functions compiled from here on
    const intact = new Function('return %PromiseSpeciesProtector()') as () => boolean;
    expect(intact()).toBe(true);
    const awaiting = middleware('awaiting', async (req: {}, next: Next) => {
      const res = await next();
      return res;
    });
    const thenning = middleware('thenning', (req: {}, next: Next) => Promise.all([next()]).then(([res]) => res));
    const dropper = middleware('dropper', async (req: {}, next: Next) => {
      void next();
      return new Response('mine');
    });
    const app = chain({ guards: true }).use(awaiting).use(passThrough).use(thenning).handle(ok);

    await app({});
    await shallotRejection(chain({ guards: true }).use(awaiting).use(dropper).use(passThrough).handle(ok)({}));

    expect(intact()).toBe(true);
  });
});

describe('guards: false skips the other checks', () => {
  it('does not report a dropped next() promise', async () => {
    const dropper = middleware('dropper', async (req: {}, next: Next) => {
      void next();
      return new Response('mine');
    });
    const app = chain({ guards: false }).use(dropper).handle(ok);

    const res = await app({});

    expect(await res.text()).toBe('mine');
  });

  it('passes a non-response through unchecked', async () => {
    // @ts-expect-error -- returns undefined on purpose: the runtime guard under test (types reject it since issue 11)
    const forgot = middleware('forgotReturn', async (req: {}, next: Next) => {
      await next();
    });
    const app = chain({ guards: false }).use(forgot).handle(ok);

    expect(app.description.guards).toBe(false);
    await expect(app({})).resolves.toBeUndefined();
  });
});

describe('API misuse: BAD_ARGUMENT', () => {
  const fn = async (req: {}, next: Next) => next();

  it("middleware('', fn) names the name argument", () => {
    const error = shallotThrow(() => middleware('', fn));
    expectShallotError(error, { code: 'BAD_ARGUMENT' });
    expect(error.message).toBe('middleware(name, fn): name must be a non-empty string, got the string ""');
  });

  it("middleware.sync('', fn) names the name argument", () => {
    const error = shallotThrow(() => middleware.sync('', (req: {}, next: NextSync) => next()));
    expectShallotError(error, { code: 'BAD_ARGUMENT' });
    expect(error.message).toMatch(/^middleware\.sync\(name, fn\): name must be a non-empty string/);
  });

  it("middleware('x', 42) names the fn argument", () => {
    const error = shallotThrow(() => middleware('x', 42 as unknown as typeof fn));
    expectShallotError(error, { code: 'BAD_ARGUMENT' });
    expect(error.message).toMatch(/^middleware\('x', fn\): fn must be a function .*, got number 42$/);
  });

  it('chain().use(42) names the argument and its position', () => {
    const error = shallotThrow(() => chain().use(42 as unknown as typeof passThrough));
    expectShallotError(error, { code: 'BAD_ARGUMENT' });
    expect(error.message).toMatch(/^chain\.use\(\): expected a middleware .* or a chain, got number 42 at position 1$/);
  });

  it('chain().use(x).use({}) says which layer it follows', () => {
    const error = shallotThrow(() => chain().use(passThrough).use({} as unknown as typeof passThrough));
    expectShallotError(error, { code: 'BAD_ARGUMENT', message: "got an object at position 2, after middleware 'passThrough'" });
  });

  it('chain().handle(42) names the fn argument', () => {
    const error = shallotThrow(() => chain().handle(42 as unknown as () => Response));
    expectShallotError(error, { code: 'BAD_ARGUMENT' });
    expect(error.message).toMatch(/^chain\.handle\(fn\): fn must be a function .*, got number 42$/);
  });

  it('chain(null) names the options argument', () => {
    const error = shallotThrow(() => chain(null as unknown as {}));
    expectShallotError(error, { code: 'BAD_ARGUMENT' });
    expect(error.message).toBe('chain(options): options must be an object, got null');
  });
});

describe('guards default to off when NODE_ENV is production at .handle() time', () => {
  useNodeEnv('test'); // each test sets production itself; the original value is restored after

  it('reads NODE_ENV when .handle() runs, not when the builder is made', () => {
    const builder = chain().use(passThrough);
    process.env.NODE_ENV = 'production';
    const prod = builder.handle(ok);
    process.env.NODE_ENV = 'development';
    const dev = builder.handle(ok);

    expect(prod.description.guards).toBe(false);
    expect(dev.description.guards).toBe(true);
  });

  it('a production app really runs without guards', async () => {
    process.env.NODE_ENV = 'production';
    // @ts-expect-error -- returns undefined on purpose: the runtime guard under test (types reject it since issue 11)
    const forgot = middleware('forgotReturn', async (req: {}, next: Next) => {
      await next();
    });
    const app = chain().use(forgot).handle(ok);

    expect(app.description.guards).toBe(false);
    await expect(app({})).resolves.toBeUndefined();
  });

  it('an explicit guards: true wins over production', () => {
    process.env.NODE_ENV = 'production';
    expect(chain({ guards: true }).handle(ok).description.guards).toBe(true);
  });
});
