/**
 * `shallot codegen --watch --format json` (the built CLI, its own process). Needs `npm run build`.
 * 1. A generated module deleted while watching (git clean, rm **\/*.gen.ts) was not noticed (the watcher ignored
 *    *.gen.ts; now it is made again): an edit of a module that re-exports its chains then writes a module importing the missing
 *    ./app.gen.js, and the report said no problems.
 * 2. Every stdout line is one JSON object; `seconds` of a rebuild is that rebuild's time, not the time since the
 *    watcher started (it was).
 */
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { casesDir, strictConfig } from '../../codegen-support/compare.js';
import { Watching } from '../../codegen-support/watching.js';

const dirs: string[] = [];
afterAll(() => {
  if (process.env['KEEP_CASES'] !== '1') for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

const app = `import { chain, middleware, type Next } from 'shallot';
export interface R { n: number }
const tag = middleware('tag', async (_req: {}, next: Next) => { const res = await next(); res.headers.set('x-tag', '1'); return res; });
export const app = chain<R>().use(tag).handle((req) => new Response('app ' + req.n));
`;
const other = `import { chain } from 'shallot';
import type { R } from './app.js';
export { app } from './app.js';
export const own = chain<R>().handle((req) => new Response('own ' + req.n));
`;


function setup(name: string): string {
  const dir = path.join(casesDir, `review11-${name}`);
  dirs.push(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(strictConfig));
  fs.writeFileSync(path.join(dir, 'app.ts'), app);
  fs.writeFileSync(path.join(dir, 'other.ts'), other);
  return dir;
}

describe('codegen --watch --format json', () => {
  it('a generated module deleted while watching: a re-exporting module must not import it', async () => {
    const dir = setup('watch-deleted-gen');
    const w = new Watching(dir, '--format', 'json');
    try {
      expect((await w.json(0))['written']).toHaveLength(2);
      expect(await w.json(1)).toEqual({ event: 'watching' });
      fs.rmSync(path.join(dir, 'app.gen.ts'));
      await new Promise((r) => setTimeout(r, 300));
      fs.writeFileSync(path.join(dir, 'other.ts'), other.replace("'own '", "'OWN '"));
      const report = await w.json(2);
      const gen = fs.readFileSync(path.join(dir, 'other.gen.ts'), 'utf8');
      // Either app.gen.ts is written again, or other.gen.ts does not take app from it, or the run says so.
      const consistent = fs.existsSync(path.join(dir, 'app.gen.ts')) || !gen.includes('./app.gen.js') || (report['diagnostics'] as unknown[]).length > 0;
      expect(consistent, `report ${JSON.stringify(report)}\nother.gen.ts imports ./app.gen.js, which is gone`).toBe(true);
      await import(pathToFileURL(path.join(dir, 'other.gen.ts')).href);
    } finally {
      await w.stop();
    }
  });

  it('each line is JSON, and seconds is the rebuild time', async () => {
    const dir = setup('watch-seconds');
    const w = new Watching(dir, '--format', 'json');
    try {
      await w.json(0);
      await w.json(1);
      // The watcher sits idle a while; a rebuild's seconds cannot be more than the time since the edit that caused it.
      await new Promise((r) => setTimeout(r, 1500));
      const edited = performance.now();
      fs.writeFileSync(path.join(dir, 'other.ts'), other.replace("'own '", "'OWN '"));
      const report = await w.json(2);
      const since = (performance.now() - edited) / 1000;
      expect(report['command']).toBe('codegen');
      expect(report['seconds'] as number, 'seconds of a rebuild, against the time since the edit').toBeLessThanOrEqual(since + 0.01);
    } finally {
      await w.stop();
    }
  });
});
