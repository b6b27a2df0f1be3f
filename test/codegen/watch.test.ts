/**
 * `shallot codegen --watch`, end to end: the real command (dist/codegen/cli.js)
 * in its own process, on a copy of the seed fixture plus an unrelated module.
 * Each step waits for the line the command prints (never for a time): an edit
 * regenerates what it feeds and nothing else, a syntax error is a diagnostic that
 * leaves the previous output alone, a deleted source takes its generated module
 * with it, and SIGTERM and SIGINT end it with exit 0.
 * Needs `npm run build`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { Watching } from '../codegen-support/watching.js';

const base = path.resolve('test/codegen-support/.watch');
fs.rmSync(base, { recursive: true, force: true });
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

/** Only a guard against a hang: each wait is for an event, and fails with the output so far. */
const GUARD_MS = 60_000;

const other = `import { chain, middleware, type Next } from 'shallot';

const hello = middleware('hello', async (_req: {}, next: Next) => {
  const res = await next();
  res.headers.set('X-Hello', 'yes');
  return res;
});

/** Imports nothing from the seed modules: an edit there must not rewrite other.gen.ts. */
export const other = chain<{}>().use(hello).handle(() => new Response('other'));
`;

let counter = 0;
function project(): string {
  const dir = path.join(base, `p${counter++}`);
  fs.mkdirSync(dir, { recursive: true });
  for (const file of ['app.ts', 'layers.ts', 'tsconfig.json']) fs.copyFileSync(path.resolve('test/codegen/seed', file), path.join(dir, file));
  fs.writeFileSync(path.join(dir, 'other.ts'), other);
  return dir;
}

afterEach(() => {
  for (const w of Watching.running) w.signal('SIGKILL');
});

