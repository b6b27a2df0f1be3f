/**
 * Review 9: layers in their own module, some using helpers their module does not export (so they are called,
 * not inlined), starting work before or after next(); shared by two chain modules; an inlined layer above and below.
 */
import { describe, it } from 'vitest';
import { header, same } from '../review/lib.js';

const files = {
  'types.ts': `export interface R {
  n: number;
  log: string[];
}
`,
  'audit.ts': `import type { R } from './types.js';
export async function audit(req: R, tag: string): Promise<void> {
  await null;
  req.log.push('audit ' + tag);
}
export default function notify(req: R): void {
  queueMicrotask(() => req.log.push('notified'));
}
`,
  'layers.ts': `import { middleware, type Next } from 'shallot';
import type { R } from './types.js';
import notify, { audit } from './audit.js';
import * as au from './audit.js';
const secret = 'k';
const stamp = (req: R): void => { req.log.push('stamp ' + secret); };
export const hiddenBefore = middleware('hiddenBefore', async (req: R, next: Next) => {
  stamp(req);
  void audit(req, 'hb');
  const res = await next();
  req.log.push('hb after');
  return res;
});
export const hiddenAfter = middleware('hiddenAfter', async (req: R, next: Next) => {
  const res = await next();
  stamp(req);
  notify(req);
  return res;
});
export const nsWork = middleware('nsWork', async (req: R, next: Next) => {
  const res = await next();
  au.default(req);
  req.log.push('ns after');
  return res;
});
export const shown = middleware('shown', async (req: R, next: Next) => {
  req.log.push('shown in');
  const res = await next();
  req.log.push('shown after');
  return res;
});
export const shownWork = middleware('shownWork', async (req: R, next: Next) => {
  void au.audit(req, 'sw');
  return next();
});
`,
  'app.ts': `${header}import type { R } from './types.js';
import { hiddenBefore, hiddenAfter, nsWork, shown, shownWork } from './layers.js';
const h = (req: R): Response => {
  req.log.push('handler');
  if (req.n === 2) throw new Error('two');
  return new Response('ok');
};
export const m1 = chain<R>().use(shown).use(hiddenBefore).use(shown).handle(h);
export const m2 = chain<R>().use(shown).use(hiddenAfter).use(shown).handle(h);
export const m3 = chain<R>().use(shown).use(shown).use(nsWork).handle(h);
export const m4 = chain<R>().use(hiddenAfter).use(shown).use(shownWork).use(shown).handle(h);
`,
  'other.ts': `${header}import type { R } from './types.js';
import { hiddenBefore, hiddenAfter, shown, shownWork } from './layers.js';
const a = middleware('a', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('a after');
  return res;
});
const h = async (req: R): Promise<Response> => {
  req.log.push('h2');
  return new Response('two');
};
export const o1 = chain<R>().use(a).use(shown).use(hiddenBefore).use(a).handle(h);
export const o2 = chain<R>().use(a).use(hiddenAfter).handle(h);
export const o3 = chain<R>().use(a).use(shownWork).use(a).handle(h);
`,
};

describe('review9: layers across modules', () => {
  it('app.ts', async () => {
    await same('r9-modules', files);
  }, 120_000);
  it('other.ts', async () => {
    await same('r9-modules2', files, undefined, { file: 'other.ts' });
  }, 120_000);
});
