// `npm run load`: drives the example server (examples/app.ts on shallot/node, in
// a child process, its request log to /dev/null) on loopback with autocannon for
// 30 s, over a mix of its routes, and checks: zero errors, zero non-2xx answers
// besides the ones a route means (401 for /api/me without a token), and heap and
// RSS flat across the run (sampled after a full GC, from 5 s in to the end).
// Flags: --duration=S (default 30), --connections=N (default 50).
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { openSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')));
const duration = Number(args.get('duration') ?? 30);
const connections = Number(args.get('connections') ?? 50);

const devNull = openSync('/dev/null', 'w');
const child = fork(fileURLToPath(new URL('./load-server.mjs', import.meta.url)), [], {
  execArgv: ['--expose-gc'],
  stdio: ['ignore', devNull, 'inherit', 'ipc'],
  env: { ...process.env, NODE_ENV: 'production' },
});
const nextMessage = () => new Promise((resolve) => child.once('message', resolve));
const { port } = await nextMessage();
const memory = async () => {
  child.send('memory');
  return nextMessage();
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

const samples = [];
const sampler = setInterval(async () => samples.push({ t: samples.length + 1, ...(await memory()) }), 1000);
const before = await memory();
const result = await autocannon({ url: `http://127.0.0.1:${port}`, connections, duration, requests });
clearInterval(sampler);
await new Promise((resolve) => setTimeout(resolve, 200));
const after = await memory();
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

// Flat: compare the memory after warm-up (5 s in) with the end, after a full GC each time.
const warm = samples.find((s) => s.t >= 5) ?? before;
const heapGrowth = after.heapUsed - warm.heapUsed;
const rssGrowth = after.rss - warm.rss;
console.log(`heap after GC: start ${mb(before.heapUsed)}, at 5 s ${mb(warm.heapUsed)}, end ${mb(after.heapUsed)} (${heapGrowth >= 0 ? '+' : ''}${mb(heapGrowth)})`);
console.log(`RSS:           start ${mb(before.rss)}, at 5 s ${mb(warm.rss)}, end ${mb(after.rss)} (${rssGrowth >= 0 ? '+' : ''}${mb(rssGrowth)})`);
const heaps = samples.map((s) => s.heapUsed);
console.log(`heap after GC across the run: min ${mb(Math.min(...heaps))}, max ${mb(Math.max(...heaps))}`);

const problems = [];
if (result.errors || result.timeouts) problems.push(`${result.errors} errors, ${result.timeouts} timeouts`);
if (unexpected) problems.push(`${unexpected} unexpected statuses`);
if (heapGrowth > Math.max(5 * 1024 * 1024, warm.heapUsed * 0.2)) problems.push(`heap grew by ${mb(heapGrowth)}`);
if (rssGrowth > Math.max(30 * 1024 * 1024, warm.rss * 0.25)) problems.push(`RSS grew by ${mb(rssGrowth)}`);
console.log(problems.length ? `FAIL: ${problems.join('; ')}` : 'ok: no errors, no unexpected statuses, heap and RSS flat');
process.exitCode = problems.length ? 1 : 0;
