// `npm run bench:all`: every benchmark of the project, several times, and one page.
//
// Runs, each as its own child process and each writing its numbers with --json:
//   bench/codegen.bench.mjs   codegen's own time; it also generates the flat chains
//                             that dispatch measures (bench/.gen), so it runs first
//   bench/dispatch.bench.mjs  ns per request through N layers, every implementation
//   scripts/bench-types.mjs   type-check cost of long chains, shallot, tRPC and Hono
//   bench/http.bench.mjs      HTTP throughput on every installed runtime (its rounds: the repeats, at least 5)
// then summarizes each measurement over the runs (bench/report/stats.mjs: median,
// spread, NOISY) and writes OUT/benchmarks.md, OUT/benchmarks/*.svg and the data
// behind them, OUT/benchmarks/results.json.
//
// Flags:
//   --repeats=N     runs of each benchmark (default 3)
//   --n=LIST        dispatch chain lengths (default 1,5,10,25,50)
//   --sizes=LIST    type-check chain lengths (default 10,50,100,200,500)
//   --time=MS       dispatch measuring time per case and run (default 642)
//   --duration=S    HTTP seconds per server and round (default 5)
//   --out=DIR       where the page goes (default docs)
//   --smoke         a quick run of every benchmark, to check they all work: one
//                   run, short timings, small lengths; writes to --out or a new
//                   temporary directory, never to docs/ (npm test runs this)
//   --render=FILE   measure nothing: rewrite the page and charts from a results.json
//   --dirty         let a run from a working tree with changes (or from a commit
//                   other than the one it started on) write to docs/; the page then
//                   says so at its top. Without it, bench:all refuses to write
//                   docs/ from anything but a clean commit, checked before the run
//                   and again before writing: a page must be reproducible from the
//                   commit it names.
//   --help          print this header
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, openSync, closeSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { aggregateCodegen, aggregateDispatch, aggregateHttp, aggregateTypes } from './report/aggregate.mjs';
import { renderCharts } from './report/charts.mjs';
import { describeMachine } from './report/machine.mjs';
import { renderPage } from './report/page.mjs';
import { pin, pinned } from './pin.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const usage = () => {
  const src = readFileSync(fileURLToPath(import.meta.url), 'utf8');
  return src.slice(0, src.indexOf('\nimport ')).replace(/^\/\/ ?/gm, '');
};
const fail = (message) => {
  console.error(`bench:all: ${message}`);
  process.exit(2);
};

// ---- options ---------------------------------------------------------------------

const FLAGS = ['repeats', 'n', 'sizes', 'time', 'duration', 'out', 'smoke', 'render', 'dirty', 'help'];
const opts = {};
for (const arg of process.argv.slice(2)) {
  const [, name, value] = /^--([a-z]+)(?:=(.*))?$/.exec(arg) ?? [];
  if (!FLAGS.includes(name)) fail(`unknown argument ${arg}; flags: ${FLAGS.map((f) => `--${f}`).join(' ')} (see --help)`);
  opts[name] = value ?? true;
}
if (opts.help) {
  console.log(usage());
  process.exit(0);
}
const smoke = opts.smoke === true;
const list = (name, fallback) => {
  const raw = opts[name] ?? fallback;
  const values = String(raw).split(',').map(Number);
  if (raw === true || values.some((v) => !Number.isInteger(v) || v < 1)) fail(`--${name} must be a list of positive integers, got ${raw}`);
  return values;
};
const positive = (name, fallback) => {
  const v = Number(opts[name] ?? fallback);
  if (!(v > 0)) fail(`--${name} must be a positive number, got ${opts[name]}`);
  return v;
};
const repeats = list('repeats', smoke ? 1 : 3)[0];
const NS = list('n', smoke ? '1,5' : '1,5,10,25,50');
const SIZES = list('sizes', smoke ? '10' : '10,50,100,200,500');
const TIME = positive('time', 642);
const DURATION = positive('duration', smoke ? 0.5 : 5);
if (opts.out === true) fail('--out needs a directory: --out=DIR');
const out = resolve(opts.out ?? (smoke ? mkdtempSync(join(os.tmpdir(), 'shallot-bench-smoke-')) : join(root, 'docs')));
if (smoke && out === resolve(root, 'docs')) fail('--smoke never writes to docs/ (its numbers mean nothing): pass --out=DIR elsewhere');

/** HEAD's commit and whether the working tree has changes (untracked files outside .gitignore count), or why git could not tell. */
function treeState() {
  try {
    const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: root, encoding: 'utf8' }).trim();
    const changes = execFileSync('git', ['status', '--porcelain'], { cwd: root, encoding: 'utf8' }).trim();
    return { sha, clean: changes === '', changes };
  } catch (error) {
    return { sha: undefined, clean: false, changes: `not a git checkout (${error.message.split('\n')[0]})` };
  }
}
const toDocs = out === resolve(root, 'docs');
const startState = treeState();
/** Refuses to write docs/ unless the tree is the clean commit the run started from (or --dirty). */
function checkClean(when) {
  if (!toDocs || opts.dirty) return;
  const now = treeState();
  if (!now.clean) fail(`refusing to write docs/ ${when}: the working tree has changes, so the page would name a commit that did not make its numbers:\n${now.changes}\ncommit them (or run with --out=DIR elsewhere, or --dirty to write a page marked as such)`);
  if (now.sha !== startState.sha) fail(`refusing to write docs/: HEAD moved during the run (${startState.sha?.slice(0, 7)} -> ${now.sha?.slice(0, 7)}); rerun from one commit`);
}
if (opts.render === undefined) checkClean('from this run');

// ---- write -----------------------------------------------------------------------

