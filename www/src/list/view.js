// The jobs list (`?view=list&…`, docs/api.md §12): status chips with counts, free-text search,
// sort on every column, a timeline, live refresh in place, keyboard navigation and phone cards.
// The jobs themselves live in a Web Worker (worker.js); this thread draws only what is visible.
import { offersActions } from '../actions.js';
import { clusterNamed, clusterRequest, consoleState } from '../console.js';
import { ClusterChips, failedClustersCard, toggled } from './clusters.js';
import { h } from '../dom.js';
import { lang, num, t } from '../i18n/index.js';
import { bell, viewEnded, viewScope } from '../notify.js';
import { allowedByPolicy, blockedError, errorPanel } from '../errors.js';
import { absolute, duration } from '../format.js';
import { badge } from '../render.js';
import { RowMenu } from './menu.js';
import { DEFAULT_SORT, STATUSES, parseSort } from './rows.js';
import { Timeline } from './timeline.js';
import { parseInstant } from './raster.js';

const REFRESH_MS = 5000;
const MAX_BACKOFF_MS = 60000;
const CHANGED_MS = 4000;
const BUFFER = 30; // rows fetched beyond the visible ones, each way
/** Failures that pass by themselves, retried on a timer; any other waits for the user. */
const PASSING = ['NETWORK', 'TIMEOUT', 'SERVER_ERROR', 'RATE_LIMITED'];

/** The worker itself failed (an ErrorEvent): out of memory reads as a list too large to hold. */
function workerFailure(e) {
  const message = String(e?.message ?? e);
  const memory = /out of memory|allocation failed|invalid array length|invalid string length/i.test(message);
  return { code: memory ? 'TOO_LARGE' : 'UNKNOWN', message };
}

const COLUMNS = {
  job: [
    ['status', 'job.status'], ['id', 'list.col.id'], ['name', 'job.name'], ['entrypoint', 'job.entrypoint'], ['type', 'job.type'],
    ['start', 'job.started'], ['duration', 'job.duration'], ['exit', 'list.col.exit'], ['error', 'job.errorType'],
  ],
  devserver: [
    ['name', 'job.name'], ['id', 'job.jobId'], ['type', 'job.type'], ['status', 'job.status'], ['created', 'job.created'], ['updated', 'job.updated'],
    ['abnormal', 'job.abnormalNodes'], ['tasks', 'job.tasks'],
  ],
};
// Every cluster's jobs in one list (the console's `?cluster=*`): a job's columns and its cluster.
// ModelArts jobs fill the columns they have (created as started, no entrypoint or exit code).
const ALL_COLUMNS = [COLUMNS.job[0], ['cluster', 'form.cluster'], ...COLUMNS.job.slice(1)];

/** The list's part of the URL: `status`, `q`, `sort` beside source, endpoint and project. */
export function listFromUrl(q) {
  return {
    view: 'list',
    source: q.get('source') === 'devserver' ? 'devserver' : 'job',
    endpoint: q.get('endpoint') ?? '',
    project: q.get('project') ?? '',
    status: (q.get('status') ?? '').split(',').map((s) => s.trim().toUpperCase()).filter((s) => STATUSES.includes(s)),
    q: q.get('q') ?? '',
    sort: q.get('sort') ?? '',
    // The all-clusters list's cluster chips that are pressed.
    clusterFilter: (q.get('clusters') ?? '').split(',').map((s) => s.trim()).filter(Boolean),
    // The console's "Include history" switch (docs/notifications.md).
    history: q.get('history') === '1',
    // The timeline's time range (docs/page.md "The timeline at scale"): ISO 8601 or epoch ms.
    from: parseInstant(q.get('from')),
    to: parseInstant(q.get('to')),
  };
}

