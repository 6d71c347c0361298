// The Tasks tab (docs/page.md "Tabs"): a Ray job's tasks from fetchJobTasks, chips by state with
// counts, a virtualized table (only the rows in sight are in the DOM, so 10,000 tasks scroll as
// smoothly as ten), failures first with their error, each task linking to its worker's log;
// read again every 2 s while the job runs. Where the server cannot say (no state API), the panel
// says so instead of showing an empty table.
import { fetchJobTasks, listJobLogFiles } from 'jobglass';
import { h } from '../dom.js';
import { lang, num, t } from '../i18n/index.js';
import { chips, errorLine, fileOfTask, orderTasks } from './order.js';
import { tabPanel, tabUrl } from './tabs.js';

const REFRESH_MS = 2000;
const ROW_PX = 34;
const OVERSCAN = 8;
/** The table's columns and their headings' catalogue keys. */
const COLUMNS = {
  state: 'tasks.col.state', name: 'tasks.col.name', kind: 'tasks.col.kind', worker: 'tasks.col.worker',
  duration: 'tasks.col.duration', error: 'tasks.col.error', log: 'tasks.col.log',
};

const duration = (ms) => (ms === null ? '—' : ms < 1000 ? `${num(Math.round(ms))} ms` : `${(ms / 1000).toLocaleString(lang(), { maximumFractionDigits: 1 })} s`);

/** What the page says for an error the library gave, plainly. */
export function unsupportedText(e) {
  return e?.code === 'UNSUPPORTED' ? t('tasks.unsupported', { why: e.message }) : t('tasks.failed', { code: e?.code ?? 'ERROR', message: e?.message ?? String(e) });
}

export class TasksTab {
  constructor({ go }) {
    this.go = go;
    this.state = null;
  }

  reset() {
    this.state?.controller.abort();
    clearTimeout(this.state?.timer);
    this.state = null;
  }

  /** The tab's panel for `shown` ({request, job}), read and kept fresh while shown. */
  panel(shown) {
    const { request, job } = shown;
    if (this.state?.request !== request) {
      this.reset();
      this.state = this.#build(request);
      this.#read();
    }
    this.state.job = job;
    // A job seen running again (a new attempt) is followed again.
    if (!job.terminal && !this.state.timer && !this.state.reading && this.state.done) this.#read();
    return this.state.panel;
  }

