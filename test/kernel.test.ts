/**
 * The fast kernel's contract where it once differed from the app's type: an
 * async position answers a promise even when the layer's function answers at
 * once (or throws), and layer functions are called as functions, not as
 * methods of an internal array. Both guard modes.
 */
import { describe, expect, it } from 'vitest';
import { chain, middleware, type Next } from '../src/index.js';
import { guardModes } from './helpers.js';

describe.each(guardModes)('kernel ($mode)', ({ guards }) => {
  it('an async layer whose function answers at once still makes the app answer a promise', async () => {
    // A plain function passed to middleware(): it returns a Response, not a promise.
    const eager = middleware('eager', ((_req: {}, _next: Next) => new Response('at once')) as unknown as (req: {}, next: Next) => Promise<Response>);
    const app = chain({ guards }).use(eager).handle(() => new Response('handler'));
    const out = app({});
    expect(out).toBeInstanceOf(Promise);
    expect(await (await out).text()).toBe('at once');
  });

  it('an async layer whose next() reaches an eager one gets a promise from next()', async () => {
    const eager = middleware('eager', ((_req: {}, _next: Next) => new Response('inner')) as unknown as (req: {}, next: Next) => Promise<Response>);
    let seen: unknown;
    const outer = middleware('outer', (_req: {}, next: Next) => {
      seen = next();
      return seen as ReturnType<Next>;
    });
    const app = chain({ guards }).use(outer).use(eager).handle(() => new Response('handler'));
    expect(await (await app({})).text()).toBe('inner');
    expect(seen).toBeInstanceOf(Promise);
  });

  it('a plain layer function that throws makes the app reject, not throw', async () => {
    const thrower = middleware('thrower', ((_req: {}, _next: Next) => {
      throw new Error('at once');
    }) as unknown as (req: {}, next: Next) => Promise<Response>);
    const app = chain({ guards }).use(thrower).handle(() => new Response('handler'));
    let out: unknown;
    expect(() => (out = app({}))).not.toThrow();
    await expect(out).rejects.toThrow('at once');
  });

  it('calls layer functions and the handler with `this` undefined, as plain calls', async () => {
    const thisValues: unknown[] = [];
    const layer = middleware('self', async function (this: unknown, _req: {}, next: Next) {
      thisValues.push(this);
      return next();
    });
    const app = chain({ guards })
      .use(layer)
      .handle(function (this: unknown) {
        thisValues.push(this);
        return new Response('ok');
      });
    await app({});
    expect(thisValues).toEqual([undefined, undefined]);
  });
});
