/**
 * Review 13: handlers as tRPC- and Hono-style users write them: a non-HTTP chain whose answers are plain values
 * (results, arrays, strings, numbers, null-ish guarded by isResponse), async handlers that throw after an await,
 * handlers that read additions made by several layers, a handler that returns another async function's promise.
 * The outermost layer writes the answer into req.log (the harness compares responses only).
 */
import { describe, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

describe('review13: handlers', () => {
  it('a tRPC-like procedure chain answering plain values', async () => {
    await same('r13-procedures', {
      'app.ts': `${header}${R}
type Result<T> = { ok: true; data: T } | { ok: false; code: string };
export const record = middleware('record', async (req: R, next: Next<{}, Result<unknown>>) => {
  const out = await next();
  req.log.push('answer ' + JSON.stringify(out));
  return out;
});
export const authed = middleware('authed', async (req: R, next: Next<{ user: { id: number } }, Result<unknown>>) => {
  if (req.n === 1) return { ok: false as const, code: 'UNAUTHORIZED' };
  return next({ user: { id: req.n } });
});
export const tenant = middleware('tenant', async (req: R & { user: { id: number } }, next: Next<{ tenant: string }, Result<unknown>>) =>
  next({ tenant: 't' + (req.user.id % 2) }),
);
export const timed = middleware('timed', async (req: R, next: Next<{}, Result<unknown>>) => {
  const r = await next();
  req.log.push('timed ' + r.ok);
  return r.ok ? { ...r, data: { wrapped: r.data } } : r;
});
export const caught = middleware('caught', async (req: R, next: Next<{}, Result<unknown>>) => {
  try {
    return await next();
  } catch (e) {
    req.log.push('caught ' + (e as Error).message);
    return { ok: false as const, code: 'INTERNAL' };
  }
});
async function loadUser(id: number): Promise<{ id: number; name: string }> {
  await null;
  if (id === 3) throw new Error('db down');
  return { id, name: 'user' + id };
}
export const getUser = chain<R>()
  .use(record)
  .use(caught)
  .use(authed)
  .use(tenant)
  .use(timed)
  .handle(async (req): Promise<Result<unknown>> => {
    const user = await loadUser(req.user.id);
    req.log.push('handler ' + req.tenant + ' ' + user.name);
    return { ok: true, data: user };
  });
export const list = chain<R>()
  .use(record)
  .use(authed)
  .handle((req): Result<unknown> => ({ ok: true, data: [req.user.id, req.n] }));
export const promised = chain<R>()
  .use(record)
  .use(caught)
  .use(authed)
  .handle((req): Promise<Result<unknown>> => loadUser(req.user.id).then((u) => ({ ok: true, data: u.name })));
const count = middleware.sync('count', (req: R, next: NextSync<{}, number>) => {
  const n = next();
  req.log.push('count ' + n);
  return n * 2;
});
export const numbers = chain<R>().use(count).use(count).handle((req) => req.n);
const text = middleware.sync('text', (req: R, next: NextSync<{}, string>) => {
  const s = next();
  req.log.push('text ' + s);
  return s.toUpperCase();
});
export const strings = chain<R>({ isResponse: (v) => typeof v === 'string' }).use(text).handle((req) => (req.n === 4 ? (42 as unknown as string) : 'hi ' + req.n));
`,
    });
  }, 120_000);

  it('async handlers throwing after an await, additions of several layers', async () => {
    await same('r13-handlers', {
      'app.ts': `${header}${R}
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}
const errors = middleware('errors', async (req: R, next: Next) => {
  try {
    return await next();
  } catch (e) {
    req.log.push('errors ' + (e instanceof HttpError ? e.status : 'plain'));
    return new Response(String((e as Error).message), { status: e instanceof HttpError ? e.status : 500 });
  }
});
const user = middleware('user', async (req: R, next: Next<{ user: { id: number; roles: string[] } }>) => next({ user: { id: req.n, roles: [] } }));
const roles = middleware('roles', async (req: R & { user: { id: number; roles: string[] } }, next: Next<{ user: { id: number; roles: string[]; admin: boolean } }>) =>
  next({ user: { ...req.user, roles: req.n % 2 === 0 ? ['admin'] : [], admin: req.n % 2 === 0 } }),
);
const locale = middleware('locale', async (_req: R, next: Next<{ locale: string; t: (k: string) => string }>) => {
  const locale = 'en';
  return next({ locale, t: (k: string) => locale + ':' + k });
});
export const app = chain<R>()
  .use(errors)
  .use(user)
  .use(roles)
  .use(locale)
  .handle(async (req) => {
    req.log.push('handler ' + req.user.id + ' ' + req.user.roles.join(',') + ' ' + req.t('hi'));
    await new Promise((r) => setTimeout(r, 1));
    if (req.n === 3) throw new HttpError(409, 'conflict');
    if (req.n === 5) throw new TypeError('bad');
    if (!req.user.admin) return new Response('forbidden', { status: 403 });
    return Response.json({ user: req.user, locale: req.locale });
  });
async function render(req: R): Promise<Response> {
  await null;
  if (req.n === 2) throw new HttpError(400, 'bad render');
  return new Response('rendered ' + req.n);
}
export const delegated = chain<R>().use(errors).use(locale).handle((req) => render(req));
export const unmapped = chain<R>().use(user).use(locale).handle(async (req) => {
  await null;
  if (req.n === 4) throw new HttpError(500, 'unmapped ' + req.user.id);
  return new Response('ok');
});
`,
    });
  }, 120_000);
});