/** An instant as the URL keeps it: ISO 8601 in UTC, to the second. */
const iso = (ms) => new Date(Math.round(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');

export function listToUrl(r) {
  const q = r.cluster
    ? new URLSearchParams({ cluster: r.cluster, view: 'list' })
    : new URLSearchParams({ view: 'list', source: r.source, endpoint: r.endpoint });
  if (r.source === 'devserver' && !r.cluster) q.set('project', r.project);
  if (r.cluster === '*' && r.clusterFilter?.length) q.set('clusters', r.clusterFilter.join(','));
  if (r.status?.length) q.set('status', r.status.join(','));
  if (r.q) q.set('q', r.q);
  if (r.sort) q.set('sort', r.sort);
  if (r.cluster && r.history) q.set('history', '1');
  if (r.from !== null && r.from !== undefined) q.set('from', iso(r.from));
  if (r.to !== null && r.to !== undefined) q.set('to', iso(r.to));
  return `?${q}`;
}

const sameList = (a, b) => a && b && a.source === b.source && a.endpoint === b.endpoint && (a.project ?? '') === (b.project ?? '')
  && (a.cluster ?? '') === (b.cluster ?? '') && Boolean(a.history) === Boolean(b.history);
/** The all-clusters list keys its rows `cluster/id` (cluster names hold no `/`): ids may repeat across clusters. */
const splitKey = (key) => { const i = key.indexOf('/'); return [key.slice(0, i), key.slice(i + 1)]; };
const typing = (el) => el && (el.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(el.tagName));

export class ListView {
  /**
   * `root` is the list's own element beside the job view; `openJob(request)` shows one job;
   * `engine` ('wasm' or 'js') picks the worker's parser (`make bench` compares both).
   */
  /**
   * In the console, `jobRequest(cluster, id)` is the request for a row's job, `jobUrl(request)`
   * its address, and `onUnauthorized()` is told when the console answers 401 (signed out).
   */
  constructor(root, { openJob, engine = 'wasm', jobRequest, jobUrl, onUnauthorized }) {
    Object.assign(this, { root, openJob, engine, jobRequest, jobUrl, onUnauthorized });
    this.request = null;
    this.worker = null;
    this.seq = 0;
    this.viewNo = 0;
    this.rowCache = new Map();
    this.elements = new Map(); // id → row element, reused so focus survives refreshes
    this.changedAt = new Map();
    this.activeId = null;
    this.live = true;
    this.failures = 0;
    this.metrics = { longTasks: [] };
    self.jobglassList = this;
    document.addEventListener('visibilitychange', () => this.#schedule());
    // Escape on a job opened from the list goes back to the list, where it was.
    document.addEventListener('keydown', (e) => {
      if (e.key !== 'Escape' || !this.root.hidden || !this.request || typing(e.target) || document.querySelector('dialog[open]')) return;
      if (history.state?.fromList) history.back();
    });
    setInterval(() => this.#tick(), 1000);
  }

  // ---- showing and hiding ----

  /** Shows the list `request` describes; the same list as before is kept, only re-filtered. */
  show(request) {
    this.root.hidden = false;
    document.title = `${t('list.title')} | jobglass`;
    if (sameList(this.request, request) && this.worker && this.request.token === request.token
      && JSON.stringify(this.request.headers ?? {}) === JSON.stringify(request.headers ?? {})) {
      const changed = ['q', 'sort', 'from', 'to'].some((k) => (this.request[k] ?? null) !== (request[k] ?? null)) || this.request.status.join() !== request.status.join()
        || (this.request.clusterFilter ?? []).join() !== (request.clusterFilter ?? []).join();
      Object.assign(this.request, { status: request.status, q: request.q, sort: request.sort, clusterFilter: request.clusterFilter ?? [], from: request.from ?? null, to: request.to ?? null });
      if (changed) { this.#paintControls(); this.#query(true); }
      this.#schedule();
      requestAnimationFrame(() => this.#focusActive());
      return;
    }
    this.#start(request);
  }

  /** Drops the list read so far (another user signed in: what they see and may do differs). */
  forget() {
    this.hide();
    this.worker?.terminate();
    this.worker = null;
    this.request = null;
    // Nothing drawn from it may run on (a resize redraws the rows it holds).
    this.data = null;
  }

  hide() {
    this.root.hidden = true;
    clearTimeout(this.timer);
    this.menu?.close();
  }

  #start(request) {
    this.worker?.terminate();
    clearTimeout(this.timer);
    this.request = { ...request, status: [...request.status], clusterFilter: [...(request.clusterFilter ?? [])] };
    this.all = request.cluster === '*';
    this.data = null;
    this.rowCache.clear();
    this.elements.clear();
    this.changedAt.clear();
    this.activeId = null;
    this.failures = 0;
    this.gaveUp = false;
    this.error = null;
    this.updated = null;
    // Stop and delete in each row's menu, on the job page's terms (docs/page.md, "Stopping and deleting jobs").
    this.actionNote = h('div.jl-action', {});
    this.menu = offersActions(this.request)
      ? new RowMenu({
        request: this.request, refresh: () => this.refresh(), note: this.actionNote, root: this.root,
        // In the all-clusters list each row is acted on through its own cluster, if that one has actions.
        requestFor: this.all ? (row) => clusterRequest(row.cluster) : () => this.request,
        canAct: this.all ? (row) => clusterNamed(row.cluster)?.kind !== 'modelarts' : () => true,
      })
      : null;
    this.#build();
    // A server the page's policy forbids is said at once: no worker, no request, no retry.
    const blocked = this.all ? null : allowedByPolicy(this.request.endpoint) ? null : blockedError(this.request.endpoint);
    if (blocked) { this.worker = null; this.#failed(blocked, 'load'); return; }
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.worker.onmessage = (e) => this.#message(e.data);
    this.worker.onerror = (e) => this.#failed(workerFailure(e), 'load');
    this.metrics = { longTasks: [], startedAt: performance.timeOrigin + performance.now() };
    this.#observeLongTasks();
    this.loading = true;
    this.loadQuery = JSON.stringify(this.#queryArgs());
    this.#post({ type: 'load', request: this.#wireRequest(), engine: this.engine, query: this.#queryArgs(), window: { from: 0, to: 60 }, raster: this.timeline.spec() });
  }

  /**
   * What the worker reads: one list, or, for every cluster's list, each cluster's (read at once,
   * side by side, so the whole takes about as long as the slowest cluster's).
   */
  #wireRequest() {
    const { source, endpoint, project, headers, token, cluster } = this.request;
    // With "Include history", the console's remembered jobs of the same cluster(s) come too.
    const past = consoleState.on && cluster && this.request.history ? { history: cluster } : {};
    if (this.all) {
      return { ...past, parts: consoleState.clusters.map((c) => { const r = clusterRequest(c.name); return { source: r.source, endpoint: r.endpoint, project: r.project, cluster: c.name, headers: {}, token: '' }; }) };
    }
    return { ...past, parts: [{ source, endpoint, project, headers: headers ?? {}, token: token ?? '', cluster: cluster ?? null }] };
  }

  #queryArgs() {
    const { status, q, sort, clusterFilter, from = null, to = null } = this.request;
    return { statuses: status, q, sort: sort || DEFAULT_SORT[this.request.source], clusters: this.all ? clusterFilter : [], from, to };
  }

  #post(message) {
    message.seq = ++this.seq;
    message.view = this.viewNo;
    this.worker.postMessage(message);
    return message.seq;
  }

  #observeLongTasks() {
    this.longTaskObserver?.disconnect();
    try {
      this.longTaskObserver = new PerformanceObserver((list) => {
        for (const e of list.getEntries()) this.metrics.longTasks.push(e.duration);
      });
      this.longTaskObserver.observe({ type: 'longtask' });
    } catch { /* not every browser reports long tasks */ }
  }

  // ---- the DOM ----

  #build() {
    const { source, endpoint, project } = this.request;
    this.chips = new Map();
    // The every-cluster list's cluster chips, with counts, beside the status chips.
    this.clusterChips = this.all ? new ClusterChips((name) => this.#toggleCluster(name)) : null;
    this.bellSlot = h('span.jl-bell', {});
    const chipGroup = h('div.jl-chips', { role: 'group', 'aria-label': t('list.filterStatus') },
      STATUSES.map((s) => {
        const count = h('span.jl-n', {}, '0');
        const chip = h('button.jl-chip', {
          type: 'button', 'data-testid': 'status-filter', 'data-status': s, 'aria-pressed': 'false',
          onclick: () => this.#toggleStatus(s),
        }, badge(s), count);
        this.chips.set(s, { chip, count });
        return chip;
      }));
    this.search = h('input.jl-search', {
      type: 'search', 'data-testid': 'job-search', placeholder: t('list.search.placeholder'),
      spellcheck: 'false', autocomplete: 'off',
      oninput: () => { this.request.q = this.search.value; this.#urlChanged(); this.#query(true); },
    });
    this.count = h('span.jl-count', { 'data-testid': 'job-count', role: 'status' }, '');
    this.historyToggle = consoleState.on && this.request.cluster
      ? h('label.check.jl-history', {}, h('input', {
        type: 'checkbox', 'data-testid': 'history-toggle', checked: this.request.history ? true : null,
        onchange: (e) => { this.#start({ ...this.request, history: e.target.checked }); this.#urlChanged(); },
      }), ` ${t('history.include')}`)
      : null;
    this.statusLine = h('div.status.jl-status', {});
    this.banner = h('div.jl-banner', {});
    this.timeline = new Timeline({ onOpen: (id) => this.#open(id), onRange: (from, to) => this.#setRange(from, to) });
    const columns = this.all ? ALL_COLUMNS : COLUMNS[source];
    const rowClass = `${source}${this.all ? '.clusters' : ''}`;
    this.headers = columns.map(([key, label]) => h('div.jl-th', { role: 'columnheader', 'data-col': key },
      h('button.jl-sort', { type: 'button', onclick: () => this.#sortBy(key) }, t(label), h('span.jl-arrow', { 'aria-hidden': 'true' }))));
    const actionsHeader = this.menu ? h('div.jl-th', { role: 'columnheader', 'aria-label': t('act.actions') }) : null;
    this.spacer = h('div.jl-spacer', {});
    this.scroller = h('div.jl-scroll', { role: 'rowgroup', onscroll: () => this.#onScroll() }, this.spacer);
    this.grid = h(`div.jl-grid.${rowClass}${this.menu ? '.acts' : ''}`, {
      id: 'jl-grid', role: 'grid', 'aria-readonly': 'true', 'data-testid': 'job-list',
      'aria-label': this.#title(),
      onkeydown: (e) => this.#key(e),
    }, h('div.jl-head', { role: 'rowgroup' }, h(`div.jl-row.jl-header.${rowClass}`, { role: 'row', 'aria-rowindex': '1' }, this.headers, actionsHeader)), this.scroller);
    // The timeline is laid out (unseen) while loading, so the worker knows the picture's width.
    this.timeline.el.classList.add('jl-waiting');
    const where = this.all ? t('list.everyCluster') : this.request.cluster ? t('err.where.cluster', { cluster: this.request.cluster }) : endpoint;
    this.body = h('div.jl-body', {}, h('p.loading', { 'aria-busy': 'true' }, t('list.loading', { where })), this.timeline.el);
    const sub = this.all ? t('list.allClusters') : this.request.cluster ? t('err.where.cluster', { cluster: this.request.cluster })
      : source === 'devserver' ? t('list.project', { project, endpoint }) : endpoint;
    this.root.replaceChildren(
      h('div.jl-top', {},
        h('h1', {}, t('list.title'), ' ', h('span.sub', {}, sub)),
        this.statusLine),
      h('div.card.jl-filters', {},
        this.clusterChips?.el,
        chipGroup,
        h('div.jl-findrow', {}, h('label.jl-find', {}, h('span', {}, t('list.search')), this.search), this.historyToggle, this.bellSlot, this.count)),
      this.actionNote,
      this.banner,
      this.body);
    // Row height and viewport size are read once per resize, not on every frame (each read
    // after a DOM change would force a layout).
    new ResizeObserver(() => { this.rowHeight = null; this.viewHeight = null; this.#render(); }).observe(this.scroller);
    this.#paintControls();
    this.#paintStatus();
  }

  #title() {
    const { source, endpoint, project, cluster } = this.request;
    if (this.all) return t('list.grid.all');
    if (cluster) return t('list.grid.cluster', { cluster });
    return source === 'devserver' ? t('list.grid.project', { project }) : t('list.grid.endpoint', { endpoint });
  }

  /** The bell's scope: this view's filters and search (its URL without the sort). */
  #viewScope() {
    return viewScope(listToUrl({ ...this.request, sort: '' }));
  }

  /** The bell of the view now shown: each filter and search has its own. */
  #paintBell() {
    const scope = this.#viewScope();
    if (this.bellSlot.dataset.scope === scope) return;
    this.bellSlot.dataset.scope = scope;
    this.bellSlot.replaceChildren(bell(scope, 'view'));
  }

  #paintControls() {
    const { status, q, clusterFilter } = this.request;
    this.#paintBell();
    for (const [s, { chip }] of this.chips) chip.setAttribute('aria-pressed', String(status.includes(s)));
    this.clusterChips?.paint(clusterFilter);
    if (this.search.value !== q) this.search.value = q;
    const { key, desc } = parseSort(this.request.source, this.request.sort);
    for (const th of this.headers) {
      const on = th.dataset.col === key;
      th.setAttribute('aria-sort', on ? (desc ? 'descending' : 'ascending') : 'none');
      th.querySelector('.jl-arrow').textContent = on ? (desc ? ' ▼' : ' ▲') : '';
    }
  }

  #paintStatus() {
    const ago = this.updated ? Math.max(0, Math.round((Date.now() - this.updated) / 1000)) : null;
    const state = this.loading ? t('list.state.loading') : this.gaveUp ? t('list.state.stopped') : !this.live ? t('live.disabled') : document.hidden ? t('live.hidden')
      : this.failures ? t('live.retrying', { s: num(Math.round(this.#interval() / 1000)) }) : t('list.state.live');
    const dot = !this.loading && !this.gaveUp && this.live && !document.hidden && !this.failures;
    if (!this.liveToggle) {
      this.liveToggle = h('input', { type: 'checkbox', 'data-testid': 'live-toggle', checked: true, onchange: (e) => { this.live = e.target.checked; this.#schedule(); this.#paintStatus(); } });
      this.dot = h('span.dot', { 'aria-hidden': 'true' });
      this.stateText = h('span', { 'data-testid': 'live-state' });
      this.agoText = h('span.updated', { 'data-testid': 'list-updated' });
      this.statusLine.replaceChildren(this.dot, this.stateText, this.agoText,
        h('label.check', {}, this.liveToggle, ' ', t('live.every', { s: num(REFRESH_MS / 1000) })),
        h('button', { type: 'button', onclick: () => this.refresh() }, t('live.refreshNow')));
    }
    this.dot.classList.toggle('on', dot);
    this.stateText.textContent = state;
    this.agoText.textContent = ago === null ? '' : t('live.updatedAgo', { s: num(ago) });
    this.agoText.dataset.updated = this.updated ?? '';
  }

  // ---- filter, search, sort ----

  #toggleStatus(s) {
    const set = new Set(this.request.status);
    if (set.has(s)) set.delete(s); else set.add(s);
    this.request.status = STATUSES.filter((x) => set.has(x));
    this.#paintControls();
    this.#urlChanged();
    this.#query(true);
  }

  /** The timeline's time range chosen (or cleared, with nulls): it filters the list like a chip. */
  #setRange(from, to) {
    this.request.from = from;
    this.request.to = to;
    this.#urlChanged();
    this.#query(true);
  }

  #toggleCluster(name) {
    this.request.clusterFilter = toggled(this.request.clusterFilter, name);
    this.#paintControls();
    this.#urlChanged();
    this.#query(true);
  }

  #sortBy(key) {
    const { key: now, desc } = parseSort(this.request.source, this.request.sort);
    // A new column sorts ascending first; time columns newest first.
    const firstDesc = ['start', 'created', 'updated', 'duration'].includes(key);
    this.request.sort = key === now ? (desc ? key : `-${key}`) : (firstDesc ? `-${key}` : key);
    this.#paintControls();
    this.#urlChanged();
    this.#query(true);
  }

  /** Status, search and sort live in the URL; replaced, not pushed, so Back leaves the list. */
  /** A question is out to the worker: the grid says so (aria-busy) until its answer is shown. */
  #setQuerying(on) {
    this.querying = on;
    this.grid?.toggleAttribute('aria-busy', on);
  }

  #urlChanged() {
    history.replaceState(history.state, '', listToUrl(this.request));
    this.#paintBell();
  }

  /**
   * Asks the worker for the rows of the current filter. While one question is out, only the
   * newest next one is kept: fast typing never queues up stale searches.
   */
  #query(toTop) {
    if (!this.worker || this.loading) return;
    if (this.querying) { this.pendingQuery = { toTop: toTop || this.pendingQuery?.toTop }; return; }
    this.#setQuerying(true);
    this.queryToTop = toTop;
    this.queryStarted = performance.now();
    this.#post({ type: 'query', query: this.#queryArgs(), window: { from: 0, to: this.#visibleCount() + BUFFER }, raster: this.timeline.spec() });
  }

  // ---- live refresh ----

  #interval() {
    // A big list costs its fetch each time: refresh no more often than three fetches' time.
    const base = Math.max(REFRESH_MS, 3 * (this.lastFetchMs ?? 0));
    return this.failures ? Math.min(MAX_BACKOFF_MS, base * 2 ** this.failures) : base;
  }

  #schedule() {
    clearTimeout(this.timer);
    this.#paintStatus();
    if (!this.request || this.root.hidden || !this.live || document.hidden || this.loading || this.refreshing) return;
    if (!this.data && !this.failures) return;
    // A failure that cannot heal by itself (a missing list route, not a job server, too large) is
    // not asked again on a timer: only the user's "Try again" or "Refresh now" does.
    if (this.gaveUp) return;
    this.timer = setTimeout(() => this.refresh(), this.#interval());
  }

  /** Reads the list again; rows update in place and the first visible row keeps its place. */
  refresh() {
    if (!this.worker) return;
    // A refresh asked for while one is out (after a stop or delete) reads again once it is back.
    if (this.refreshing) { this.refreshAgain = true; return; }
    if (this.loading) return;
    if (!this.data) { this.gaveUp = false; this.#start(this.request); return; }
    clearTimeout(this.timer);
    this.refreshing = true;
    const first = this.#firstVisible();
    const anchor = this.data.ids && this.data.count ? this.#idAt(first.index) : null;
    this.anchorOffsetPx = first.offsetPx;
    this.#post({ type: 'refresh', anchor, anchorOffset: 0, window: { from: first.index, to: first.index + this.#visibleCount() + BUFFER }, raster: this.timeline.spec() });
  }

  // ---- messages from the worker ----

  #message(m) {
    if (m.type === 'error') { this.#failed(m.error, m.during); return; }
    if (m.type === 'rows') {
      if (m.view !== this.viewNo) return;
      m.rows.forEach((r, i) => this.rowCache.set(m.from + i, r));
      this.rowsPending = false;
      this.#render();
      return;
    }
    if (m.type !== 'view') return;
    const handled = performance.now();
    const reason = m.reason;
    this.viewNo++;
    this.rowCache.clear();
    m.rows.list.forEach((r, i) => this.rowCache.set(m.rows.from + i, r));
    this.data = { count: m.shown, total: m.total, ids: m.ids, idList: null, status: m.status };
    if (m.fetched) {
      this.updated = m.fetched.at;
      this.lastFetchMs = m.fetched.fetchMs;
      this.metrics.responseEnd = m.fetched.responseEnd;
      this.metrics.pages = m.fetched.pages;
    }
    const now = Date.now();
    for (const id of m.changed) this.changedAt.set(id, now);
    if (reason === 'load') {
      this.loading = false;
      this.changedAt.clear();
      this.timeline.el.classList.remove('jl-waiting');
      this.body.replaceChildren(this.timeline.el, this.grid);
      // The search box controls the grid once it is there (not while loading or after an error).
      this.search.setAttribute('aria-controls', 'jl-grid');
      // Chips pressed or words typed while the list loaded apply now.
      if (JSON.stringify(this.#queryArgs()) !== this.loadQuery) this.pendingQuery = { toTop: true };
    }
    if (reason === 'refresh' && m.ended?.length) this.#ended(m);
    if (reason === 'refresh') {
      this.refreshing = false;
      if (this.refreshAgain) { this.refreshAgain = false; queueMicrotask(() => this.refresh()); }
      this.failures = 0;
      this.gaveUp = false;
      this.error = null;
      this.banner.replaceChildren();
    }
    if (reason === 'query') this.#setQuerying(false);
    if (reason === 'load' || reason === 'refresh') this.#partsFailed(m.failedParts ?? []);

    // Where the list scrolls to: the top for a new filter, the anchored row for a refresh.
    const rowH = this.#rowH();
    if (reason === 'refresh' && m.anchorIndex >= 0 && this.scroller.scrollTop > 0) {
      this.scroller.scrollTop = m.anchorIndex * rowH + (this.anchorOffsetPx ?? 0);
    } else if (reason === 'query' && this.queryToTop) {
      this.scroller.scrollTop = 0;
    }
    this.spacer.style.height = `${m.shown * rowH}px`;
    this.grid.setAttribute('aria-rowcount', String(m.shown + 1));
    for (const [s, { count }] of this.chips) count.textContent = num(m.counts[s] ?? 0);
    this.clusterChips?.counts(m.clusterCounts);
    this.count.textContent = t('list.count', { shown: num(m.shown), total: num(m.total) });
    this.#empty(m);
    const drawn = performance.now();
    this.timeline.set({ start: m.start, end: m.end, status: m.status, ids: m.ids, raster: m.raster, histogram: m.histogram, range: { from: this.request.from ?? null, to: this.request.to ?? null } });
    this.metrics.timelineMs = performance.now() - drawn;
    this.#render();
    this.#paintStatus();
    this.metrics.viewMs = performance.now() - handled;
    // Measured after the frame that shows these rows (docs/performance.md, "The jobs list in the page").
    const painted = () => {
      const at = performance.timeOrigin + performance.now();
      if (reason === 'load' && !this.metrics.firstRowsAt) this.metrics.firstRowsAt = at;
      this.metrics.lastRender = { reason, at, shown: m.shown, queryMs: m.queryMs };
      if (reason === 'query') this.metrics.lastQueryMs = performance.now() - this.queryStarted;
      this.root.dispatchEvent(new CustomEvent('jobglass:rendered', { detail: { reason, shown: m.shown } }));
    };
    requestAnimationFrame(() => setTimeout(painted, 0));
    if (reason === 'load' || reason === 'refresh') this.#schedule();
    if ((reason === 'query' || reason === 'load') && this.pendingQuery) {
      const { toTop } = this.pendingQuery;
      this.pendingQuery = null;
      this.#query(toTop);
    }
  }

  #empty(m) {
    const old = this.root.querySelector('.jl-empty');
    let note = null;
    if (m.total === 0) {
      note = h('p.card.jl-empty', { role: 'status' }, t('list.empty'));
    } else if (m.shown === 0) {
      note = h('p.card.jl-empty', { role: 'status' }, t('list.noMatch'), ' ',
        h('button', { type: 'button', onclick: () => { this.request.status = []; this.request.q = ''; this.request.from = null; this.request.to = null; this.#paintControls(); this.#urlChanged(); this.#query(true); } }, t('list.clearFilter')));
    }
    if (old) old.remove();
    if (note) this.body.prepend(note);
    if (!this.timeline.el.isConnected) this.body.prepend(this.timeline.el);
    // With a time range the histogram stays, so the range can be moved or cleared.
    this.timeline.el.hidden = m.shown === 0 && !m.histogram;
  }

  /** In the all-clusters list, the clusters that could not be read, above the others' jobs. */
  #partsFailed(failed) {
    this.partsNote?.remove();
    this.partsNote = failedClustersCard(failed);
    if (this.partsNote) this.banner.after(this.partsNote);
  }

  #failed(error, during) {
    if (during === 'query' || during === 'rows') { this.#setQuerying(false); return; }
    // The console answered 401: the session ended; the page asks for sign-in instead of showing it.
    if (error.code === 'UNAUTHORIZED' && this.request.cluster && this.onUnauthorized) this.onUnauthorized();
    const request = { ...this.request, view: 'list' };
    const passing = PASSING.includes(error.code);
    if (during === 'load' && !this.data) {
      this.loading = false;
      this.failures++;
      this.gaveUp = !passing;
      const panel = errorPanel(error, request);
      panel.append(h('p', {}, h('button', { type: 'button', onclick: () => { this.gaveUp = false; this.#start(this.request); } }, t('act.tryAgain'))));
      this.body.replaceChildren(panel);
      // Nothing to search in: the search box controls no list while the error stands.
      this.search.removeAttribute('aria-controls');
      this.#paintStatus();
      // A passing failure is retried by itself, with backoff, as the job page does.
      if (passing) {
        clearTimeout(this.timer);
        this.timer = setTimeout(() => { if (!this.root.hidden) this.#start(this.request); }, this.#interval());
      }
      return;
    }
    // A failed refresh keeps every row already shown and says so above them.
    this.refreshing = false;
    this.refreshAgain = false;
    this.failures++;
    this.error = error;
    this.gaveUp = !passing;
    this.banner.replaceChildren(errorPanel(error, request, { stale: false }),
      h('p.hint', {}, passing ? t('list.staleRetrying') : t('list.stale')));
    this.#schedule();
  }

  // ---- the virtual rows ----

  #rowH() {
    this.rowHeight ??= parseFloat(getComputedStyle(this.scroller).getPropertyValue('--jl-row')) || 40;
    return this.rowHeight;
  }

  #visibleCount() {
    this.viewHeight ||= this.scroller.clientHeight;
    return Math.ceil((this.viewHeight || 600) / this.#rowH()) + 1;
  }

  #firstVisible() {
    const rowH = this.#rowH();
    const top = this.scroller.scrollTop;
    const index = Math.floor(top / rowH);
    return { index, offsetPx: top - index * rowH };
  }

  #idAt(index) {
    if (!this.data.idList) this.data.idList = this.data.ids ? this.data.ids.split('\n') : [];
    return this.data.idList[index];
  }

  #indexOf(id) {
    if (!this.data.idList) this.#idAt(0);
    return this.data.idList.indexOf(id);
  }

  #onScroll() {
    // The open row menu is placed by the viewport; it would drift from its row.
    this.menu?.close();
    if (this.scrollFrame) return;
    this.scrollFrame = requestAnimationFrame(() => { this.scrollFrame = null; this.#render(); });
  }

  #render() {
    if (!this.data || this.loading) return;
    const rowH = this.#rowH();
    this.spacer.style.height = `${this.data.count * rowH}px`;
    const first = Math.max(0, Math.floor(this.scroller.scrollTop / rowH) - 2);
    const last = Math.min(this.data.count, first + this.#visibleCount() + 4);
    let missing = false;
    const keep = new Set();
    const now = Date.now();
    for (let i = first; i < last; i++) {
      const row = this.rowCache.get(i);
      // A row's key: its id, or in the all-clusters list `cluster/id`.
      const id = row?.key ?? row?.id ?? this.#idAt(i);
      if (!row) missing = true;
      keep.add(id);
      let el = this.elements.get(id);
      if (!el) {
        el = h(`div.jl-row.${this.request.source}${this.all ? '.clusters' : ''}`, { role: 'row', 'data-testid': 'job-row', tabindex: '-1' });
        // The row menu's own clicks are its own: they neither move focus to the row nor open the job.
        el.addEventListener('click', (e) => { if (!e.target.closest('a, .jl-act, .jl-menu')) { this.#activate(el.dataset.key); } });
        el.addEventListener('dblclick', (e) => { if (!e.target.closest('.jl-act, .jl-menu')) this.#open(el.dataset.key); });
        this.elements.set(id, el);
        this.spacer.append(el);
      }
      el.dataset.key = id;
      el.dataset.id = this.all ? splitKey(id)[1] : id;
      if (this.all) el.dataset.cluster = splitKey(id)[0];
      el.setAttribute('aria-rowindex', String(i + 2));
      el.style.transform = `translateY(${i * rowH}px)`;
      el.classList.toggle('changed', now - (this.changedAt.get(id) ?? -Infinity) < CHANGED_MS);
      const active = id === this.activeId;
      el.setAttribute('aria-selected', String(active));
      const sig = row ? JSON.stringify(row) : `?${id}`;
      if (el.dataset.sig !== sig) {
        el.dataset.sig = sig;
        // A row drawn anew keeps the keyboard on its menu button (its status may have changed).
        const onMenu = el.querySelector('.jl-act')?.contains(document.activeElement);
        el.replaceChildren(...(row ? this.#cells(row) : [h('div.jl-td', { role: 'gridcell' }, h('span.none', {}, t('list.rowLoading')))]));
        el.dataset.status = row?.status ?? '';
        if (row?.history) el.dataset.history = 'true';
        else delete el.dataset.history;
        if (onMenu) (el.querySelector('.jl-act-btn') ?? el).focus({ preventScroll: true });
      }
    }
    let lost = false;
    for (const [id, el] of this.elements) {
      if (keep.has(id)) continue;
      // The focused row stays until focus moves, so a refresh never drops the keyboard's place;
      // unless the job is gone from the list (deleted), when focus goes to a row still shown.
      if (el.contains(document.activeElement)) {
        const index = this.#indexOf(id);
        if (index >= 0) { el.style.transform = `translateY(${index * rowH}px)`; continue; }
        lost = true;
      }
      el.remove();
      this.elements.delete(id);
    }
    // Exactly one row is reachable with Tab: the active one, or the first shown.
    const tabbable = this.elements.get(this.activeId) ?? this.elements.get(this.#idAt(first));
    for (const el of this.elements.values()) el.tabIndex = el === tabbable ? 0 : -1;
    if (lost && tabbable && !this.root.hidden) { this.activeId = tabbable.dataset.key; tabbable.focus({ preventScroll: true }); }
    if (missing && !this.rowsPending) {
      this.rowsPending = true;
      this.#post({ type: 'rows', from: Math.max(0, first - BUFFER), to: last + BUFFER });
    }
  }

  #cells(r) {
    const key = r.key ?? r.id;
    const href = this.#jobUrl(key);
    const link = h('a.jl-id', { href, onclick: (e) => { if (!e.ctrlKey && !e.metaKey && !e.shiftKey && e.button === 0) { e.preventDefault(); this.#open(key); } } }, r.id || '—');
    // A job from the console's history is marked beside its id.
    const idLink = r.history ? h('span.jl-idcell', {}, link, ' ', h('span.jl-hist', { title: t('history.markTitle') }, t('history.mark'))) : link;
    const cell = (label, ...content) => h('div.jl-td', { role: 'gridcell', 'data-label': label }, ...content);
    // The server's data (names, entrypoints, types): shown as sent, not for translation.
    const text = (v, cls = '') => (v === null || v === undefined || v === '' ? h('span.none', {}, '—') : h(`span${cls}`, { title: String(v), translate: 'no' }, String(v)));
    const when = (ms) => (ms === null ? h('span.none', {}, '—') : h('time', { datetime: new Date(ms).toISOString(), title: new Date(ms).toISOString() }, absolute(ms)));
    if (this.request.source === 'devserver') {
      const k = r.tasks;
      const summary = k.total ? [k.total === 1 ? t('list.tasks.one') : t('list.tasks.n', { n: num(k.total) }), k.failed && t('list.tasks.failed', { n: num(k.failed) }),
        k.running && t('list.tasks.running', { n: num(k.running) }), k.succeeded && t('list.tasks.succeeded', { n: num(k.succeeded) }),
        k.skipped && t('list.tasks.skipped', { n: num(k.skipped) })].filter(Boolean).join(t('console.comma')) : null;
      return [
        cell(t('job.name'), text(r.name, '.jl-name')), cell(t('job.jobId'), idLink), cell(t('job.type'), text(r.type)), cell(t('job.status'), badge(r.status)),
        cell(t('job.created'), when(r.start)), cell(t('job.updated'), when(r.updated)),
        cell(t('job.abnormalNodes'), r.abnormal ? h('span.hot', {}, num(r.abnormal)) : text(r.abnormal)), cell(t('job.tasks'), text(summary)),
      ];
    }
    const live = r.end === null && !r.terminal && r.start !== null;
    const dur = r.start === null || (r.end === null && !live) ? h('span.none', {}, '—')
      : h('span', { 'data-start': r.start, 'data-live': live ? 'true' : null }, duration((r.end ?? Date.now()) - r.start));
    return [
      cell(t('job.status'), badge(r.status)), this.all ? cell(t('form.cluster'), h('span.jl-cluster-name', { title: r.cluster }, r.cluster)) : null,
      cell(t('list.cell.id'), idLink), cell(t('job.name'), text(r.name, '.jl-name')),
      cell(t('job.entrypoint'), text(r.entrypoint, '.mono.jl-entry')), cell(t('job.type'), text(r.type)), cell(t('job.started'), when(r.start)),
      cell(t('job.duration'), dur), cell(t('list.col.exit'), r.exitCode ? h('span.hot', {}, String(r.exitCode)) : text(r.exitCode)),
      cell(t('job.errorType'), r.errorType ? h('span.hot', { title: r.errorType, translate: 'no' }, r.errorType) : text(null)),
      this.menu?.cell(r),
    ].filter(Boolean);
  }

  /** Jobs that have just ended, of those this view shows (its filters and search), to the bell. */
  #ended(m) {
    const ended = new Set(m.ended);
    const shown = [];
    m.ids.split('\n').forEach((key, i) => {
      if (ended.has(key)) shown.push({ key, id: this.all ? splitKey(key)[1] : key, status: STATUSES[m.status[i]] });
    });
    const where = this.all ? t('notify.everyCluster') : this.request.cluster ?? this.request.endpoint;
    viewEnded(this.#viewScope(), where, shown, (key) => this.#open(key));
  }

  #tick() {
    if (this.root.hidden || !this.data) return;
    for (const el of this.spacer.querySelectorAll('[data-live]')) el.textContent = duration(Date.now() - Number(el.dataset.start));
    const now = Date.now();
    for (const el of this.elements.values()) {
      if (el.classList.contains('changed') && now - (this.changedAt.get(el.dataset.key) ?? -Infinity) >= CHANGED_MS) el.classList.remove('changed');
    }
    this.#paintStatus();
  }

  // ---- keyboard and opening ----

  #activate(id, { focus = true } = {}) {
    this.activeId = id;
    const index = this.#indexOf(id);
    if (index < 0) return;
    const rowH = this.#rowH();
    const top = index * rowH;
    const s = this.scroller;
    if (top < s.scrollTop) s.scrollTop = top;
    else if (top + rowH > s.scrollTop + s.clientHeight) s.scrollTop = top + rowH - s.clientHeight;
    this.#render();
    if (focus) this.#focusActive();
  }

  #focusActive() {
    const el = this.elements.get(this.activeId);
    if (el && !this.root.hidden) el.focus({ preventScroll: true });
  }

  #key(e) {
    if (!this.data || typing(e.target)) return;
    const row = e.target.closest?.('[data-testid=job-row]');
    // Keys inside an open row menu are the menu's (its items, Escape); the menu button still
    // moves between rows with the arrows, and its Enter opens the menu, not the job.
    if (!row || e.target.closest('[role=menu]')) return;
    const index = this.#indexOf(row.dataset.key);
    const page = Math.max(1, this.#visibleCount() - 2);
    const to = { ArrowDown: index + 1, ArrowUp: index - 1, PageDown: index + page, PageUp: index - page, Home: 0, End: this.data.count - 1 }[e.key];
    if (to !== undefined) {
      e.preventDefault();
      this.#activate(this.#idAt(Math.max(0, Math.min(this.data.count - 1, to))));
    } else if (e.key === 'Enter' && !e.target.closest('a, button')) {
      e.preventDefault();
      this.#open(row.dataset.key);
    }
  }

  /** The request for the job of row `key`: its cluster's in the console, else this list's server's. */
  #jobRequest(key) {
    if (this.all) { const [cluster, id] = splitKey(key); return this.jobRequest(cluster, id); }
    if (this.request.cluster) return this.jobRequest(this.request.cluster, key);
    const { source, endpoint, project } = this.request;
    return { source, endpoint, project, id: key };
  }

  #jobUrl(key) {
    const r = this.#jobRequest(key);
    if (r.cluster) return this.jobUrl(r);
    const q = new URLSearchParams({ source: r.source, endpoint: r.endpoint, ...(r.source === 'devserver' ? { project: r.project } : {}), id: r.id });
    return `?${q}`;
  }

  #open(key) {
    if (!key) return;
    this.activeId = key;
    history.pushState({ fromList: true }, '', this.#jobUrl(key));
    this.hide();
    this.openJob(this.#jobRequest(key));
  }
}
