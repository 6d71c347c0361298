// The timeline's picture when many bars share a pixel row, as plain pixels: computed in the list
// worker for each new view (so the page's main thread only copies it to the canvas), and by the
// page itself when the canvas changes size.
export const AXIS = 18; // px above the bars for the time labels
export const BAR_AREA = 180; // px of bars once there are more than a few jobs
/** RUNNING, PENDING (by index in rows.js STATUSES): their bars run to now. */
export const OPEN = new Set([1, 2]);
/** Per status (rows.js order): FAILED striped, STOPPED dotted, PENDING and UNKNOWN outlined. */
export const PATTERNS = ['hatch', 'solid', 'outline', 'dots', 'solid', 'outline'];

/** The time span the bars cover: first start to last end (or now, for open ones). */
export function span(data, now) {
  let lo = Infinity; let hi = -Infinity;
  for (let k = 0; k < data.start.length; k++) {
    const s = data.start[k];
    if (!Number.isFinite(s)) continue;
    const e = Number.isFinite(data.end[k]) ? data.end[k] : OPEN.has(data.status[k]) ? now : s;
    if (s < lo) lo = s;
    if (e > hi) hi = e;
  }
  if (hi <= lo) hi = lo + 1000;
  return { lo, hi };
}

/** Bars this small share pixel rows: drawn as pixels. */
export const asPixels = (n) => n > 0 && BAR_AREA / n < 3;

/**
 * Many bars to a pixel row: each bar adds +1/−1 at its ends to a per-row, per-status difference
 * array, and one sweep colours each pixel by the most urgent status present (failed first), with
 * the failed stripes and the stopped dots kept as pixel patterns. Linear in bars plus pixels,
 * where 100,000 separate fillRect calls took most of a second.
 * `full`/`light`: each status's colour as a little-endian RGBA word.
 */
export function rasterPixels(data, { lo, hi, cssW, dpr, now, full, light }) {
  const n = data.start.length;
  const rowH = BAR_AREA / n;
  const W = Math.max(1, Math.round(cssW * dpr));
  const H = Math.max(1, Math.round(BAR_AREA * dpr));
  const S = PATTERNS.length;
  const x = (t) => ((t - lo) / (hi - lo)) * (cssW - 4) + 2;
  const diff = new Int32Array(H * S * (W + 1));
  let bars = 0;
  for (let k = 0; k < n; k++) {
    const s = data.start[k];
    if (!Number.isFinite(s)) continue;
    const code = data.status[k];
    const e = Number.isFinite(data.end[k]) ? data.end[k] : OPEN.has(code) ? now : s;
    const y = Math.min(H - 1, Math.floor(k * rowH * dpr));
    const x0 = Math.max(0, Math.min(W - 1, Math.floor(x(s) * dpr)));
    const x1 = Math.max(x0 + 1, Math.min(W, Math.ceil(x(e) * dpr)));
    const base = y * (W + 1) * S + code;
    diff[base + x0 * S]++;
    diff[base + x1 * S]--;
    bars++;
  }
  const px = new Uint32Array(W * H);
  const acc = new Int32Array(S);
  for (let y = 0; y < H; y++) {
    acc.fill(0);
    let at = y * (W + 1) * S;
    for (let xx = 0; xx < W; xx++, at += S) {
      let shown = -1;
      for (let c = 0; c < S; c++) {
        const v = (acc[c] += diff[at + c]);
        if (shown < 0 && v > 0) shown = c;
      }
      if (shown < 0) continue;
      const look = PATTERNS[shown];
      const plain = look === 'hatch' ? (xx + y) % 4 < 2 : look === 'dots' ? xx % 3 === 0 : true;
      px[y * W + xx] = plain ? full[shown] : light[shown];
    }
  }
  return { px, W, H, bars, lo, hi, now, cssW, dpr };
}

// ---- the histogram: jobs over time, once bars can no longer be told apart ----

/**
 * Above this many jobs (after search and status filters) the timeline draws counts per time
 * bucket instead of a bar per job: 2,000 bars in 180 px leave each less than a tenth of a pixel
 * (docs/page.md "The timeline at scale").
 */
export const HISTOGRAM_ABOVE = 2000;
/** Time buckets across the picture, whatever its width: each is drawn a few pixels wide. */
export const BUCKETS = 200;

/**
 * Per time bucket, over the span of `data` ({start, end, status} in rows.js STATUSES codes):
 * `running` jobs that were running then (any status but PENDING, from start to end or now),
 * `waiting` PENDING jobs (from start to now), and `failed` jobs that ended FAILED in it. A
 * difference array per series: linear in jobs plus buckets.
 */
export function histogram(data, now, buckets = BUCKETS) {
  const { lo, hi } = span(data, now);
  const width = (hi - lo) / buckets;
  const at = (t) => Math.max(0, Math.min(buckets - 1, Math.floor((t - lo) / width)));
  const run = new Int32Array(buckets + 1);
  const wait = new Int32Array(buckets + 1);
  const failed = new Int32Array(buckets);
  let jobs = 0;
  for (let k = 0; k < data.start.length; k++) {
    const s = data.start[k];
    if (!Number.isFinite(s)) continue;
    const code = data.status[k];
    const e = Number.isFinite(data.end[k]) ? data.end[k] : OPEN.has(code) ? now : s;
    const series = code === 2 ? wait : run;
    series[at(s)]++;
    series[at(e) + 1]--;
    if (code === 0) failed[at(e)]++;
    jobs++;
  }
  const running = new Int32Array(buckets);
  const waiting = new Int32Array(buckets);
  let r = 0; let w = 0; let max = 0;
  for (let b = 0; b < buckets; b++) {
    r += run[b]; w += wait[b];
    running[b] = r; waiting[b] = w;
    max = Math.max(max, r + w + failed[b]);
  }
  return { lo, hi, buckets, running, waiting, failed, max, jobs, now };
}

/** `from`/`to` of the URL (`&from=…&to=…`): ISO 8601 or epoch milliseconds; null when absent or unreadable. */
export function parseInstant(text) {
  if (text === null || text === undefined || text === '') return null;
  const ms = /^\d+$/.test(text) ? Number(text) : Date.parse(text);
  return Number.isFinite(ms) ? ms : null;
}
