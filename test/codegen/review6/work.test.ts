/**
 * Review 7: work a layer or the handler starts and does not wait for, in the shapes users write, meets the code it
 * runs alongside (the after-code of the layer `a` above, or the layers below) where it does at run time. The first
 * detector knew only a list of shapes (a call of queueMicrotask, a promise left unawaited, a callback doing either)
 * and missed work behind a helper (a local arrow, an exported function, a class method), a tagged template, a
 * Promise executor, Reflect.apply, a scheduler handed by name (`forEach(queueMicrotask)`), a destructured
 * scheduler, an emitter's listener, a `using` resource's dispose: in each, the generated handler ran `a`'s
 * after-code before the work ("handler", "a after", "q" against "handler", "q", "a after"). Now (analysis/work.ts)
 * a call starts work unless codegen reads that it does not: shallot's and the platform's functions but the
 * schedulers, and the project's own functions, read in turn. The last case here checks that ordinary code (a
 * returned call, `?:` of calls, `await Promise.all`, headers, a Map, console.log) keeps no yield it does not need.
 */
import { describe, expect, it } from 'vitest';
import { R, diagnostics, gen, header, same } from '../review/lib.js';
import { above, app } from '../review/racing.js';


describe('work behind a call codegen reads', () => {
  it('a helper function declared outside that queues a microtask', async () => {
    await same('r7-helper', app(`export function later(req: R): void {
  queueMicrotask(() => req.log.push('q'));
}
const b = middleware('b', async (req: R, next: Next) => {
  const res = await next();
  later(req);
  return res;
});`, '.use(b).handle(h)'));
  });

  it('a local arrow inside the layer that queues, called after next()', async () => {
    await same('r7-local', app(`const b = middleware('b', async (req: R, next: Next) => {
  const flush = () => queueMicrotask(() => req.log.push('q'));
  const res = await next();
  flush();
  return res;
});`, '.use(b).handle(h)'));
  });

  it('a local arrow in the handler that queues', async () => {
    await same('r7-local-handler', app(`const hq = (req: R): Response => {
  const track = () => { queueMicrotask(() => req.log.push('hq')); };
  track();
  return new Response('ok');
};`, '.handle(hq)'));
  });

  it('a tagged template whose tag returns a promise', async () => {
    await same('r7-tagged', app(`export const audit = (_s: TemplateStringsArray, r: R): Promise<number> => Promise.resolve().then(() => r.log.push('t'));
const b = middleware('b', async (req: R, next: Next) => {
  const res = await next();
  void audit\`done \${req}\`;
  return res;
});`, '.use(b).handle(h)'));
  });

  it('new Promise whose executor queues', async () => {
    await same('r7-newpromise', app(`const b = middleware('b', async (req: R, next: Next) => {
  const res = await next();
  void new Promise<void>((resolve) => { queueMicrotask(() => { req.log.push('np'); resolve(); }); });
  return res;
});`, '.use(b).handle(h)'));
  });

  it('Reflect.apply(queueMicrotask, …)', async () => {
    await same('r7-reflect', app(`const b = middleware('b', async (req: R, next: Next) => {
  const res = await next();
  Reflect.apply(queueMicrotask, undefined, [() => req.log.push('r')]);
  return res;
});`, '.use(b).handle(h)'));
  });

  it('destructured queueMicrotask from globalThis', async () => {
    await same('r7-destructured', app(`export const { queueMicrotask: q } = globalThis;
const b = middleware('b', async (req: R, next: Next) => {
  const res = await next();
  q(() => req.log.push('d'));
  return res;
});`, '.use(b).handle(h)'));
  });

  it('an emitter whose listener starts work', async () => {
    await same('r7-emitter', app(`export class Emitter {
  private readonly listeners: ((r: R) => void)[] = [];
  on(l: (r: R) => void): void { this.listeners.push(l); }
  emit(r: R): boolean { for (const l of this.listeners) l(r); return this.listeners.length > 0; }
}
export const events = new Emitter();
events.on((r) => void Promise.resolve().then(() => r.log.push('listener')));
const b = middleware('b', async (req: R, next: Next) => {
  const res = await next();
  events.emit(req);
  return res;
});`, '.use(b).handle(h)'));
  });

  it('a callback typed => void given an async function (a factory option)', async () => {
    await same('r7-void-callback', app(`export const onDone = (hook: (r: R) => void) => middleware('onDone', async (req: R, next: Next) => {
  const res = await next();
  hook(req);
  return res;
});
const b = onDone((r) => { queueMicrotask(() => r.log.push('hook')); });`, '.use(b).handle(h)'));
  });

  it('forEach with a function passed by name', async () => {
    await same('r7-foreach-ref', app(`export const notify = (r: R): void => queueMicrotask(() => r.log.push('n'));
const b = middleware('b', async (req: R, next: Next) => {
  const res = await next();
  [req].forEach(notify);
  return res;
});`, '.use(b).handle(h)'));
  });

  it('a class method that returns a promise, unawaited', async () => {
    await same('r7-method', app(`class Audit {
  async record(r: R): Promise<void> { r.log.push('record'); }
  flush(r: R): Promise<number> { return Promise.resolve().then(() => r.log.push('flushed')); }
}
export const audit = new Audit();
const b = middleware('b', async (req: R, next: Next) => {
  const res = await next();
  audit.flush(req);
  return res;
});`, '.use(b).handle(h)'));
  });

  it('an optional call of a promise-returning hook', async () => {
    await same('r7-optional', {
      'app.ts': `${header}export interface R { n: number; log: string[]; done?: () => Promise<number> }\n${above}
const b = middleware('b', async (req: R, next: Next) => {
  const res = await next();
  req.done = () => Promise.resolve().then(() => req.log.push('done'));
  req.done?.();
  return res;
});
export const app = chain<R>().use(a).use(a).use(b).handle(h);
`,
    });
  });

  it('an async IIFE', async () => {
    await same('r7-iife', app(`const b = middleware('b', async (req: R, next: Next) => {
  const res = await next();
  void (async () => { req.log.push('iife'); await null; req.log.push('iife 2'); })();
  return res;
});`, '.use(b).handle(h)'));
  });

  it('setTimeout 0 after next and a microtask before', async () => {
    await same('r7-timeout', app(`const b = middleware('b', async (req: R, next: Next) => {
  setTimeout(() => req.log.push('timeout'), 0);
  const res = await next();
  return res;
});`, '.use(b).handle(h)'));
  });
});

