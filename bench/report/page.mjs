// docs/benchmarks.md, written from the aggregated results (bench/all.mjs): every
// number on the page comes from `results`; the prose only says what was measured.
import { httpLabel, implementations, runsText } from './charts.mjs';
import { NOISY_SPREAD, median, slope } from './stats.mjs';

/**
 * How many times `ref`'s requests per second `name` served: the median over the rounds
 * of the two servers' ratio within each round (they ran back to back), as
 * bench/http.bench.mjs reports it, so that load drifting over the run moves both.
 */
function pairedRatio(h, name, ref) {
  const a = h.servers.find((s) => s.name === name)?.rps.samples;
  const b = h.servers.find((s) => s.name === ref)?.rps.samples;
  if (!a || !b || a.length !== b.length || a.length === 0) return NaN;
  return median(a.map((v, i) => v / b[i]));
}

const pct = (v) => `${(v * 100).toFixed(v < 0.1 ? 1 : 0)}%`;
const x = (v) => (Number.isFinite(v) ? `${v < 10 ? v.toFixed(2) : v.toFixed(1)}x` : '-');
const int = (v) => Math.round(v).toLocaleString('en-US');
const seconds = (v) => `${v < 0.1 ? v.toFixed(3) : v.toFixed(2)} s`;
const nsText = (v) => (v < 10 ? v.toFixed(2) : v < 100 ? v.toFixed(1) : int(v));
/** A spread, flagged when it is over the noise bar; none from one run. */
const spreadText = (s) => (s.samples.length < 2 ? 'one run' : s.noisy ? `**NOISY ${pct(s.spread)}**` : pct(s.spread));

function header(results, charts) {
  const { meta } = results;
  const m = meta.machine;
  const lines = [
    '# Benchmarks',
    '',
    `<!-- DO NOT EDIT: written by \`npm run bench:all\` (bench/all.mjs). Every number and chart comes from that run. -->`,
    '',
  ];
  if (meta.smoke) lines.push('> **SMOKE RUN**: each benchmark ran once, briefly, to check that it works. These numbers mean nothing.', '');
  if (/uncommitted|unknown/.test(m.commit)) {
    lines.push(`> **NOT FROM A CLEAN COMMIT** (${m.commit}): the code that made these numbers is not in the repository as it is; rerun \`npm run bench:all\` from a clean checkout.`, '');
  }
  lines.push(
    `Written by \`bench/all.mjs\` (\`npm run bench:all\`) on ${meta.date}. shallot ${m.shallot}, commit ${m.commit}.`,
    `Each benchmark ran ${meta.repeats === 1 ? 'once' : `${meta.repeats} times`}; a figure is the **median** of the runs and its **spread** is`,
    `(max − min) / median over the runs. A spread over ${pct(NOISY_SPREAD)} is flagged **NOISY**: the runs disagree`,
    'more than the differences this page is about, so read that figure as rough.',
    '',
    '| machine | |',
    '| --- | --- |',
    `| CPU | ${m.cpu}, ${m.cores} cores |`,
    `| memory | ${m.memoryGiB} GiB |`,
    `| OS | ${m.os} |`,
    `| Node | ${m.node} |`,
    `| load average (1 min), start → end | ${meta.loadStart.toFixed(2)} → ${meta.loadEnd.toFixed(2)} |`,
    `| run time of bench:all | ${(meta.seconds / 60).toFixed(1)} min |`,
    '',
    '| package | version |',
    '| --- | --- |',
    ...m.packages.map((p) => `| ${p.label} (\`${p.name}\`) | ${p.version} |`),
    '',
  );
  const noisy = countNoisy(results);
  lines.push(
    noisy.noisy === 0
      ? `None of the ${noisy.total} measurements on this page is NOISY.`
      : `${noisy.noisy} of ${noisy.total} measurements on this page are NOISY (spread over ${pct(NOISY_SPREAD)}); they are flagged where they appear.`,
    '',
  );
  if (meta.exits.length) {
    lines.push(...meta.exits.map((e) => `Note: \`${e.command}\` exited with code ${e.code} (its own checks; its numbers are below).`), '');
  }
  lines.push('Charts: ' + Object.keys(charts).map((f) => `[${f}](benchmarks/${f})`).join(', ') + '.', '');
  return lines;
}

