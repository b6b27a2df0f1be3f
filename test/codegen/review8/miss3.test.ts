/** Review 8 probes, batch 3: user code reached through shallot's own types; ordinary code and what it keeps. */
import { describe, expect, it } from 'vitest';
import { R, diagnostics, gen, header, same } from '../review/lib.js';
import { above, after } from '../review/racing.js';


describe('r8 batch 3', () => {
  it('s01 a user callback behind a property typed by shallot (LoggerOptions.sink)', async () => {
    await same('r8-shallot-typed', {
      'app.ts': `${header}import type { LoggerOptions } from 'shallot/http';
${R}${above}
export const cur: { r?: R } = {};
export const opts: LoggerOptions = { sink: (line) => queueMicrotask(() => cur.r?.log.push(line)) };
${after("cur.r = req; opts.sink?.('q')")}
export const app = chain<R>().use(a).use(a).use(b).handle(h);
`,
    });
  });

  it('s02 a layer delegating to another layer fn (shallot-typed)', async () => {
    await same('r8-delegate-fn', {
      'app.ts': `${header}${R}${above}
export const inner = middleware('inner', async (req: R, next: Next) => {
  const res = await next();
  queueMicrotask(() => req.log.push('q'));
  return res;
});
const b = middleware('b', (req: R, next: Next) => inner.fn(req, () => next()));
export const app = chain<R>().use(a).use(a).use(b).handle(h);
`,
    });
  });

  it('s03 a handler calling a user handler stored in a shallot-typed record', async () => {
    await same('r8-sink-type', {
      'app.ts': `${header}import type { Sink } from 'shallot/http';
${R}${above}
export const cur: { r?: R } = {};
export const sinks: { main: Sink } = { main: (line) => queueMicrotask(() => cur.r?.log.push(line)) };
export const reg: Record<string, Sink> = sinks;
${after("cur.r = req; reg['main']?.('q')")}
export const app = chain<R>().use(a).use(a).use(b).handle(h);
`,
    });
  });

  it('s04 ordinary code: what keeps yields', () => {
    const p = gen('r8-ordinary', {
      'app.ts': `${header}import { json } from 'shallot/http';
${R}${above}
export interface Log { info(line: string): void }
export const log: Log = { info: (line) => console.log(line) };
export abstract class Store { abstract put(n: number): void; get(n: number): number { return n; } }
export class MemStore extends Store { readonly m = new Map<number, number>(); put(n: number): void { this.m.set(n, n); } }
export const store: Store = new MemStore();
export const mem = new MemStore();
const o1 = middleware('o1', async (req: R, next: Next) => { const res = await next(); res.headers.set('x', String(req.n)); req.log.push(JSON.stringify({ n: req.n, at: Date.now() > 0, id: crypto.randomUUID().length })); return res; });
const o2 = middleware('o2', async (req: R, next: Next) => { const res = await next(); log.info('x' + req.n); return res; });
const o3 = middleware('o3', async (req: R, next: Next) => { const res = await next(); store.put(req.n); return res; });
const o4 = middleware('o4', async (req: R, next: Next) => { const res = await next(); mem.put(req.n); return res; });
const o5 = middleware('o5', async (req: R, next: Next) => { const res = await next(); [3, 1, 2].sort((x, y) => x - y).forEach((x) => req.log.push(String(x))); return res; });
const o6 = middleware('o6', async (req: R, next: Next) => { const res = await next(); const u = new URL('http://x/' + req.n); req.log.push(u.pathname + encodeURIComponent('a b') + new TextEncoder().encode('x').length); return res; });
const o7 = middleware('o7', async (req: R, next: Next) => { const res = await next(); return res.status === 200 ? res : json({ n: req.n }); });
const o8 = middleware('o8', async (req: R, next: Next) => { const res = await next(); req.log.push(structuredClone({ n: req.n }).n.toFixed(1)); return res; });
const o9 = middleware('o9', async (req: R, next: Next) => { const res = await next(); for (const [k, v] of new Map([[1, 2]])) req.log.push(String(k + v)); return res; });
const o10 = middleware('o10', async (req: R, next: Next) => { const res = await next(); const body = await res.clone().text(); req.log.push(body); return res; });
const o11 = middleware('o11', async (req: R, next: Next) => { const res = await next(); req.log.push([...'ab'].join('')); return res; });
const o12 = middleware('o12', async (req: R, next: Next) => { const res = await next(); await new Promise((r) => setTimeout(r, 0)); req.log.push('slept'); return res; });
export const c1 = chain<R>().use(a).use(o1).handle(h);
export const c2 = chain<R>().use(a).use(o2).handle(h);
export const c3 = chain<R>().use(a).use(o3).handle(h);
export const c4 = chain<R>().use(a).use(o4).handle(h);
export const c5 = chain<R>().use(a).use(o5).handle(h);
export const c6 = chain<R>().use(a).use(o6).handle(h);
export const c7 = chain<R>().use(a).use(o7).handle(h);
export const c8 = chain<R>().use(a).use(o8).handle(h);
export const c9 = chain<R>().use(a).use(o9).handle(h);
export const c10 = chain<R>().use(a).use(o10).handle(h);
export const c11 = chain<R>().use(a).use(o11).handle(h);
export const c12 = chain<R>().use(a).use(o12).handle(h);
`,
    });
    expect(diagnostics(p)).toBe('');
    const text = p.generated('app.ts');
    const found = [...text.matchAll(/The steps below layer '(o\d+)' of '(c\d+)', in a function of their own: ([^*]*)\*\//g)].map((m) => `${m[2]}: ${m[3]}`);
    // Only calls through an interface or a class member (which another value may override) keep yields.
    expect(found.map((f) => f.replace(/, and that work.*$/, ''))).toEqual([
      'c2: it calls log.info(…), whose code codegen cannot read',
      'c3: it calls store.put(…), whose code codegen cannot read',
      'c4: it calls mem.put(…), whose code codegen cannot read',
    ]);
  });
});
