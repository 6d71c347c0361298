// The log view of the Logs tab (docs/api.md §12): only the lines in sight are in the DOM, so a
// 200,000-line log scrolls like a short one. It opens at the end and follows new text; scrolling
// up stops following (new text then never moves what is being read) and "Jump to latest" resumes.
// Search highlights matches in place with next/previous and "3 of 41"; line numbers link as
// #L120 or #L120-L140. Log text only ever becomes text nodes.
import { h } from '../dom.js';
import { num, t } from '../i18n/index.js';
import { applyStyle, parse } from './ansi.js';
import { LineStore } from './lines.js';

const ROW = 20; // px; .log-row's height in style.css
// Browsers cap an element's height (Chromium near 33.5 million px): taller logs scroll scaled.
const MAX_PX = 15_000_000;
const SEARCH_DELAY_MS = 150;

/** `#L120` or `#L120-L140` → `{from, to}` (1-based, ordered), else null. */
export function parseAnchor(hash) {
  const m = /^#L(\d+)(?:-L?(\d+))?$/.exec(hash);
  if (!m) return null;
  const a = Number(m[1]); const b = Number(m[2] ?? m[1]);
  return a > 0 && b > 0 ? { from: Math.min(a, b), to: Math.max(a, b) } : null;
}

export class LogView {
  constructor({ label = t('logs.label'), maxChars } = {}) {
    this.store = new LineStore(maxChars);
    this.following = true;
    this.query = '';
    this.matches = { line: [], start: [], end: [] };
    this.current = -1;
    // A search entered before its first match arrived: it lands on that match once it arrives.
    this.searchPending = false;
    this.selection = null; // {from, to}, 1-based
    this.pendingAnchor = null;
    this.p = 0; // the reading position, in unscaled px from the top
    this.dirtyFrom = 0;
    this.rendered = null;
    this.#build(label);
  }

  #build(label) {
    this.followButton = h('button.log-follow', {
      type: 'button', 'data-testid': 'log-follow', 'aria-pressed': 'true',
      onclick: () => this.setFollow(!this.following),
    }, t('logs.follow.on'));
    this.search = h('input', {
      type: 'search', 'data-testid': 'log-search', placeholder: t('logs.search'), 'aria-label': t('logs.search'),
      spellcheck: 'false', autocomplete: 'off',
    });
    this.count = h('span.log-count', { 'data-testid': 'log-search-count', 'aria-live': 'polite' }, '');
    const step = (d) => () => this.step(d);
    this.prev = h('button', { type: 'button', 'aria-label': t('logs.prev'), title: t('logs.prev.title'), 'data-testid': 'log-search-prev', onclick: step(-1) }, '↑');
    this.next = h('button', { type: 'button', 'aria-label': t('logs.next'), title: t('logs.next.title'), 'data-testid': 'log-search-next', onclick: step(1) }, '↓');
    let timer;
    this.search.addEventListener('input', () => {
      clearTimeout(timer);
      timer = setTimeout(() => this.setQuery(this.search.value), SEARCH_DELAY_MS);
    });
    this.search.addEventListener('keydown', (e) => {
      if (e.key === 'Enter') {
        e.preventDefault();
        clearTimeout(timer);
        if (this.search.value.toLowerCase() !== this.query) this.setQuery(this.search.value);
        else this.step(e.shiftKey ? -1 : 1);
      } else if (e.key === 'Escape') {
        this.search.value = '';
        this.setQuery('');
      }
    });
    this.findBar = h('div.log-find', { role: 'search' }, this.search, this.prev, this.next, this.count);

