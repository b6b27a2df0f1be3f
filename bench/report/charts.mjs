// The page's charts, drawn from the aggregated results (bench/all.mjs): file name → SVG.
import { barChart } from './bar-chart.mjs';
import { lineChart } from './line-chart.mjs';
import { PALETTE } from './svg.mjs';

/** The implementations in the dispatch results, in the order they were listed. */
export const implementations = (dispatch, sync) => [...new Map(dispatch.cases.filter((c) => c.sync === sync).map((c) => [c.key, c.label])).entries()];

export const HTTP_LABELS = {
  raw: 'node:http (raw)',
  shallot: 'shallot, guards off',
  'shallot-guards': 'shallot, guards on',
  hono: 'Hono node-server',
  koa: 'Koa',
  express: 'Express',
  fastify: 'Fastify',
};
/** "1 run", "3 runs". */
export const runsText = (n, what = 'run') => `${n} ${what}${n === 1 ? '' : 's'}`;

export const httpLabel = (name) => HTTP_LABELS[name] ?? name;

function dispatchChart(dispatch, sync) {
  const series = implementations(dispatch, sync).map(([key, label]) => ({
    name: label,
    dashed: key.startsWith('flat'),
    points: dispatch.cases.filter((c) => c.key === key).map((c) => ({ x: c.n, y: c.median })),
  }));
  return lineChart({
    title: `${sync ? 'Sync' : 'Async'} chains: ns per request by number of layers`,
    subtitle: `median of ${runsText(dispatch.runs)}; dashed: hand-written flat code, the limit`,
    xLabel: 'layers (N)',
    yLabel: 'ns per request',
    logY: sync, // sync flat code costs ~1 ns, the runtime composer ~1000: one linear axis hides the first
    series,
  });
}

/** One line per builder and compiler (the builder's colour; TS 7 dashed). */
function typesChart(types, compilers, pick, yLabel, title, subtitle) {
  const builders = [...new Set(types.rows.map((r) => r.builder))];
  return lineChart({
    title,
    subtitle,
    xLabel: 'layers in the chain',
    yLabel,
    logY: true,
    series: builders.flatMap((builder, i) =>
      compilers.map((compiler, j) => ({
        name: compilers.length > 1 ? `${builder}, ${compiler}` : builder,
        color: PALETTE[i % PALETTE.length],
        dashed: j > 0,
        points: types.rows
          .filter((r) => r.builder === builder && r.compiler === compiler)
          .map((r) => ({ x: r.n, y: Math.max(pick(r), 1e-3), failed: Object.keys(r.errors).length > 0 })),
      })),
    ),
  });
}

/** The largest relative difference between the compilers' instantiation counts of one chain, as a percentage. */
function instantiationGap(types, compilers) {
  let gap = 0;
  for (const r of types.rows.filter((r) => r.compiler === compilers[0])) {
    for (const o of types.rows.filter((o) => o.builder === r.builder && o.n === r.n && o.compiler !== r.compiler)) {
      gap = Math.max(gap, Math.abs(o.instantiations - r.instantiations) / r.instantiations);
    }
  }
  return `${(gap * 100).toFixed(gap < 0.01 ? 2 : 1)}%`;
}

/** Every chart of the page, by file name, for the sections present in `results`. */
export function renderCharts(results) {
  const charts = {};
  if (results.dispatch) {
    charts['dispatch-async.svg'] = dispatchChart(results.dispatch, false);
    if (results.dispatch.cases.some((c) => c.sync)) charts['dispatch-sync.svg'] = dispatchChart(results.dispatch, true);
  }
  if (results.types) {
    const compilers = [...new Set(results.types.rows.map((r) => r.compiler))];
    const subtitle = `${compilers[0]}${compilers.length > 1 ? `; ${compilers.slice(1).join(', ')} counts differ by ${instantiationGap(results.types, compilers)} at most` : ''}`;
    charts['types-instantiations.svg'] = typesChart(results.types, compilers.slice(0, 1), (r) => r.instantiations, 'type instantiations', 'Type instantiations by chain length', subtitle);
    charts['types-check-time.svg'] = typesChart(results.types, compilers, (r) => r.check.median, 'check time, s', 'Check time by chain length', `median of ${runsText(results.types.runs)}; dashed: ${compilers.slice(1).join(', ')}`);
  }
  if (results.http) {
    charts['http.svg'] = barChart({
      title: 'HTTP throughput: GET /hello through five layers',
      subtitle: `median of ${runsText(results.http.rounds, 'round')}; whiskers: the lowest to the highest round`,
      unit: 'requests per second',
      bars: results.http.servers.map((s) => ({ label: httpLabel(s.name), value: s.rps.median, min: s.rps.min, max: s.rps.max, highlight: s.name.startsWith('shallot') })),
    });
  }
  return charts;
}
