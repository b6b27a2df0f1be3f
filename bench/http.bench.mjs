// `npm run bench:http`: requests per second of one route, with the same work,
// on Node, Bun, Deno and workerd: per runtime, a raw or bare handler, shallot's
// runtime chain, the handler `shallot codegen` generates from it, the same
// chain all sync (runtime and generated), and the frameworks of that runtime
// (Node: Hono's node-server and Fastify; Bun: Hono and Elysia; Deno: Hono).
//
// The route (bench/http/app.ts, written once for shallot; bench/http-servers.mjs
// and bench/http-fetch.mjs for the others): logging to a sink that drops the line,
// timing with Server-Timing, a request id (the incoming one, or a new UUID),
// X-Custom-Header: Hello, X-Status: OK when 200, and a JSON body. Before a server
// is measured, its answer is checked to be the same work (a server that did less
// would look faster).
//
// Fairness:
// - Each server runs alone, in its own process, pinned to core 0 (taskset) while
//   the load client runs in another process pinned to core 1, when the machine
//   has two cores or more and taskset is there: the client never steals the
//   server's core. Without taskset, both float (and the table says so).
// - The client is wrk (Debian's package) when it is on the PATH, else autocannon
//   in a process of its own (bench/http-client.mjs). Keep-alive, no pipelining,
//   50 connections by default.
// - Servers take turns within a round, the order rotating each round; a server
//   is gone before the next starts. A ratio is the median over rounds of the two
//   servers' ratio within the same round (paired: load from other jobs on a
//   shared machine drifts over a run and moves both); the spread is the lowest
//   and highest of those per-round ratios.
// - Beside req/s, the server's own CPU time per request (user + system, from
//   /proc, every thread of the process): what a request costs the server,
//   whatever the scheduler did.
//
// Flags: --runtimes=node,bun,deno,workerd (default: those installed; Bun, Deno
// and workerd come from `npm run setup:extras`), --servers=a,b (only these names),
// --rounds=N (default 5), --duration=S (seconds per measured run, default 5),
// --warmup=S (default 2), --connections=N (default 50), --quick (1 s runs, 1
// round: a smoke that every server answers), --check (exit 1 unless the goals of
// issue 14 hold), --json=FILE (every round's figures, for bench/all.mjs), --help.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { flags } from './flags.mjs';
import { has, pin, pinned } from './pin.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const args = flags(import.meta.url, ['runtimes', 'servers', 'rounds', 'duration', 'warmup', 'connections', 'quick', 'check', 'json']);
const quick = args.has('quick');
const duration = Number(args.get('duration') ?? (quick ? 1 : 5));
const rounds = Number(args.get('rounds') ?? (quick ? 1 : 5));
const connections = Number(args.get('connections') ?? 50);
const warmup = Number(args.get('warmup') ?? (quick ? 1 : 2));
const only = args.has('servers') ? new Set(String(args.get('servers')).split(',')) : undefined;

const extras = path.join(root, '.ci/extras/node_modules');
const binaries = {
  node: process.execPath,
  bun: path.join(extras, '@oven/bun-linux-x64/bin/bun'),
  deno: path.join(extras, '@deno/linux-x64-glibc/deno'),
  workerd: path.join(extras, '@cloudflare/workerd-linux-64/bin/workerd'),
};

/** Each runtime's servers, its baseline first, and the ratios its goals are read from. */
const SETS = {
  node: {
    servers: ['raw', 'shallot', 'shallot-gen', 'shallot-guards', 'shallot-sync', 'shallot-sync-gen', 'hono', 'fastify', 'koa', 'express'],
    baseline: 'raw',
    anchors: ['hono', 'fastify'],
  },
  bun: { servers: ['bare', 'shallot', 'shallot-gen', 'shallot-sync', 'shallot-sync-gen', 'hono', 'elysia'], baseline: 'bare', anchors: ['hono', 'elysia'] },
  deno: { servers: ['bare', 'shallot', 'shallot-gen', 'shallot-sync', 'shallot-sync-gen', 'hono'], baseline: 'bare', anchors: ['hono'] },
  workerd: { servers: ['bare', 'shallot', 'shallot-gen', 'shallot-sync', 'shallot-sync-gen'], baseline: 'bare', anchors: [] },
};
const wanted = args.has('runtimes') ? String(args.get('runtimes')).split(',') : Object.keys(SETS).filter((r) => existsSync(binaries[r]));
for (const r of wanted) {
  if (!SETS[r]) throw new Error(`bench:http: unknown runtime ${r}; one of ${Object.keys(SETS).join(', ')}`);
  if (!existsSync(binaries[r])) throw new Error(`bench:http: ${r} is not installed (${binaries[r]}): run \`npm run setup:extras\``);
}