    // Log text is the job's own output: not for translation (nor for the page's language checks).
    this.rows = h('div.log-rows', { translate: 'no' });
    this.spacer = h('div.log-spacer', {}, this.rows);
    this.viewport = h('div.log-viewport', {
      'data-testid': 'job-logs', role: 'log', tabindex: '0', 'aria-label': label,
      // Lines come and go from the DOM as the view scrolls: announcing them would be noise.
      'aria-live': 'off',
    }, this.spacer);
    this.viewport.addEventListener('scroll', () => this.#scrolled(), { passive: true });
    this.viewport.addEventListener('click', (e) => this.#lineClick(e));
    new ResizeObserver(() => this.schedule()).observe(this.viewport);
  }

  // ---- text ----

  /** Adds text at the end (pieces cut anywhere). */
  append(text) {
    const { from, dropped } = this.store.append(text);
    if (dropped) {
      this.p = Math.max(0, this.p - dropped * ROW);
      if (this.selection) this.selection = null;
      this.dirtyFrom = 0;
      if (this.query) this.#rescan(0);
    } else {
      this.dirtyFrom = Math.min(this.dirtyFrom, from);
      if (this.query) this.#rescan(from);
    }
    if (this.searchPending && this.matches.line.length) {
      this.searchPending = false;
      this.#goTo(0);
      this.#paintCount();
    }
    this.#tryAnchor();
    this.schedule();
  }

  /** Starts again empty (a new read of the same log), keeping the reading position. */
  reset() {
    this.store.clear();
    this.matches = { line: [], start: [], end: [] };
    this.current = -1;
    this.searchPending = Boolean(this.query);
    this.dirtyFrom = 0;
    this.#paintCount();
    this.schedule();
  }

  get lineCount() { return this.store.count; }

  // ---- following ----

  setFollow(on) {
    this.following = on;
    this.followButton.setAttribute('aria-pressed', String(on));
    this.followButton.textContent = on ? t('logs.follow.on') : t('logs.follow.off');
    this.followButton.title = on ? t('logs.follow.on.title') : t('logs.follow.off.title');
    if (on) this.schedule();
  }

  #geometry() {
    const total = this.store.count * ROW;
    const virtual = Math.min(total, MAX_PX);
    const height = this.viewport.clientHeight;
    return { total, virtual, height, scrollable: Math.max(0, virtual - height), real: Math.max(0, total - height) };
  }

  #toScroll(p, g) { return g.real ? (p / g.real) * g.scrollable : 0; }
  #fromScroll(st, g) { return g.scrollable ? (st / g.scrollable) * g.real : 0; }

