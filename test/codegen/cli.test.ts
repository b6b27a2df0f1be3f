/**
 * The shallot command on real projects in a temporary folder: diagnostics as
 * file:line:col with exit 1, setup problems with exit 2, --format json,
 * --check, --no-inline, and bad input that must never leave a partial file.
 */
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main } from '../../codegen/cli.js';

const base = path.resolve('test/codegen-support/.cli');
fs.rmSync(base, { recursive: true, force: true });
afterAll(() => fs.rmSync(base, { recursive: true, force: true }));

const tsconfig = fs.readFileSync(path.resolve('test/codegen/seed/tsconfig.json'), 'utf8');

let counter = 0;
function project(files: Record<string, string>): string {
  const dir = path.join(base, `p${counter++}`);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'tsconfig.json'), tsconfig);
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

async function shallot(dir: string, ...args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main([...args, '-p', path.join(dir, 'tsconfig.json')], { out: (l) => out.push(l), err: (l) => err.push(l) }, dir);
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const header = "import { chain, middleware, type Next } from 'shallot';\n";
const good = `${header}
export const auth = middleware('auth', async (req: { token: string }, next: Next<{ user: string }>) => next({ user: req.token }));
export const app = chain<{ token: string }>().use(auth).handle((req) => new Response(req.user));
`;

describe('shallot check', () => {
  it('prints one summary line and exits 0 when all is well', async () => {
    const r = await shallot(project({ 'app.ts': good }), 'check');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^shallot check: 1 chain in 1 module, no problems \(\d+\.\d\d s\)$/);
  });

  it("reports the spec's compile-time checks with the layer's message at file:line:col", async () => {
    const dir = project({
      'app.ts': `${header}
export const adminOnly = middleware('adminOnly', async (req: { user: string }, next: Next) => next());
export const app = chain<{ path: string }>()
  .use(adminOnly)
  .handle(() => new Response('hi'));
`,
    });
    const r = await shallot(dir, 'check');
    expect(r.code).toBe(1);
    expect(r.out).toContain("app.ts:5:8: middleware 'adminOnly' needs 'user', which the chain's Base lacks");
  });

  it('reports a dropped next() and a next() reachable twice', async () => {
    const dir = project({
      'app.ts': `${header}
export const forgetful = middleware('forgetful', async (_req: {}, next: Next) => {
  next();
  return new Response('early');
});
export const twice = middleware('twice', async (_req: {}, next: Next) => {
  try {
    return await next();
  } catch {
    return await next();
  }
});
export const looping = middleware('looping', async (_req: {}, next: Next) => {
  let res = new Response('none');
  for (let i = 0; i < 2; i++) res = await next();
  return res;
});
export const app = chain<{}>().use(forgetful).use(twice).use(looping).handle(() => new Response('hi'));
`,
    });
    const r = await shallot(dir, 'check');
    expect(r.code).toBe(1);
    expect(r.out).toContain("app.ts:4:3: middleware 'forgetful' calls next() without awaiting or returning it (missing await)");
    expect(r.out).toContain("app.ts:11:18: middleware 'twice' can call next() twice on one path (again after line 9)");
    expect(r.out).toContain("app.ts:16:43: middleware 'looping' calls next() inside a loop");
    expect(r.out).toMatch(/3 problems/);
  });

  it('names a chain it cannot analyse, with the reason', async () => {
    const dir = project({
      'app.ts': `${header}
const a = middleware('a', async (_req: {}, next: Next) => next());
const layers = [a, a];
export const app = layers.reduce((c, l) => c.use(l), chain<{}>()).handle(() => new Response('hi'));
`,
    });
    const r = await shallot(dir, 'check');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/app\.ts:\d+:\d+: cannot analyse the chain 'app': it is built in a loop/);
  });

  it('--format github prints each problem as a GitHub Actions annotation at its file, line and column', async () => {
    const dir = project({
      'app.ts': `${header}
export const adminOnly = middleware('adminOnly', async (req: { user: string }, next: Next) => next());
export const app = chain<{ path: string }>()
  .use(adminOnly)
  .handle(() => new Response('hi'));
`,
    });
    const r = await shallot(dir, 'check', '--format', 'github');
    expect(r.code).toBe(1);
    expect(r.out.split('\n')[0]).toBe("::error file=app.ts,line=5,col=8,title=shallot type::middleware 'adminOnly' needs 'user', which the chain's Base lacks");
    expect(r.out).toMatch(/\nshallot check: 1 chain in 1 module: 1 problem/);
  });

  it('--format github escapes what workflow commands reserve (%, newlines; also : and , in the file)', async () => {
    const dir = project({ 'a,b:c.ts': `${header}\nexport const f = middleware('f%', async (_req: {}, next: Next) => { void next(); return new Response(''); });\nexport const app = chain().use(f).handle(() => new Response('x'));\n` });
    const r = await shallot(dir, 'check', '--format', 'github');
    expect(r.out.split('\n')[0]).toMatch(/^::error file=a%2Cb%3Ac\.ts,line=3,col=\d+,title=shallot dropped-next::middleware 'f%25' calls next\(\) without awaiting/);
  });

  it('--format json gives the same diagnostics as data', async () => {
    const dir = project({ 'app.ts': `${header}\nexport const f = middleware('f', async (_req: {}, next: Next) => { void next(); return new Response(''); });\nexport const app = chain().use(f).handle(() => new Response('x'));\n` });
    const r = await shallot(dir, 'check', '--format', 'json');
    expect(r.code).toBe(1);
    const data = JSON.parse(r.out) as { diagnostics: { file: string; line: number; code: string }[] };
    expect(data.diagnostics).toEqual([expect.objectContaining({ file: 'app.ts', line: 3, code: 'dropped-next' })]);
  });
});