function write(results, check = true) {
  if (check) checkClean('now');
  const charts = renderCharts(results);
  mkdirSync(join(out, 'benchmarks'), { recursive: true });
  for (const [file, svg] of Object.entries(charts)) writeFileSync(join(out, 'benchmarks', file), svg);
  writeFileSync(join(out, 'benchmarks', 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
  writeFileSync(join(out, 'benchmarks.md'), renderPage(results, charts));
  const shown = (path) => (relative(process.cwd(), path).startsWith('..') ? path : relative(process.cwd(), path));
  console.error(`bench:all: wrote ${shown(join(out, 'benchmarks.md'))} and ${Object.keys(charts).length} charts in ${shown(join(out, 'benchmarks'))}/`);
}

if (opts.render !== undefined) {
  if (opts.render === true || !existsSync(opts.render)) fail(`--render: no results file ${opts.render === true ? '(give --render=FILE)' : opts.render}`);
  write(JSON.parse(readFileSync(opts.render, 'utf8')), false); // its numbers name their own commit
  process.exit(0);
}

// ---- run -------------------------------------------------------------------------

for (const file of ['dist/src/index.js', 'dist/codegen/run.js']) {
  if (!existsSync(join(root, file))) fail(`${file} is missing: run \`npm run build\` first (\`npm run bench:all\` does)`);
}

const work = mkdtempSync(join(os.tmpdir(), 'shallot-bench-all-'));
const started = performance.now();
const exits = [];
let step = 0;

// Each dispatch run (one process, every implementation in it) is pinned to core 1 where it can be (bench/pin.mjs):
// the scheduler then never moves it between cores mid-measurement.

/** Runs `node script ...args --json=FILE` with its output in a log file; returns the parsed JSON. `onCore1`: pinned there. */
async function run(label, script, args, total, onCore1 = false) {
  step++;
  const json = join(work, `${label.replace(/\W+/g, '-')}.json`);
  const log = join(work, `${label.replace(/\W+/g, '-')}.log`);
  const argv = [script, ...args, `--json=${json}`];
  const t0 = performance.now();
  process.stderr.write(`bench:all: [${step}/${total}] ${label}: node ${argv.join(' ').replace(json, 'FILE')} ... `);
  const fd = openSync(log, 'w');
  const code = await new Promise((resolveExit, reject) => {
    const [command, ...rest] = onCore1 ? pin(1, [process.execPath, ...argv]) : [process.execPath, ...argv];
    const child = spawn(command, rest, { cwd: root, stdio: ['ignore', fd, fd] });
    child.on('error', reject);
    child.on('exit', (c, signal) => resolveExit(c ?? signal));
  });
  closeSync(fd);
  process.stderr.write(`${((performance.now() - t0) / 1000).toFixed(1)} s${code === 0 ? '' : ` (exit ${code})`}\n`);
  if (!existsSync(json)) {
    const tail = readFileSync(log, 'utf8').trimEnd().split('\n').slice(-25).join('\n');
    throw new Error(`${label} failed (exit ${code}) and wrote no results; the end of ${log}:\n${tail}`);
  }
  if (code !== 0) exits.push({ command: `node ${[script, ...args].join(' ')}`, code });
  return JSON.parse(readFileSync(json, 'utf8'));
}

const quick = smoke ? ['--quick'] : [];
const total = repeats * 3 + 1;
const loadStart = os.loadavg()[0];
const runs = { codegen: [], dispatch: [], types: [] };
for (let r = 0; r < repeats; r++) {
  runs.codegen.push(await run(`codegen ${r + 1}/${repeats}`, 'bench/codegen.bench.mjs', [...quick, `--n=${NS.join(',')}`], total));
}
// dispatch measures the chains the last codegen run generated (bench/.gen).
for (let r = 0; r < repeats; r++) {
  const timing = smoke ? quick : [`--time=${TIME}`];
  const args = [...timing, `--n=${NS.join(',')}`, '--generated=bench/.gen/out/chains.gen.js', `--rotate=${r}`];
  runs.dispatch.push(await run(`dispatch ${r + 1}/${repeats}`, 'bench/dispatch.bench.mjs', args, total, true));
}
for (let r = 0; r < repeats; r++) {
  // A smoke run checks that every case runs, not the budgets: a few routes and layers, once, budgets not judged.
  const typesSmoke = smoke ? ['--routes=10', '--completion=10', '--repeats=1', '--budgets=off'] : [];
  runs.types.push(await run(`types ${r + 1}/${repeats}`, 'scripts/bench-types.mjs', [`--sizes=${SIZES.join(',')}`, '--builders=shallot,trpc,hono', ...typesSmoke], total));
}
// Every installed runtime's set; a smoke checks Node's (Bun, Deno and workerd have test/runtimes).
const http = await run('http', 'bench/http.bench.mjs', [...quick, ...(smoke ? ['--runtimes=node'] : []), `--rounds=${smoke ? repeats : Math.max(5, repeats)}`, `--duration=${DURATION}`], total);

const results = {
  meta: {
    date: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    smoke,
    repeats,
    seconds: (performance.now() - started) / 1000,
    loadStart,
    loadEnd: os.loadavg()[0],
    command: `node bench/all.mjs ${process.argv.slice(2).join(' ')}`.trim(),
    exits,
    machine: describeMachine(root),
  },
  dispatch: { ...aggregateDispatch(runs.dispatch), pinned },
  types: aggregateTypes(runs.types),
  codegen: aggregateCodegen(runs.codegen),
  http: aggregateHttp(http),
};
write(results);
rmSync(work, { recursive: true, force: true });
console.error(`bench:all: done in ${(results.meta.seconds / 60).toFixed(1)} min`);
