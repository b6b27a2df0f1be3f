/** Review probes: comments and formatting, allowJs layers. */
import { describe, expect, it } from 'vitest';
import { strictConfig } from '../../codegen-support/compare.js';
import { R, header, same } from './lib.js';

describe('comments and formatting', () => {
  it('comments around and inside next() calls, returns and branches; no semicolons', async () => {
    await same('comments', {
      'app.ts': `${header}${R}
/** A layer with comments everywhere. */
const noisy = middleware('noisy', async (req: R, next: Next) => {
  // before
  const res = await /* the rest */ next(/* nothing */) // after the call
  ;(req.log as string[]).push('noisy ' + /* inline */ res.status) // trailing
  return (
    // a comment in parentheses
    res
  )
})
const early = middleware('early', async (req: R, next: Next) => {
  return req.n === 2 // two is special
    ? new Response('two') /* early */
    : next() // the rest
})
const concise = middleware('concise', async (req: R, next: Next<{ c: number }>) =>
  // a concise body
  next({
    c: req.n, // a trailing comment in an object
  }),
)
export const app = chain<R>().use(noisy).use(early).use(concise).handle((req) => new Response(String(req.c)))
`,
    });
  });
});

describe('allowJs', () => {
  it('layers written in JavaScript with JSDoc types', async () => {
    await same('allowjs', {
      'layers.js': `import { middleware } from 'shallot';
/**
 * @param {{ n: number, log: string[] }} req
 * @param {import('shallot').Next} next
 */
async function stampFn(req, next) {
  req.log.push('stamp');
  const res = await next();
  res.headers.set('x-js', 'yes');
  return res;
}
export const stamp = middleware('stamp', stampFn);
`,
      'app.ts': `import { chain } from 'shallot';
import { stamp } from './layers.js';
export const app = chain<{ n: number; log: string[] }>().use(stamp).handle(() => new Response('js'));
`,
    }, undefined, { config: { ...strictConfig, compilerOptions: { ...strictConfig.compilerOptions, allowJs: true, checkJs: true }, include: ['**/*.ts', '**/*.js'] } });
  });
});

describe('JSDoc', () => {
  it('a layer written as a function declaration documented with @param tags (TypeScript)', async () => {
    const p = await same('jsdoc-params', {
      'app.ts': `${header}${R}
/**
 * Adds a request id to the log.
 * @param req - the request
 * @param next - the rest of the chain
 * @returns the response of the rest, with a header
 */
async function requestId(req: R, next: Next): Promise<Response> {
  req.log.push('id ' + req.n);
  const res = await next();
  res.headers.set('x-id', String(req.n));
  return res;
}
export const app = chain<R>().use(middleware('requestId', requestId)).handle((req) => new Response(req.log.join(',')));
`,
    });
    expect(p.generated('app.ts')).not.toContain('is called, not inlined');
  });
});
