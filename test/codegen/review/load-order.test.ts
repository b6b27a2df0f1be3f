/**
 * Review probe: the generated module imports the modules its copies read in
 * sorted order, before the source module. A setup module the source imports
 * first (dotenv/config style) then runs after a layer module that reads the
 * environment when it loads. Each module graph runs in its own node process
 * (compiled with tsc), so each evaluates the modules once, in its own order.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { strictConfig } from '../../codegen-support/compare.js';
import { R, diagnostics, gen } from './lib.js';

describe('module evaluation order', () => {
  it('a layer module reading its configuration at load sees what the setup module (imported first by the source, as dotenv/config is) set', { timeout: 60_000 }, () => {
    const p = gen('load-order', {
      'env.ts': "(globalThis as { APP_SECRET?: string }).APP_SECRET = 'from-setup';\nexport {};\n",
      'auth.ts': `import { middleware, type Next } from 'shallot';
${R}
export const secret = (globalThis as { APP_SECRET?: string }).APP_SECRET ?? 'unset';
export const auth = middleware('auth', async (req: R, next: Next) => {
  req.log.push('secret ' + secret);
  return next();
});
`,
      'server.ts': `import './env.js';
import { chain } from 'shallot';
import { auth, type R } from './auth.js';
export const app = chain<R>().use(auth).handle((req) => new Response(req.log.join(',')));
`,
    });
    expect(diagnostics(p)).toBe('');
    execFileSync(process.execPath, [path.resolve('node_modules/typescript/bin/tsc'), '-p', p.dir, '--noEmit', 'false', '--outDir', path.join(p.dir, 'out')], { stdio: 'pipe' });
    const run = (module: string): string =>
      execFileSync(process.execPath, ['--input-type=module', '-e', `const { app } = await import(${JSON.stringify(path.join(p.dir, 'out', module))}); const res = await app({ n: 1, log: [] }); console.log(await res.text());`], { encoding: 'utf8' }).trim();
    expect(run('server.gen.js')).toBe(run('server.js'));
  });
});

describe('imports the generated module writes', () => {
  it('a JSON module imported with { type: "json" } keeps its import attribute (node refuses it without)', { timeout: 60_000 }, () => {
    const p = gen('json-import', {
      'package-info.json': '{ "version": "1.2.3" }\n',
      'layers.ts': `import { middleware, type Next } from 'shallot';
import info from './package-info.json' with { type: 'json' };
${R}
export const version = middleware('version', async (_req: R, next: Next) => {
  const res = await next();
  res.headers.set('x-version', info.version);
  return res;
});
`,
      'server.ts': `import { chain } from 'shallot';
import { version, type R } from './layers.js';
export const app = chain<R>().use(version).handle(() => new Response('ok'));
`,
    }, { compilerOptions: { ...strictConfig.compilerOptions, resolveJsonModule: true }, include: ['**/*.ts', '**/*.json'] });
    expect(diagnostics(p)).toBe('');
    execFileSync(process.execPath, [path.resolve('node_modules/typescript/bin/tsc'), '-p', p.dir, '--noEmit', 'false', '--outDir', path.join(p.dir, 'out')], { stdio: 'pipe' });
    const run = (module: string): string =>
      execFileSync(process.execPath, ['--input-type=module', '-e', `const { app } = await import(${JSON.stringify(path.join(p.dir, 'out', module))}); const res = await app({ n: 1, log: [] }); console.log(res.headers.get('x-version'));`], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
    expect(run('server.js')).toBe('1.2.3');
    // node: ERR_IMPORT_ASSERTION_TYPE_MISSING when the generated module imports the JSON without the attribute
    expect(run('server.gen.js')).toBe('1.2.3');
  });
});