describe('shallot codegen', () => {
  it('writes app.gen.ts, leaves it alone when unchanged, and --check tells when it is stale', async () => {
    const dir = project({ 'app.ts': good });
    expect((await shallot(dir, 'codegen')).code).toBe(0);
    const gen = path.join(dir, 'app.gen.ts');
    const first = fs.statSync(gen).mtimeMs;
    expect(fs.readFileSync(gen, 'utf8')).toMatch(/^\/\*\*\n \* DO NOT EDIT: generated by `shallot codegen` from app\.ts\./);
    const again = await shallot(dir, 'codegen');
    expect(again.out).toMatch(/0 files written/);
    expect(fs.statSync(gen).mtimeMs).toBe(first);
    expect((await shallot(dir, 'codegen', '--check')).code).toBe(0);
    fs.appendFileSync(gen, '// edited by hand\n');
    const stale = await shallot(dir, 'codegen', '--check');
    expect(stale.code).toBe(1);
    expect(stale.out).toContain('app.gen.ts:1:1: the generated module is stale: run shallot codegen');
    fs.rmSync(gen);
    expect((await shallot(dir, 'codegen', '--check')).out).toContain('is missing');
    expect(fs.existsSync(gen)).toBe(false);
  });

  it('--no-inline calls every layer directly', async () => {
    const dir = project({ 'app.ts': good });
    expect((await shallot(dir, 'codegen', '--no-inline')).code).toBe(0);
    const text = fs.readFileSync(path.join(dir, 'app.gen.ts'), 'utf8');
    expect(text).toContain("layer 'auth' (app.ts:4) is called, not inlined: inlining is off (--no-inline)");
  });

  it('a syntax error: a diagnostic naming the file, exit 1, no output', async () => {
    const dir = project({ 'app.ts': `${good}\nexport const broken = chain<{}>().use(;\n` });
    const r = await shallot(dir, 'codegen');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/app\.ts:6:\d+: syntax error: /);
    expect(fs.existsSync(path.join(dir, 'app.gen.ts'))).toBe(false);
  });

  it('a missing tsconfig: exit 2 naming it', async () => {
    const r = await shallot(path.join(base, 'nowhere'), 'codegen');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/nowhere\/tsconfig\.json: no such file/);
  });

  it('a chain file that imports itself: a diagnostic, no output', async () => {
    const dir = project({
      'app.ts': `${header}import * as self from './app.js';
export const base = chain<{}>().use(middleware('a', async (_req: {}, next: Next) => next()));
export const app = self.base.handle(() => new Response('x'));
`,
    });
    const r = await shallot(dir, 'codegen');
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/app\.ts:2:1: app\.ts imports itself/);
    expect(fs.existsSync(path.join(dir, 'app.gen.ts'))).toBe(false);
  });

  it('a directory where the generated module goes: exit 1 naming it, the directory kept', async () => {
    const dir = project({ 'app.ts': good });
    fs.mkdirSync(path.join(dir, 'app.gen.ts'));
    fs.writeFileSync(path.join(dir, 'app.gen.ts', 'keep'), 'x');
    const r = await shallot(dir, 'codegen');
    expect(r.code).toBe(1);
    expect(r.out).toContain('app.gen.ts:1:1: app.gen.ts is where the generated module of app.ts goes, but it is not a file, so the module is not generated: move it away, then run shallot codegen again');
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(fs.readFileSync(path.join(dir, 'app.gen.ts', 'keep'), 'utf8')).toBe('x');
  });

  it('an output that cannot be written: exit 2 naming it, the old file kept', async () => {
    const dir = project({ 'app.ts': good });
    expect((await shallot(dir, 'codegen')).code).toBe(0);
    const before = fs.readFileSync(path.join(dir, 'app.gen.ts'), 'utf8');
    fs.writeFileSync(path.join(dir, 'app.ts'), good.replace('new Response(req.user)', "new Response(req.user + '!')"));
    // The temporary file the write goes through (this process's) cannot be made: a directory is in its place.
    fs.mkdirSync(path.join(dir, `.app.gen.ts.${process.pid}.tmp`));
    const r = await shallot(dir, 'codegen');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/app\.gen\.ts: cannot write the generated module \(EEXIST\); the previous file, if any, is unchanged/);
    expect(fs.readFileSync(path.join(dir, 'app.gen.ts'), 'utf8')).toBe(before);
  });

  it('--version prints the version of the package', async () => {
    const { version } = JSON.parse(fs.readFileSync('package.json', 'utf8')) as { version: string };
    const r = await shallot(project({ 'app.ts': good }), '--version');
    expect(r).toEqual({ code: 0, out: version, err: '' });
  });

  it('rejects unknown commands and options with exit 2', async () => {
    const dir = project({ 'app.ts': good });
    expect((await shallot(dir, 'bogus')).code).toBe(2);
    expect((await shallot(dir, 'check', '--format', 'xml')).code).toBe(2);
  });
});