  #setScroll(st) {
    this.viewport.scrollTop = st;
    this.expected = this.viewport.scrollTop;
  }

  #scrolled() {
    const g = this.#geometry();
    const st = this.viewport.scrollTop;
    const ours = this.expected !== undefined && Math.abs(st - this.expected) < 1;
    if (!ours) {
      const atEnd = g.scrollable - st < 2;
      // The user scrolled: up stops following, all the way down resumes it.
      if (this.following && !atEnd) this.setFollow(false);
      else if (!this.following && atEnd && g.scrollable > 0) this.setFollow(true);
      this.expected = undefined;
      this.p = this.#fromScroll(st, g);
    }
    this.schedule();
  }

  /** Line `n` (1-based) in the middle of the view; stops following. */
  scrollToLine(n, { center = true } = {}) {
    this.setFollow(false);
    const g = this.#geometry();
    const top = (n - 1) * ROW;
    const inSight = top >= this.p && top + ROW <= this.p + g.height;
    if (!center && inSight) return;
    this.p = Math.max(0, Math.min(g.real, top - (g.height - ROW) / 2));
    this.#setScroll(this.#toScroll(this.p, g));
    this.schedule();
  }

  // ---- line links ----

  /** Highlights `{from, to}` (1-based) and scrolls to it once those lines have arrived. */
  setAnchor(anchor) {
    this.selection = anchor;
    this.pendingAnchor = anchor;
    if (anchor) this.setFollow(false);
    this.rendered = null;
    this.#tryAnchor();
    this.schedule();
  }

  #tryAnchor() {
    const a = this.pendingAnchor;
    if (!a || this.store.count < a.from) return;
    this.pendingAnchor = null;
    this.scrollToLine(a.from + Math.floor((Math.min(a.to, this.store.count) - a.from) / 2));
  }

  #lineClick(e) {
    const link = e.target.closest?.('a.ln');
    if (!link) return;
    e.preventDefault();
    const n = Number(link.closest('[data-line]').dataset.line);
    const sel = e.shiftKey && this.selection ? { from: Math.min(this.selection.from, n), to: Math.max(this.selection.from, n) } : { from: n, to: n };
    this.selection = sel;
    this.setFollow(false);
    // The fragment only: the page's own navigation (popstate) must not reload the job.
    history.replaceState(history.state, '', `${location.pathname}${location.search}#L${sel.from}${sel.to !== sel.from ? `-L${sel.to}` : ''}`);
    this.rendered = null;
    this.schedule();
  }

  // ---- search ----

  setQuery(q) {
    this.query = q.toLowerCase();
    this.#rescan(0);
    this.current = -1;
    this.searchPending = Boolean(this.query) && !this.matches.line.length;
    if (this.matches.line.length) {
      // The last match at or above the bottom of the view: a log is read from its end.
      const g = this.#geometry();
      const bottom = Math.floor((this.p + g.height) / ROW);
      const { line } = this.matches;
      let k = upperBound(line, bottom - 1) - 1;
      if (k < 0) k = 0;
      this.#goTo(k);
    }
    this.#paintCount();
    this.rendered = null;
    this.schedule();
  }

  step(direction) {
    const n = this.matches.line.length;
    if (!n) { this.searchPending = Boolean(this.query); return; }
    this.#goTo(((this.current < 0 ? (direction > 0 ? -1 : 0) : this.current) + direction + n) % n);
    this.#paintCount();
  }

  #goTo(k) {
    this.current = k;
    const line = this.matches.line[k] + 1;
    this.scrollToLine(line, { center: false });
    this.rendered = null;
    this.schedule();
  }

  /** Finds the query again from line `from` (0-based) on, keeping the current match if it stays. */
  #rescan(from) {
    const m = this.matches;
    const keep = upperBound(m.line, from - 1);
    const cur = this.current >= 0 && this.current < keep ? this.current : -1;
    m.line.length = keep; m.start.length = keep; m.end.length = keep;
    const q = this.query;
    if (q) {
      for (let i = from; i < this.store.count; i++) {
        const text = this.store.plainAt(i);
        if (text.length < q.length) continue;
        const lower = text.toLowerCase();
        for (let at = lower.indexOf(q); at !== -1; at = lower.indexOf(q, at + q.length)) {
          m.line.push(i); m.start.push(at); m.end.push(at + q.length);
        }
      }
    }
    this.current = cur;
    this.#paintCount();
  }

  #paintCount() {
    const n = this.matches.line.length;
    this.count.textContent = !this.query ? '' : n ? t('logs.matchOf', { k: num(this.current >= 0 ? this.current + 1 : 0), n: num(n) }) : t('logs.noMatches');
    this.prev.disabled = !n;
    this.next.disabled = !n;
  }

  // ---- painting ----

  schedule() {
    if (this.frame) return;
    this.frame = requestAnimationFrame(() => { this.frame = 0; this.render(); });
  }

  /** Puts the lines in sight in the DOM; call after the view was attached again. */
  render() {
    const g = this.#geometry();
    this.spacer.style.height = `${g.virtual}px`;
    if (this.following) {
      this.p = g.real;
      if (Math.abs(this.viewport.scrollTop - g.scrollable) >= 1) this.#setScroll(g.scrollable);
    } else {
      this.p = Math.min(this.p, g.real);
      const want = this.#toScroll(this.p, g);
      // Only a scaled log (or a view attached again) needs moving to keep the same lines in sight.
      if (Math.abs(this.viewport.scrollTop - want) >= 1) this.#setScroll(want);
    }
    const first = Math.floor(this.p / ROW);
    const offset = this.p - first * ROW;
    const last = Math.min(this.store.count - 1, first + Math.ceil(g.height / ROW) + 1);
    this.rows.style.transform = `translateY(${this.viewport.scrollTop - offset}px)`;
    const r = this.rendered;
    if (r && r.first === first && r.last === last && this.dirtyFrom > last) return;
    this.dirtyFrom = Infinity;
    this.rendered = { first, last };
    const frag = document.createDocumentFragment();
    const m = this.matches;
    let k = upperBound(m.line, first - 1);
    for (let i = first; i <= last; i++) {
      const hits = [];
      for (; k < m.line.length && m.line[k] === i; k++) hits.push(k);
      frag.append(this.#row(i, hits));
    }
    this.rows.replaceChildren(frag);
  }

  #row(i, hits) {
    const n = i + 1;
    const sel = this.selection && n >= this.selection.from && n <= this.selection.to;
    const row = h(`div.log-row${sel ? '.hl' : ''}`, { 'data-testid': 'log-line', 'data-line': n });
    row.append(h('a.ln', { href: `#L${n}`, tabindex: '-1', 'aria-hidden': 'true' }, String(n)));
    const text = h('span.lt');
    const { segments } = parse(this.store.lines[i], this.store.states[i]);
    const m = this.matches;
    let at = 0; let hit = 0;
    for (const seg of segments) {
      let s = 0;
      while (s < seg.text.length) {
        // The next boundary: the segment's end, or a match's start or end.
        while (hit < hits.length && m.end[hits[hit]] <= at + s) hit++;
        let end = seg.text.length;
        let inside = false;
        if (hit < hits.length) {
          const hs = m.start[hits[hit]] - at; const he = m.end[hits[hit]] - at;
          if (hs > s) end = Math.min(end, hs);
          else { inside = true; end = Math.min(end, he); }
        }
        const span = h('span', {}, seg.text.slice(s, end));
        applyStyle(span, seg.style);
        text.append(inside ? h(`mark${hits[hit] === this.current ? '.current' : ''}`, {}, span) : span);
        s = end;
      }
      at += seg.text.length;
    }
    row.append(text);
    return row;
  }
}

/** The index of the first element of sorted `a` greater than `x`. */
function upperBound(a, x) {
  let lo = 0; let hi = a.length;
  while (lo < hi) { const mid = (lo + hi) >> 1; if (a[mid] <= x) lo = mid + 1; else hi = mid; }
  return lo;
}
