// The list's timeline: each shown job one bar from its start to its end (running ones to now),
// drawn on a canvas so 100,000 bars cost one pass of fillRect calls. Status shows by colour and,
// where bars are tall enough, by pattern and icon too; the legend says which is which. What was
// drawn is readable as data (`timelineData`, `data-bars`) for tests and assistive summaries.
import { h } from '../dom.js';
import { absolute, duration } from '../format.js';
import { num, t } from '../i18n/index.js';
import { STATUSES } from './rows.js';
import { AXIS, BAR_AREA, OPEN, asPixels, rasterPixels, span } from './raster.js';
import { HISTOGRAM_H, drawHistogram, histogramTip } from './histogram.js';

const LOOK = {
  FAILED: { tone: '--bad', icon: '✖', label: 'status.FAILED', pattern: 'hatch' },
  RUNNING: { tone: '--run', icon: '▶', label: 'status.RUNNING', pattern: 'solid' },
  PENDING: { tone: '--pend', icon: '◷', label: 'status.PENDING', pattern: 'outline' },
  STOPPED: { tone: '--stop', icon: '■', label: 'status.STOPPED', pattern: 'dots' },
  SUCCEEDED: { tone: '--ok', icon: '✔', label: 'status.SUCCEEDED', pattern: 'solid' },
  UNKNOWN: { tone: '--stop', icon: '?', label: 'status.UNKNOWN', pattern: 'outline' },
};