describe('work before next(), by name, in a finally, and ordinary code', () => {
  it('work before next() hidden behind a local arrow races the layers below', async () => {
    await same('r7-local-before', {
      'app.ts': `${header}${R}${above}
const b = middleware('b', async (req: R, next: Next) => {
  const start = () => queueMicrotask(() => req.log.push('q'));
  start();
  return next();
});
export const app = chain<R>().use(b).use(a).use(a).handle(h);
`,
    });
  });

  it('forEach(queueMicrotask) with callbacks in an array', async () => {
    await same('r7-foreach-qm', {
      'app.ts': `${header}${R}${above}
const b = middleware('b', async (req: R, next: Next) => {
  const res = await next();
  [() => req.log.push('f1'), () => req.log.push('f2')].forEach(queueMicrotask);
  return res;
});
export const app = chain<R>().use(a).use(a).use(b).handle(h);
`,
    });
  });

  it('work in a finally around return await next(), and in a using dispose', async () => {
    await same('r7-finally', {
      'app.ts': `${header}${R}${above}
const fin = middleware('fin', async (req: R, next: Next) => {
  try {
    return await next();
  } finally {
    queueMicrotask(() => req.log.push('fin q'));
  }
});
export const app = chain<R>().use(a).use(a).use(fin).handle(h);
`,
    });
  });

  it('an async handler that queues after its own await', async () => {
    await same('r7-async-handler', {
      'app.ts': `${header}${R}${above}
const ha = async (req: R): Promise<Response> => {
  await null;
  req.log.push('handler');
  queueMicrotask(() => req.log.push('hq'));
  return new Response('ok');
};
export const app = chain<R>().use(a).use(a).handle(ha);
`,
    });
  });

  it('work started in a then callback of an unawaited, unreturned promise', async () => {
    await same('r7-then-cb', {
      'app.ts': `${header}${R}${above}
export const ready: Promise<void> = Promise.resolve();
const b = middleware('b', async (req: R, next: Next) => {
  const res = await next();
  ready.then(() => req.log.push('ready'));
  return res;
});
export const app = chain<R>().use(a).use(a).use(b).handle(h);
`,
    });
  });

  // Fails on c3 (`return cond ? load() : other()`) and c4 (`await Promise.all([load(), other()])`): taken for work
  // started, so the layers above keep yields they need not (ticks only, no difference in behaviour).
  it('ordinary code is not taken for work started', () => {
    const p = gen('r7-ordinary', {
      'app.ts': `${header}${R}${above}
export const cache = new Map<number, string>();
export const load = async (n: number): Promise<Response> => new Response('n ' + n);
export const other = async (n: number): Promise<Response> => new Response('o ' + n);
const hdr = middleware('hdr', async (req: R, next: Next) => {
  const res = await next();
  res.headers.set('x-n', String(req.n));
  cache.set(req.n, 'seen');
  console.log('served', req.n);
  req.log.push(JSON.stringify([...cache.keys()].map((k) => k * 2)));
  return res;
});
const h1 = (req: R): Promise<Response> => load(req.n);
const h2 = async (req: R): Promise<Response> => { return await load(req.n); };
const h3 = (req: R): Promise<Response> => (req.n > 2 ? load(req.n) : other(req.n));
const h4 = async (req: R): Promise<Response> => { const [x] = await Promise.all([load(req.n), other(req.n)]); return x!; };
const h5 = (req: R): Promise<Response> => { if (req.n > 2) return load(req.n); return other(req.n); };
const h6 = async (req: R): Promise<Response> => req.n > 2 ? await load(req.n) : new Response('x');
const h7 = (req: R): Promise<Response> => load(req.n).then((r) => r);
export const c1 = chain<R>().use(a).use(hdr).handle(h1);
export const c2 = chain<R>().use(a).use(hdr).handle(h2);
export const c3 = chain<R>().use(a).use(hdr).handle(h3);
export const c4 = chain<R>().use(a).use(hdr).handle(h4);
export const c5 = chain<R>().use(a).use(hdr).handle(h5);
export const c6 = chain<R>().use(a).use(hdr).handle(h6);
export const c7 = chain<R>().use(a).use(hdr).handle(h7);
`,
    });
    expect(diagnostics(p)).toBe('');
    const text = p.generated('app.ts');
    const pessimised = [...text.matchAll(/The steps below .* of '(c\d)'.*a step below starts work/g)].map((m) => m[1]);
    expect(pessimised).toEqual([]);
  });
});

describe('a disposable whose dispose starts work', () => {
  it('a using declaration whose dispose queues, after await next()', async () => {
    await same('r7-using', {
      'app.ts': `${header}${R}${above}
export const span = (req: R): Disposable => ({ [Symbol.dispose]: () => queueMicrotask(() => req.log.push('disposed')) });
const b = middleware('b', async (req: R, next: Next) => {
  using _s = span(req);
  const res = await next();
  return res;
});
export const app = chain<R>().use(a).use(a).use(b).handle(h);
`,
    });
  });
});

describe('a scheduler by another name', () => {
  it('queueMicrotask destructured from globalThis inside the layer', async () => {
    await same('r7-destructured-in', {
      'app.ts': `${header}${R}${above}
const b = middleware('b', async (req: R, next: Next) => {
  const { queueMicrotask: q } = globalThis;
  const res = await next();
  q(() => req.log.push('d'));
  return res;
});
export const app = chain<R>().use(a).use(a).use(b).handle(h);
`,
    });
  });
});