function countNoisy(results) {
  const all = [
    ...(results.dispatch?.cases ?? []),
    ...(results.types?.rows.map((r) => r.check) ?? []),
    ...(results.codegen ? [results.codegen.cold, results.codegen.rebuild] : []),
    ...(results.http?.servers.map((s) => s.rps) ?? []),
  ];
  return { total: all.length, noisy: all.filter((s) => s.noisy).length };
}

/** The key of the flat code a dispatch case is divided by (results written before cases named theirs: flat code of their colour). */
const limitOf = (c) => c.limit ?? (c.sync ? 'flat-sync' : 'flat');

function glance(results) {
  const lines = ['## At a glance', ''];
  const d = results.dispatch;
  if (d) {
    const at = (key, n) => d.cases.find((c) => c.key === key && c.n === n);
    const ns = [...new Set(d.cases.map((c) => c.n))];
    for (const n of [10, ns.at(-1)].filter((n, i, a) => ns.includes(n) && a.indexOf(n) === i)) {
      for (const sync of [false, true]) {
        if (!at(sync ? 'flat-sync' : 'flat', n)) continue;
        const parts = implementations(d, sync)
          .filter(([key]) => !key.startsWith('flat') && at(key, n) && at(limitOf(at(key, n)), n))
          .map(([key, label]) => {
            const c = at(key, n);
            const limit = at(limitOf(c), n);
            return `${label} ${limit.median >= 0.1 * n ? x(c.median / limit.median) : `${nsText(c.median)} ns (the flat baseline did no work)`}`;
          });
        lines.push(`- ${n} ${sync ? 'sync' : 'async'} layers, cost per request relative to hand-written flat code: ${parts.join('; ')}.`);
      }
    }
  }
  const t = results.types;
  if (t) {
    const max = Math.max(...t.rows.map((r) => r.n));
    const compiler = t.rows[0].compiler;
    const parts = [...new Set(t.rows.map((r) => r.builder))].map((b) => {
      const r = t.rows.find((r) => r.builder === b && r.n === max && r.compiler === compiler);
      return `${b} ${int(r.instantiations)} instantiations, ${seconds(r.check.median)}${failText(t, b)}`;
    });
    lines.push(`- Type-checking a ${max}-layer chain (${compiler}): ${parts.join('; ')}.`);
  }
  const h = results.http;
  if (h) {
    const vsRaw = pairedRatio(h, 'shallot', 'raw');
    const vsHono = pairedRatio(h, 'shallot', 'hono');
    if (Number.isFinite(vsRaw) && Number.isFinite(vsHono)) {
      lines.push(`- HTTP: shallot (guards off) serves ${x(vsRaw)} the requests per second of raw node:http and ${x(vsHono)} those of Hono's node-server (medians of the ratios within each round).`);
    }
  }
  if (results.codegen) {
    lines.push(`- \`shallot codegen\` over 100 chains in 20 modules: ${results.codegen.cold.median.toFixed(2)} s cold; ${results.codegen.rebuild.median.toFixed(2)} s to rebuild after one file changed.`);
  }
  return [...lines, ''];
}

/** ", fails with TS2589 from 100 layers (TS 6, TS 7)" or "". */
function failText(types, builder) {
  const failing = types.rows.filter((r) => r.builder === builder && Object.keys(r.errors).length > 0);
  if (failing.length === 0) return '';
  const from = Math.min(...failing.map((r) => r.n));
  const codes = [...new Set(failing.flatMap((r) => Object.keys(r.errors)))];
  const main = codes.includes('TS2589') ? 'TS2589' : codes[0];
  const compilers = [...new Set(failing.filter((r) => r.n === from).map((r) => r.compiler))];
  return `, fails with ${main} from ${from} layers (${compilers.join(', ')})`;
}