export class Timeline {
  /**
   * `onOpen(id)` opens a bar's job; `onRange(from, to)` is a time range chosen, in whole seconds as
   * the URL keeps it (nulls: cleared).
   */
  constructor({ onOpen, onRange = () => {} }) {
    this.onOpen = onOpen;
    // The range chosen is the timeline's at once: a key pressed before the list's answer (a large
    // list takes a while) moves or clears that range, not the one before it.
    this.onRange = (from, to) => { if (this.data) this.data.range = { from, to }; onRange(from, to); };
    this.canvas = h('canvas', { 'data-testid': 'job-timeline', role: 'img', 'aria-label': t('tl.label') });
    this.tip = h('div.tl-tip', { role: 'tooltip', hidden: true });
    this.legend = h('ul.tl-legend', { 'aria-label': t('tl.legend') },
      STATUSES.map((s) => h(`li.tl-key.${s.toLowerCase()}`, {}, h('span.tl-swatch', { 'data-pattern': LOOK[s].pattern, 'aria-hidden': 'true' }),
        h('span', { 'aria-hidden': 'true' }, LOOK[s].icon), ` ${t(LOOK[s].label)}`)));
    this.histLegend = h('ul.tl-legend', { 'aria-label': t('tl.legend'), hidden: true },
      [['running', 'solid', 'tl.hist.legend.running'], ['pending', 'solid', 'tl.hist.legend.waiting'], ['failed', 'hatch', 'tl.hist.legend.failed']]
        .map(([cls, look, key]) => h(`li.tl-key.${cls}`, {}, h('span.tl-swatch', { 'data-pattern': look, 'aria-hidden': 'true' }), ` ${t(key)}`)));
    // The histogram's range: what is chosen, said in words, and a button to clear it.
    this.rangeText = h('span.tl-range-text', { 'data-testid': 'timeline-range', 'aria-live': 'polite' });
    this.rangeClear = h('button', { type: 'button', 'data-testid': 'timeline-range-clear', hidden: true, onclick: () => this.onRange(null, null) }, t('tl.range.clear'));
    this.rangeLine = h('p.tl-range', { hidden: true }, this.rangeText, ' ', this.rangeClear);
    this.el = h('section.card.timeline', { 'aria-label': t('tl.title') },
      h('div.tl-title', {}, h('h2', {}, t('tl.title')), this.legend, this.histLegend),
      this.rangeLine,
      h('div.tl-wrap', {}, this.canvas, this.tip));
    this.#rangeEvents();
    this.data = null;
    this.canvas.timelineData = { bars: 0, ids: [] };
    this.canvas.addEventListener('mousemove', (e) => { if (!this.data?.histogram) this.#hover(e); });
    this.canvas.addEventListener('mouseleave', () => { this.tip.hidden = true; this.canvas.style.cursor = ''; });
    this.canvas.addEventListener('click', (e) => { if (this.data?.histogram) return; const k = this.#at(e); if (k >= 0) this.onOpen(this.ids()[k]); });
    new ResizeObserver(() => this.draw()).observe(this.el);
    // Dark mode changes the status colours.
    matchMedia('(prefers-color-scheme: dark)').addEventListener('change', () => { this.colourList = null; this.paletteWords = null; this.inkColour = null; this.draw(); });
  }

  /** `{ start, end, status, ids }` for the shown jobs, in the list's order. */
  set(data) {
    this.data = data;
    this.idList = null;
    this.draw();
  }

  ids() {
    if (!this.idList) this.idList = this.data?.ids ? this.data.ids.split('\n') : [];
    return this.idList;
  }

  draw() {
    const { data, canvas } = this;
    if (!data) return;
    this.#paintMode();
    if (data.histogram) { this.#drawHistogram(); return; }
    const n = data.start.length;
    const cssW = canvas.clientWidth || canvas.parentElement.clientWidth || 600;
    const cssH = AXIS + Math.max(48, Math.min(BAR_AREA, n * 14));
    const dpr = self.devicePixelRatio || 1;
    // The worker's picture is used when it was drawn for this canvas size.
    const given = data.raster && data.raster.cssW === cssW && data.raster.dpr === dpr ? data.raster : null;
    const now = given ? given.now : Date.now();
    const { lo, hi } = given ?? span(data, now);
    canvas.style.height = `${cssH}px`;
    canvas.width = Math.round(cssW * dpr);
    canvas.height = Math.round(cssH * dpr);
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, cssW, cssH);
    const colour = this.#colours();
    const ink = this.inkColour ??= getComputedStyle(canvas).getPropertyValue('--muted').trim() || '#666';
    this.geometry = { lo, hi, cssW, cssH, n, now, rowH: n ? (cssH - AXIS) / n : 0 };

    // Axis: the first and last instants and one between, with their zone (format.js).
    ctx.fillStyle = ink;
    ctx.font = `11px ${getComputedStyle(canvas).getPropertyValue('--sans') || 'system-ui, sans-serif'}`;
    ctx.textBaseline = 'top';
    if (n) {
      // Both ends with their zone when they fit side by side; on a phone, the shorter forms.
      let [a, b] = [absolute(lo), absolute(hi)];
      if (ctx.measureText(`${a}  ${b}`).width > cssW - 8) [a, b] = [a.slice(5, 16), b.slice(5, 16)];
      ctx.textAlign = 'left'; ctx.fillText(a, 2, 2);
      ctx.textAlign = 'right'; ctx.fillText(b, cssW - 2, 2);
    }

    const x = (t) => ((t - lo) / (hi - lo)) * (cssW - 4) + 2;
    const { rowH } = this.geometry;
    const tall = rowH >= 6;
    const barH = tall ? Math.min(12, rowH - 2) : Math.max(1, rowH);
    const patterns = tall ? STATUSES.map((s, i) => pattern(ctx, LOOK[s].pattern, colour[i])) : [];
    const ids = [];
    let bars = 0;
    if (asPixels(n)) {
      const r = given ?? rasterPixels(data, { lo, hi, cssW, dpr, now, ...this.palette() });
      ctx.putImageData(new ImageData(new Uint8ClampedArray(r.px.buffer, r.px.byteOffset, r.px.byteLength), r.W, r.H), 0, Math.round(AXIS * dpr));
      bars = r.bars;
    } else for (let code = 0; code < STATUSES.length; code++) {
      ctx.fillStyle = patterns[code] ?? colour[code];
      ctx.strokeStyle = colour[code];
      for (let k = 0; k < n; k++) {
        if (data.status[k] !== code) continue;
        const s = data.start[k];
        if (!Number.isFinite(s)) continue;
        const e = Number.isFinite(data.end[k]) ? data.end[k] : OPEN.has(code) ? now : s;
        const x0 = x(s);
        const w = Math.max(2, x(e) - x0);
        const y = AXIS + k * rowH + (tall ? (rowH - barH) / 2 : 0);
        if (tall && LOOK[STATUSES[code]].pattern === 'outline') ctx.strokeRect(x0 + 0.5, y + 0.5, w - 1, barH - 1);
        else ctx.fillRect(x0, y, w, barH);
        if (tall && w > 14) {
          ctx.fillStyle = colour[code];
          ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
          ctx.fillText(LOOK[STATUSES[code]].icon, Math.min(x0 + w + 2, cssW - 10), y + barH / 2);
          ctx.fillStyle = patterns[code] ?? colour[code];
        }
        bars++;
      }
    }
    for (let k = 0; k < n; k++) if (Number.isFinite(data.start[k])) ids.push(k);
    const all = this.ids();
    this.canvas.timelineData = {
      bars, from: n ? lo : null, to: n ? hi : null,
      get ids() { return ids.map((k) => all[k]); },
    };
    this.canvas.dataset.bars = String(bars);
    this.canvas.setAttribute('aria-label', n
      ? t('tl.summary', { n: num(bars), from: absolute(lo), to: absolute(hi) })
      : t('tl.none'));
  }

  // ---- the histogram and its time range (histogram.js draws) ----

  /** Histogram or bars: the legend, the keyboard and the range line follow. */
  #paintMode() {
    const hist = Boolean(this.data.histogram);
    this.canvas.dataset.mode = hist ? 'histogram' : 'bars';
    this.el.classList.toggle('tl-hist', hist);
    this.legend.hidden = hist;
    this.histLegend.hidden = !hist;
    // In the histogram the picture is a control: drag (or arrow keys) to choose a time range.
    if (hist) this.canvas.tabIndex = 0; else this.canvas.removeAttribute('tabindex');
    const { from, to } = this.data.range ?? {};
    const ranged = hist && (from !== null || to !== null);
    this.rangeLine.hidden = !hist;
    this.rangeClear.hidden = !ranged;
    this.rangeText.textContent = !hist ? '' : ranged
      ? t('tl.range.chosen', { from: from === null ? '…' : absolute(from), to: to === null ? '…' : absolute(to) })
      : t('tl.range.how');
  }

  #drawHistogram() {
    const { canvas, data } = this;
    const hist = data.histogram;
    const cssW = canvas.clientWidth || canvas.parentElement.clientWidth || 600;
    const cssH = AXIS + HISTOGRAM_H;
    const dpr = self.devicePixelRatio || 1;
    canvas.style.height = `${cssH}px`;
    canvas.width = Math.round(cssW * dpr);
    canvas.height = Math.round(cssH * dpr);
    const ctx = canvas.getContext('2d');
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    const ink = this.inkColour ??= getComputedStyle(canvas).getPropertyValue('--muted').trim() || '#666';
    const colour = this.#colours();
    ctx.font = `11px ${getComputedStyle(canvas).getPropertyValue('--sans') || 'system-ui, sans-serif'}`;
    this.geometry = { lo: hist.lo, hi: hist.hi, cssW, cssH, n: 0, now: hist.now, rowH: 0 };
    drawHistogram(ctx, hist, { cssW, cssH, ink, colour, range: this.drag ?? data.range, label: absolute, failedPattern: pattern(ctx, 'hatch', colour[0]) });
    const all = this.ids();
    // `bars` and `ids` are the shown jobs, as in the bars' picture; `histogram` what is drawn.
    canvas.timelineData = { bars: data.start.length, mode: 'histogram', from: hist.lo, to: hist.hi, histogram: hist, get ids() { return all; } };
    canvas.dataset.bars = String(data.start.length);
    canvas.setAttribute('aria-label', t('tl.hist.summary', { n: num(hist.jobs), from: absolute(hist.lo), to: absolute(hist.hi) }));
  }

  /** The instant under the pointer's x in the histogram. */
  #timeAt(clientX) {
    const g = this.geometry;
    const rect = this.canvas.getBoundingClientRect();
    const f = Math.max(0, Math.min(1, (clientX - rect.left - 2) / (g.cssW - 4)));
    return g.lo + f * (g.hi - g.lo);
  }

  #rangeEvents() {
    const c = this.canvas;
    c.addEventListener('pointerdown', (e) => {
      if (!this.data?.histogram || e.button !== 0) return;
      c.setPointerCapture(e.pointerId);
      const at = this.#timeAt(e.clientX);
      this.drag = { from: at, to: at, x: e.clientX };
      this.draw();
    });
    c.addEventListener('pointermove', (e) => {
      if (this.data?.histogram && !this.drag) { this.#histTip(e); return; }
      if (!this.drag) return;
      const at = this.#timeAt(e.clientX);
      const anchor = this.drag.anchor ?? this.drag.from;
      this.drag = { ...this.drag, anchor, from: Math.min(anchor, at), to: Math.max(anchor, at) };
      this.draw();
    });
    const end = (e) => {
      if (!this.drag) return;
      const { from, to, x } = this.drag;
      this.drag = null;
      // A click (no drag) leaves the range as it was.
      if (Math.abs(e.clientX - x) < 4) { this.draw(); return; }
      this.onRange(Math.floor(from / 1000) * 1000, Math.ceil(to / 1000) * 1000);
    };
    c.addEventListener('pointerup', end);
    c.addEventListener('pointercancel', () => { this.drag = null; this.draw(); });
    c.addEventListener('keydown', (e) => {
      const hist = this.data?.histogram;
      if (!hist) return;
      const step = (hist.hi - hist.lo) / hist.buckets;
      const r = this.data.range ?? {};
      let from = r.from ?? null; let to = r.to ?? null;
      if (e.key === 'Escape' && (from !== null || to !== null)) { e.preventDefault(); this.onRange(null, null); return; }
      if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
      e.preventDefault();
      const d = e.key === 'ArrowLeft' ? -step : step;
      // No range yet: the last tenth of the span, where a list is read from.
      if (from === null && to === null) { from = hist.hi - 20 * step; to = hist.hi; } else if (e.shiftKey) {
        to = Math.max((from ?? hist.lo) + step, (to ?? hist.hi) + d);
      } else { from = (from ?? hist.lo) + d; to = (to ?? hist.hi) + d; }
      this.onRange(Math.floor(from / 1000) * 1000, Math.ceil(to / 1000) * 1000);
    });
  }

  #histTip(e) {
    const g = this.geometry;
    const hist = this.data.histogram;
    const at = this.#timeAt(e.clientX);
    const b = Math.max(0, Math.min(hist.buckets - 1, Math.floor(((at - hist.lo) / (hist.hi - hist.lo)) * hist.buckets)));
    this.tip.replaceChildren(...histogramTip(hist, b, { label: absolute, num, t }));
    const rect = this.canvas.getBoundingClientRect();
    this.tip.style.left = `${Math.min(e.clientX - rect.left + 12, rect.width - 240)}px`;
    this.tip.style.top = `${Math.min(e.clientY - rect.top + 12, g.cssH - 40)}px`;
    this.tip.hidden = false;
  }

