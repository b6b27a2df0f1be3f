// The summary of one measurement repeated: its median, and its spread as
// (max - min) / median, i.e. the whole range of the runs relative to the median.
// With the few runs a benchmark page can afford (3 by default) the range is the
// honest figure: an interquartile range of 3 numbers hides the outliers.

/** A spread above this (15%) marks the measurement NOISY on the page. */
export const NOISY_SPREAD = 0.15;

/** The median of a non-empty list of numbers. */
export function median(values) {
  if (values.length === 0) throw new Error('median: no values');
  const s = [...values].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

/**
 * `{ samples, median, min, max, spread, noisy }` of the runs' values; spread is
 * 0 for one run (nothing to compare), and noisy when it is above NOISY_SPREAD.
 */
export function summarize(samples) {
  if (samples.length === 0 || samples.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
    throw new Error(`summarize: expected finite numbers, got ${JSON.stringify(samples)}`);
  }
  const m = median(samples);
  const min = Math.min(...samples);
  const max = Math.max(...samples);
  const spread = m === 0 ? 0 : (max - min) / Math.abs(m);
  return { samples, median: m, min, max, spread, noisy: spread > NOISY_SPREAD };
}

/** The least-squares slope of y over x: for dispatch, the ns each extra layer costs. */
export function slope(xs, ys) {
  if (xs.length !== ys.length || xs.length < 2) throw new Error('slope: needs two or more points');
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  const my = ys.reduce((a, b) => a + b, 0) / ys.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < xs.length; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return num / den;
}