function dispatchSection(d) {
  const ns = [...new Set(d.cases.map((c) => c.n))].sort((a, b) => a - b);
  const lines = [
    '## Dispatch: what a request costs per layer',
    '',
    `\`bench/dispatch.bench.mjs\`: one request through N layers that each do work no generator can delete (\`bench/work.mjs\`:`,
    'a counter on the request before `await next()` and after it, a header set on the response after it), and a handler',
    `returning a pre-allocated response (headers in a \`Map\`), timed by mitata (its ${d.stat} per request, ${d.timeMs} ms`,
    `of measuring per case and run; each run a fresh process${d.pinned ? ' pinned to one core (taskset)' : ''}, the order of the implementations rotated each run).`,
    '',
    '- **flat (hand-written)**: the same work written by hand as straight-line code (the counters, the handler, the counters and headers): the limit. It sits in a module compiled beside the generated chains and reads the response as an import, as they do.',
    '- **shallot generated**: the chain as `shallot codegen` writes it, layers inlined into one function; also for one layer used N times (`.use(tick)` N times, each use its own inlined copy), against hand-written code doing that layer\'s work N times.',
    '- **shallot runtime, guards off / on**: `chain({ guards }).use(m0)…use(mN-1).handle(h)`, no build step.',
    '- **koa-compose**: `compose([...layers, handler])`, called as Koa calls it (`fn(ctx).then(…)`).',
    "- **Hono compose**: Hono's `compose` with a Context-like object, called as Hono's `#dispatch` calls it, composed once.",
    '- **middy**: `middy(handler).use(layer)` N times, called as Lambda calls it. Middy has no `next()`: its onion is a list of',
    '  `before` hooks run in order, then the handler, then the `after` hooks in reverse. A layer with code before and after',
    '  `next()` is a middleware with both hooks, `{ before: async (request) => {}, after: async (request) => {} }`, as middy',
    '  users write them; middy awaits each hook.',
    '',
    'Sync chains: flat, generated and the runtime with `middleware.sync` layers; the other libraries have no sync onion.',
    'Every layer is its own function compiled from source, and every case its own request function and measuring loop,',
    'so no case inherits V8 feedback from another.',
    '',
    'Each cell: median ns per request · ratio to flat code at the same N (for one layer used N times: to flat code doing that layer\'s work N times) · spread. The last column is the least-squares',
    'slope of the medians over N: what one more layer costs.',
    '',
  ];
  for (const sync of [false, true]) {
    const impls = implementations(d, sync);
    if (impls.length === 0) continue;
    const at = (key, n) => d.cases.find((c) => c.key === key && c.n === n);
    lines.push(`### ${sync ? 'Sync' : 'Async'} chains`, '', `![${sync ? 'sync' : 'async'} dispatch chart](benchmarks/dispatch-${sync ? 'sync' : 'async'}.svg)`, '');
    lines.push(`| implementation | ${ns.map((n) => `N=${n}`).join(' | ')} | ns per extra layer |`);
    lines.push(`| --- | ${ns.map(() => '---:').join(' | ')} | ---: |`);
    for (const [key, label] of impls) {
      const cells = ns.map((n) => {
        const c = at(key, n);
        const limit = c && at(limitOf(c), n);
        // A baseline under 0.1 ns per layer did no work (V8 deleted it): no ratio divides by it.
        const ratio = limit && limit.median >= 0.1 * n ? x(c?.median / limit.median) : 'no baseline';
        return c ? `${nsText(c.median)} · ${ratio} · ${spreadText(c)}` : '-';
      });
      const have = ns.filter((n) => at(key, n));
      const perLayer = have.length > 1 ? nsText(Math.max(0, slope(have, have.map((n) => at(key, n).median)))) : '-';
      lines.push(`| ${label} | ${cells.join(' | ')} | ${perLayer} |`);
    }
    lines.push('');
  }
  return lines;
}