  #colours() {
    if (!this.colourList) {
      const styles = getComputedStyle(this.canvas);
      this.colourList = STATUSES.map((s) => styles.getPropertyValue(LOOK[s].tone).trim() || '#888');
    }
    return this.colourList;
  }

  /** Each status's colour as RGBA words, full and faint, for rasterPixels. */
  palette() {
    if (!this.paletteWords) {
      const colour = this.#colours();
      this.paletteWords = { full: colour.map((c) => rgba(c)), light: colour.map((c) => rgba(c, 90)) };
    }
    return this.paletteWords;
  }

  /** What the worker needs to draw the picture for this canvas (rasterPixels). */
  spec() {
    const cssW = this.canvas.clientWidth || this.canvas.parentElement?.clientWidth || 0;
    return cssW ? { cssW, dpr: self.devicePixelRatio || 1, ...this.palette() } : null;
  }

  /** The index of the bar under the pointer, or -1. */
  #at(e) {
    const g = this.geometry;
    if (!g || !g.n) return -1;
    const rect = this.canvas.getBoundingClientRect();
    const px = e.clientX - rect.left; const py = e.clientY - rect.top - AXIS;
    if (py < 0) return -1;
    const at = g.lo + ((px - 2) / (g.cssW - 4)) * (g.hi - g.lo);
    const slack = (3 / g.cssW) * (g.hi - g.lo);
    // Thin rows share a pixel: look at every job drawn in this pixel row.
    const k0 = Math.max(0, Math.floor((py - 1) / g.rowH)); const k1 = Math.min(g.n - 1, Math.floor((py + 1) / g.rowH));
    const d = this.data;
    for (let k = k0; k <= k1; k++) {
      const s = d.start[k];
      if (!Number.isFinite(s)) continue;
      const end = Number.isFinite(d.end[k]) ? d.end[k] : OPEN.has(d.status[k]) ? g.now : s;
      if (at >= s - slack && at <= end + slack) return k;
    }
    return -1;
  }

  #hover(e) {
    const k = this.#at(e);
    if (k < 0) { this.tip.hidden = true; this.canvas.style.cursor = ''; return; }
    const d = this.data; const s = d.start[k]; const status = STATUSES[d.status[k]];
    const end = Number.isFinite(d.end[k]) ? d.end[k] : null;
    this.tip.replaceChildren(
      h('strong', {}, this.ids()[k]), h('br'),
      `${LOOK[status].icon} ${t(LOOK[status].label)}`, h('br'),
      t('tl.started', { at: absolute(s) }), h('br'),
      end !== null ? t('tl.ran', { d: duration(end - s) }) : OPEN.has(d.status[k]) ? t('tl.runningFor', { d: duration(Date.now() - s) }) : t('tl.noEnd'));
    const rect = this.canvas.getBoundingClientRect();
    this.tip.style.left = `${Math.min(e.clientX - rect.left + 12, rect.width - 240)}px`;
    this.tip.style.top = `${e.clientY - rect.top + 12}px`;
    this.tip.hidden = false;
    this.canvas.style.cursor = 'pointer';
  }
}

/** `rgb(…)`/`#…` as a little-endian RGBA word for ImageData. */
function rgba(colour, alpha = 255) {
  const c = new OffscreenCanvas(1, 1).getContext('2d');
  c.fillStyle = colour;
  c.fillRect(0, 0, 1, 1);
  const [r, g, b] = c.getImageData(0, 0, 1, 1).data;
  return ((alpha << 24) | (b << 16) | (g << 8) | r) >>> 0;
}

/** A small repeating canvas pattern: stripes for failed, dots for stopped. */
function pattern(ctx, kind, colour) {
  if (kind !== 'hatch' && kind !== 'dots') return null;
  const tile = new OffscreenCanvas(6, 6);
  const c = tile.getContext('2d');
  c.fillStyle = colour;
  c.globalAlpha = 0.35;
  c.fillRect(0, 0, 6, 6);
  c.globalAlpha = 1;
  if (kind === 'hatch') {
    c.strokeStyle = colour; c.lineWidth = 2;
    c.beginPath(); c.moveTo(0, 6); c.lineTo(6, 0); c.stroke();
  } else {
    c.fillRect(1, 1, 3, 3);
  }
  return ctx.createPattern(tile, 'repeat');
}
