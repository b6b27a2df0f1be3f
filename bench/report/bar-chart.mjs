// A horizontal bar chart as an SVG string: one bar per entry (the median), a
// whisker from the lowest to the highest run, the value at the bar's end.
import { chartHead, esc, linearTicks, PALETTE, short } from './svg.mjs';

/**
 * @param {{ title: string, subtitle?: string, unit: string,
 *   bars: { label: string, value: number, min?: number, max?: number, highlight?: boolean }[] }} chart
 */
export function barChart({ title, subtitle, unit, bars }) {
  if (bars.length === 0) throw new Error(`barChart '${title}': no bars`);
  const width = 760;
  const m = { left: 150, right: 80, top: 60, bottom: 44 };
  const barH = 22;
  const gap = 10;
  const plotW = width - m.left - m.right;
  const plotH = bars.length * (barH + gap) - gap;
  const height = m.top + plotH + m.bottom;
  const ticks = linearTicks(Math.max(...bars.map((b) => b.max ?? b.value)));
  const top = ticks.at(-1);
  const sx = (v) => m.left + (v / top) * plotW;
  const f = (v) => v.toFixed(1);

  const out = chartHead(width, height, title, subtitle);
  for (const t of ticks) {
    out.push(`<line x1="${f(sx(t))}" x2="${f(sx(t))}" y1="${m.top - 6}" y2="${m.top + plotH}" stroke="#e3e3e3"/>`);
    out.push(`<text x="${f(sx(t))}" y="${m.top + plotH + 18}" text-anchor="middle" fill="#444">${esc(short(t))}</text>`);
  }
  out.push(`<text x="${m.left + plotW / 2}" y="${height - 8}" text-anchor="middle" fill="#222">${esc(unit)}</text>`);
  bars.forEach((b, i) => {
    const y = m.top + i * (barH + gap);
    const color = b.highlight ? PALETTE[1] : PALETTE[0];
    out.push(`<text x="${m.left - 8}" y="${f(y + barH / 2 + 4)}" text-anchor="end" fill="#222">${esc(b.label)}</text>`);
    out.push(`<rect x="${m.left}" y="${y}" width="${f(sx(b.value) - m.left)}" height="${barH}" fill="${color}" opacity="0.85"/>`);
    if (b.min !== undefined && b.max !== undefined) {
      const cy = y + barH / 2;
      out.push(`<path d="M${f(sx(b.min))} ${f(cy)} H${f(sx(b.max))} M${f(sx(b.min))} ${f(cy - 5)} V${f(cy + 5)} M${f(sx(b.max))} ${f(cy - 5)} V${f(cy + 5)}" stroke="#222" stroke-width="1.2"/>`);
    }
    out.push(`<text x="${f(sx(b.max ?? b.value) + 6)}" y="${f(y + barH / 2 + 4)}" fill="#222">${esc(short(b.value))}</text>`);
  });
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
