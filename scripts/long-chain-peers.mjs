// The long chain of scripts/long-chain.mjs (N steps, each adds one field to the
// context and reads the one before it; the handler reads the last) written with
// the builders of shallot's peers, so bench:types can compare what each costs
// the type checker:
//   trpc  initTRPC.context<{ path: string }>().create(); t.procedure.use(({ ctx, next })
//         => next({ ctx: { fI: ctx.fI-1 + 1 } })) N times, then .query(({ ctx }) => ctx.fN-1)
//   hono  createMiddleware<{ Variables: { fI-1: number; fI: number } }>(async (c, next) =>
//         { c.set('fI', c.get('fI-1') + 1); await next(); }) per step (a middleware
//         declares the variables it reads and sets: Hono has no other typed way),
//         new Hono().use(m0)…use(mN-1).get('/', (c) => c.text(String(c.get('fN-1'))))
import { longChainSource, writeChainProject } from './long-chain.mjs';

export function trpcChainSource(n) {
  const lines = [`import { initTRPC } from '@trpc/server';`, '', `const t = initTRPC.context<{ path: string }>().create();`, '', 'export const app = t.procedure'];
  for (let i = 0; i < n; i++) {
    const from = i === 0 ? 'ctx.path.length' : `ctx.f${i - 1} + 1`;
    lines.push(`  .use(({ ctx, next }) => next({ ctx: { f${i}: ${from} } }))`);
  }
  lines.push(`  .query(({ ctx }) => String(ctx.f${n - 1}));`, '');
  return lines.join('\n');
}

export function honoChainSource(n) {
  const lines = [`import { Hono } from 'hono';`, `import { createMiddleware } from 'hono/factory';`, ''];
  for (let i = 0; i < n; i++) {
    const vars = i === 0 ? `{ f0: number }` : `{ f${i - 1}: number; f${i}: number }`;
    const from = i === 0 ? 'c.req.path.length' : `c.get('f${i - 1}') + 1`;
    lines.push(`const m${i} = createMiddleware<{ Variables: ${vars} }>(async (c, next) => { c.set('f${i}', ${from}); await next(); });`);
  }
  lines.push('', 'export const app = new Hono()');
  for (let i = 0; i < n; i++) lines.push(`  .use(m${i})`);
  lines.push(`  .get('/', (c) => c.text(String(c.get('f${n - 1}'))));`, '');
  return lines.join('\n');
}

/** The same chain per builder, by name. */
export const chainSources = { shallot: (n) => longChainSource(n), trpc: trpcChainSource, hono: honoChainSource };

/** Writes `<peer>-N.ts` and its tsconfig under bench/.types/; returns the tsconfig's path. */
export function writePeerChain(peer, n, root) {
  const source = chainSources[peer];
  if (!source) throw new Error(`long-chain-peers: unknown builder ${JSON.stringify(peer)}; one of ${Object.keys(chainSources).join(', ')}`);
  return writeChainProject(`${peer}-${n}`, source(n), root).tsconfig;
}
