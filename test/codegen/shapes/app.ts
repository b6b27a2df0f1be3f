import { chain, middleware, type Next } from 'shallot';
import { secured, type User } from './auth.js';

export const appEvents: string[] = [];
/** Not exported, so layers that use it cannot be inlined: they are called. */
const note = (line: string): void => {
  appEvents.push(`app: ${line}`);
};

/** Catches what the layers below throw, and destructures the response. */
export const recover = middleware('recover', async (_req: {}, next: Next) => {
  try {
    const { status, headers } = await next();
    headers.set('X-Seen', String(status));
    return new Response(`status ${status}`, { status, headers });
  } catch (error) {
    return new Response(`recovered: ${(error as Error).message}`, { status: 500 });
  } finally {
    appEvents.push('recover finally');
  }
});

/** A factory: its layer closes over `label`, so it is called directly. */
const tag = (label: string) =>
  middleware('tag', async (_req: {}, next: Next) => {
    const res = await next();
    res.headers.set('X-Tag', label);
    return res;
  });

/** Uses a name app.ts does not export: called, not inlined. */
const audit = middleware('audit', async (req: { user: User }, next: Next) => {
  note(`audit ${req.user.name}`);
  return next();
});

export const app = chain<{ token: string; path: string }>()
  .use(recover)
  .use(tag('v1'))
  .use(secured)
  .use(audit)
  .handle(async (req) => {
    if (req.path === '/boom') throw new Error('boom');
    return new Response(`hello ${req.user.name}`);
  });
