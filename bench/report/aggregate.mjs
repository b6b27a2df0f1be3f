// From the --json files of repeated benchmark runs to the page's numbers: each
// measurement summarized over the runs (median, spread, noisy; see stats.mjs).
// Throws, naming the benchmark, when a file lacks what the page needs.
import { median, summarize } from './stats.mjs';

function need(ok, bench, what) {
  if (!ok) throw new Error(`bench:all: the ${bench} benchmark's JSON ${what}`);
}

/** Groups rows by `keyOf(row)`, keeping the first row of each group and the list of all. */
function groupBy(rows, keyOf) {
  const groups = new Map();
  for (const row of rows) {
    const key = keyOf(row);
    if (!groups.has(key)) groups.set(key, { first: row, all: [] });
    groups.get(key).all.push(row);
  }
  return [...groups.values()];
}

/** bench/dispatch.bench.mjs runs → one entry per implementation and N. */
export function aggregateDispatch(runs) {
  need(runs.length > 0 && runs.every((r) => Array.isArray(r.results)), 'dispatch', 'has no results');
  const rows = runs.flatMap((r) => r.results);
  const cases = groupBy(rows, (r) => `${r.key}:${r.n}`).map(({ first, all }) => {
    need(all.length === runs.length, 'dispatch', `lacks ${first.key} at N=${first.n} in some runs`);
    return { key: first.key, label: first.label, sync: first.sync, limit: first.limit, n: first.n, ...summarize(all.map((r) => r.ns)) };
  });
  return { stat: runs[0].stat, quick: runs[0].quick, timeMs: runs[0].timeMs, runs: runs.length, cases };
}

/** bench/codegen.bench.mjs runs → codegen's own times. */
export function aggregateCodegen(runs) {
  need(runs.length > 0 && runs.every((r) => r.codegen && Number.isFinite(r.codegen.coldSeconds)), 'codegen', 'has no codegen times');
  return {
    runs: runs.length,
    cold: summarize(runs.map((r) => r.codegen.coldSeconds)),
    rebuild: summarize(runs.map((r) => r.codegen.rebuildSeconds)),
  };
}

/** scripts/bench-types.mjs runs → one entry per builder, length and compiler. */
export function aggregateTypes(runs) {
  need(runs.length > 0 && runs.every((r) => Array.isArray(r.rows)), 'types', 'has no rows');
  const rows = groupBy(
    runs.flatMap((r) => r.rows),
    (r) => `${r.builder}:${r.n}:${r.compiler}`,
  ).map(({ first, all }) => ({
    builder: first.builder,
    n: first.n,
    compiler: first.compiler,
    instantiations: median(all.map((r) => r.instantiations)),
    check: summarize(all.map((r) => r.check)),
    memoryKB: summarize(all.map((r) => r.memory)),
    errors: first.errors,
  }));
  return { runs: runs.length, rows, routes: aggregateRoutes(runs), completion: aggregateCompletion(runs) };
}

/**
 * The many-routes case of each types run (absent from runs made with --routes=0):
 * per builder and compiler, each run's fastest check (the run's own estimate: see
 * scripts/bench-types.mjs), summarized over the runs, and the fastest of all.
 */
function aggregateRoutes(runs) {
  const with_ = runs.filter((r) => r.routes && Array.isArray(r.routes.rows));
  if (with_.length === 0) return undefined;
  const rows = groupBy(
    with_.flatMap((r) => r.routes.rows),
    (r) => `${r.builder}:${r.compiler}`,
  ).map(({ first, all }) => ({
    builder: first.builder,
    compiler: first.compiler,
    instantiations: median(all.map((r) => r.instantiations)),
    check: summarize(all.map((r) => r.check)),
    fastest: Math.min(...all.map((r) => r.check)),
    errors: first.errors,
  }));
  return { routes: with_[0].routes.routes, repeats: with_[0].routes.repeats, runs: with_.length, rows };
}

/** The editor case of each types run (absent with --completion=0): each builder's completion time, summarized over the runs. */
function aggregateCompletion(runs) {
  const with_ = runs.filter((r) => r.completion && Array.isArray(r.completion.rows));
  if (with_.length === 0) return undefined;
  const rows = groupBy(
    with_.flatMap((r) => r.completion.rows),
    (r) => r.builder,
  ).map(({ first, all }) => ({ builder: first.builder, n: first.n, ms: summarize(all.map((r) => r.ms)), offered: all.every((r) => r.offered) }));
  return { layers: with_[0].completion.layers, compiler: with_[0].completion.compiler, runs: with_.length, rows };
}

/** One bench/http.bench.mjs run (its rounds are the repeats) → one entry per server. */
export function aggregateHttp(run) {
  need(run && run.samples && Object.keys(run.samples).length > 0, 'http', 'has no samples');
  const servers = Object.entries(run.samples).map(([name, samples]) => ({
    name,
    rps: summarize(samples.map((s) => s.rps)),
    p99: median(samples.map((s) => s.p99)),
    errors: samples.reduce((a, s) => a + s.errors, 0),
    non2xx: samples.reduce((a, s) => a + s.non2xx, 0),
  }));
  // Every runtime's set (Node, Bun, Deno, workerd), each server with its req/s and its server CPU per request.
  const sets = Object.fromEntries(
    Object.entries(run.sets ?? {}).map(([runtime, set]) => [
      runtime,
      {
        baseline: set.baseline,
        anchors: set.anchors,
        servers: set.names.map((name) => ({
          name,
          rps: summarize(set.samples[name].map((s) => s.rps)),
          cpu: set.samples[name].map((s) => s.cpuPerRequest),
          errors: set.samples[name].reduce((a, s) => a + s.errors, 0),
          non2xx: set.samples[name].reduce((a, s) => a + s.non2xx, 0),
        })),
      },
    ]),
  );
  return { connections: run.connections, duration: run.duration, rounds: run.rounds, machine: run.machine, servers, sets };
}
