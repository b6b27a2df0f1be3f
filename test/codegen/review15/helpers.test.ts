/**
 * Review 15: project helpers of no parameters read as the builder they return (find-chains.ts madeBy), as users of
 * Hono/Koa/tRPC write their "base procedure" / "router" helpers.
 */
import { describe, expect, it } from 'vitest';
import { R, diagnostics, gen, header, same } from '../review/lib.js';

const base = `${header}import type { R } from './r.js';
// The harness answers each request three times (guards on, off, generated) against the same module state.
export const per3 = (count: number): number => Math.ceil(count / 3);
export const log = middleware('log', async (req: R, next: Next) => {
  req.log.push('log in');
  const res = await next();
  req.log.push('log out ' + res.status);
  return res;
});
export const auth = middleware('auth', async (req: R, next: Next<{ user: string }>) => {
  if (req.n === 1) return new Response('no', { status: 401 });
  return next({ user: 'u' + req.n });
});
/** A rate limiter with its own counter per call, as hono-rate-limiter and koa-ratelimit make them. */
export const rateLimit = (max: number) => {
  let used = 0;
  return middleware('rateLimit', async (req: R, next: Next) => {
    used++;
    req.log.push('used ' + per3(used));
    if (per3(used) > max) return new Response('limited', { status: 429 });
    return next();
  });
};
`;

describe('review15: helpers that return a builder', () => {
  it('a helper that makes a stateful layer per call: each app keeps its own counter', async () => {
    await same('r15-per-call-state', {
      'r.ts': R,
      'base.ts': `${base}
export const limited = () => chain<R>().use(log).use(rateLimit(2));
export function api() {
  return limited().use(auth);
}
`,
      'app.ts': `import { api, limited } from './base.js';
export const a = api().handle((req) => new Response('a ' + req.user));
export const b = api().handle((req) => new Response('b ' + req.user));
export const c = limited().use(limited()).handle(() => new Response('c'));
`,
    });
  }, 120_000);

  it('helpers through a barrel, a namespace import, a default export; helpers calling helpers; per-call inline layers', async () => {
    await same('r15-helper-reach', {
      'r.ts': R,
      'lib/base.ts': `${base.replace("'./r.js'", "'../r.js'")}
let calls = 0;
export const bump = () => ++calls;
export const traced = () =>
  chain<R>().use(
    middleware('trace', async (req: R, next: Next) => {
      req.log.push('trace calls=' + calls);
      return next();
    }),
  );
export default function authed() {
  return traced().use(log).use(auth);
}
`,
      'lib/index.ts': `export * from './base.js';\nexport { default as authed } from './base.js';\n`,
      'app.ts': `import * as lib from './lib/index.js';
import { authed, bump } from './lib/index.js';
import makeAuthed from './lib/base.js';
bump();
export const a = authed().handle((req) => new Response('a ' + req.user));
bump();
export const b = lib.traced().use(lib.traced()).handle(() => new Response('b'));
export const c = makeAuthed().handle(async (req) => {
  if (req.n === 3) throw new Error('boom');
  return new Response('c ' + req.user, { status: req.n === 2 ? 404 : 200 });
});
`,
    });
  }, 120_000);

  it('a generic helper <T extends R>() => chain<T>()', async () => {
    const p = await same('r15-generic-helper', {
      'r.ts': R,
      'base.ts': `${base}
export const typed = <T extends R>() => chain<T>().use(log);
`,
      'app.ts': `import { typed } from './base.js';
import type { R } from './r.js';
export const a = typed<R & { tag?: string }>().handle((req) => new Response('a ' + req.n + ' ' + String(req.tag)));
`,
    });
    expect(p.generated('app.ts')).not.toMatch(/\bT\b/);
  }, 120_000);

  it('chain options given inside the helper (isResponse, guards) are the apps\'', async () => {
    await same('r15-helper-options', {
      'r.ts': R,
      'base.ts': `${header}import type { R } from './r.js';
const upper = middleware.sync('upper', (req: R, next: NextSync<{}, string>) => {
  const s = next();
  req.log.push('upper ' + s);
  return s.toUpperCase();
});
export const text = () => chain<R>({ isResponse: (v: unknown) => typeof v === 'string' }).use(upper);
`,
      'app.ts': `import { text } from './base.js';
export const t = text().handle((req) => (req.n === 4 ? (42 as unknown as string) : 'hi ' + req.n));
`,
    });
  }, 120_000);

  it('recursive and mutually recursive helpers: reported, no crash', () => {
    const p = gen('r15-helper-recursion', {
      'r.ts': R,
      'base.ts': `${base}
type B = ReturnType<typeof chain<R>>;
export const loop = (): B => loop().use(log);
export function ping(): B {
  return pong().use(log);
}
export function pong(): B {
  return ping();
}
`,
      'app.ts': `import { loop, ping } from './base.js';
export const a = loop().handle(() => new Response('a'));
export const b = ping().handle(() => new Response('b'));
`,
    });
    const text = diagnostics(p);
    expect(text).toMatch(/'a'/);
    expect(text).toMatch(/'b'/);
  }, 120_000);

  it('helpers that cannot be read are reported: static method, object method, default parameter, overloads', () => {
    const p = gen('r15-helper-unread', {
      'r.ts': R,
      'base.ts': `${base}
export class Api {
  static base() {
    return chain<R>().use(log);
  }
}
export const helpers = { base: () => chain<R>().use(log) };
export const withDefault = (tag = 'x') => chain<R>().use(log).use(middleware('tag', async (req: R, next: Next) => {
  req.log.push(tag);
  return next();
}));
export function over(): ReturnType<typeof chain<R>>;
export function over(tag?: string): ReturnType<typeof chain<R>>;
export function over() {
  return chain<R>().use(log);
}
`,
      'app.ts': `import { Api, helpers, over, withDefault } from './base.js';
export const a = Api.base().handle(() => new Response('a'));
export const b = helpers.base().handle(() => new Response('b'));
export const c = withDefault().handle(() => new Response('c'));
export const d = over().handle(() => new Response('d'));
`,
    });
    const text = diagnostics(p);
    for (const name of ['a', 'b', 'c', 'd']) expect(text).toMatch(new RegExp(`'${name}'`));
  }, 120_000);
});
