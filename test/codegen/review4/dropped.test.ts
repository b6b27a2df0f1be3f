/** Review 4 probes: next()'s promise dropped where check did not see it; the guarded runtime reports MISSING_AWAIT, and check now does too. */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { R, diagnostics, gen, header } from '../review/lib.js';
import { strictConfig } from '../../codegen-support/compare.js';

const h = ".handle((req) => { req.log.push('handler ' + req.n); return new Response('ok ' + req.n); })";
const cases: Record<string, [string, string?]> = {
  logicalDropped: [`async (req: R, next: Next) => {
  req.n > 2 && next();
  return new Response('own ' + req.n);
}`],
  condDropped: [`async (req: R, next: Next) => {
  req.n > 2 ? next() : undefined;
  return new Response('own ' + req.n);
}`],
  dropInThen: [`(req: R, next: Next) => Promise.resolve().then(() => {
  next();
  return new Response('own ' + req.n);
})`],
  dropInHelper: [`async (req: R, next: Next) => withSpan('x', async () => {
  next();
  return new Response('own ' + req.n);
})`, 'export const withSpan = async <T>(_name: string, fn: () => Promise<T>): Promise<T> => fn();'],
  dropInIife: [`async (req: R, next: Next) => (async () => {
  void next();
  return new Response('own ' + req.n);
})()`],
  arrayPush: [`async (req: R, next: Next) => {
  const pending: Promise<Response>[] = [];
  pending.push(next());
  return new Response('own ' + req.n + ' ' + pending.length);
}`],
  boxed: [`async (req: R, next: Next) => {
  const box = { p: next() };
  return new Response('own ' + req.n + ' ' + typeof box.p);
}`],
  heldThenThrow: [`async (req: R, next: Next) => {
  const p = next();
  if (req.n === 3) throw new Error('bad ' + req.n);
  return p;
}`],
};
const project = (name: string, fn: string, extra = '') => ({
  'app.ts': `${header}${R}${extra}\nconst ${name} = middleware('${name}', ${fn});\nexport const app = chain<R>().use(${name})${h};\n`,
});

const missingAwait = "(missing await): write 'await next()' or 'return next()', or the layers below run unobserved and their errors are lost";
const dropped = (name: string, line: number) => `app.ts:${line}: middleware '${name}' calls next() without awaiting or returning it ${missingAwait}`;
const held = (name: string, line: number, variable: string, end = 'a path to the end of the layer never awaits or returns') => `app.ts:${line}: middleware '${name}' keeps next()'s promise in '${variable}', which ${end} ${missingAwait}`;
/** What check says of each layer (app.ts's lines: the layer starts on line 7). */
const expected: Record<string, string> = {
  logicalDropped: dropped('logicalDropped', 8),
  condDropped: dropped('condDropped', 8),
  dropInThen: dropped('dropInThen', 8),
  dropInHelper: dropped('dropInHelper', 8),
  dropInIife: dropped('dropInIife', 8),
  arrayPush: held('arrayPush', 9, 'pending'),
  boxed: held('boxed', 8, 'box'),
  heldThenThrow: held('heldThenThrow', 8, 'p', 'the path that throws at line 9 never awaits'),
};

// Fixed, was a bug (check miss, and so a different answer with the guards on): each layer below drops next()'s promise (a
// `&&` or `?:` statement, a statement inside a .then callback, a helper's callback or an async IIFE, a push into an array, a
// property of an object, a path that throws while holding it). `shallot check` reported none of them, so the module was
// generated and the layer called through the fast kernel (no missing-await guard), while the guarded runtime rejects with
// MISSING_AWAIT. codegen/analysis/next-flow.ts now carries a value to where it is thrown away (`&&`/`||`/`??`, `?:`
// branches, literals: valueDropped), walks each callback that calls next() as a layer of its own, keeps a promise pushed
// into a local array or put in a literal a variable holds (reads that cannot reach it, `.length`, `typeof`, do not count),
// and reports a promise held on a path that leaves by a `throw`. Check reports each, so no module is generated for them.
describe('check reports a dropped next() promise', () => {
  for (const [name, [fn, extra]] of Object.entries(cases)) {
    it(`${name}: check reports it`, () => {
      expect(diagnostics(gen(`r4-dropped-check-${name}`, project(name, fn, extra), strictConfig))).toContain(`middleware '${name}'`);
    });
    it(`${name}: no module is generated, and check names the layer, what is wrong and where`, () => {
      const p = gen(`r4-dropped-${name}`, project(name, fn, extra), strictConfig);
      expect(diagnostics(p)).toBe(expected[name]);
      expect(p.result.outputs).toEqual([]);
      expect(fs.existsSync(path.join(p.dir, 'app.gen.ts'))).toBe(false);
    });
  }
});
