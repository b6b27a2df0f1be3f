// A line chart as an SVG string: one line per series over shared x values, a
// linear or logarithmic y axis, a legend on the right. A point marked `failed`
// is drawn as a cross (bench:types: the chain did not type-check). A series may
// set its colour (to pair a solid and a dashed line) and be dashed.
import { chartHead, esc, linearTicks, logTicks, PALETTE, short } from './svg.mjs';

/**
 * @param {{ title: string, subtitle?: string, xLabel: string, yLabel: string, logY?: boolean,
 *   series: { name: string, color?: string, dashed?: boolean, points: { x: number, y: number, failed?: boolean }[] }[] }} chart
 */
export function lineChart({ title, subtitle, xLabel, yLabel, logY = false, series }) {
  const width = 760;
  const height = 420;
  const m = { left: 70, right: 230, top: 60, bottom: 52 };
  const plotW = width - m.left - m.right;
  const plotH = height - m.top - m.bottom;
  const points = series.flatMap((s) => s.points);
  if (points.length === 0) throw new Error(`lineChart '${title}': no points`);
  const xs = [...new Set(points.map((p) => p.x))].sort((a, b) => a - b);
  const xMin = xs[0];
  const xMax = xs.at(-1) === xMin ? xMin + 1 : xs.at(-1);
  const ys = points.map((p) => p.y);
  const yTicks = logY ? logTicks(Math.min(...ys), Math.max(...ys)) : linearTicks(Math.max(...ys));
  const [y0, y1] = [yTicks[0], yTicks.at(-1)];
  const sx = (x) => m.left + ((x - xMin) / (xMax - xMin)) * plotW;
  const sy = (y) =>
    m.top + plotH - (logY ? (Math.log10(y) - Math.log10(y0)) / (Math.log10(y1) - Math.log10(y0)) : (y - y0) / (y1 - y0)) * plotH;
  const f = (v) => v.toFixed(1);

  const out = chartHead(width, height, title, subtitle);
  for (const t of yTicks) {
    out.push(`<line x1="${m.left}" x2="${m.left + plotW}" y1="${f(sy(t))}" y2="${f(sy(t))}" stroke="#e3e3e3"/>`);
    out.push(`<text x="${m.left - 8}" y="${f(sy(t) + 4)}" text-anchor="end" fill="#444">${esc(short(t))}</text>`);
  }
  for (const x of xs) {
    out.push(`<line x1="${f(sx(x))}" x2="${f(sx(x))}" y1="${m.top + plotH}" y2="${m.top + plotH + 5}" stroke="#888"/>`);
    out.push(`<text x="${f(sx(x))}" y="${m.top + plotH + 19}" text-anchor="middle" fill="#444">${esc(short(x))}</text>`);
  }
  out.push(`<line x1="${m.left}" x2="${m.left + plotW}" y1="${m.top + plotH}" y2="${m.top + plotH}" stroke="#888"/>`);
  out.push(`<text x="${m.left + plotW / 2}" y="${height - 10}" text-anchor="middle" fill="#222">${esc(xLabel)}</text>`);
  out.push(`<text transform="translate(16 ${m.top + plotH / 2}) rotate(-90)" text-anchor="middle" fill="#222">${esc(yLabel)}${logY ? ' (log scale)' : ''}</text>`);

  series.forEach((s, i) => {
    const color = s.color ?? PALETTE[i % PALETTE.length];
    const dash = s.dashed ? ' stroke-dasharray="6 4"' : '';
    const path = s.points.map((p, j) => `${j ? 'L' : 'M'}${f(sx(p.x))} ${f(sy(p.y))}`).join(' ');
    out.push(`<path d="${path}" fill="none" stroke="${color}" stroke-width="2"${dash}/>`);
    for (const p of s.points) {
      const [cx, cy] = [sx(p.x), sy(p.y)];
      out.push(
        p.failed
          ? `<path d="M${f(cx - 5)} ${f(cy - 5)} L${f(cx + 5)} ${f(cy + 5)} M${f(cx - 5)} ${f(cy + 5)} L${f(cx + 5)} ${f(cy - 5)}" stroke="${color}" stroke-width="2.5"/>`
          : `<circle cx="${f(cx)}" cy="${f(cy)}" r="3.5" fill="${color}"/>`,
      );
    }
    const ly = m.top + 8 + i * 20;
    const lx = m.left + plotW + 16;
    out.push(`<line x1="${lx}" x2="${lx + 22}" y1="${ly}" y2="${ly}" stroke="${color}" stroke-width="2"${dash}/>`);
    out.push(`<text x="${lx + 28}" y="${ly + 4}" fill="#222">${esc(s.name)}</text>`);
  });
  if (points.some((p) => p.failed)) {
    const ly = m.top + 8 + series.length * 20 + 8;
    const lx = m.left + plotW + 16;
    out.push(`<path d="M${lx + 6} ${ly - 5} L${lx + 16} ${ly + 5} M${lx + 6} ${ly + 5} L${lx + 16} ${ly - 5}" stroke="#222" stroke-width="2"/>`);
    out.push(`<text x="${lx + 28}" y="${ly + 4}" fill="#222">type errors (e.g. TS2589)</text>`);
  }
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