  #build(request) {
    const s = { request, controller: new AbortController(), states: new Set(), rows: null, shownRows: new Map(), files: new Map(), data: null };
    s.note = h('p.tasks-note', { 'aria-live': 'polite', 'data-testid': 'tasks-state' }, t('tasks.loading'));
    s.chipBar = h('div.task-chips', { role: 'group', 'aria-label': t('tasks.filter') });
    // The scroller is the rows' group (it is focusable, so it must have a role of the table's);
    // the spacer between them is only for sizing.
    s.spacer = h('div.task-spacer', {});
    s.scroller = h('div.task-scroll', { role: 'rowgroup', tabindex: '0', onscroll: () => this.#render() }, s.spacer);
    const head = h('div.task-head', { role: 'row' }, Object.entries(COLUMNS)
      .map(([c, key]) => h('span', { role: 'columnheader', class: `tc-${c}` }, t(key))));
    s.table = h('div.task-table', { role: 'table', 'aria-label': t('tasks.table'), 'aria-rowcount': '0' }, head, s.scroller);
    s.panel = tabPanel('tasks', h('div.card.tasks-panel', {}, s.note, s.chipBar, s.table));
    new ResizeObserver(() => this.#render()).observe(s.scroller);
    return s;
  }

  async #read() {
    const s = this.state;
    s.reading = true;
    clearTimeout(s.timer);
    s.timer = null;
    const options = { headers: s.request.headers, signal: s.controller.signal };
    try {
      const data = await fetchJobTasks(s.request.endpoint, s.request.id, options);
      if (s !== this.state) return;
      const workers = new Set(data.tasks.map((x) => x.workerId).filter(Boolean));
      const known = s.workers && [...workers].every((w) => s.workers.has(w));
      s.data = data;
      if (!known) {
        // Log files change only when new workers appear: listed again then, not every 2 s.
        const files = await listJobLogFiles(s.request.endpoint, s.request.id, options).catch(() => []);
        if (s !== this.state) return;
        s.fileList = files;
        s.files = fileOfTask(data.tasks, files);
        s.workers = workers;
      } else {
        s.files = fileOfTask(data.tasks, s.fileList ?? []);
      }
      this.#paint();
    } catch (e) {
      if (s !== this.state || e?.code === 'ABORTED') return;
      s.note.textContent = unsupportedText(e);
      s.note.dataset.code = e?.code ?? 'ERROR';
      s.note.setAttribute('data-testid', e?.code === 'UNSUPPORTED' ? 'tasks-unsupported' : 'tasks-state');
      s.chipBar.hidden = true;
      s.table.hidden = true;
      if (e?.code === 'UNSUPPORTED') { s.reading = false; s.done = true; return; }
    }
    s.reading = false;
    s.done = true;
    if (s.job && !s.job.terminal) s.timer = setTimeout(() => this.#read(), REFRESH_MS);
  }

  #paint() {
    const s = this.state;
    const { data } = s;
    s.note.textContent = t(data.truncated ? 'tasks.countTruncated' : 'tasks.count', { shown: num(data.tasks.length), total: num(data.total) });
    s.note.dataset.total = String(data.total);
    // A read that works after one that failed shows the table again.
    s.note.removeAttribute('data-code');
    s.note.setAttribute('data-testid', 'tasks-state');
    s.chipBar.hidden = false;
    s.table.hidden = false;
    s.chipBar.replaceChildren(...chips(data.summary).map(([state, count]) => h('button.jl-chip.task-chip', {
      type: 'button', 'data-testid': 'task-state-filter', 'data-state': state, 'data-count': String(count),
      'aria-pressed': String(s.states.has(state)),
      onclick: () => { if (s.states.has(state)) s.states.delete(state); else s.states.add(state); this.#paint(); },
    }, h('span', {}, state), ' ', h('span.jl-n', {}, num(count)))));
    s.rows = orderTasks(data.tasks, s.states);
    s.table.setAttribute('aria-rowcount', String(s.rows.length + 1));
    s.spacer.style.height = `${s.rows.length * ROW_PX}px`;
    s.spacer.replaceChildren();
    s.shownRows = new Map();
    this.#render();
  }

  /** Puts in the DOM the rows in sight (and a few either side), reusing those already there. */
  #render() {
    const s = this.state;
    if (!s?.rows) return;
    const height = s.scroller.clientHeight || 400;
    const first = Math.max(0, Math.floor(s.scroller.scrollTop / ROW_PX) - OVERSCAN);
    const last = Math.min(s.rows.length, Math.ceil((s.scroller.scrollTop + height) / ROW_PX) + OVERSCAN);
    const wanted = new Map();
    for (let i = first; i < last; i++) {
      const task = s.rows[i];
      const key = `${task.taskId}/${task.attemptNumber ?? 0}`;
      let el = s.shownRows.get(key);
      if (!el || el.dataset.stamp !== stamp(task, s.files)) el = this.#row(task, s.files.get(task.taskId), i);
      el.style.transform = `translateY(${i * ROW_PX}px)`;
      el.setAttribute('aria-rowindex', String(i + 2));
      wanted.set(key, el);
    }
    for (const [key, el] of s.shownRows) if (!wanted.has(key)) el.remove();
    for (const el of wanted.values()) if (el.parentNode !== s.spacer) s.spacer.append(el);
    s.shownRows = wanted;
  }

  #row(task, file) {
    const failed = task.state === 'FAILED';
    const error = failed ? errorLine(task.errorMessage) || task.errorType : '';
    const span = task.startTime === null ? null : (task.endTime ?? Date.now()) - task.startTime;
    const link = file ? h('a', {
      href: tabUrl('logs', { file }), 'data-testid': 'task-log-link', 'data-file': file,
      onclick: (e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        this.go(tabUrl('logs', { file }), 'logs');
      },
    }, t('tasks.openLog')) : h('span.none', {}, '—');
    return h(`div.task-row${failed ? '.failed' : ''}`, { role: 'row', 'data-testid': 'task-row', 'data-id': task.taskId, 'data-state': task.state ?? '', 'data-stamp': stamp(task, new Map([[task.taskId, file]])) },
      h('span.tc-state', { role: 'cell' }, h('span.task-state', { 'data-state': task.state ?? '' }, task.state ?? '—')),
      // The task's own name and error, as Ray sent them: not for translation.
      h('span.tc-name', { role: 'cell', title: task.taskId, translate: 'no' }, task.name ?? '—'),
      h('span.tc-kind', { role: 'cell' }, task.kind ?? '—'),
      h('span.tc-worker', { role: 'cell' }, task.pid ? t('tasks.pid', { pid: task.pid }) : '—'),
      h('span.tc-duration', { role: 'cell' }, duration(span)),
      h('span.tc-error', { role: 'cell', title: failed ? task.errorMessage ?? '' : null, translate: 'no', 'data-testid': failed ? 'task-error' : null }, error),
      h('span.tc-log', { role: 'cell' }, link));
  }
}

/** What a row shows, so an unchanged row is kept as it is. */
const stamp = (task, files) => `${task.state}|${task.endTime}|${task.pid}|${files.get(task.taskId) ?? ''}`;
