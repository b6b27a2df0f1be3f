/**
 * Review 8 (regression tests, each failed before analysis/work.ts read members, getters, objects handed to calls, iterators, defaults, fields and hidden promises soundly): calls the work analysis reads as "no work" where there is work (the layer `a` above has
 * after-code the work races).
 */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';
import { above, after, app } from '../review/racing.js';


describe('r8 false no-work', () => {
  it('p01 overridden method (static type is the base)', async () => {
    await same('r8-override', app(`export class Sink { fire(_r: R): void {} }
export class QSink extends Sink { override fire(r: R): void { queueMicrotask(() => r.log.push('q')); } }
export const sink: Sink = new QSink();
${after('sink.fire(req)')}`, '.use(b).handle(h)'));
  });

  it('p02 structural object passed where a class is typed', async () => {
    await same('r8-structural', app(`export class Impl { go(_r: R): void {} }
export function run(o: Impl, r: R): void { o.go(r); }
${after("run({ go(r: R) { queueMicrotask(() => r.log.push('q')); } }, req)")}`, '.use(b).handle(h)'));
  });

  it('p03 object property reassigned', async () => {
    await same('r8-reassign', app(`export const hooks = { done: (_r: R): void => {} };
hooks.done = (r: R) => queueMicrotask(() => r.log.push('q'));
${after('hooks.done(req)')}`, '.use(b).handle(h)'));
  });

  it('p04 getter returning a function', async () => {
    await same('r8-getter-fn', app(`export class X { get fire(): (r: R) => void { return (r: R) => queueMicrotask(() => r.log.push('q')); } }
export const x = new X();
${after('x.fire(req)')}`, '.use(b).handle(h)'));
  });

  it('p05 ReadableStream start() in an object literal argument', async () => {
    await same('r8-stream-start', app(`${after("new ReadableStream({ start() { queueMicrotask(() => req.log.push('q')); } })")}`, '.use(b).handle(h)'));
  });

  it('p06 JSON.stringify calling a toJSON that queues', async () => {
    await same('r8-tojson', app(`${after("JSON.stringify({ toJSON() { queueMicrotask(() => req.log.push('q')); return 1; } })")}`, '.use(b).handle(h)'));
  });

  it('p07 for...of over a user iterable whose iterator queues', async () => {
    await same('r8-iterable', app(`export class Bag {
  constructor(private readonly r: R) {}
  *[Symbol.iterator](): Iterator<number> { queueMicrotask(() => this.r.log.push('q')); yield 1; }
}
${after('for (const _x of new Bag(req)) { /* */ }')}`, '.use(b).handle(h)'));
  });

  it('p08 spread of a user iterable', async () => {
    await same('r8-spread', app(`export const bag = (r: R): Iterable<number> => ({ *[Symbol.iterator]() { queueMicrotask(() => r.log.push('q')); yield 1; } });
export const bags = new Map<R, Iterable<number>>();
const b = middleware('b', async (req: R, next: Next) => {
  bags.set(req, bag(req));
  const res = await next();
  req.log.push(String([...bags.get(req)!].length));
  return res;
});`, '.use(b).handle(h)'));
  });

  it('p09 eval', async () => {
    await same('r8-eval', app(`export const run = (code: string): unknown => (0, eval)(code);
${after("(globalThis as unknown as { r8: R }).r8 = req; eval('queueMicrotask(() => globalThis.r8.log.push(\\'q\\'))')")}`, '.use(b).handle(h)'));
  });

  it('p10 ReadableStream controller enqueue waking a pending read', async () => {
    await same('r8-enqueue', app(`export let ctrl!: ReadableStreamDefaultController<R>;
export const stream = new ReadableStream<R>({ start(c) { ctrl = c; } });
void (async () => {
  const reader = stream.getReader();
  for (;;) {
    const { value } = await reader.read();
    value?.log.push('consumed');
  }
})();
${after('ctrl.enqueue(req)')}`, '.use(b).handle(h)'));
  });

  it('p11 a generator made at module level, stepped in the layer', async () => {
    await same('r8-gen-next', app(`export const gen = (function* (): Generator<void, void, R> {
  for (;;) {
    const r: R = yield;
    queueMicrotask(() => r.log.push('q'));
  }
})();
gen.next();
${after('gen.next(req)')}`, '.use(b).handle(h)'));
  });

  it('p12 a project declaration file named lib.*.d.ts', async () => {
    await same('r8-libname', {
      'lib.helpers.d.ts': `export declare function fire(r: { log: string[] }): void;\n`,
      'lib.helpers.js': `export function fire(r) { queueMicrotask(() => r.log.push('q')); }\n`,
      'app.ts': `${header}import { fire } from './lib.helpers.js';\n${R}${above}${after('fire(req)')}\nexport const app = chain<R>().use(a).use(a).use(b).handle(h);\n`,
    });
  });

  it('p13 a helper whose return type unknown hides a promise', async () => {
    await same('r8-unknown-ret', app(`export function later(r: R): unknown { return Promise.resolve().then(() => r.log.push('q')); }
${after('later(req)')}`, '.use(b).handle(h)'));
  });

  it('p14 a const object property reassigned to a resolver', async () => {
    await same('r8-gate', app(`export const gate = { open: (): void => {} };
export const seen: { r?: R } = {};
void (async () => {
  for (;;) {
    await new Promise<void>((r) => { gate.open = r; });
    seen.r?.log.push('woken');
  }
})();
${after("seen.r = req; gate.open()")}`, '.use(b).handle(h)'));
  });

  it('p15 an async function handed by name to forEach', async () => {
    await same('r8-async-named-cb', app(`export async function note(r: R): Promise<void> { await null; r.log.push('q'); }
${after('[req].forEach(note)')}`, '.use(b).handle(h)'));
  });

  it('p16 a this-call in a base method the subclass overrides', async () => {
    await same('r8-this-override', app(`export class Base { run(r: R): void { this.step(r); } step(_r: R): void {} }
export class Sub extends Base { override step(r: R): void { queueMicrotask(() => r.log.push('q')); } }
export const svc: Base = new Sub();
${after('svc.run(req)')}`, '.use(b).handle(h)'));
  });

  it('p17 handler form: overridden method in the handler', async () => {
    await same('r8-override-handler', app(`export class Sink { fire(_r: R): void {} }
export class QSink extends Sink { override fire(r: R): void { queueMicrotask(() => r.log.push('q')); } }
export const sink: Sink = new QSink();
const hq = (req: R): Response => { sink.fire(req); req.log.push('handler'); return new Response('ok'); };`, '.handle(hq)'));
  });

  it('p18 work before next() behind an override races the layers below', async () => {
    await same('r8-override-before', {
      'app.ts': `${header}${R}${above}
export class Sink { fire(_r: R): void {} }
export class QSink extends Sink { override fire(r: R): void { queueMicrotask(() => r.log.push('q')); } }
export const sink: Sink = new QSink();
const b = middleware('b', async (req: R, next: Next) => {
  sink.fire(req);
  return next();
});
const c = middleware('c', async (req: R, next: Next) => {
  req.log.push('c before');
  await null;
  req.log.push('c mid');
  return next();
});
export const app = chain<R>().use(b).use(a).use(a).handle(h);
`,
    });
  });
});
