// `npm run bench:http`: throughput of one route with the same layers on raw
// node:http, shallot (guards off, as in production; and guards on), Hono's
// node-server, Koa, Express and Fastify, side by side in one run, as ratios.
//
// Fairness: each server runs alone in its own child process (bench/http-servers.mjs)
// while autocannon drives it from this process over loopback; servers take turns,
// the order rotating each round (a server is gone before the next starts). The
// req/s column is each server's median over the rounds; a ratio is the median
// over the rounds of the two servers' ratio within the same round (paired: the
// load other jobs put on a shared machine drifts over a run, and moves both).
// Before it is measured, each server's answer is checked to be the same work: status, body, and the five headers with
// the incoming request id echoed (a server that did less would look faster).
// All keep connections alive (node's 5 s), none pipelines (autocannon sends one
// request at a time per connection), and the JSON bodies are the same bytes.
// On a 2-core machine the client and server share the CPU, so figures are
// relative: read the ratios, not the absolute requests per second. The progress
// lines (stderr) also give each server's own CPU time per request, which depends
// less on how the scheduler splits the cores between client and server.
//
// Flags: --quick (1 s rounds, 1 round: a CI smoke that every server answers and
// nothing errors), --duration=S (seconds per round, default 5), --rounds=N
// (default 3), --connections=N (default 50), --warmup=S (seconds of load before
// each measured round, default 3; 1 with --quick), --check (exit 1 unless shallot
// reaches the bars: >= Hono's node-server and >= 0.8x raw node:http), --json=FILE
// (also write every round's figures as data, for bench/all.mjs).
import autocannon from 'autocannon';
import { fork } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const args = new Map(process.argv.slice(2).map((a) => a.replace(/^--/, '').split('=')).map(([k, v]) => [k, v ?? true]));
const quick = args.has('quick');
const duration = Number(args.get('duration') ?? (quick ? 1 : 5));
const rounds = Number(args.get('rounds') ?? (quick ? 1 : 3));
const connections = Number(args.get('connections') ?? 50);
// A fresh server answers its first second or two many times slower than warm (JIT,
// first connections); a warm-up shorter than that leaves part of it in the measured run.
const warmup = Number(args.get('warmup') ?? (quick ? 1 : 3));
const names = ['raw', 'shallot', 'shallot-guards', 'hono', 'koa', 'express', 'fastify'];
const serverScript = fileURLToPath(new URL('./http-servers.mjs', import.meta.url));

/** Throws unless the server at `url` does the work of the others (see Fairness above). */
async function checkSameWork(name, url) {
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
  if (problems.length) throw new Error(`server ${name} does not do the same work: ${problems.join('; ')}`);
}

/** The next message from `child` that has `key`. */
const reply = (child, key) =>
  new Promise((resolve, reject) => {
    const onMessage = (message) => {
      if (message?.[key] === undefined) return;
      child.off('message', onMessage);
      resolve(message);
    };
    child.on('message', onMessage);
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
  });

async function measure(name) {
  const child = fork(serverScript, [name], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, NODE_ENV: 'production' } });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  try {
    const { port } = await reply(child, 'port');
    const url = `http://127.0.0.1:${port}/hello`;
    await checkSameWork(name, url);
    await autocannon({ url, connections, duration: warmup }); // warm-up: JIT, connection pools
    child.send('start');
    const result = await autocannon({ url, connections, duration });
    child.send('stop');
    const { cpuMicros } = await reply(child, 'cpuMicros');
    return {
      rps: result.requests.average,
      errors: result.errors + result.timeouts,
      non2xx: result.non2xx,
      p99: result.latency.p99,
      cpuPerRequest: cpuMicros / Math.max(1, result.requests.total),
    };
  } finally {
    child.kill();
    await exited; // the next server starts on a machine this one has left
  }
}

const samples = Object.fromEntries(names.map((n) => [n, []]));
for (let round = 0; round < rounds; round++) {
  const order = names.map((_, i) => names[(i + round) % names.length]);
  for (const name of order) {
    const s = await measure(name);
    samples[name].push(s);
    process.stderr.write(
      `round ${round + 1}/${rounds} ${name.padEnd(15)} ${Math.round(s.rps).toString().padStart(7)} req/s  errors ${s.errors}  non-2xx ${s.non2xx}  server CPU ${s.cpuPerRequest.toFixed(1)} µs/req\n`,
    );
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rps = Object.fromEntries(names.map((n) => [n, median(samples[n].map((s) => s.rps))]));
/** `a` against `b`: the median over rounds of their ratio in the same round (paired, so a slow patch of the machine moves both). */
const ratio = (a, b) => median(samples[a].map((s, round) => s.rps / samples[b][round].rps));
const trouble = names.filter((n) => samples[n].some((s) => s.errors || s.non2xx));

console.log(`\nGET /hello, JSON, 5 layers (logging, timing + Server-Timing, request id, X-Custom-Header, X-Status when 200)`);
console.log(`${connections} connections, ${rounds} x ${duration} s per server, median; each server in its own process; node ${process.version}\n`);
console.log(`| server | req/s | vs raw node:http | vs Hono node-server |`);
console.log(`| --- | ---: | ---: | ---: |`);
for (const n of names) {
  console.log(`| ${n} | ${Math.round(rps[n]).toLocaleString('en-US')} | ${ratio(n, 'raw').toFixed(2)}x | ${ratio(n, 'hono').toFixed(2)}x |`);
}
if (trouble.length) console.log(`\nerrors or non-2xx answers from: ${trouble.join(', ')}`);

const bars = [
  [`shallot >= Hono's node-server`, ratio('shallot', 'hono') >= 1],
  [`shallot >= 0.8x raw node:http`, ratio('shallot', 'raw') >= 0.8],
];
console.log(`\n${bars.map(([what, ok]) => `${ok ? 'met ' : 'MISSED'} ${what}`).join('\n')}`);
if (args.has('json')) writeFileSync(args.get('json'), JSON.stringify({ bench: 'http', node: process.version, connections, duration, rounds, samples }, null, 2));
if (trouble.length) process.exitCode = 1;
if (args.has('check') && bars.some(([, ok]) => !ok)) process.exitCode = 1;
