/**
 * Fixture cases: test/codegen/<case>/ holds a small project (the input) and
 * the generated modules it must produce (the expected output), compared as
 * files. The expected output must compile under tsc (strict, noUnusedLocals,
 * verbatimModuleSyntax) and behave as the runtime chain on sample requests.
 * UPDATE_FIXTURES=1 rewrites the expected files after a deliberate change.
 */
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { ShallotError } from 'shallot';
import { fromProjectDir } from '../codegen-support/codegen.js';
import { run } from '../../codegen/run.js';

const root = path.resolve('test/codegen');
const cases = fs.readdirSync(root).filter((name) => fs.existsSync(path.join(root, name, 'tsconfig.json')));

type App = ((req: object) => unknown) & { description: { generated?: boolean; sync: boolean } };

async function outcome(app: App, req: object): Promise<unknown> {
  try {
    const res = (await app({ ...req })) as Response;
    return { status: res.status, body: await res.text(), headers: [...res.headers].sort() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const requests: Record<string, object[]> = {
  seed: [{ path: '/' }, { path: '/missing' }],
  sync: [{ path: '/a/b' }, { path: '/private/x' }],
  lean: [{ path: '/' }, { path: '/private' }],
  opaque: [{ path: '/open', log: [] }, { path: '/', log: [] }],
  shapes: [
    { token: 'root', path: '/' },
    { token: 'guest', path: '/' },
    { token: 'root', path: '/boom' },
  ],
};

describe.each(cases)('codegen fixture %s', (name) => {
  const dir = path.join(root, name);
  const result = run(fromProjectDir(dir), { inline: true });

  it('verifies clean and generates exactly the expected modules', () => {
    expect(result.diagnostics).toEqual([]);
    expect(result.outputs.length).toBeGreaterThan(0);
    for (const output of result.outputs) {
      if (process.env['UPDATE_FIXTURES'] === '1') fs.writeFileSync(output.path, output.text);
      expect(fs.existsSync(output.path), `${output.path} is missing: run UPDATE_FIXTURES=1`).toBe(true);
      expect(output.text).toBe(fs.readFileSync(output.path, 'utf8'));
      expect(output.text).not.toMatch(/\beval\b|new Function/);
    }
  });

  it('is deterministic', () => {
    const again = run(fromProjectDir(dir), { inline: true });
    expect(again.outputs.map((o) => o.text)).toEqual(result.outputs.map((o) => o.text));
  });

  it('compiles under tsc, the generated modules included', () => {
    execFileSync(process.execPath, [path.resolve('node_modules/typescript/bin/tsc'), '-p', dir], { stdio: 'pipe' });
  });

  it('behaves as the runtime chain', async () => {
    for (const output of result.outputs) {
      const source = (await import(pathToFileURL(output.source).href)) as Record<string, App>;
      const generated = (await import(pathToFileURL(output.path).href)) as Record<string, App>;
      for (const [exported, app] of Object.entries(generated)) {
        expect(app.description.generated).toBe(true);
        expect(app.description.sync).toBe(source[exported]!.description.sync);
        for (const req of requests[name] ?? []) expect(await outcome(app, req)).toEqual(await outcome(source[exported]!, req));
      }
    }
  });
});

it('the all-sync fixture generates a handler with no promise', async () => {
  const text = fs.readFileSync(path.join(root, 'sync/app.gen.ts'), 'utf8');
  expect(text).not.toMatch(/\basync\b|\bawait\b|Promise/);
  const { app } = (await import(pathToFileURL(path.join(root, 'sync/app.gen.ts')).href)) as { app: (req: object) => Response };
  const res = app({ path: '/a/b' });
  expect(res).toBeInstanceOf(Response);
  expect(await res.text()).toBe('depth 2');
});

it('a called layer that calls next() twice fails with NEXT_TWICE naming it, as with the runtime composer, guards off', async () => {
  const { app } = (await import(pathToFileURL(path.join(root, 'opaque/app.gen.ts')).href)) as { app: (req: object) => Promise<Response> };
  const req = { path: '/', log: [] as string[] };
  const error = await app(req).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ShallotError);
  expect(error).toMatchObject({ code: 'NEXT_TWICE', layer: 'retryOn403' });
  expect(req.log).toEqual(['retry before', 'gate', 'retrying']);
});

it('docs/codegen.md shows the current output of the seed fixture (node scripts/codegen-page.mjs)', () => {
  const page = fs.readFileSync(path.resolve('docs/codegen.md'), 'utf8');
  const escape = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  expect(page).toContain(escape(fs.readFileSync(path.join(root, 'seed/app.gen.ts'), 'utf8').trimEnd()));
});