describe('when no chain is found', () => {
  it('a chain that is not exported: exit 1, and where it is', async () => {
    const dir = project({ 'app.ts': `${header}\nconst app = chain<{}>().handle(() => new Response('x'));\nexport default 1;\nvoid app;\n` });
    const r = await shallot(dir, 'check');
    expect(r.out).toContain('app.ts:3:13: no chain found: the chain ending here is not exported from app.ts; shallot reads exported chains: `export const app = chain()…use(…).handle(…)`');
    expect(r.out).toMatch(/shallot check: 0 chains in 0 modules: 1 problem/);
    expect(r.code).toBe(1);
  });

  it('a module that imports shallot but ends no chain', async () => {
    const dir = project({ 'layers.ts': `${header}\nexport const a = middleware('a', async (_req: {}, next: Next) => next());\n` });
    const r = await shallot(dir, 'codegen');
    expect(r.out).toContain('layers.ts:1:1: no chain found: layers.ts imports shallot but never calls .handle(…), which ends a chain');
    expect(r.code).toBe(1);
  });

  it("'shallot' that does not resolve (not installed where the project looks)", async () => {
    const dir = project({ 'app.ts': good.replace(/'shallot'/, "'shallot/nowhere'") });
    const r = await shallot(dir, 'check');
    expect(r.out).toContain("app.ts:1:1: no chain found: 'shallot/nowhere' does not resolve from app.ts, so shallot cannot tell its chains (is shallot installed where this project's module resolution (nodenext) looks?)");
    expect(r.code).toBe(1);
  });

  it('no file imports shallot: says which tsconfig was read', async () => {
    const dir = project({ 'other.ts': 'export const x = 1;\n' });
    const r = await shallot(dir, 'check');
    expect(r.out).toContain('tsconfig.json:1:1: no chain found: none of its 1 file imports shallot; pass the tsconfig that includes your chains with --project');
    expect(r.code).toBe(1);
  });
});

describe('a solution-style tsconfig (files: [] and references)', () => {
  it('follows each reference, and a reference of a reference, as tsc -b does; each file once', async () => {
    const dir = project({ 'app.ts': good, 'more.ts': good.replace(/\bapp\b/g, 'more') });
    const compilerOptions = (JSON.parse(tsconfig) as { compilerOptions: object }).compilerOptions;
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ files: [], references: [{ path: './tsconfig.app.json' }, { path: './nested' }] }));
    fs.writeFileSync(path.join(dir, 'tsconfig.app.json'), JSON.stringify({ compilerOptions: { ...compilerOptions, composite: true }, files: ['app.ts'], references: [{ path: './tsconfig.more.json' }] }));
    fs.writeFileSync(path.join(dir, 'tsconfig.more.json'), JSON.stringify({ compilerOptions: { ...compilerOptions, composite: true }, include: ['*.ts'] }));
    fs.mkdirSync(path.join(dir, 'nested'));
    // A cycle back to the solution: cut, as tsc -b reports it rather than looping.
    fs.writeFileSync(path.join(dir, 'nested/tsconfig.json'), JSON.stringify({ files: [], references: [{ path: '..' }] }));
    const r = await shallot(dir, 'codegen');
    expect(r.out).toMatch(/shallot codegen: 2 chains in 2 modules \(2 projects\), no problems, 2 files written/);
    expect(r.code).toBe(0);
    expect(fs.existsSync(path.join(dir, 'app.gen.ts')) && fs.existsSync(path.join(dir, 'more.gen.ts'))).toBe(true);
  });

  it('a reference to a tsconfig that is not there: exit 2 naming it and what refers to it', async () => {
    const dir = project({ 'app.ts': good });
    fs.writeFileSync(path.join(dir, 'tsconfig.json'), JSON.stringify({ files: [], references: [{ path: './tsconfig.app.json' }] }));
    const r = await shallot(dir, 'check');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/tsconfig\.app\.json: no such file \(referenced by .*tsconfig\.json\)/);
  });
});
