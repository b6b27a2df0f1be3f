/**
 * Review 15: the `.handle(` pre-filter (project.ts mayHoldChain) no longer needs the word shallot, so modules that
 * were never read are now: modules that only wrap an app, NestJS-style interceptors (`next.handle()`), docs.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { R, diagnostics, gen, header } from '../review/lib.js';

describe('review15: modules the pre-filter now lets in', () => {
  it('a module that wraps apps of another module (and says .handle( in a comment), and a Nest-style interceptor', () => {
    const p = gen('r15-wrapper-module', {
      'r.ts': R,
      'app.ts': `${header}import type { R } from './r.js';
export const app = chain<R>().handle((req) => new Response('n' + req.n));
`,
      'wrap.ts': `import { app } from './app.js';
import type { R } from './r.js';
/** Wraps an app (what app.handle(fn) returned) with a timeout. */
export function withTimeout<A extends (req: R) => Promise<Response>>(inner: A, ms: number): A {
  return (async (req: R) => Promise.race([inner(req), new Promise<Response>((_, reject) => setTimeout(() => reject(new Error('timeout')), ms))])) as A;
}
export const slow = withTimeout(app, 1000);
export const same = app;
`,
      'interceptor.ts': `interface Handler { handle(): { pipe(f: (x: unknown) => unknown): unknown } }
export class LoggingInterceptor {
  intercept(_ctx: unknown, next: Handler) {
    return next.handle().pipe((x) => x);
  }
}
`,
    });
    expect(diagnostics(p)).toBe('');
    // wrap.ts (no word shallot) is now read: its alias `same` of app is generated (wrap.gen.ts), `slow` (an opaque
    // wrapper, not typed as a chain) is left out of it, and the interceptor module gets nothing.
    expect(fs.existsSync(path.join(p.dir, 'wrap.gen.ts'))).toBe(true);
    expect(fs.existsSync(path.join(p.dir, 'interceptor.gen.ts'))).toBe(false);
  }, 120_000);
});