// ---- the machine: pinning, the client, CPU time ------------------------------------

const cores = os.availableParallelism();
const client = has('wrk') ? 'wrk' : 'autocannon';
const TICK = 1e6 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim() || 100);
/** The CPU time (user + system) process `pid` has used so far, in µs; undefined where /proc is not there. */
function cpuOf(pid) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK; // utime, stime (fields 14 and 15)
  } catch {
    return undefined;
  }
}

function runChild(argv, options = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(argv[0], argv.slice(1), { stdio: ['ignore', 'pipe', 'pipe'], ...options });
    let out = '';
    let err = '';
    child.stdout.on('data', (c) => (out += c));
    child.stderr.on('data', (c) => (err += c));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${argv.join(' ')} exited with ${code}: ${err || out}`))));
  });
}

/** One load run against `url`: requests per second, total requests, errors, non-2xx, p99 latency (ms). */
async function load(url, seconds) {
  if (client === 'wrk') {
    // wrk takes whole seconds.
    const out = await runChild(pin(1, ['wrk', '-t1', `-c${connections}`, `-d${Math.max(1, Math.round(seconds))}s`, '--latency', url]));
    const num = (re) => Number(re.exec(out)?.[1] ?? 0);
    const p99 = /99%\s+([\d.]+)(us|ms|s)/.exec(out);
    const errors = [...out.matchAll(/(?:connect|read|write|timeout) (\d+)/g)].reduce((a, m) => a + Number(m[1]), 0);
    return {
      rps: num(/Requests\/sec:\s+([\d.]+)/),
      requests: num(/(\d+) requests in/),
      errors,
      non2xx: num(/Non-2xx or 3xx responses: (\d+)/),
      p99: p99 ? Number(p99[1]) * { us: 0.001, ms: 1, s: 1000 }[p99[2]] : 0,
    };
  }
  const out = await runChild(pin(1, [process.execPath, path.join(root, 'bench/http-client.mjs'), url, String(connections), String(seconds)]));
  return JSON.parse(out);
}

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

// ---- preparation: the shallot apps, generated and compiled ------------------------

const gen = path.join(root, 'bench/.gen-http');
function prepare() {
  rmSync(gen, { recursive: true, force: true });
  mkdirSync(gen, { recursive: true });
  cpSync(path.join(root, 'bench/http/app.ts'), path.join(gen, 'app.ts'));
  const compilerOptions = { target: 'es2022', module: 'nodenext', moduleResolution: 'nodenext', lib: ['es2023', 'dom'], types: [], strict: true, skipLibCheck: true, outDir: 'out', rootDir: '.' };
  writeFileSync(path.join(gen, 'tsconfig.json'), JSON.stringify({ compilerOptions, include: ['*.ts'] }, null, 2));
  execFileSync(process.execPath, [path.join(root, 'dist/codegen/cli.js'), 'codegen', '-p', path.join(gen, 'tsconfig.json')], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(process.execPath, [path.join(root, 'node_modules/typescript/bin/tsc'), '-p', gen], { stdio: 'inherit' });
  // The package's own names, pointed at dist/, so Bun, Deno and workerd load the same files with no resolution of their own.
  const to = { shallot: 'index.js', 'shallot/http': 'http/index.js', 'shallot/generated': 'generated.js' };
  for (const file of ['app.js', 'app.gen.js']) {
    const at = path.join(gen, 'out', file);
    writeFileSync(at, readFileSync(at, 'utf8').replace(/from (["'])(shallot(?:\/http|\/generated)?)\1/g, (_, q, name) => `from ${q}../../../dist/src/${to[name]}${q}`));
  }
}

// ---- one server ------------------------------------------------------------------

function workerdConfig(dir, port, name) {
  const files = [];
  const walk = (d) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (p.endsWith('.js') || p.endsWith('.mjs')) files.push(p);
    }
  };
  walk(path.join(root, 'dist/src'));
  walk(path.join(gen, 'out'));
  const worker = path.join(dir, 'worker.mjs');
  writeFileSync(worker, `import { handlers } from './http-fetch.mjs';\nconst fetch = handlers[${JSON.stringify(name)}];\nexport default { fetch: (request) => fetch(request) };\n`);
  const embed = (as, p) => `(name = "${as}", esModule = embed "${path.relative(dir, p)}")`;
  const modules = [embed('bench/worker.mjs', worker), embed('bench/http-fetch.mjs', path.join(root, 'bench/http-fetch.mjs')), ...files.map((p) => embed(path.relative(root, p), p))];
  return `using Workerd = import "/workerd/workerd.capnp";
const config :Workerd.Config = (
  services = [ (name = "main", worker = .worker) ],
  sockets = [ (name = "http", address = "127.0.0.1:${port}", http = (), service = "main") ],
);
const worker :Workerd.Worker = (
  modules = [ ${modules.join(',\n    ')} ],
  compatibilityDate = "2025-01-01",
  compatibilityFlags = ["nodejs_compat"],
);
`;
}

/** Starts server `name` of `runtime`, pinned; resolves with its url, pid and a stop(). */
async function start(runtime, name) {
  const dir = mkdtempSync(path.join(os.tmpdir(), `shallot-bench-${runtime}-`));
  const env = { ...process.env, NODE_ENV: 'production' };
  let argv;
  let port;
  if (runtime === 'node') argv = [binaries.node, path.join(root, 'bench/http-servers.mjs'), name];
  else if (runtime === 'bun') argv = [binaries.bun, path.join(root, 'bench/http-bun.mjs'), name];
  else if (runtime === 'deno') {
    const map = path.join(dir, 'import-map.json');
    writeFileSync(map, JSON.stringify({ imports: { hono: pathToFileURL(path.join(root, 'node_modules/hono/dist/index.js')).href } }));
    argv = [binaries.deno, 'run', '--no-config', '--no-lock', `--import-map=${map}`, '--allow-net=127.0.0.1', '--allow-env', '--allow-read', path.join(root, 'bench/http-deno.mjs'), name];
    Object.assign(env, { DENO_NO_UPDATE_CHECK: '1', DENO_DIR: path.join(dir, 'cache') });
  } else {
    port = await freePort();
    writeFileSync(path.join(dir, 'config.capnp'), workerdConfig(dir, port, name));
    argv = [binaries.workerd, 'serve', path.join(dir, 'config.capnp')];
  }
  const full = pin(0, argv);
  const child = spawn(full[0], full.slice(1), { cwd: runtime === 'deno' || runtime === 'workerd' ? dir : root, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.stderr.on('data', (c) => (output += c));
  child.stdout.on('data', (c) => {
    output += c;
    const m = /\{"port":(\d+)\}/.exec(output);
    if (m) port ??= Number(m[1]);
  });
  const stop = async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
    await exited;
    rmSync(dir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${runtime} ${name} exited with ${child.exitCode} before serving:\n${output}`);
    if (port !== undefined) {
      try {
        await fetch(`http://127.0.0.1:${port}/hello`, { signal: AbortSignal.timeout(1000) });
        break;
      } catch {}
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${runtime} ${name} did not answer within 30 s:\n${output}`);
    }
    await new Promise((ok) => setTimeout(ok, 100));
  }
  return { url: `http://127.0.0.1:${port}/hello`, pid: child.pid, stop };
}

