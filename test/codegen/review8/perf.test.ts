/**
 * Review 8: codegen over a project with many helpers calling each other (a layered graph under the depth limit, so
 * every function is read; and a graph with cycles back to the top, deeper than codegen reads).
 */
import { describe, expect, it } from 'vitest';
import { R, diagnostics, gen, header } from '../review/lib.js';

const big = (levels: number, width: number, fanout: number, chains: number, layers: number, call: boolean, cyclic = false): Record<string, string> => {
  const files: Record<string, string> = {};
  let seed = 7;
  const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
  for (let l = 0; l < levels; l++) {
    const lines: string[] = [`import type { R } from './r.js';`];
    if (l + 1 < levels) lines.push(`import * as n from './h${l + 1}.js';`);
    if (cyclic && l > 0) lines.push(`import * as top from './h0.js';`);
    for (let i = 0; i < width; i++) {
      const calls: string[] = [];
      if (l + 1 < levels) for (let k = 0; k < fanout; k++) calls.push(`n.f${rnd(width)}(r);`);
      if (cyclic && l > 0) calls.push(`if (r.n < 0) top.f${rnd(width)}(r);`);
      lines.push(`export function f${i}(r: R): void {\n  ${calls.join('\n  ')}\n  r.log.length;\n}`);
    }
    files[`h${l}.ts`] = lines.join('\n') + '\n';
  }
  files['r.ts'] = R;
  const app: string[] = [header, `import type { R } from './r.js';`, `import * as h from './h0.js';`];
  for (let c = 0; c < chains; c++) {
    const uses: string[] = [];
    for (let k = 0; k < layers; k++) {
      app.push(`const l${c}_${k} = middleware('l${c}_${k}', async (req: R, next: Next) => {\n  const res = await next();\n  ${call ? `h.f${rnd(width)}(req);` : ''}\n  req.log.push('l${k}');\n  return res;\n});`);
      uses.push(`.use(l${c}_${k})`);
    }
    app.push(`export const c${c} = chain<R>()${uses.join('')}.handle((req: R) => { ${call ? `h.f${rnd(width)}(req); ` : ''}return new Response('ok'); });`.replace(call ? '' : '(req: R)', call ? '' : '(_req: R)'));
  }
  files['app.ts'] = app.join('\n') + '\n';
  return files;
};

/** Generates the project; every helper is read (no call is taken for work: none starts any). */
const readAll = (name: string, files: Record<string, string>, deeper = false): void => {
  const p = gen(name, files);
  expect(diagnostics(p)).toBe('');
  const said = new Set(p.generated('app.ts').match(/starts work|cannot read|reads no deeper/g) ?? []);
  // Deeper than eight calls, a call is taken for work (yields kept): sound, and said.
  expect([...said]).toEqual(deeper ? ['reads no deeper', 'starts work'].filter((w) => said.has(w)) : []);
  if (deeper) expect(said.has('reads no deeper')).toBe(true);
};

// Review 8 measured codegen on these at 74 s (7 levels), growing with steps x helpers: each question read the whole
// graph again. One memo per program (analysis/work.ts) reads each function once: ~1.5 s, as with no helper called.
// (No timed assertion: what is asserted is that every helper is read in full, through cycles too.)
describe('a project of 1,050 helpers, each calling ten others, under 100 steps', () => {
  it('is read in full', () => {
    readAll('r8-perf-call', big(7, 150, 10, 20, 5, true));
  }, 600_000);
  it('with cycles back to the top: deeper than codegen reads, taken for work', () => {
    readAll('r8-perf-cyc', big(7, 150, 10, 20, 5, true, true), true);
  }, 600_000);
});
