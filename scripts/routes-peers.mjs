// The many-routes case of bench:types: one app of R routes off one base of 5 layers,
// route i adding (i % 3) + 1 layers of its own, written with shallot's, tRPC's and
// Hono's builders, each the way its documentation writes it:
//   shallot  const base = chain<Req>().use(b0)…use(b4);
//            export const routeI = base.use(rIa)….handle((req) => …)
//   trpc     const base = t.procedure.use(…)×5; t.router({ routeI: base.use(…)….query(…) })
//   hono     const base = new Hono().use(b0)…use(b4); base.get('/rI', rIa, …, (c) => …)
// Each base layer adds one field; each route layer reads a base field and adds one;
// each handler reads the route's last field and a base field.
import { writeChainProject } from './long-chain.mjs';

const BASE = ['requestId', 'user', 'locale', 'startedAt', 'db'];
const baseType = { requestId: 'string', user: 'User', locale: 'string', startedAt: 'number', db: 'Db' };
/** The types the base layers add, named once, as an app names them. */
const DECLARATIONS = ['interface User { id: string; admin: boolean }', 'interface Db { query(sql: string): string }', ''];
const baseValue = { requestId: 'req.path', user: "{ id: 'u', admin: false }", locale: "'en'", startedAt: '0', db: '{ query: (sql: string) => sql }' };
const layersOf = (i) => (i % 3) + 1;
const field = (i, j) => `r${i}_${j}`;

export function shallotRoutes(routes) {
  const lines = [`import { chain, middleware, type Next } from 'shallot';`, '', ...DECLARATIONS];
  BASE.forEach((name, k) => {
    const needs = k === 0 ? '{ path: string }' : `{ ${BASE[k - 1]}: ${baseType[BASE[k - 1]]} }`;
    lines.push(`const b${k} = middleware('b${k}', async (req: ${needs}, next: Next<{ ${name}: ${baseType[name]} }>) => next({ ${name}: ${baseValue[name].replace('req.path', k === 0 ? 'req.path' : "'x'")} }));`);
  });
  lines.push(`const base = chain<{ path: string; method: string }>()${BASE.map((_, k) => `.use(b${k})`).join('')};`, '');
  for (let i = 0; i < routes; i++) {
    const uses = [];
    for (let j = 0; j < layersOf(i); j++) {
      const needs = j === 0 ? `{ ${BASE[i % 5]}: ${baseType[BASE[i % 5]]} }` : `{ ${field(i, j - 1)}: number }`;
      lines.push(`const l${i}_${j} = middleware('l${i}_${j}', async (_req: ${needs}, next: Next<{ ${field(i, j)}: number }>) => next({ ${field(i, j)}: ${j} }));`);
      uses.push(`.use(l${i}_${j})`);
    }
    lines.push(`export const route${i} = base${uses.join('')}.handle((req) => new Response(String(req.${field(i, layersOf(i) - 1)}) + req.requestId));`);
  }
  return `${lines.join('\n')}\n`;
}

export function trpcRoutes(routes) {
  const lines = [`import { initTRPC } from '@trpc/server';`, '', ...DECLARATIONS, `const t = initTRPC.context<{ path: string; method: string }>().create();`];
  lines.push(`const base = t.procedure${BASE.map((name, k) => `\n  .use(({ ctx, next }) => next({ ctx: { ${name}: ${k === 0 ? 'ctx.path' : baseValue[name]} as ${baseType[name]} } }))`).join('')};`, '');
  lines.push('export const appRouter = t.router({');
  for (let i = 0; i < routes; i++) {
    const uses = [];
    for (let j = 0; j < layersOf(i); j++) {
      const from = j === 0 ? `ctx.${BASE[i % 5]} ? ${j} : ${j}` : `ctx.${field(i, j - 1)} + 1`;
      uses.push(`.use(({ ctx, next }) => next({ ctx: { ${field(i, j)}: ${from} } }))`);
    }
    lines.push(`  route${i}: base${uses.join('')}.query(({ ctx }) => String(ctx.${field(i, layersOf(i) - 1)}) + ctx.requestId),`);
  }
  lines.push('});', '');
  return lines.join('\n');
}

export function honoRoutes(routes) {
  const lines = [`import { Hono } from 'hono';`, `import { createMiddleware } from 'hono/factory';`, '', ...DECLARATIONS];
  BASE.forEach((name, k) => {
    const reads = k === 0 ? '' : `${BASE[k - 1]}: ${baseType[BASE[k - 1]]}; `;
    lines.push(`const b${k} = createMiddleware<{ Variables: { ${reads}${name}: ${baseType[name]} } }>(async (c, next) => { c.set('${name}', ${k === 0 ? 'c.req.path' : baseValue[name]}); await next(); });`);
  });
  lines.push(`const base = new Hono()${BASE.map((_, k) => `.use(b${k})`).join('')};`, '');
  for (let i = 0; i < routes; i++) {
    const mws = [];
    for (let j = 0; j < layersOf(i); j++) {
      const read = j === 0 ? `${BASE[i % 5]}: ${baseType[BASE[i % 5]]}` : `${field(i, j - 1)}: number`;
      const from = j === 0 ? `c.get('${BASE[i % 5]}') ? ${j} : ${j}` : `c.get('${field(i, j - 1)}') + 1`;
      lines.push(`const l${i}_${j} = createMiddleware<{ Variables: { ${read}; ${field(i, j)}: number } }>(async (c, next) => { c.set('${field(i, j)}', ${from}); await next(); });`);
      mws.push(`l${i}_${j}`);
    }
    lines.push(`base.get('/r${i}', ${mws.join(', ')}, (c) => c.text(String(c.get('${field(i, layersOf(i) - 1)}')) + c.get('requestId')));`);
  }
  lines.push('', 'export default base;', '');
  return lines.join('\n');
}

export const routeSources = { shallot: shallotRoutes, trpc: trpcRoutes, hono: honoRoutes };

/** Writes `routes-<builder>-R.ts` and its tsconfig under bench/.types/; returns the tsconfig's path. */
export function writeRoutes(builder, routes, root) {
  return writeChainProject(`routes-${builder}-${routes}`, routeSources[builder](routes), root).tsconfig;
}