function typesSection(t) {
  const compilers = [...new Set(t.rows.map((r) => r.compiler))];
  const builders = [...new Set(t.rows.map((r) => r.builder))];
  const lines = [
    '## Type-check cost of long chains',
    '',
    '`scripts/bench-types.mjs`: one chain of N steps where each step adds one field to the context and reads the one',
    'before it, and the handler reads the last, written with each builder (`scripts/long-chain.mjs`,',
    '`scripts/long-chain-peers.mjs`), checked alone by `tsc --extendedDiagnostics`:',
    '',
    "- **shallot**: `middleware('mI', async (req: { fI-1: number }, next: Next<{ fI: number }>) => next({ fI: … }))`, `chain<{ path: string }>().use(m0)…handle(…)`.",
    "- **trpc**: `initTRPC.context<{ path: string }>().create()`, `t.procedure.use(({ ctx, next }) => next({ ctx: { fI: ctx.fI-1 + 1 } }))…query(…)`.",
    "- **hono**: `createMiddleware<{ Variables: { fI-1: number; fI: number } }>(async (c, next) => { c.set('fI', c.get('fI-1') + 1); await next(); })`, `new Hono().use(m0)…get('/', …)`.",
    '',
    'Instantiations and memory include what loading each library costs. Errors are counted by code; a chain with',
    'errors was still checked and measured (crosses in the charts).',
    '',
    '![instantiations chart](benchmarks/types-instantiations.svg)',
    '',
    '![check time chart](benchmarks/types-check-time.svg)',
    '',
  ];
  for (const b of builders) {
    const fail = failText(t, b);
    lines.push(`- ${b}: ${fail ? fail.slice(2) : `type-checks at every length up to ${Math.max(...t.rows.map((r) => r.n))} (${compilers.join(', ')})`}.`);
  }
  lines.push('');
  lines.push(`| builder | layers | ${compilers.map((c) => `instantiations, ${c} | check time, ${c} | memory, ${c}`).join(' | ')} | errors |`);
  lines.push(`| --- | ---: | ${compilers.map(() => '---: | ---: | ---:').join(' | ')} | --- |`);
  const sizes = [...new Set(t.rows.map((r) => r.n))].sort((a, b) => a - b);
  for (const b of builders) {
    for (const n of sizes) {
      const rows = compilers.map((c) => t.rows.find((r) => r.builder === b && r.n === n && r.compiler === c));
      if (rows.every((r) => !r)) continue;
      const cells = rows.map((r) => (r ? `${int(r.instantiations)} | ${seconds(r.check.median)} · ${spreadText(r.check)} | ${int(r.memoryKB.median / 1024)} MB` : '- | - | -'));
      const errors = [...new Set(rows.filter(Boolean).map((r) => Object.entries(r.errors).map(([code, count]) => `${code} ×${count}`).join(', ')))];
      const errorCell = errors.length === 1 ? errors[0] || '-' : rows.map((r, i) => `${compilers[i]}: ${Object.entries(r?.errors ?? {}).map(([code, count]) => `${code} ×${count}`).join(', ') || '-'}`).join('; ');
      lines.push(`| ${b} | ${n} | ${cells.join(' | ')} | ${errorCell} |`);
    }
  }
  return [...lines, '', ...(t.routes ? routesSection(t.routes) : []), ...(t.completion ? completionSection(t.completion) : [])];
}

/** Issue 11's budget for many routes: check time ≤ 0.8x the faster of tRPC and Hono, instantiations ≤ Hono's. */
const ROUTES_BUDGET = 0.8;
/** Issue 11's editor budget: completion ≤ 0.5x Hono's. */
const COMPLETION_BUDGET = 0.5;
const verdict = (ok) => (ok ? 'met' : '**missed**');

