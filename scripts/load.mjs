// `npm run load`: drives the example server (examples/app.ts on shallot/node, in
// a child process, its request log to /dev/null) on loopback with autocannon for
// 30 s, over a mix of its routes, and, while autocannon runs, hostile clients
// (scripts/load-hostile.mjs) in two phases: from 5 s in, clients that abort
// mid-body; then clients whose bodies the app never reads (and some over
// bodyLimit); the last 5 s are autocannon alone again. It checks: zero errors,
// zero non-2xx answers besides the ones a route means (401 for /api/me without a
// token), every hostile exchange answered as it should be, heap and RSS flat
// across the run (sampled after a full GC, from 5 s in to the end), and, once
// every client is gone, no connection left and the server's open file
// descriptors back to what they were before the run.
// Flags: --duration=S (default 30, at least 15), --connections=N (default 50), --help.
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { flags } from '../bench/flags.mjs';
import { hostilePhases } from './load-hostile.mjs';

const args = flags(import.meta.url, ['duration', 'connections']);
const duration = Math.max(15, Number(args.get('duration') ?? 30));
const connections = Number(args.get('connections') ?? 50);

const devNull = openSync('/dev/null', 'w');
const child = fork(fileURLToPath(new URL('./load-server.mjs', import.meta.url)), [], {
  execArgv: ['--expose-gc'],
  stdio: ['ignore', devNull, 'inherit', 'ipc'],
  env: { ...process.env, NODE_ENV: 'production' },
});
const nextMessage = () => new Promise((resolve) => child.once('message', resolve));
const { port } = await nextMessage();
// One question at a time: the sampler and the driver both ask.
let asking = Promise.resolve();
const memory = () => {
  const answer = asking.then(() => {
    child.send('memory');
    return nextMessage();
  });
  asking = answer.then(() => {});
  return answer;
};

// Each route with the status it means.
const routes = [
  { method: 'GET', path: '/', expect: 200 },
  { method: 'GET', path: '/api/me', headers: { authorization: 'Bearer secret-ada' }, expect: 200 },
  { method: 'GET', path: '/api/me', expect: 401 },
  { method: 'POST', path: '/api/echo', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items: [1, 2, 3], note: 'load' }), expect: 200 },
  { method: 'GET', path: '/missing', expect: 404 },
];
const counts = routes.map(() => new Map());
const requests = routes.map((route, i) => ({
  method: route.method,
  path: route.path,
  headers: route.headers,
  body: route.body,
  onResponse: (status) => counts[i].set(status, (counts[i].get(status) ?? 0) + 1),
}));

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const samples = [];
const before = await memory();
const sampler = setInterval(async () => samples.push({ t: samples.length + 1, ...(await memory()) }), 1000);
const phaseMs = ((duration - 10) / 2) * 1000;
const [result, hostile] = await Promise.all([
  autocannon({ url: `http://127.0.0.1:${port}`, connections, duration, requests }),
  sleep(5000).then(() => hostilePhases(port, { abortMs: phaseMs, unreadMs: phaseMs })),
]);
clearInterval(sampler);
// Every client is gone: wait for the server to let go of their connections.
let after = await memory();
for (const end = Date.now() + 10_000; (after.connections > 0 || after.fds > before.fds) && Date.now() < end; after = await memory()) await sleep(200);
child.send('stop');

const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
let unexpected = 0;
console.log(`load: ${duration} s, ${connections} connections, ${Math.round(result.requests.average).toLocaleString('en-US')} req/s average, ${result.requests.total.toLocaleString('en-US')} requests`);
routes.forEach((route, i) => {
  const line = [...counts[i]].map(([status, n]) => `${status} x ${n}`).join(', ');
  const wrong = [...counts[i]].filter(([status]) => status !== route.expect).reduce((sum, [, n]) => sum + n, 0);
  unexpected += wrong;
  console.log(`  ${route.method} ${route.path}${route.headers?.authorization ? ' (token)' : ''}: ${line}${wrong ? `  <- ${wrong} unexpected` : ''}`);
});
console.log(`errors ${result.errors}, timeouts ${result.timeouts}, unexpected statuses ${unexpected}`);
const phaseSeconds = (phaseMs / 1000).toFixed(1);
const hostileLine = (name, what, stats) => `  ${name.padEnd(6)} ${what}: ${stats.done} done, ${stats.errors} errors${stats.samples.length ? ` (${stats.samples.join('; ')})` : ''}`;
console.log(`hostile clients (from 5 s, ${phaseSeconds} s per phase):`);
console.log(hostileLine('abort', 'clients that left mid-body', hostile.abort));
console.log(hostileLine('unread', 'keep-alive connections of 5 unread 300 KB uploads, each followed by a GET', hostile.unread));
console.log(hostileLine('over', '2 MiB unread uploads over bodyLimit, closed by the server', hostile.over));

// Flat: compare the memory after warm-up (5 s in) with the end, after a full GC each time.
const warm = samples.find((s) => s.t >= 5) ?? before;
const heapGrowth = after.heapUsed - warm.heapUsed;
const rssGrowth = after.rss - warm.rss;
console.log(`heap after GC: start ${mb(before.heapUsed)}, at 5 s ${mb(warm.heapUsed)}, end ${mb(after.heapUsed)} (${heapGrowth >= 0 ? '+' : ''}${mb(heapGrowth)})`);
console.log(`RSS:           start ${mb(before.rss)}, at 5 s ${mb(warm.rss)}, end ${mb(after.rss)} (${rssGrowth >= 0 ? '+' : ''}${mb(rssGrowth)})`);
const heaps = samples.map((s) => s.heapUsed);
console.log(`heap after GC across the run: min ${mb(Math.min(...heaps))}, max ${mb(Math.max(...heaps))}`);
console.log(`file descriptors: before ${before.fds}, at most ${Math.max(...samples.map((s) => s.fds))} during the run, after ${after.fds}; connections after: ${after.connections}`);

const problems = [];
if (result.errors || result.timeouts) problems.push(`${result.errors} errors, ${result.timeouts} timeouts`);
if (unexpected) problems.push(`${unexpected} unexpected statuses`);
if (heapGrowth > Math.max(5 * 1024 * 1024, warm.heapUsed * 0.2)) problems.push(`heap grew by ${mb(heapGrowth)}`);
if (rssGrowth > Math.max(30 * 1024 * 1024, warm.rss * 0.25)) problems.push(`RSS grew by ${mb(rssGrowth)}`);
const hostileErrors = hostile.abort.errors + hostile.unread.errors + hostile.over.errors;
if (hostileErrors) problems.push(`${hostileErrors} hostile exchanges went wrong`);
if (!hostile.abort.done || !hostile.unread.done || !hostile.over.done) problems.push('a hostile phase did not complete one exchange');
if (after.connections > 0) problems.push(`${after.connections} connections still open after every client left`);
if (after.fds > before.fds) problems.push(`file descriptors grew from ${before.fds} to ${after.fds}`);
console.log(problems.length ? `FAIL: ${problems.join('; ')}` : 'ok: no errors, no unexpected statuses, every hostile exchange answered, heap and RSS flat, connections and file descriptors back to baseline');
process.exitCode = problems.length ? 1 : 0;
