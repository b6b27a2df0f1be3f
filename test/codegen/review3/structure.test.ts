/** Review 3 probes: sub-chains chosen at run time, made by functions, shared by siblings, at several depths. */
import { describe, expect, it } from 'vitest';
import { compare } from '../../codegen-support/compare.js';
import { R, diagnostics, gen, header, requests, same } from '../review/lib.js';

const handler = ".handle((req) => {\n  req.log.push('handler ' + req.n);\n  if (req.n === 3) throw new Error('three');\n  return new Response('n=' + req.n);\n})";
const layers = `${header}${R}
export const mark = (label: string) => async (req: R, next: Next) => {
  req.log.push(label + ' in');
  const res = await next();
  req.log.push(label + ' out');
  return res;
};
export const a = middleware('a', async (req: R, next: Next) => {
  req.log.push('a in');
  const res = await next();
  res.headers.append('x-a', String(req.n));
  return res;
});
export const b = middleware('b', (req: R, next: Next) => {
  req.log.push('b');
  return next();
});
export const c = middleware('c', async (req: R, next: Next) => {
  if (req.n === 5) return new Response('five');
  try {
    return await next();
  } catch (error) {
    return new Response('c caught ' + (error as Error).message, { status: 500 });
  }
});
export const inner = chain<R>().use(a).use(b);
export const middle = chain<R>().use(c).use(inner).use(a);
`;

describe('sub-chains', () => {
  it('a sub-chain chosen by a const condition: reported as unreadable, the runtime chain re-exported; one made by a helper of no parameters is read', async () => {
    const p = gen('r3-subchains-unreadable', {
      'layers.ts': layers,
      'app.ts': `${header}import { type R, a, b, c, inner, middle } from './layers.js';
export const verbose = process.env['R3_VERBOSE'] === '1';
const pick = verbose ? inner : middle;
const make = () => chain<R>().use(b).use(a);
export const chosen = chain<R>().use(pick).use(c)${handler};
export const made = chain<R>().use(make()).use(c)${handler};
export const plain = chain<R>().use(c)${handler};
`,
    });
    expect(diagnostics(p)).toContain("cannot analyse the chain 'chosen'");
    expect(diagnostics(p)).not.toContain("'made'");
    expect(p.generated('app.ts')).toContain('export { chosen }');
    for (const [name, rows] of Object.entries(await compare(p, 'app.ts', requests))) {
      for (const [on, , generated] of rows) expect(JSON.stringify(generated), name).toBe(JSON.stringify(on));
    }
  });

  it('a sub-chain spliced at three depths, siblings sharing a layer', async () => {
    await same('r3-subchains', {
      'layers.ts': layers,
      'app.ts': `${header}import { type R, a, b, c, inner, middle } from './layers.js';
export const deep = chain<R>().use(middle).use(chain<R>().use(middle).use(inner)).use(inner)${handler};
export const siblings = chain<R>().use(chain<R>().use(a).use(c)).use(chain<R>().use(a).use(b)).use(c)${handler};
`,
    });
  });

  it('a layer chosen by a ?: of two layers, and one by a ternary of factory calls', async () => {
    await same('r3-conditional-layer', {
      'layers.ts': layers,
      'app.ts': `${header}import { type R, a, c, mark } from './layers.js';
export const strict = process.env['R3_STRICT'] === '1';
const guard = strict ? c : a;
export const app = chain<R>().use(guard).use(strict ? a : c).use(middleware('m', mark(strict ? 's' : 'l')))${handler};
`,
    });
  });
});