function routesSection(r) {
  const compilers = [...new Set(r.rows.map((row) => row.compiler))];
  const lines = [
    '### Many routes off one base',
    '',
    `\`scripts/routes-peers.mjs\`: one app of ${r.routes} routes off one base of 5 layers, route i adding (i % 3) + 1 layers of its`,
    "own, written with each builder as its documentation writes it (shallot: `base.use(…).handle(…)` per route; tRPC: procedures",
    "in one `t.router`; Hono: `base.get('/rI', …layers, handler)`). Each run checks every builder and compiler",
    `${r.repeats} times, interleaved, and keeps its fastest check (other work on a machine only ever adds time); the table`,
    `summarizes those over ${runsText(r.runs)}, and a ratio divides the fastest of all.`,
    '',
    '| builder | compiler | instantiations | check time, fastest | check time, median of the runs | errors |',
    '| --- | --- | ---: | ---: | ---: | --- |',
  ];
  for (const row of r.rows) {
    const errors = Object.entries(row.errors).map(([code, count]) => `${code} ×${count}`).join(', ') || '-';
    lines.push(`| ${row.builder} | ${row.compiler} | ${int(row.instantiations)} | ${seconds(row.fastest)} | ${seconds(row.check.median)} · ${spreadText(row.check)} | ${errors} |`);
  }
  lines.push('');
  for (const c of compilers) {
    const at = (b) => r.rows.find((row) => row.builder === b && row.compiler === c);
    if (!at('shallot') || !at('trpc') || !at('hono')) continue;
    const faster = at('trpc').fastest <= at('hono').fastest ? 'trpc' : 'hono';
    const ratio = at('shallot').fastest / at(faster).fastest;
    const fewer = at('shallot').instantiations <= at('hono').instantiations;
    lines.push(
      `- ${c}: shallot ${x(ratio)} the check time of ${faster}, the faster peer (budget ${ROUTES_BUDGET}x: ${verdict(ratio <= ROUTES_BUDGET)}); ` +
        `${int(at('shallot').instantiations)} instantiations against Hono's ${int(at('hono').instantiations)} (budget: no more: ${verdict(fewer)}).`,
    );
  }
  return [...lines, ''];
}

function completionSection(c) {
  const lines = [
    '### Editor: completion at the end of a long chain',
    '',
    `\`scripts/completion-bench.mjs\`: the ${c.compiler} language service completing \`req.\` in the handler of a ${c.layers}-layer chain`,
    `(each layer adding a field), each time after an edit of the file (a new program and checker, as a keystroke makes):`,
    `each run's median, summarized over ${runsText(c.runs)}.`,
    '',
    '| builder | completion time | the last field offered |',
    '| --- | ---: | --- |',
  ];
  for (const row of c.rows) lines.push(`| ${row.builder} | ${int(row.ms.median)} ms · ${spreadText(row.ms)} | ${row.offered ? 'yes' : 'no'} |`);
  const at = (b) => c.rows.find((row) => row.builder === b);
  if (at('shallot') && at('hono')) {
    const ratio = at('shallot').ms.median / at('hono').ms.median;
    lines.push('', `- shallot ${x(ratio)} Hono's completion time (budget ${COMPLETION_BUDGET}x: ${verdict(ratio <= COMPLETION_BUDGET && at('shallot').offered)}).`);
  }
  return [...lines, ''];
}

function codegenSection(c) {
  return [
    '## Codegen time',
    '',
    '`bench/codegen.bench.mjs`: `shallot codegen` over a project of 100 five-layer chains in 20 modules (the CLI, cold),',
    'and a `--watch`-style rebuild after one module changed (the codegen API, with the project loaded).',
    '',
    '| what | median | spread | runs |',
    '| --- | ---: | ---: | ---: |',
    `| cold CLI run, 100 chains | ${c.cold.median.toFixed(2)} s | ${spreadText(c.cold)} | ${c.runs} |`,
    `| rebuild after one file changed | ${c.rebuild.median.toFixed(2)} s | ${spreadText(c.rebuild)} | ${c.runs} |`,
    '',
  ];
}

