/** Review 4 probes: realistic middleware (auth, CORS, rate limit, ETag, error mapping, request id, timing, session, cache). */
import { describe, it } from 'vitest';
import { header, same } from '../review/lib.js';

const Req = `export interface Req {
  n: number;
  log: string[];
  method: string;
  path: string;
  token?: string;
  origin?: string;
  inm?: string;
}
`;
const reqs = [
  { n: 0, method: 'GET', path: '/', token: 't0' },
  { n: 1, method: 'OPTIONS', path: '/api', origin: 'https://a.example' },
  { n: 2, method: 'GET', path: '/api', origin: 'https://a.example', token: 'bad' },
  { n: 3, method: 'GET', path: '/cached', token: 't3' },
  { n: 4, method: 'GET', path: '/etag', token: 't4', inm: '"4"' },
  { n: 5, method: 'POST', path: '/fail', token: 't5' },
  { n: 6, method: 'GET', path: '/missing', token: 't6' },
  { n: 7, method: 'GET', path: '/limited', token: 't7' },
  { n: 8, method: 'GET', path: '/throw-string', token: 't8' },
];

const layers = `
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}
export const users: ReadonlyMap<string, string> = new Map([['t0', 'ann'], ['t3', 'bob'], ['t4', 'cy'], ['t5', 'dee'], ['t6', 'eve'], ['t7', 'fay'], ['t8', 'gus']]);
export const stored: ReadonlyMap<string, Response> = new Map([['/cached', new Response('from cache', { headers: { 'x-cache': 'hit' } })]]);
export const hits = new WeakMap<object, Map<string, number>>();
export const loadSession = async (token: string | undefined): Promise<{ user: string } | undefined> => {
  await Promise.resolve();
  const user = token === undefined ? undefined : users.get(token);
  return user === undefined ? undefined : { user };
};

const requestId = middleware('requestId', async (req: Req, next: Next<{ id: string }>) => {
  const id = 'req-' + req.n;
  req.log.push('id ' + id);
  const res = await next({ id });
  res.headers.set('x-request-id', id);
  return res;
});
const timing = middleware('timing', async (req: Req, next: Next) => {
  const start = performance.now();
  try {
    return await next();
  } finally {
    req.log.push('timed ' + (performance.now() - start >= 0));
  }
});
const cors = middleware('cors', async (req: Req, next: Next) => {
  const origin = req.origin;
  if (req.method === 'OPTIONS') {
    return new Response(null, { status: 204, headers: { 'access-control-allow-origin': origin ?? '*', 'access-control-allow-methods': 'GET, POST' } });
  }
  const res = await next();
  if (origin !== undefined) res.headers.set('access-control-allow-origin', origin);
  res.headers.append('vary', 'Origin');
  return res;
});
const errors = middleware('errors', async (req: Req, next: Next) => {
  try {
    return await next();
  } catch (error) {
    if (error instanceof HttpError) {
      req.log.push('mapped ' + error.status);
      return new Response(error.message, { status: error.status });
    }
    req.log.push('rethrow');
    throw error;
  }
});
const auth = middleware('auth', async (req: Req, next: Next<{ user: string }>) => {
  const session = await loadSession(req.token);
  if (!session) return new Response('unauthorized', { status: 401, headers: { 'www-authenticate': 'Bearer' } });
  req.log.push('user ' + session.user);
  return next({ user: session.user });
});
const rateLimit = middleware('rateLimit', (req: Req & { user: string }, next: Next) => {
  let counts = hits.get(req);
  if (counts === undefined) hits.set(req, (counts = new Map()));
  const count = (counts.get(req.user) ?? 0) + 1;
  counts.set(req.user, count);
  if (req.path === '/limited' && count > 1) return Promise.resolve(new Response('slow down', { status: 429, headers: { 'retry-after': '1' } }));
  return next();
});
const cache = middleware('cache', async (req: Req, next: Next) => {
  if (req.method !== 'GET') return next();
  const hit = stored.get(req.path);
  if (hit !== undefined) return hit.clone();
  const res = await next();
  res.headers.set('x-cache', 'miss');
  return res;
});
const etag = middleware('etag', async (req: Req, next: Next) => {
  const res = await next();
  if (res.status !== 200) return res;
  const body = await res.clone().text();
  const tag = '"' + body.length + '"';
  if (req.inm === tag) return new Response(null, { status: 304, headers: { etag: tag } });
  res.headers.set('etag', tag);
  return res;
});
`;
const handle = `.handle((req) => {
  req.log.push('handler ' + req.user + ' ' + req.id);
  if (req.path === '/fail') throw new HttpError(422, 'bad input');
  if (req.path === '/missing') throw new HttpError(404, 'no ' + req.path);
  if (req.path === '/throw-string') throw 'plain string';
  return new Response('hello ' + req.user + ' at ' + req.path);
})`;

describe('a realistic server', () => {
  it('request id, timing, CORS preflight, error mapping, auth with a session, a rate limit, a cache and ETags, layers reused', async () => {
    await same(
      'r4-real-server',
      {
        'app.ts': `${header}${Req}${layers}
export const app = chain<Req>().use(requestId).use(timing).use(cors).use(errors).use(auth).use(rateLimit).use(rateLimit).use(cache).use(etag)${handle};
const secured = chain<Req>().use(errors).use(auth).use(rateLimit);
export const api = chain<Req>().use(timing).use(requestId).use(secured).use(cors).use(etag).use(timing).use(rateLimit)${handle};
export const twice = chain<Req>().use(cors).use(requestId).use(cors).use(secured).use(etag).use(cache).use(etag)${handle};
`,
      },
      reqs,
    );
  });
  it('the same server with guards off', async () => {
    await same(
      'r4-real-server-off',
      {
        'app.ts': `${header}${Req}${layers}
export const app = chain<Req>({ guards: false }).use(requestId).use(timing).use(cors).use(errors).use(auth).use(rateLimit).use(rateLimit).use(cache).use(etag)${handle};
const secured = chain<Req>().use(errors).use(auth).use(rateLimit);
export const api = chain<Req>({ guards: false }).use(timing).use(requestId).use(secured).use(cors).use(etag).use(timing).use(rateLimit)${handle};
`,
      },
      reqs,
    );
  });
});
