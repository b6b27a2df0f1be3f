/**
 * A module of chains that also exports a module's namespace object (`export * as helpers from './helpers.js'`,
 * or `import * as routes …; export { routes }`, as barrels do) crashed codegen: "internal error: TypeError: Cannot
 * read properties of undefined (reading 'kind')", exit 2, nothing generated for the whole project. The namespace
 * is a module's file, not a value that can hold a chain; the chains inside it are that module's own.
 */
import { describe, expect, it } from 'vitest';
import { R, header, same } from '../review/lib.js';

const routes = `${header}${R}
export const ping = chain<R>().handle((req) => new Response('pong ' + req.n));
export const limit = 10;
`;
const app = `${header}${R}
import * as routes from './routes.js';
export * as helpers from './helpers.js';
export * as more from './routes.js';
export { routes };
export * from './routes.js';
const tag = middleware('tag', async (req: R, next: Next) => {
  const res = await next();
  req.log.push('tag after');
  return res;
});
export const app = chain<R>().use(tag).handle((req) => new Response('app ' + req.n + ' ' + routes.limit));
`;

describe('a namespace exported beside chains', () => {
  it('is no chain: the module is generated, and its chains answer as at run time', async () => {
    const p = await same('r10-namespace', { 'app.ts': app, 'routes.ts': routes, 'helpers.ts': 'export const x = 1;\n' });
    const gen = p.generated('app.ts');
    // `export *` of routes.ts: its chain again, the same generated object as routes.gen.ts exports.
    expect(gen).toContain('export { ping } from "./routes.gen.js"');
    expect(gen).not.toMatch(/\bhelpers\b|\bmore\b/);
  });
});
