/**
 * Review 9: helpers and layers full of syntax the work analysis walks (optional calls, private methods,
 * static blocks, overloads, recursion, generics, enums, namespaces, class expressions, getters,
 * destructuring defaults, labels, satisfies): codegen must not crash, and the generated handler must match.
 */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

describe('review9: syntax the work analysis walks', () => {
  it('does not crash and answers the same', async () => {
    await same('r9-syntax', {
      'helpers.ts': `import type { R } from './app.js';
export enum Level { Info = 'info', Warn = 'warn' }
export namespace Audit {
  export function line(req: R, level: Level, msg: string): void {
    req.log.push(level + ' ' + msg);
  }
  export const later = (req: R, msg: string): void => queueMicrotask(() => line(req, Level.Info, msg));
}
export function fmt(x: number): string;
export function fmt(x: string): string;
export function fmt(x: number | string): string {
  return typeof x === 'number' ? x.toFixed(0) : x;
}
export function depth(n: number): number {
  return n <= 0 ? 0 : 1 + depth(n - 1);
}
export function ping(req: R, n: number): void {
  if (n > 0) pong(req, n - 1);
}
export function pong(req: R, n: number): void {
  if (n > 0) ping(req, n - 1);
  else req.log.push('pong');
}
export function pingQ(req: R, n: number): void {
  if (n > 0) pongQ(req, n - 1);
}
export function pongQ(req: R, n: number): void {
  if (n > 0) pingQ(req, n - 1);
  else queueMicrotask(() => req.log.push('pongQ'));
}
export class Counter {
  static total = 0;
  static {
    Counter.total = 1;
  }
  #n = 0;
  label = 'c';
  constructor(readonly req: R) {
    this.#bump();
  }
  #bump(): void {
    this.#n++;
  }
  get n(): number {
    return this.#n;
  }
}
export const Anon = class {
  constructor(req: R) {
    req.log.push('anon');
  }
};
export class Queued extends Counter {
  constructor(req: R) {
    super(req);
    queueMicrotask(() => req.log.push('queued ctor'));
  }
}
export const pick = <T,>(xs: readonly T[], { at = depth(1) }: { at?: number } = {}): T | undefined => xs[at];
export const cfg = { retries: 2 } satisfies { retries: number };
`,
      'app.ts': `${header}import { Audit, Level, fmt, depth, ping, pingQ, Counter, Anon, Queued, pick, cfg } from './helpers.js';
${R}
const a = middleware('a', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('a after');
  return res;
});
const opt: { hook?: ((r: R) => void) | undefined } = {};
const busy = middleware('busy', async (req: R, next: Next) => {
  outer: for (const i of [1, 2]) {
    for (const j of [1, 2]) {
      if (i * j === 2) continue outer;
    }
  }
  const c = new Counter(req);
  new Anon(req);
  const [first = fmt(1)] = ['x'];
  ping(req, 3);
  opt.hook?.(req);
  Audit.line(req, Level.Warn, fmt(depth(2)) + first + c.n + String(pick([1, 2, 3])) + cfg.retries + c.label);
  const res = await next();
  req.log.push('busy after');
  return res;
});
const busyQ = middleware('busyQ', async (req: R, next: Next) => {
  const res = await next();
  pingQ(req, 3);
  return res;
});
const ctorQ = middleware('ctorQ', async (req: R, next: Next) => {
  const res = await next();
  new Queued(req);
  return res;
});
const nsQ = middleware('nsQ', async (req: R, next: Next) => {
  const res = await next();
  Audit.later(req, 'ns');
  return res;
});
const h = (req: R): Response => {
  req.log.push('handler');
  return new Response('ok');
};
export const s1 = chain<R>().use(a).use(busy).handle(h);
export const s2 = chain<R>().use(a).use(busyQ).handle(h);
export const s3 = chain<R>().use(a).use(ctorQ).handle(h);
export const s4 = chain<R>().use(a).use(nsQ).handle(h);
export const s5 = chain<R>().use(a).use(busyQ).use(busy).use(ctorQ).handle(h);
`,
    });
  }, 120_000);
});
