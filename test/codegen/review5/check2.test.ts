/** Review 5 probes, A (second batch): correct layers check must pass, and codegen must keep. */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const support = `import { AsyncLocalStorage } from 'node:async_hooks';
import type { Next } from 'shallot';
export const als = new AsyncLocalStorage<{ id: number }>();
export interface Span { end(): void }
export const tracer = {
  startActiveSpan<T>(_name: string, fn: (span: Span) => T): T {
    return fn({ end() {} });
  },
};
export const audit = async (log: string[], what: string): Promise<void> => {
  await Promise.resolve();
  log.push('audit ' + what);
};
export const deny = (): Response => new Response('denied', { status: 403 });
export async function withTiming(req: { log: string[] }, next: Next): Promise<Response> {
  const res = await next();
  req.log.push('timed');
  return res;
}
export async function withThunk(req: { log: string[] }, run: () => Promise<Response>): Promise<Response> {
  req.log.push('thunk');
  return run();
}
export const mutex = {
  async runExclusive<T>(fn: () => Promise<T>): Promise<T> {
    return await fn();
  },
};
export const limit = <T>(fn: () => Promise<T>): Promise<T> => fn();
type Connect = (req: unknown, res: unknown, done: (err?: unknown) => void) => void;
export const connectMw: Connect = (_req, _res, done) => done();
export const timeout = (ms: number): Promise<Response> => new Promise((resolve) => setTimeout(() => resolve(new Response('t', { status: 504 })), ms));
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}
`;

