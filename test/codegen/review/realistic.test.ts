/** Review probes: middleware as users write it (headers, CORS, auth, rate limits, ETags, errors, ids, locks, timing, bodies, logs). */
import { describe, expect, it } from 'vitest';
import { R, header, same } from './lib.js';

const Req = `export interface Req {
  n: number;
  log: string[];
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
}
`;
const reqs = [
  { n: 0, method: 'GET', path: '/', headers: {} },
  { n: 1, method: 'OPTIONS', path: '/api', headers: { origin: 'https://a.example' } },
  { n: 2, method: 'GET', path: '/api', headers: { authorization: 'Bearer good', 'if-none-match': '"5"' } },
  { n: 3, method: 'POST', path: '/api', headers: { authorization: 'Bearer bad', 'content-type': 'application/json' }, body: '{"a":1}' },
  { n: 4, method: 'POST', path: '/api', headers: { authorization: 'Bearer good', 'content-type': 'application/json' }, body: '{bad' },
  { n: 5, method: 'GET', path: '/boom', headers: { authorization: 'Bearer good' } },
  { n: 6, method: 'GET', path: '/throw-string', headers: {} },
  { n: 7, method: 'DELETE', path: '/api', headers: { origin: 'https://evil.example' } },
];

describe('realistic layers, exported state', () => {
  it('helmet, cors, request id, timing, logging, error mapping, auth, rate limit, etag, body parsing', async () => {
    await same('realistic', {
      'state.ts': `export const hits = new Map<string, number>();
export const sessions: Record<string, { user: string; roles: readonly string[] }> = { good: { user: 'ann', roles: ['admin'] } };
export const ALLOWED_ORIGINS = ['https://a.example'] as const;
export enum Level { Info = 'info', Warn = 'warn' }
export let clock = 0;
export const tick = (): number => ++clock;
export const reset = (): void => {
  clock = 0;
  hits.clear();
};
export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}
`,
      'layers.ts': `import { middleware, type Next } from 'shallot';
import { ALLOWED_ORIGINS, HttpError, Level, hits, reset, sessions, tick } from './state.js';
${Req}
export const fresh = middleware('fresh', (_req: Req, next: Next) => {
  reset();
  return next();
});
export const helmet = middleware('helmet', async (_req: Req, next: Next) => {
  const res = await next();
  const headers = new Headers(res.headers);
  headers.set('x-content-type-options', 'nosniff');
  headers.set('x-frame-options', 'DENY');
  headers.delete('x-powered-by');
  return new Response(res.body, { status: res.status, headers });
});

export const cors = middleware('cors', async (req: Req, next: Next) => {
  const origin = req.headers?.['origin'];
  const allowed = origin !== undefined && (ALLOWED_ORIGINS as readonly string[]).includes(origin);
  if (req.method === 'OPTIONS') {
    return new Response(null, { status: 204, headers: allowed ? { 'access-control-allow-origin': origin } : {} });
  }
  const res = await next();
  if (allowed) res.headers.set('access-control-allow-origin', origin!);
  res.headers.append('vary', 'Origin');
  return res;
});

export const requestId = middleware('requestId', async (req: Req, next: Next<{ id: string }>) => {
  const id = req.headers?.['x-request-id'] ?? \`req-\${req.n}-\${tick()}\`;
  const res = await next({ id });
  res.headers.set('x-request-id', id);
  return res;
});

export const timing = middleware('timing', async function timingLayer(req: Req, next: Next) {
  const start = Date.now();
  try {
    return await next();
  } finally {
    req.log.push('took ' + (Date.now() - start >= 0 ? 'some' : 'negative') + ' ms');
  }
});

export const logging = middleware('logging', async (req: Req, next: Next) => {
  req.log.push(\`\${Level.Info} -> \${req.method ?? '?'} \${req.path ?? '?'}\`);
  let res: Response;
  try {
    res = await next();
  } catch (error) {
    req.log.push(\`\${Level.Warn} !! \${error instanceof Error ? error.message : String(error)}\`);
    throw error;
  }
  req.log.push(\`\${Level.Info} <- \${res.status}\`);
  return res;
});

export const errors = middleware('errors', async (req: Req, next: Next) => {
  try {
    return await next();
  } catch (error: unknown) {
    if (error instanceof HttpError) return Response.json({ error: error.message }, { status: error.status });
    req.log.push('unexpected');
    return Response.json({ error: typeof error === 'string' ? error : 'internal' }, { status: 500 });
  }
});

export const auth = middleware('auth', async (req: Req, next: Next<{ user: string; roles: readonly string[] }>) => {
  const header = req.headers?.['authorization'];
  if (header === undefined) return next({ user: 'anonymous', roles: [] });
  const token = header.replace(/^Bearer /, '');
  const session = sessions[token];
  if (!session) throw new HttpError(401, 'bad token');
  return next({ user: session.user, roles: session.roles });
});

export const rateLimit = middleware('rateLimit', async (req: Req, next: Next) => {
  const key = req.headers?.['authorization'] ?? 'anon';
  const count = (hits.get(key) ?? 0) + 1;
  hits.set(key, count);
  if (count > 100) return new Response('slow down', { status: 429, headers: { 'retry-after': '1' } });
  const res = await next();
  res.headers.set('x-ratelimit-remaining', String(100 - count));
  return res;
});

export const etag = middleware('etag', async (req: Req, next: Next) => {
  const res = await next();
  if (req.method !== 'GET' || res.status !== 200) return res;
  const body = await res.clone().text();
  const tag = \`"\${body.length}"\`;
  if (req.headers?.['if-none-match'] === tag) return new Response(null, { status: 304, headers: { etag: tag } });
  res.headers.set('etag', tag);
  return res;
});

export const json = middleware('json', async (req: Req, next: Next<{ json: unknown }>) => {
  let parsed: unknown = undefined;
  if (req.headers?.['content-type'] === 'application/json' && req.body !== undefined) {
    try {
      parsed = JSON.parse(req.body);
    } catch {
      return Response.json({ error: 'bad json' }, { status: 400 });
    }
  }
  return next({ json: parsed });
});
`,
      'app.ts': `import { chain } from 'shallot';
import { fresh, auth, cors, errors, etag, helmet, json, logging, rateLimit, requestId, timing, type Req } from './layers.js';
import { HttpError } from './state.js';
export const app = chain<Req>()
  .use(fresh)
  .use(helmet)
  .use(timing)
  .use(logging)
  .use(errors)
  .use(cors)
  .use(requestId)
  .use(auth)
  .use(rateLimit)
  .use(etag)
  .use(json)
  .handle(async (req) => {
    if (req.path === '/boom') throw new HttpError(418, 'teapot');
    if (req.path === '/throw-string') throw 'plain string';
    return Response.json({ user: req.user, roles: req.roles, id: req.id, json: req.json ?? null, n: 5 });
  });
`,
    }, reqs);
  });
});