describe('shallot codegen --watch', () => {
  it('regenerates what an edit feeds, keeps the last output through a syntax error, and ends on SIGTERM', { timeout: 4 * GUARD_MS }, async () => {
    const dir = project();
    const file = (name: string): string => path.join(dir, name);
    const watching = new Watching(dir);
    await watching.next(/^watching for changes/);
    expect(watching.lines).toEqual(expect.arrayContaining(['wrote app.gen.ts', 'wrote other.gen.ts']));
    const otherMtime = fs.statSync(file('other.gen.ts')).mtimeMs;
    const otherText = fs.readFileSync(file('other.gen.ts'), 'utf8');

    // An edit of layers.ts, which app.ts imports: app.gen.ts is regenerated, other.gen.ts is not.
    fs.writeFileSync(file('layers.ts'), fs.readFileSync(file('layers.ts'), 'utf8').replace('say(`-> ${req.path}`);', 'say(`--> ${req.path} (edited)`);'));
    await watching.next(/^wrote app\.gen\.ts$/);
    expect(await watching.next(/^shallot codegen: /)).toMatch(/^shallot codegen: 1 chain in 1 module, no problems, 1 file written/);
    const edited = fs.readFileSync(file('app.gen.ts'), 'utf8');
    expect(edited).toContain('say(`--> ${req.path} (edited)`);');
    expect(edited).not.toContain('say(`-> ${req.path}`);');
    expect(fs.statSync(file('other.gen.ts')).mtimeMs).toBe(otherMtime);
    expect(fs.readFileSync(file('other.gen.ts'), 'utf8')).toBe(otherText);

    // A syntax error in app.ts: a diagnostic at its line, and the last good output stays.
    const good = fs.readFileSync(file('app.ts'), 'utf8');
    fs.writeFileSync(file('app.ts'), `${good}\nexport const broken = chain<{}>().use(;\n`);
    expect(await watching.next(/syntax error/)).toMatch(/^app\.ts:\d+:\d+: syntax error: /);
    expect(await watching.next(/^shallot codegen: /)).toMatch(/1 problem/);
    expect(fs.readFileSync(file('app.gen.ts'), 'utf8')).toBe(edited);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);

    // Fixed, with a change of its own: regenerated again.
    fs.writeFileSync(file('app.ts'), good.replace("new Response('Hello, shallot')", "new Response('Hello again')"));
    await watching.next(/^wrote app\.gen\.ts$/);
    expect(fs.readFileSync(file('app.gen.ts'), 'utf8')).toContain("new Response('Hello again')");
    expect(fs.statSync(file('other.gen.ts')).mtimeMs).toBe(otherMtime);

    // other.ts deleted: its generated module, which would import it, goes too; app.gen.ts stays.
    const appText = fs.readFileSync(file('app.gen.ts'), 'utf8');
    fs.rmSync(file('other.ts'));
    await watching.next(/^removed other\.gen\.ts \(its source was deleted\)$/);
    expect(fs.existsSync(file('other.gen.ts'))).toBe(false);
    expect(fs.readFileSync(file('app.gen.ts'), 'utf8')).toBe(appText);

    watching.signal('SIGTERM');
    expect(await watching.exited).toEqual({ code: 0, signal: null });
  });

  it('regenerates on an edit of a layer reached through a re-exporting barrel', { timeout: 4 * GUARD_MS }, async () => {
    const dir = project();
    const file = (name: string): string => path.join(dir, name);
    fs.writeFileSync(file('barrel.ts'), "export { logging, timing } from './layers.js';\n");
    fs.writeFileSync(file('app.ts'), fs.readFileSync(file('app.ts'), 'utf8').replace("from './layers.js'", "from './barrel.js'"));
    const watching = new Watching(dir);
    await watching.next(/^watching for changes/);
    expect(fs.readFileSync(file('app.gen.ts'), 'utf8')).toContain('say(`-> ${req.path}`);');
    fs.writeFileSync(file('layers.ts'), fs.readFileSync(file('layers.ts'), 'utf8').replace('say(`-> ${req.path}`);', 'say(`=> ${req.path}`);'));
    await watching.next(/^wrote app\.gen\.ts$/);
    expect(fs.readFileSync(file('app.gen.ts'), 'utf8')).toContain('say(`=> ${req.path}`);');
    watching.signal('SIGTERM');
    expect(await watching.exited).toEqual({ code: 0, signal: null });
  });

  it('follows a solution tsconfig: an edit in a referenced project regenerates its module', { timeout: 4 * GUARD_MS }, async () => {
    const dir = project();
    const file = (name: string): string => path.join(dir, name);
    fs.renameSync(file('tsconfig.json'), file('tsconfig.app.json'));
    const app = JSON.parse(fs.readFileSync(file('tsconfig.app.json'), 'utf8')) as { compilerOptions: object };
    fs.writeFileSync(file('tsconfig.app.json'), JSON.stringify({ ...app, compilerOptions: { ...app.compilerOptions, composite: true } }));
    fs.writeFileSync(file('tsconfig.json'), JSON.stringify({ files: [], references: [{ path: './tsconfig.app.json' }] }));
    const watching = new Watching(dir);
    await watching.next(/^watching for changes/);
    expect(watching.lines).toEqual(expect.arrayContaining(['wrote app.gen.ts', 'wrote other.gen.ts']));
    fs.writeFileSync(file('other.ts'), other.replace("new Response('other')", "new Response('other, edited')"));
    await watching.next(/^wrote other\.gen\.ts$/);
    expect(fs.readFileSync(file('other.gen.ts'), 'utf8')).toContain("new Response('other, edited')");
    watching.signal('SIGTERM');
    expect(await watching.exited).toEqual({ code: 0, signal: null });
  });

  it('--format json: one JSON object per line on standard output, each run a report, and events', { timeout: 4 * GUARD_MS }, async () => {
    const dir = project();
    const file = (name: string): string => path.join(dir, name);
    const watching = new Watching(dir, '--format', 'json');
    await watching.next(/^\{"event":"watching"\}$/);
    fs.writeFileSync(file('other.ts'), other.replace("new Response('other')", "new Response('other, edited')"));
    await watching.next(/"written":\["other\.gen\.ts"\]/);
    fs.rmSync(file('other.ts'));
    await watching.next(/"event":"removed"/);
    watching.signal('SIGTERM');
    expect(await watching.exited).toEqual({ code: 0, signal: null });
    const objects = watching.stdout.map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(objects[0]).toMatchObject({ command: 'codegen', chains: 2, diagnostics: [], written: ['app.gen.ts', 'other.gen.ts'] });
    expect(objects).toContainEqual({ event: 'watching' });
    expect(objects).toContainEqual(expect.objectContaining({ command: 'codegen', written: ['other.gen.ts'] }));
    expect(objects).toContainEqual({ event: 'removed', removed: ['other.gen.ts'], reason: 'its source was deleted' });
  });

  it('ends on SIGINT (Ctrl-C) with exit 0', { timeout: 2 * GUARD_MS }, async () => {
    const watching = new Watching(project());
    await watching.next(/^watching for changes/);
    watching.signal('SIGINT');
    expect(await watching.exited).toEqual({ code: 0, signal: null });
  });
});