const cases: Record<string, string> = {
  alsOrNext: `async (req: R, next: Next) => {
  if (req.n % 2 === 0) return als.run({ id: req.n }, () => next());
  return next();
}`,
  spanAwaitThenUse: `async (req: R, next: Next) => {
  const res = await tracer.startActiveSpan('x', async (span) => {
    const r = await next();
    span.end();
    return r;
  });
  res.headers.set('x-span', '1');
  req.log.push('span done');
  return res;
}`,
  nestedCallbacks: `async (req: R, next: Next) =>
  als.run({ id: req.n }, () => tracer.startActiveSpan('s', (span) => next().finally(() => span.end())))`,
  localClosureOnce: `async (req: R, next: Next) => {
  const run = async (): Promise<Response> => {
    try {
      return await next();
    } finally {
      req.log.push('run done');
    }
  };
  return req.n === 1 ? deny() : run();
}`,
  executorTimeout: `(_req: R, next: Next) =>
  new Promise<Response>((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('timeout')), 1000);
    next().then(
      (r) => {
        clearTimeout(t);
        resolve(r);
      },
      (e: unknown) => {
        clearTimeout(t);
        reject(e);
      },
    );
  })`,
  raceRejectTimer: `async (_req: R, next: Next) => {
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    return await Promise.race([next(), new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error('timeout')), 1000); })]);
  } finally {
    clearTimeout(timer);
  }
}`,
  allThen: `(req: R, next: Next) => Promise.all([next(), audit(req.log, 'all')]).then(([res]) => res)`,
  allSpread: `async (req: R, next: Next) => {
  const tasks = [audit(req.log, 'a'), audit(req.log, 'b')];
  const [res] = await Promise.all([next(), ...tasks]);
  return res;
}`,
  catchRethrow: `(req: R, next: Next) => next().catch((err: unknown) => { req.log.push('log ' + (err as Error).message); throw err; })`,
  tryCatchFinally: `async (req: R, next: Next) => {
  try {
    const res = await next();
    return res;
  } catch (e) {
    if (e instanceof HttpError) return new Response(e.message, { status: e.status });
    throw e;
  } finally {
    req.log.push('finally');
  }
}`,
  letTryFinally: `async (req: R, next: Next) => {
  let res: Response;
  try {
    res = await next();
  } finally {
    req.log.push('fin');
  }
  return res;
}`,
  callbackTernary: `async (req: R, next: Next) => als.run({ id: req.n }, () => (req.n !== 3 ? next() : deny()))`,
  routeLoop: `async (req: R, next: Next) => {
  for (const prefix of [1, 2, 3]) {
    if (prefix === req.n) return next();
  }
  return new Response('no route', { status: 404 });
}`,
  whileTrueReturn: `async (req: R, next: Next) => {
  let i = 0;
  while (true) {
    if (i++ >= req.n) return next();
    req.log.push('spin ' + i);
  }
}`,
  switchFallthrough: `async (req: R, next: Next) => {
  switch (req.n) {
    case 0:
    case 1:
      return next();
    case 2:
      return deny();
  }
  return next();
}`,
  heldThen: `(req: R, next: Next) => {
  const p = next();
  req.log.push('held');
  return p.then((r) => r);
}`,
  nullish: `async (_req: R, next: Next) => (await next()) ?? deny()`,
  spreadAdds: `async (req: R, next: Next<{ extra: number }>) => next({ ...{ extra: req.n } })`,
  notOk: `async (_req: R, next: Next) => {
  const res = await next();
  if (!res.ok) {
    return new Response('not ok', { status: 502 });
  }
  return res;
}`,
  destructured: `async ({ n, log }: R, next: Next) => {
  log.push('n ' + n);
  return n === 4 ? deny() : next();
}`,
  sharedHelper: `async (req: R, next: Next) => withTiming(req, next)`,
  thunkHelper: `async (req: R, next: Next) => withThunk(req, () => next())`,
  usingInCallback: `async (req: R, next: Next) =>
  als.run({ id: req.n }, async () => {
    using _r = { [Symbol.dispose]: () => { req.log.push('disposed'); } };
    return await next();
  })`,
  asyncDisposable: `async (req: R, next: Next) => {
  await using _r = { [Symbol.asyncDispose]: async () => { req.log.push('adisposed'); } };
  return await next();
}`,
  earlyThrow: `async (req: R, next: Next) => {
  if (req.n === 4) throw new HttpError(418, 'teapot');
  return next();
}`,
  heldThrowAfterRead: `async (_req: R, next: Next) => {
  const p = next();
  const res = await p;
  if (res.status !== 200) throw new HttpError(500, 'bad');
  return res;
}`,
  promiseTry: `async (req: R, next: Next) => {
  const res = await new Promise<Response>((resolve, reject) => {
    req.log.push('exec');
    next().then(resolve).catch(reject);
  });
  return res;
}`,
  heldCaughtThrow: `async (req: R, next: Next) => {
  const p = next();
  try {
    if (req.n === 2) throw new Error('local');
  } catch (e) {
    req.log.push('swallowed ' + (e as Error).message);
  }
  return p;
}`,
  boxRead: `async (_req: R, next: Next) => {
  const ctx = { res: next() };
  return ctx.res;
}`,
  arrayRead: `async (_req: R, next: Next) => {
  const pending = [next()];
  return pending[0]!;
}`,
  pushAll: `async (req: R, next: Next) => {
  const ps: Promise<unknown>[] = [audit(req.log, 'p')];
  const main = next();
  ps.push(main);
  await Promise.all(ps);
  return main;
}`,
  heldRace: `async (_req: R, next: Next) => {
  const p = next();
  return await Promise.race([p, timeout(1000)]);
}`,
  switchBreak: `async (req: R, next: Next) => {
  switch (req.n) {
    case 1:
      req.log.push('one');
      break;
    case 2:
      return deny();
    default:
      break;
  }
  return next();
}`,
  labeledBlock: `async (req: R, next: Next) => {
  check: {
    if (req.n === 0) break check;
    req.log.push('checked');
  }
  return next();
}`,
  alsResolve: `(req: R, next: Next) => new Promise<Response>((resolve) => { als.run({ id: req.n }, () => resolve(next())); })`,
  runExclusive: `async (_req: R, next: Next) => mutex.runExclusive(() => next())`,
  pLimit: `async (_req: R, next: Next) => limit(() => next())`,
  connectAdapter: `(req: R, next: Next) =>
  new Promise<Response>((resolve, reject) => {
    connectMw(req, {}, (err?: unknown) => (err ? reject(err) : resolve(next())));
  })`,
  aliasType: `async (req: R, proceed: N) => {
  req.log.push('alias');
  return proceed();
}`,
  awaitLockFinally: `async (req: R, next: Next) => {
  await audit(req.log, 'acquire');
  try {
    return await next();
  } finally {
    req.log.push('release');
  }
}`,
  thenCatchChain: `(req: R, next: Next) => next().then((r) => { req.log.push('ok'); return r; }).catch((e: unknown) => new Response('c ' + (e as Error).message, { status: 500 }))`,
  callbackRunsOnceViaCall: `async (req: R, next: Next) => {
  const fn = async (): Promise<Response> => next();
  req.log.push('call');
  return fn.call(undefined);
}`,
};

const handler = ".handle((req) => {\n  req.log.push('handler ' + req.n);\n  if (req.n === 5) throw new Error('boom ' + req.n);\n  return new Response('n=' + req.n);\n})";

describe('check passes correct layers (batch 2), and codegen keeps their meaning', () => {
  for (const [name, fn] of Object.entries(cases)) {
    it(name, async () => {
      await same(`r5-check2-${name}`, {
        'support.ts': support,
        'app.ts': `${header}import { als, tracer, audit, deny, withTiming, withThunk, HttpError, mutex, limit, connectMw, timeout } from './support.js';
void als; void tracer; void audit; void deny; void withTiming; void withThunk; void HttpError; void mutex; void limit; void connectMw; void timeout;
type N = Next;
${R}
const ${name} = middleware('${name}', ${fn});
const outer = middleware('outer', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('outer ' + res.status);
  return res;
});
export const app = chain<R>().use(${name})${handler};
export const twice = chain<R>().use(outer).use(${name}).use(outer).use(${name})${handler};
`,
      });
    });
  }
});