/** Throws unless the server at `url` does the work of the others. */
async function checkSameWork(label, url) {
  const res = await fetch(url, { headers: { 'x-request-id': 'bench-check' } });
  const body = await res.text();
  const problems = [];
  if (res.status !== 200) problems.push(`status ${res.status}`);
  if (body !== JSON.stringify({ hello: 'world', requestId: 'bench-check' })) problems.push(`body ${JSON.stringify(body)}`);
  const expect = { 'x-custom-header': /^Hello$/, 'x-status': /^OK$/, 'x-request-id': /^bench-check$/, 'server-timing': /^total;dur=\d+\.\d$/, 'content-type': /^application\/json/ };
  for (const [header, pattern] of Object.entries(expect)) {
    if (!pattern.test(res.headers.get(header) ?? '')) problems.push(`${header}: ${res.headers.get(header)}`);
  }
  const fresh = await fetch(url);
  if (!/^[0-9a-f-]{36}$/.test(fresh.headers.get('x-request-id') ?? '') || (await fresh.json()).requestId !== fresh.headers.get('x-request-id')) {
    problems.push('no fresh request id without X-Request-Id');
  }
  if (problems.length) throw new Error(`server ${label} does not do the same work: ${problems.join('; ')}`);
}

async function measure(runtime, name) {
  const server = await start(runtime, name);
  try {
    await checkSameWork(`${runtime} ${name}`, server.url);
    await load(server.url, warmup); // JIT, connections
    const before = cpuOf(server.pid);
    const result = await load(server.url, duration);
    const after = cpuOf(server.pid);
    return { ...result, cpuPerRequest: before === undefined || after === undefined ? undefined : (after - before) / Math.max(1, result.requests) };
  } finally {
    await server.stop();
  }
}

