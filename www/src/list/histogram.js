// The timeline at scale (docs/page.md "The timeline at scale"): the list worker counts jobs per
// time bucket (raster.js `histogram`), and this draws the counts as stacked columns (running,
// waiting, failed) with the chosen time range shaded, and says one bucket in words.
import { h } from '../dom.js';

export const HISTOGRAM_H = 140; // px below the time labels

/**
 * Draws `hist` into `ctx` (CSS pixels). `colour` is the status colours in rows.js order (FAILED,
 * RUNNING, PENDING, …); `range` ({from, to}, either may be null) is shaded outside.
 */
export function drawHistogram(ctx, hist, { cssW, cssH, ink, colour, range, label, failedPattern }) {
  const top = cssH - HISTOGRAM_H;
  const x = (ms) => 2 + ((ms - hist.lo) / (hist.hi - hist.lo)) * (cssW - 4);
  ctx.clearRect(0, 0, cssW, cssH);
  ctx.fillStyle = ink;
  ctx.textBaseline = 'top';
  let [a, b] = [label(hist.lo), label(hist.hi)];
  if (ctx.measureText(`${a}  ${b}`).width > cssW - 8) [a, b] = [a.slice(5, 16), b.slice(5, 16)];
  ctx.textAlign = 'left'; ctx.fillText(a, 2, 2);
  ctx.textAlign = 'right'; ctx.fillText(b, cssW - 2, 2);
  const bw = (cssW - 4) / hist.buckets;
  const scale = hist.max ? (HISTOGRAM_H - 4) / hist.max : 0;
  // Columns from the bottom: running, then waiting, then the jobs that failed in the bucket.
  const series = [[hist.running, colour[1]], [hist.waiting, colour[2]], [hist.failed, failedPattern ?? colour[0]]];
  for (let k = 0; k < hist.buckets; k++) {
    let y = cssH;
    for (const [counts, fill] of series) {
      const hgt = counts[k] * scale;
      if (!hgt) continue;
      ctx.fillStyle = fill;
      ctx.fillRect(2 + k * bw, y - hgt, Math.max(1, bw - 1), hgt);
      y -= hgt;
    }
  }
  // The baseline, and the range: everything outside it dimmed, its edges drawn.
  ctx.fillStyle = ink;
  ctx.fillRect(2, cssH - 1, cssW - 4, 1);
  const from = range?.from ?? null; const to = range?.to ?? null;
  if (from !== null || to !== null) {
    const x0 = from === null ? 2 : Math.max(2, x(from));
    const x1 = to === null ? cssW - 2 : Math.min(cssW - 2, x(to));
    ctx.save();
    ctx.globalAlpha = 0.6;
    ctx.fillStyle = getComputedStyle(ctx.canvas).getPropertyValue('--card').trim() || '#fff';
    ctx.fillRect(0, top, x0, HISTOGRAM_H);
    ctx.fillRect(x1, top, cssW - x1, HISTOGRAM_H);
    ctx.restore();
    ctx.fillStyle = ink;
    ctx.fillRect(x0 - 1, top, 2, HISTOGRAM_H);
    ctx.fillRect(x1 - 1, top, 2, HISTOGRAM_H);
  }
}

/** Bucket `b` of `hist` in words: its time and its three counts. */
export function histogramTip(hist, b, { label, num, t }) {
  const width = (hist.hi - hist.lo) / hist.buckets;
  return [
    h('strong', {}, label(hist.lo + b * width)), h('br'),
    t('tl.hist.running', { n: num(hist.running[b]) }), h('br'),
    t('tl.hist.waiting', { n: num(hist.waiting[b]) }), h('br'),
    t('tl.hist.failed', { n: num(hist.failed[b]) }),
  ];
}
