// types/layer.ts and types/after.ts: a layer rejected at its definition is taken,
// in the chains that use it, as if it had been written right, so one mistake gives
// one error. Its definition cannot sit inside tsd's expectError() (the chain needs
// the layer), so this file is checked by scripts/check-types.mjs alone, under
// TS 5.9, 6 and 7: each `// error:` holds and nothing else fails.
import { chain, middleware, type Next, type NextSync, type ResponseOf } from 'shallot';
import { logging } from './fixtures.js';

const forgetful = middleware(
  // leads: middleware 'forgetful' can return undefined
  'forgetful',
  async (_req: {}, next: Next) => {
    await next();
  },
);
// leads: middleware 'uncalledNext' returns next itself
const uncalledNext = middleware('uncalledNext', async (_req: {}, next: Next) => next);
const syncForgetful = middleware.sync(
  // leads: middleware 'syncForgetful' can return undefined
  'syncForgetful',
  (_req: {}, next: NextSync) => {
    next();
  },
);

// Below a layer that wants a Response, in the middle of a chain, before the handler:
// no second error, and the app answers what the handler returns (each counts as
// `return next()`, what its message says to write).
export const app = chain<{ path: string }>().use(logging).use(forgetful).use(uncalledNext).handle(() => new Response('ok'));
export const answers: Response = null! as ResponseOf<typeof app>;
export const syncApp = chain<{}>().use(syncForgetful).handle(() => new Response('now'));
export const syncAnswers: Response = syncApp({});