// ---- the run -----------------------------------------------------------------------

prepare();
const sets = {};
for (const runtime of wanted) {
  const set = SETS[runtime];
  const names = set.servers.filter((n) => only === undefined || only.has(n) || n === set.baseline);
  sets[runtime] = { baseline: set.baseline, anchors: set.anchors.filter((a) => names.includes(a)), names, samples: Object.fromEntries(names.map((n) => [n, []])) };
}
// Round by round, every runtime's set in turn: a slow patch of the machine lands on a round of each, not on one runtime.
for (let round = 0; round < rounds; round++) {
  for (const runtime of wanted) {
    const { names, samples } = sets[runtime];
    for (const name of names.map((_, i) => names[(i + round) % names.length])) {
      const s = await measure(runtime, name);
      samples[name].push(s);
      process.stderr.write(
        `round ${round + 1}/${rounds} ${runtime.padEnd(7)} ${name.padEnd(17)} ${Math.round(s.rps).toString().padStart(7)} req/s  server CPU ${s.cpuPerRequest?.toFixed(1) ?? '?'} µs/req  errors ${s.errors}  non-2xx ${s.non2xx}\n`,
      );
    }
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
/** `a` against `b` in `runtime`'s set: the median and the range over rounds of their ratio in the same round. */
const ratios = (runtime, a, b) => {
  const { samples } = sets[runtime];
  const rs = samples[a].map((s, round) => s.rps / samples[b][round].rps);
  return { median: median(rs), min: Math.min(...rs), max: Math.max(...rs) };
};
/** The same by server CPU time per request: `b`'s µs per request over `a`'s, round by round (what a server alone on a core would serve). */
const cpuRatios = (runtime, a, b) => {
  const { samples } = sets[runtime];
  const rs = samples[a].map((s, round) => samples[b][round].cpuPerRequest / s.cpuPerRequest).filter((r) => Number.isFinite(r));
  return rs.length ? { median: median(rs), min: Math.min(...rs), max: Math.max(...rs) } : { median: NaN, min: NaN, max: NaN };
};
const x = (r) => `${r.median.toFixed(2)}x (${r.min.toFixed(2)}-${r.max.toFixed(2)})`;
const num = (v, digits = 0) => (v === undefined || Number.isNaN(v) ? '?' : v.toFixed(digits));

console.log(`\nGET /hello, JSON, 5 layers (logging, timing + Server-Timing, request id, X-Custom-Header, X-Status when 200)`);
console.log(
  `${connections} connections, ${rounds} round${rounds === 1 ? '' : 's'} x ${duration} s per server (after ${warmup} s of warm-up), client ${client}; ` +
    `${pinned ? 'server pinned to core 0, client to core 1' : `NOT pinned (${cores} core${cores === 1 ? '' : 's'}${has('taskset') ? '' : ', no taskset'}): client and server share the cores`}; node ${process.version}`,
);
console.log(
  "Ratios: the median over rounds of the ratio within one round, the lowest and highest round in brackets; 'by CPU': the other's server CPU µs per request over this one's, round by round (less moved by other load on the machine). req/s and CPU: medians.",
);
const goals = [];
for (const runtime of wanted) {
  const { baseline, anchors, names, samples } = sets[runtime];
  console.log(`\n### ${runtime}\n`);
  const others = [baseline, ...anchors];
  console.log(`| server | req/s | req/s range | server CPU µs/req | ${others.map((a) => `vs ${a}`).join(' | ')} | ${others.map((a) => `vs ${a} by CPU`).join(' | ')} |`);
  console.log(`| --- | ---: | ---: | ---: |${others.map(() => ' ---: | ---: |').join('')}`);
  for (const n of names) {
    const rps = samples[n].map((s) => s.rps);
    const cpu = samples[n].map((s) => s.cpuPerRequest).filter((c) => c !== undefined);
    console.log(
      `| ${n} | ${Math.round(median(rps))} | ${Math.round(Math.min(...rps))}-${Math.round(Math.max(...rps))} | ${cpu.length ? num(median(cpu), 1) : '?'} | ${others.map((a) => x(ratios(runtime, n, a))).join(' | ')} | ${others.map((a) => x(cpuRatios(runtime, n, a))).join(' | ')} |`,
    );
  }
  const goal = (what, a, b, bar) =>
    names.includes(a) && names.includes(b) && goals.push([`${runtime}: ${what}`, ratios(runtime, a, b).median >= bar, ratios(runtime, a, b), cpuRatios(runtime, a, b)]);
  if (runtime === 'node') {
    goal('runtime chain >= 0.8x raw node:http', 'shallot', 'raw', 0.8);
    goal('runtime chain >= Fastify', 'shallot', 'fastify', 1);
    goal('generated >= runtime chain', 'shallot-gen', 'shallot', 1);
  }
  if (runtime === 'bun') {
    goal('runtime chain >= Hono', 'shallot', 'hono', 1);
    goal('generated >= Elysia', 'shallot-gen', 'elysia', 1);
  }
  if (runtime === 'deno') {
    goal('runtime chain >= Hono', 'shallot', 'hono', 1);
    goal('runtime chain >= 0.8x bare Deno.serve', 'shallot', 'bare', 0.8);
  }
  goal('generated >= runtime chain', 'shallot-gen', 'shallot', 1);
  goal('sync generated >= sync runtime chain', 'shallot-sync-gen', 'shallot-sync', 1);
}
const seen = new Set();
console.log(`\n${goals.filter(([w]) => !seen.has(w) && seen.add(w)).map(([what, ok, r, c]) => `${ok ? 'met   ' : 'MISSED'} ${what}: ${x(r)} by req/s; ${x(c)} by server CPU per request`).join('\n')}`);
const trouble = wanted.flatMap((r) => sets[r].names.filter((n) => sets[r].samples[n].some((s) => s.errors || s.non2xx)).map((n) => `${r} ${n}`));
if (trouble.length) console.log(`\nerrors or non-2xx answers from: ${trouble.join(', ')}`);
if (args.has('json')) {
  const machine = { cores, pinned, client };
  // `samples` (Node's set) as bench/all.mjs read it before there were sets; `sets` has every runtime.
  writeFileSync(args.get('json'), JSON.stringify({ bench: 'http', node: process.version, connections, duration, warmup, rounds, machine, samples: sets.node?.samples ?? {}, sets }, null, 2));
}
if (trouble.length) process.exitCode = 1;
if (args.has('check') && goals.some(([, ok]) => !ok)) process.exitCode = 1;
