// What both charts share: escaping, number labels, axis ticks and the palette.

export const PALETTE = ['#1b6ca8', '#d1495b', '#2e933c', '#edae49', '#6c4f9c', '#00798c', '#8d6a4f', '#555555'];
export const FONT = 'font-family="system-ui, -apple-system, Segoe UI, Helvetica, Arial, sans-serif"';

/** Text safe inside an SVG element or attribute. */
export const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** A short label for a number: 950, 1.2k, 34k, 1.5M. */
export function short(v) {
  const a = Math.abs(v);
  if (a >= 1e6) return `${+(v / 1e6).toPrecision(3)}M`;
  if (a >= 1e4) return `${Math.round(v / 1e3)}k`;
  if (a >= 1e3) return `${+(v / 1e3).toPrecision(2)}k`;
  if (a >= 10 || a === 0) return String(Math.round(v));
  return String(+v.toPrecision(2));
}

/** About `count` round ticks from 0 to at least `max` (1, 2 or 5 times a power of ten apart). */
export function linearTicks(max, count = 5) {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw);
  const ticks = [];
  for (let t = 0; t < max + step * 0.999; t += step) ticks.push(+t.toPrecision(12));
  return ticks;
}

/** The powers of ten around [min, max], for a log axis. */
export function logTicks(min, max) {
  const ticks = [];
  for (let p = Math.floor(Math.log10(min)); p <= Math.ceil(Math.log10(max)); p++) ticks.push(10 ** p);
  return ticks;
}

/** The opening of a chart: the <svg> element, a white background, the title and the subtitle. */
export function chartHead(width, height, title, subtitle) {
  const out = [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" ${FONT} font-size="12">`,
    `<rect width="${width}" height="${height}" fill="#ffffff"/>`,
    `<text x="16" y="22" font-size="15" font-weight="600">${esc(title)}</text>`,
  ];
  if (subtitle) out.push(`<text x="16" y="40" fill="#555">${esc(subtitle)}</text>`);
  return out;
}
