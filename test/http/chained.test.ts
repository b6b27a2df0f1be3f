/**
 * logger, timing, requestId and setHeader are plain functions returning
 * `next().then(…)` (less garbage per request than an async function). Each is
 * compared here with its async twin, the same layer written with `await next()`
 * as users write layers: over handlers that answer at once, later, throw and
 * reject, guards on and off, both give the same response, the same log lines,
 * the same error, and settle on the same microtask tick.
 */
import { describe, expect, it } from 'vitest';
import { chain, middleware, type Next } from '../../src/index.js';
import { logger, requestId, setHeader, text, timing, withHeader, type HttpContext } from '../../src/http/index.js';
import { ctx, lines } from './helpers.js';

type Sink = (line: string) => void;

/** The async twins: the same work, written with `await next()`. */
const twins = {
  logger: (sink: Sink) =>
    middleware('logger', async (req: { readonly method: string; readonly path: string }, next: Next) => {
      sink(`--> ${req.method} ${req.path}`);
      try {
        const res = await next();
        sink(`<-- ${req.method} ${req.path} ${res.status}`);
        return res;
      } catch (error) {
        sink(`<-- ${req.method} ${req.path} threw ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`);
        throw error;
      }
    }),
  timing: (sink: Sink) =>
    middleware('timing', async (_req: {}, next: Next) => {
      const start = performance.now();
      const res = await next();
      const ms = performance.now() - start;
      sink(`Request took ${(ms / 1000).toFixed(4)} seconds`);
      return withHeader(res, 'server-timing', `total;dur=${ms.toFixed(1)}`, 'append');
    }),
  requestId: () =>
    middleware('requestId', async (req: { readonly headers: Headers }, next: Next<{ requestId: string }>) => {
      const incoming = req.headers.get('x-request-id');
      const id = incoming ?? 'made';
      return withHeader(await next({ requestId: id }), 'x-request-id', id);
    }),
  setHeader: (when?: (res: Response) => boolean) =>
    middleware('setHeader(X-Status)', async (_req: {}, next: Next) => {
      const res = await next();
      return when === undefined || when(res) ? withHeader(res, 'x-status', 'OK') : res;
    }),
};

const builtIns = {
  logger: (sink: Sink) => logger({ sink }),
  timing: (sink: Sink) => timing({ sink }),
  requestId: () => requestId({ generate: () => 'made' }),
  setHeader: (when?: (res: Response) => boolean) => setHeader('X-Status', 'OK', when === undefined ? {} : { when }),
};

const boom = new Error('boom');
/** What the handler does. */
const handlers: Record<string, (req: { requestId: string }) => Response | Promise<Response>> = {
  'answers at once': (req) => text(`id ${req.requestId}`),
  'answers two ticks later': async (req) => {
    await null;
    await null;
    return text(`id ${req.requestId}`, { status: 201 });
  },
  'answers 404': () => text('nope', { status: 404 }),
  throws: () => {
    throw boom;
  },
  rejects: async () => {
    await null;
    throw boom;
  },
};

interface Outcome {
  tick: number;
  status?: number;
  headers?: [string, string][];
  body?: string;
  error?: unknown;
  lines: string[];
}

/** The request's outcome, and the microtask tick (counted from the call) on which it settled. */
async function observe(run: () => unknown, log: string[]): Promise<Outcome> {
  let tick = 0;
  let stop = false;
  const count = (): void => {
    if (stop) return;
    tick++;
    queueMicrotask(count);
  };
  queueMicrotask(count);
  const promise = Promise.resolve().then(run);
  const settled = await promise.then(
    (res) => ({ tick, res: res as Response }),
    (error: unknown) => ({ tick, error }),
  );
  stop = true;
  const normal = (line: string): string => line.replace(/\d+\.\d+/g, 'N');
  if ('error' in settled) return { tick: settled.tick, error: settled.error, lines: log.map(normal) };
  const headers = [...settled.res.headers].map(([k, v]): [string, string] => [k, normal(v)]);
  return { tick: settled.tick, status: settled.res.status, headers, body: await settled.res.text(), lines: log.map(normal) };
}

