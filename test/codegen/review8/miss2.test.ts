/** Review 8 probes, batch 2. */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';
import { above, after, app } from '../review/racing.js';


describe('r8 batch 2', () => {
  it('q01 a default parameter initializer that queues', async () => {
    await same('r8-default-param', app(`export function later(r: R, _x = queueMicrotask(() => r.log.push('q'))): void {}
${after('later(req)')}`, '.use(b).handle(h)'));
  });

  it('q02 a class field initializer that starts a promise', async () => {
    await same('r8-field-promise', app(`export class Job {
  r?: R;
  done = Promise.resolve().then(() => this.r?.log.push('q'));
}
${after('new Job().r = req')}`, '.use(b).handle(h)'));
  });

  it('q04 a typeof-defaults hooks object', async () => {
    await same('r8-typeof-hooks', app(`export const defaults = { onDone(_r: R): void {} };
export type Hooks = typeof defaults;
export const run = (hooks: Hooks, r: R): void => hooks.onDone(r);
export const mine: Hooks = { onDone(r) { queueMicrotask(() => r.log.push('q')); } };
${after('run(mine, req)')}`, '.use(b).handle(h)'));
  });

  it('q05 a prototype method patched', async () => {
    await same('r8-proto-patch', app(`export class Sink { fire(_r: R): void {} }
Sink.prototype.fire = function (r: R) { queueMicrotask(() => r.log.push('q')); };
export const sink = new Sink();
${after('sink.fire(req)')}`, '.use(b).handle(h)'));
  });

  it('q06 a handler streaming a body: pull() logs', async () => {
    await same('r8-stream-pull', app(`const hs = (req: R): Response => {
  req.log.push('handler');
  return new Response(new ReadableStream({ pull(c) { req.log.push('pull'); c.enqueue(new TextEncoder().encode('ok')); c.close(); } }));
};`, '.handle(hs)'));
  });

  it('q07 a static method calling this.hook() (the subclass overrides)', async () => {
    await same('r8-static-this', app(`export class Base { static run(r: R): void { this.hook(r); } static hook(_r: R): void {} }
export class Sub extends Base { static override hook(r: R): void { queueMicrotask(() => r.log.push('q')); } }
${after('Sub.run(req)')}`, '.use(b).handle(h)'));
  });

  it('q08 a nine-deep chain of helpers (pessimised?)', async () => {
    const fs = Array.from({ length: 10 }, (_, i) => `export function f${i}(r: R): void { ${i < 9 ? `f${i + 1}(r);` : "r.log.push('deep');"} }`).join('\n');
    await same('r8-deep', app(`${fs}\n${after('f0(req)')}`, '.use(b).handle(h)'));
  });

  it('q10 Array.from a user iterable object literal', async () => {
    await same('r8-array-from', app(`${after("Array.from({ *[Symbol.iterator]() { queueMicrotask(() => req.log.push('q')); yield 1; } })")}`, '.use(b).handle(h)'));
  });

  it('q11 destructuring a user iterable', async () => {
    await same('r8-destructure-iter', app(`export const pair = (r: R): Iterable<number> => ({ *[Symbol.iterator]() { queueMicrotask(() => r.log.push('q')); yield 1; } });
export const pairs = new Map<R, Iterable<number>>();
const b = middleware('b', async (req: R, next: Next) => {
  pairs.set(req, pair(req));
  const res = await next();
  const [x] = pairs.get(req)!;
  req.log.push(String(x));
  return res;
});`, '.use(b).handle(h)'));
  });

  it('q12 a method through an object literal whose method is replaced via Object.assign', async () => {
    await same('r8-assign', app(`export const api = { send(_r: R): void {} };
Object.assign(api, { send: (r: R) => queueMicrotask(() => r.log.push('q')) });
${after('api.send(req)')}`, '.use(b).handle(h)'));
  });

  it('q13 a named async function handed to forEach that queues before its await', async () => {
    await same('r8-async-named-cb2', app(`export async function note(r: R): Promise<void> { r.log.push('note'); await null; r.log.push('note 2'); }
${after('[req].forEach(note)')}`, '.use(b).handle(h)'));
  });

  it('q14 new of a class whose constructor calls an overridden method', async () => {
    await same('r8-ctor-virtual', app(`export class Base { constructor(r: R) { this.init(r); } init(_r: R): void {} }
export class Sub extends Base { override init(r: R): void { queueMicrotask(() => r.log.push('q')); } }
export const make: new (r: R) => Base = Sub;
export const K = Sub;
${after('new K(req)')}`, '.use(b).handle(h)'));
  });
});

describe('r8 batch 2b', () => {
  it('q15 an abstract method (read as an overload signature)', async () => {
    await same('r8-abstract', app(`export abstract class Store { abstract put(r: R): void; }
export class QStore extends Store { put(r: R): void { queueMicrotask(() => r.log.push('q')); } }
export const store: Store = new QStore();
${after('store.put(req)')}`, '.use(b).handle(h)'));
  });

  it('q16 an overloaded function whose implementation queues', async () => {
    await same('r8-overload', app(`export function later(r: R): void;
export function later(r: R, s: string): void;
export function later(r: R, s?: string): void { queueMicrotask(() => r.log.push(s ?? 'q')); }
${after('later(req)')}`, '.use(b).handle(h)'));
  });

  it('q17 a declared (ambient) function in a .ts file, implemented elsewhere', async () => {
    await same('r8-ambient', {
      'setup.js': `globalThis.fireLater = (r) => queueMicrotask(() => r.log.push('q'));\n`,
      'app.ts': `${header}import './setup.js';\n${R}declare global { function fireLater(r: R): void }\n${above}${after('fireLater(req)')}\nexport const app = chain<R>().use(a).use(a).use(b).handle(h);\n`,
    });
  });
});
