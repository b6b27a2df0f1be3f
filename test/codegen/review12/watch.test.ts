/**
 * Review 12: `shallot codegen --watch --format json` (built CLI) under renames and deletions.
 * Found and mended: deleting a hand-written app.gen.ts that stood beside app.tsx did not generate app.gen.tsx.
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
const jsx = { ...strictConfig, include: ['**/*.ts', '**/*.tsx'], compilerOptions: { ...strictConfig.compilerOptions, jsx: 'react-jsx', jsxImportSource: 'hono/jsx' } };

const app = (body: string) => `import { chain, middleware, type Next } from 'shallot';
export interface R { n: number }
const tag = middleware('tag', async (_req: {}, next: Next) => { const res = await next(); res.headers.set('x-tag', '1'); return res; });
export const app = chain<R>().use(tag).handle((req) => new Response(${body}));
`;
const other = `import { chain } from 'shallot';
import type { R } from './app.js';
export { app } from './app.js';
export const own = chain<R>().handle((req) => new Response('own ' + req.n));
`;
const third = `import { chain } from 'shallot';
import type { R } from './app.js';
export { app, own } from './other.js';
export const mine = chain<R>().handle((req) => new Response('mine ' + req.n));
`;


function setup(name: string, files: Record<string, string>, config: object = strictConfig): string {
  const dir = path.join(casesDir, `review12-${name}`);
  dirs.push(dir);
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify(config));
  for (const [f, t] of Object.entries(files)) fs.writeFileSync(path.join(dir, f), t);
  return dir;
}

type App = (r: object) => Promise<Response>;
const body = async (mod: Record<string, unknown>, name: string): Promise<string> => {
  const res = await (mod[name] as App)({ n: 1 });
  return `${res.status} ${res.headers.get('x-tag')} ${await res.text()}`;
};

describe('--watch', () => {
  it('app.ts renamed to app.tsx (JSX added) while watching: old app.gen.ts removed, other.gen.ts answers as the runtime', async () => {
    const dir = setup('w-rename', { 'app.ts': app("'app ' + req.n"), 'other.ts': other }, jsx);
    const w = new Watching(dir, '--format', 'json');
    try {
      await w.until(() => w.lines.some((l) => l.includes('"watching"')));
      fs.renameSync(path.join(dir, 'app.ts'), path.join(dir, 'app.tsx'));
      fs.writeFileSync(path.join(dir, 'app.tsx'), app('String(<b>{req.n}</b>)'));
      await w.until(() => fs.existsSync(path.join(dir, 'app.gen.tsx')));
      await w.settle();
      const state = { genTs: fs.existsSync(path.join(dir, 'app.gen.ts')), genTsx: fs.existsSync(path.join(dir, 'app.gen.tsx')), nonJson: w.nonJson() };
      expect(state, w.lines.join('\n')).toEqual({ genTs: false, genTsx: true, nonJson: [] });
      const runtime = (await import(pathToFileURL(path.join(dir, 'other.ts')).href)) as Record<string, unknown>;
      const generated = (await import(pathToFileURL(path.join(dir, 'other.gen.ts')).href)) as Record<string, unknown>;
      expect(await body(generated, 'app')).toBe(await body(runtime, 'app'));
    } finally {
      await w.stop();
    }
  }, 60_000);

  it('rm *.gen.ts while watching, three modules re-exporting each other: all made again, third.gen.ts loads', async () => {
    const dir = setup('w-rm-all', { 'app.ts': app("'app ' + req.n"), 'other.ts': other, 'third.ts': third });
    const w = new Watching(dir, '--format', 'json');
    try {
      await w.until(() => w.lines.some((l) => l.includes('"watching"')));
      for (const f of ['app.gen.ts', 'other.gen.ts', 'third.gen.ts']) fs.rmSync(path.join(dir, f));
      await w.until(() => ['app.gen.ts', 'other.gen.ts', 'third.gen.ts'].every((f) => fs.existsSync(path.join(dir, f))));
      await w.settle();
      expect(w.nonJson()).toEqual([]);
      const runtime = (await import(pathToFileURL(path.join(dir, 'third.ts')).href)) as Record<string, unknown>;
      const generated = (await import(pathToFileURL(path.join(dir, 'third.gen.ts')).href)) as Record<string, unknown>;
      for (const n of ['app', 'own', 'mine']) expect(await body(generated, n)).toBe(await body(runtime, n));
    } finally {
      await w.stop();
    }
  }, 60_000);

  it('a hand-written app.gen.ts beside app.tsx deleted while watching: app.gen.tsx is then generated', async () => {
    const dir = setup('w-unblock', { 'app.tsx': app('String(<b>{req.n}</b>)'), 'other.ts': other, 'app.gen.ts': '// mine\nexport const x = 1;\n' }, jsx);
    const w = new Watching(dir, '--format', 'json');
    try {
      await w.until(() => w.lines.some((l) => l.includes('"watching"')));
      expect(w.lines[0]).toContain('not-generated');
      fs.rmSync(path.join(dir, 'app.gen.ts'));
      await w.settle(3000);
      expect({ genTsx: fs.existsSync(path.join(dir, 'app.gen.tsx')), lines: w.lines.length }, w.lines.join('\n')).toEqual({ genTsx: true, lines: 3 });
    } finally {
      await w.stop();
    }
  }, 60_000);

  it('a hand-written app.gen.ts beside app.ts deleted while watching: app.gen.ts is then generated', async () => {
    const dir = setup('w-unblock-ts', { 'app.ts': app("'app ' + req.n"), 'other.ts': other, 'app.gen.ts': '// mine\nexport const x = 1;\n' });
    const w = new Watching(dir, '--format', 'json');
    try {
      await w.until(() => w.lines.some((l) => l.includes('"watching"')));
      fs.rmSync(path.join(dir, 'app.gen.ts'));
      await w.until(() => fs.existsSync(path.join(dir, 'app.gen.ts')), 10_000);
      await w.settle();
      // other.gen.ts took app as the runtime chain while app.gen.ts was someone else's: now that app.gen.ts is codegen's, it should take the generated one
      expect(fs.readFileSync(path.join(dir, 'other.gen.ts'), 'utf8'), w.lines.join('\n')).toContain('./app.gen.js');
    } finally {
      await w.stop();
    }
  }, 60_000);

  it('a user file replacing the generated app.gen.ts while watching is not overwritten by the next rebuild', async () => {
    const dir = setup('w-replace', { 'app.ts': app("'app ' + req.n"), 'other.ts': other });
    const w = new Watching(dir, '--format', 'json');
    try {
      await w.until(() => w.lines.some((l) => l.includes('"watching"')));
      const mine = '// my own app.gen.ts\nexport const x = 1;\n';
      fs.writeFileSync(path.join(dir, 'app.gen.ts'), mine);
      await w.settle(500);
      fs.writeFileSync(path.join(dir, 'app.ts'), app("'APP ' + req.n"));
      await w.until(() => w.lines.length >= 3);
      await w.settle();
      expect(fs.readFileSync(path.join(dir, 'app.gen.ts'), 'utf8')).toBe(mine);
      expect(w.nonJson()).toEqual([]);
    } finally {
      await w.stop();
    }
  }, 60_000);
});