function httpSection(h) {
  const lines = [
    '## HTTP throughput',
    '',
    '`bench/http.bench.mjs`: GET /hello with the same five layers in every server (logging, timing and a',
    '`Server-Timing` header, a request id, `X-Custom-Header`, `X-Status` when 200) and a JSON body, each written',
    "the way its framework writes it (`bench/http-servers.mjs`, `bench/http-fetch.mjs`; shallot's in `bench/http/app.ts`). Each server runs alone in its own process while",
    `${h.machine?.client ?? 'autocannon'}, in a process of its own, drives it over loopback with ${h.connections} connections, ${h.duration} s per round, ${runsText(h.rounds, 'round')} in rotating`,
    `order. ${h.machine?.pinned ? 'The server is pinned to one core and the client to another (taskset).' : 'Client and server share the CPU: read the ratios more than the absolute figures.'} A ratio is the median`,
    "over the rounds of the two servers' ratio within the round (they ran back to back), so load drifting over the",
    'run moves both; req/s is each server\'s own median.',
    '',
    '![HTTP chart](benchmarks/http.svg)',
    '',
    '#### Node, against raw node:http and Hono',
    '',
    '| server | req/s | spread | vs raw node:http | vs Hono node-server | p99 latency | errors, non-2xx |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ];
  for (const s of h.servers) {
    lines.push(
      `| ${httpLabel(s.name)} | ${int(s.rps.median)} | ${spreadText(s.rps)} | ${x(pairedRatio(h, s.name, 'raw'))} | ${x(pairedRatio(h, s.name, 'hono'))} | ${s.p99} ms | ${s.errors}, ${s.non2xx} |`,
    );
  }
  lines.push('');
  const sets = Object.entries(h.sets ?? {});
  if (sets.length) {
    const m = h.machine ?? {};
    lines.push(
      '### By runtime',
      '',
      `Each runtime's own set, with the server ${m.pinned ? 'pinned to core 0 and the client (' + m.client + ') to core 1' : 'and the client (' + (m.client ?? 'autocannon') + ') not pinned'}.`,
      "A ratio is the median over rounds of the ratio within one round, the lowest and highest round in brackets; 'by CPU' divides the",
      "servers' own CPU time per request (user + system, every thread), round by round, which other load on the machine moves less.",
      '',
    );
    for (const [runtime, set] of sets) {
      const refs = [set.baseline, ...set.anchors];
      lines.push(`#### ${runtime}`, '', `| server | req/s | spread | server CPU µs/req | ${refs.map((r) => `vs ${r}`).join(' | ')} | ${refs.map((r) => `vs ${r} by CPU`).join(' | ')} |`);
      lines.push(`| --- | ---: | ---: | ---: |${refs.map(() => ' ---: | ---: |').join('')}`);
      const find = (name) => set.servers.find((s) => s.name === name);
      const paired = (a, b, of) => {
        const ra = of(find(a));
        const rb = of(find(b));
        const rs = ra.map((v, i) => v / rb[i]).filter(Number.isFinite);
        return rs.length ? `${x(median(rs))} (${x(Math.min(...rs))}-${x(Math.max(...rs))})` : '-';
      };
      for (const s of set.servers) {
        const cpu = s.cpu.filter(Number.isFinite);
        const cells = [
          ...refs.map((r) => paired(s.name, r, (t) => t.rps.samples)),
          ...refs.map((r) => paired(r, s.name, (t) => t.cpu)),
        ];
        lines.push(`| ${s.name} | ${int(s.rps.median)} | ${spreadText(s.rps)} | ${cpu.length ? median(cpu).toFixed(1) : '-'} | ${cells.join(' | ')} |`);
      }
      lines.push('');
    }
  }
  return lines;
}

function footer(meta) {
  return [
    '## Regenerate',
    '',
    '```sh',
    'npm run bench:all                          # every benchmark, this page and its charts',
    'node bench/all.mjs --repeats=5             # more runs per benchmark (see --help for the rest)',
    'node bench/all.mjs --smoke --out=/tmp/b    # a quick smoke of every benchmark, elsewhere (npm test runs it)',
    '```',
    '',
    `This run: \`${meta.command}\`.`,
    '',
  ];
}

/** The whole page, from the aggregated results and the names of the charts written beside it. */
export function renderPage(results, charts) {
  return [
    ...header(results, charts),
    ...glance(results),
    ...(results.dispatch ? dispatchSection(results.dispatch) : []),
    ...(results.types ? typesSection(results.types) : []),
    ...(results.codegen ? codegenSection(results.codegen) : []),
    ...(results.http ? httpSection(results.http) : []),
    ...footer(results.meta),
  ].join('\n');
}
