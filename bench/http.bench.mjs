// `npm run bench:http`: throughput of one route with the same layers on raw
// node:http, shallot (guards off, as in production; and guards on), Hono's
// node-server, Koa, Express and Fastify, side by side in one run, as ratios.
//
// Fairness: each server runs alone in its own child process (bench/http-servers.mjs)
// while autocannon drives it from this process over loopback; servers take turns,
// the order rotating each round, and each figure is the median of the rounds.
// On a 2-core machine the client and server share the CPU, so figures are
// relative: read the ratios, not the absolute requests per second.
//
// Flags: --quick (1 s rounds, 1 round: a CI smoke that every server answers and
// nothing errors), --duration=S (seconds per round, default 5), --rounds=N
// (default 3), --connections=N (default 50), --check (exit 1 unless shallot
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
const names = ['raw', 'shallot', 'shallot-guards', 'hono', 'koa', 'express', 'fastify'];
const serverScript = fileURLToPath(new URL('./http-servers.mjs', import.meta.url));

async function measure(name) {
  const child = fork(serverScript, [name], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], env: { ...process.env, NODE_ENV: 'production' } });
  try {
    const { port } = await new Promise((resolve, reject) => {
      child.once('message', resolve);
      child.once('exit', (code) => reject(new Error(`server ${name} exited with ${code}`)));
    });
    const url = `http://127.0.0.1:${port}/hello`;
    await autocannon({ url, connections, duration: Math.min(1, duration) }); // warm-up: JIT, connection pools
    const result = await autocannon({ url, connections, duration });
    return { rps: result.requests.average, errors: result.errors + result.timeouts, non2xx: result.non2xx, p99: result.latency.p99 };
  } finally {
    child.kill();
  }
}

const samples = Object.fromEntries(names.map((n) => [n, []]));
for (let round = 0; round < rounds; round++) {
  const order = names.map((_, i) => names[(i + round) % names.length]);
  for (const name of order) {
    const s = await measure(name);
    samples[name].push(s);
    process.stderr.write(`round ${round + 1}/${rounds} ${name.padEnd(15)} ${Math.round(s.rps).toString().padStart(7)} req/s  errors ${s.errors}  non-2xx ${s.non2xx}\n`);
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};
const rps = Object.fromEntries(names.map((n) => [n, median(samples[n].map((s) => s.rps))]));
const trouble = names.filter((n) => samples[n].some((s) => s.errors || s.non2xx));

console.log(`\nGET /hello, JSON, 5 layers (logging, timing + Server-Timing, request id, X-Custom-Header, X-Status when 200)`);
console.log(`${connections} connections, ${rounds} x ${duration} s per server, median; each server in its own process; node ${process.version}\n`);
console.log(`| server | req/s | vs raw node:http | vs Hono node-server |`);
console.log(`| --- | ---: | ---: | ---: |`);
for (const n of names) {
  console.log(`| ${n} | ${Math.round(rps[n]).toLocaleString('en-US')} | ${(rps[n] / rps.raw).toFixed(2)}x | ${(rps[n] / rps.hono).toFixed(2)}x |`);
}
if (trouble.length) console.log(`\nerrors or non-2xx answers from: ${trouble.join(', ')}`);

const bars = [
  [`shallot >= Hono's node-server`, rps.shallot >= rps.hono],
  [`shallot >= 0.8x raw node:http`, rps.shallot >= 0.8 * rps.raw],
];
console.log(`\n${bars.map(([what, ok]) => `${ok ? 'met ' : 'MISSED'} ${what}`).join('\n')}`);
if (args.has('json')) writeFileSync(args.get('json'), JSON.stringify({ bench: 'http', node: process.version, connections, duration, rounds, samples }, null, 2));
if (trouble.length) process.exitCode = 1;
if (args.has('check') && bars.some(([, ok]) => !ok)) process.exitCode = 1;