describe('the built-in layers answer as their async twins', () => {
  for (const guards of [false, true]) {
    for (const [what, handler] of Object.entries(handlers)) {
      it(`guards ${guards ? 'on' : 'off'}, a handler that ${what}`, async () => {
        const run = (layers: typeof builtIns | typeof twins) => {
          const log = lines();
          const app = chain<HttpContext>({ guards })
            .use(layers.logger(log.sink))
            .use(layers.timing(log.sink))
            .use(layers.requestId())
            .use(layers.setHeader((res) => res.status < 300))
            .use(layers.setHeader())
            .handle(handler);
          return observe(() => app(ctx('/p')), log.lines);
        };
        const [ours, theirs] = [await run(builtIns), await run(twins)];
        expect(ours).toEqual(theirs);
        if (what === 'throws' || what === 'rejects') expect(ours.error).toBe(boom);
      });
    }
  }

  it('logger: a sink that throws on the line after next() is logged as threw and passed on, as by a try around await next()', async () => {
    const fail = new Error('sink full');
    const run = (make: (sink: Sink) => ReturnType<typeof logger>) => {
      const log: string[] = [];
      const sink = (line: string): void => {
        log.push(line);
        if (line.startsWith('<-- GET /p 200')) throw fail;
      };
      const app = chain<HttpContext>().use(make(sink)).handle(() => text('ok'));
      return observe(() => app(ctx('/p')), log);
    };
    const [ours, theirs] = [await run(builtIns.logger), await run(twins.logger)];
    expect(ours).toEqual(theirs);
    expect(ours.error).toBe(fail);
    expect(ours.lines).toEqual(['--> GET /p', '<-- GET /p 200', '<-- GET /p threw Error: sink full']);
  });

  it('a throw before next() (a headers getter that throws) is a rejection, not a throw from the app, as from an async function', async () => {
    const bad = new Error('no headers');
    const req = Object.defineProperty(ctx('/p'), 'headers', {
      get() {
        throw bad;
      },
    });
    for (const guards of [false, true]) {
      const app = chain<HttpContext>({ guards }).use(requestId()).handle(() => text('ok'));
      let result: unknown;
      expect(() => (result = app(req))).not.toThrow();
      await expect(result).rejects.toBe(bad);
    }
  });
});

/** What `fn(req, next)` called on its own does: the promise it returns and how that settles, or a synchronous throw. */
async function direct(call: () => unknown): Promise<string> {
  let result: unknown;
  try {
    result = call();
  } catch (error) {
    return `threw ${String(error)}`;
  }
  if (!(result instanceof Promise)) return `returned ${String(result)}`;
  return result.then(
    (res: Response) => `resolved ${res.status} ${res.headers.get('x-status') ?? ''}`,
    (error: unknown) => `rejected ${String(error)}`,
  );
}

describe("a built-in layer's fn called on its own (a unit test of the layer) answers as its async twin's", () => {
  const fail = (): never => {
    throw boom;
  };
  const throwing = (key: string) => Object.defineProperty(ctx('/p'), key, { get: fail });
  const answer = async (): Promise<Response> => text('ok');
  type Fn = (req: never, next: never) => unknown;
  const cases: [string, (layers: typeof builtIns | typeof twins, log: Sink) => [Fn, unknown, unknown]][] = [
    ['logger, a sink that throws on the first line', (l) => [l.logger(fail).fn as Fn, ctx('/p'), answer]],
    ['logger, a method getter that throws', (l, log) => [l.logger(log).fn as Fn, throwing('method'), answer]],
    ['requestId, a headers getter that throws', (l) => [l.requestId().fn as Fn, throwing('headers'), answer]],
    ['timing, a next() that answers', (l, log) => [l.timing(log).fn as Fn, ctx('/p'), answer]],
    ['setHeader, a next() that rejects', (l) => [l.setHeader().fn as Fn, ctx('/p'), async () => fail()]],
  ];
  it('requestId, a generator that throws: a rejection with its error, as from an async function', async () => {
    expect(await direct(() => requestId({ generate: fail }).fn(ctx('/p'), answer as never))).toBe('rejected Error: boom');
  });
  for (const [name, make] of cases) {
    it(name, async () => {
      const run = async (layers: typeof builtIns | typeof twins) => {
        const log = lines();
        const [fn, req, next] = make(layers, log.sink);
        return { outcome: await direct(() => fn(req as never, next as never)), lines: log.lines.map((line) => line.replace(/\d+\.\d+/g, 'N')) };
      };
      const ours = await run(builtIns);
      expect(ours).toEqual(await run(twins));
      expect(ours.outcome).not.toMatch(/^threw|^returned/);
    });
  }
});

// The documented difference (HttpLayer, src/http/layer.ts): only in a direct call, where a hand-written
// next() can do what the kernel's never does, the plain form does not turn it into a rejection. Pinned,
// so that a change either way shows.
describe("a built-in layer's fn called on its own with a next() the kernel never hands out", () => {
  const fail = (): never => {
    throw boom;
  };
  const plain = (): Response => text('ok'); // answers the response itself, not a promise
  it.each([
    ['logger, a next() that throws', () => logger({ sink: () => {} }).fn(ctx('/p'), fail as never), 'threw Error: boom'],
    ['setHeader, a next() that throws', () => setHeader('X-Status', 'OK').fn({}, fail as never), 'threw Error: boom'],
    ['timing, a next() answering a response', () => timing({ sink: false }).fn({}, plain as never), 'threw TypeError: below.then is not a function'],
  ])('%s throws at once, where the async form rejected', async (_name, call, outcome) => {
    expect(await direct(call)).toBe(outcome);
  });
});
