/**
 * Review 5 probes, C: a rejection the runtime observes and the generated module leaves unhandled (a Node process with
 * --unhandled-rejections=strict, the default `throw` mode since Node 15, crashes). Run in a child process so that
 * vitest's own handler does not hide which side left it.
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { R, gen, header, diagnostics } from '../review/lib.js';

const source = (guards: boolean): string => `${header}${R}
const replace = middleware('replace', async (req: R, next: Next) => {
  await next();
  req.log.push('replaced');
  return new Response('replaced');
});
const make = (name: string) => middleware.sync(name, (req: R, next: NextSync) => (req.n === 1 ? (Promise.reject(new Error('late')) as any) : next()));
export const app = chain<R>({ guards: ${guards} }).use(replace).use(make('lateSync')).handle((req) => new Response('n' + req.n));
`;

/** Runs `module` (compiled) on { n: 1 } in a child node with strict unhandled rejections: what it printed, or the crash. */
function run(dir: string, module: string): string {
  const code = `const { app } = await import(${JSON.stringify(path.join(dir, 'out', module))});
const req = { n: 1, log: [] };
try {
  const res = await app(req);
  console.log('answered', res.status, await res.text(), JSON.stringify(req.log));
} catch (e) {
  console.log('rejected', e.message, JSON.stringify(req.log));
}
await new Promise((r) => setTimeout(r, 20));
console.log('exit clean');`;
  try {
    return execFileSync(process.execPath, ['--unhandled-rejections=strict', '--input-type=module', '-e', code], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
  } catch (e) {
    const err = e as { stdout?: string; stderr?: string };
    return `${String(err.stdout ?? '').trim()}\nCRASH ${String(err.stderr ?? '').split('\n').find((l) => l.includes('Error')) ?? ''}`.trim();
  }
}

const compile = (dir: string): void => {
  execFileSync(process.execPath, [path.resolve('node_modules/typescript/bin/tsc'), '-p', dir, '--noEmit', 'false', '--outDir', path.join(dir, 'out')], { stdio: 'pipe' });
};

describe('unhandled rejections', () => {
  // FIXED (found by review 5) (guards off; C): a called sync layer answers a rejected promise (a lying cast the unguarded runtime tolerates);
  // the layer above does `await next();` and answers a response of its own. Runtime: the await observes the
  // rejection, the request rejects with 'late'. Generated: the copy does not settle a called sync step's answer
  // (`res$2 = runSync(…)`, never awaited), answers 200 'replaced', and the rejection goes unhandled: under
  // --unhandled-rejections=strict the process crashes. Likely codegen/generate/copy.ts / plan.ts (see lies.test.ts).
  it('await next(); over a called sync layer answering a rejected promise (guards off)', () => {
    const p = gen('r5-unhandled-sync-called', { 'app.ts': source(false) });
    expect(diagnostics(p)).toBe('');
    compile(p.dir);
    const runtime = run(p.dir, 'app.js');
    const generated = run(p.dir, 'app.gen.js');
    expect(runtime).toBe('rejected late []\nexit clean');
    expect(generated).toBe(runtime);
  });
  it('the same with the guards on: SYNC_GOT_PROMISE on both sides, nothing unhandled', () => {
    const p = gen('r5-unhandled-sync-called-on', { 'app.ts': source(true) });
    expect(diagnostics(p)).toBe('');
    compile(p.dir);
    const runtime = run(p.dir, 'app.js');
    expect(runtime).toMatch(/^rejected middleware 'lateSync' is sync .*\nexit clean$/);
    expect(run(p.dir, 'app.gen.js')).toBe(runtime);
  });
});
