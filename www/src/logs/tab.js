// The job page's tabs (www/src/inside/tabs.js) and its Logs tab (docs/api.md §9, §12, §15):
// `&tab=logs` in the URL, `&file=NAME` for a worker's or actor's file (the file picker and "search
// all logs", www/src/inside/files.js). A running job's log is followed with followJobLogs, a
// finished one read with fetchJobLogs; a failed job's last 50 lines go into its failure panel
// without a click. Only Ray's SUBMISSION jobs have logs: a DRIVER job or openYuanrong's frontend
// is UNSUPPORTED (docs/api.md §9), and the tab says why. The Tasks tab is www/src/inside/tasks.js.
import { fetchJobLogs, followJobLogs } from 'jobglass';
import { h } from '../dom.js';
import { lang, num, t } from '../i18n/index.js';
import { applyStyle, parse, PLAIN } from './ansi.js';
import { downloadLog } from './download.js';
import { utf8Length } from './lines.js';
import { LogView, parseAnchor } from './view.js';
import { LogFiles } from '../inside/files.js';
import { PendingReason } from '../inside/pending.js';
import { TasksTab } from '../inside/tasks.js';
import { currentFile, currentTab, tabBar, tabPanel, tabUrl } from '../inside/tabs.js';

/** What the page keeps of a log (the library's maxLogBytes; followed text is capped alike). */
const MAX_LOG_BYTES = 32 * 1024 * 1024;
const FAILURE_LINES = 50;
const RETRY_MS = 5000;


/** Why `job` has no log to show, or null when it has one. */
function noLogs(job) {
  if (job.dialect === 'openyuanrong') {
    return t('logs.none.openyuanrong');
  }
  if (job.type === 'DRIVER') return t('logs.none.driver');
  return null;
}

const one = (n) => n.toLocaleString(lang(), { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const size = (bytes) => (bytes >= 1 << 30 ? `${one(bytes / (1 << 30))} GiB` : bytes >= 1 << 20 ? `${one(bytes / (1 << 20))} MiB`
  : bytes >= 1024 ? `${one(bytes / 1024)} KiB` : `${num(bytes)} B`);

/** Log text as lines of styled spans, for the failure panel's short tail. */
function styledLines(text) {
  const pre = h('pre.failure-log', { 'data-testid': 'failure-log', tabindex: '0', 'aria-label': t('logs.lastLines', { n: num(FAILURE_LINES) }) });
  let state = PLAIN;
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  for (const line of lines) {
    const { segments, end } = parse(line, state);
    state = end;
    for (const seg of segments) {
      const span = h('span', {}, seg.text);
      applyStyle(span, seg.style);
      pre.append(span);
    }
    pre.append('\n');
  }
  return pre;
}

/** One job's log: the view, where it comes from, what the panel says about it. */
class Session {
  constructor(request, job, file) {
    this.request = request;
    this.file = file;
    this.id = job.submissionId ?? request.id;
    this.view = new LogView({ label: file ? t('files.viewLabel', { file }) : t('logs.of', { id: this.id }), maxChars: MAX_LOG_BYTES });
    this.view.setAnchor(parseAnchor(location.hash));
    this.state = h('span.log-state', { 'data-testid': 'log-state' }, t('loading'));
    this.truncated = h('p.log-truncated', { 'data-testid': 'log-truncated', hidden: true });
    this.problem = h('p.log-problem', { role: 'alert', hidden: true });
    // The download reads the driver's `{"logs": …}` answer (download.js); a worker's file is read whole.
    this.downloadButton = file ? null : h('button', { type: 'button', 'data-testid': 'log-download', onclick: () => this.download() }, t('logs.download'));
    this.downloadNote = h('span.log-download-note', { 'aria-live': 'polite' });
    this.panel = h('section.card.logs-panel', { 'aria-label': t('logs.label'), 'data-testid': 'logs-panel' },
      h('div.log-tools', {}, this.view.followButton, this.view.findBar, h('span.log-meta', {}, this.state, ' ', this.downloadButton, this.downloadNote)),
      this.truncated, this.problem, this.view.viewport);
    this.controller = new AbortController();
    this.failures = 0;
    this.start(job);
  }

  stop() {
    this.controller.abort();
    clearTimeout(this.retry);
  }

  /** Reads (a finished job) or follows (a running one) the log from its beginning. */
  async start(job) {
    const { request, view } = this;
    const signal = this.controller.signal;
    const options = { headers: request.headers, maxLogBytes: MAX_LOG_BYTES, signal, ...(this.file ? { file: this.file } : {}) };
    this.following = !job.terminal;
    this.state.textContent = job.terminal ? t('loading') : t('logs.following');
    let received = 0;
    try {
      let logs;
      if (job.terminal) {
        logs = await fetchJobLogs(request.endpoint, request.id, options);
        view.append(logs.text);
      } else {
        logs = await followJobLogs(request.endpoint, request.id, {
          ...options, intervalMs: 2000,
          onText: (text) => { received += utf8Length(text); this.failures = 0; view.append(text); this.#paintTruncated(0); },
        });
      }
      if (signal.aborted) return;
      this.following = false;
      this.complete = logs.complete;
      this.#paintTruncated(job.terminal ? logs.droppedBytes : 0);
      this.state.textContent = t(logs.complete ? 'logs.complete' : 'logs.asFar', { n: num(view.lineCount) });
    } catch (e) {
      if (signal.aborted || e?.code === 'ABORTED') return;
      this.following = false;
      this.#problem(e, received);
    }
  }

  #paintTruncated(libraryDropped) {
    const dropped = libraryDropped + this.view.store.droppedBytes;
    if (!dropped) return;
    this.truncated.hidden = false;
    this.truncated.replaceChildren(
      t('logs.truncated', { dropped: size(dropped), kept: size(MAX_LOG_BYTES) }), ' ',
      this.file ? null : h('button', { type: 'button', onclick: () => this.download() }, t('logs.downloadFull')));
  }

  #problem(e, received) {
    this.problem.hidden = false;
    this.problem.dataset.code = e?.code ?? 'ERROR';
    if (e?.code === 'UNSUPPORTED') {
      this.problem.textContent = t('logs.unsupported');
      this.state.textContent = '';
      return;
    }
    if (e?.code === 'NOT_FOUND') {
      this.problem.textContent = this.file ? t('files.gone') : t('logs.gone');
      return;
    }
    // A passing failure: read again from the start after a pause (what was shown stays meanwhile).
    this.failures++;
    const wait = Math.min(60000, RETRY_MS * 2 ** (this.failures - 1));
    this.problem.replaceChildren(t('logs.failed', { code: e?.code ?? 'ERROR', s: num(Math.round(wait / 1000)) }), ' ', h('q', { lang: 'en' }, String(e?.message ?? e)));
    this.retry = setTimeout(async () => {
      if (this.controller.signal.aborted) return;
      this.problem.hidden = true;
      const view = this.view;
      if (received || view.lineCount) view.reset();
      this.start(this.job ?? { terminal: false });
    }, wait);
  }

  async download() {
    const { request } = this;
    this.downloadButton.disabled = true;
    try {
      const bytes = await downloadLog(request.endpoint, request.id, {
        headers: request.headers,
        progress: (n) => { this.downloadNote.textContent = ` ${size(n)}…`; },
      });
      this.downloadNote.textContent = ` ${t('logs.saved', { size: size(bytes) })}`;
    } catch (e) {
      this.downloadNote.replaceChildren(` ${t('logs.downloadFailed')} `, h('q', { lang: 'en' }, e.message));
    } finally {
      this.downloadButton.disabled = false;
    }
  }
}

/** The Logs tab and the failure panel's log lines for the job page (hooks for main.js). */
export class LogsTab {
  constructor({ repaint }) {
    this.repaint = repaint;
    this.session = null;
    this.tail = null; // {request, endTime, el}
    this.wrapper = null; // the Logs tab's panel, kept in place while the job is shown
    const go = (url, tab) => this.go(url, tab);
    this.tasks = new TasksTab({ go });
    this.files = new LogFiles({ go });
    this.pending = new PendingReason({ repaint });
    window.addEventListener('hashchange', () => this.session?.view.setAnchor(parseAnchor(location.hash)));
  }

  /** Follows a link within the job's tabs: the URL changes, the page is painted again. */
  go(url, tab) {
    history.pushState(null, '', url);
    this.repaint();
    document.getElementById(`tab-${tab}`)?.focus({ preventScroll: true });
    // The same file at another line: only the anchor moves.
    if (tab === 'logs' && location.hash) this.session?.view.setAnchor(parseAnchor(location.hash));
  }

  /** A new view (another job or the same one read again): what was followed stops. */
  reset() {
    this.session?.stop();
    this.session = null;
    this.wrapper = null;
    this.tail?.controller.abort();
    this.tail = null;
    this.tasks.reset();
    this.files.reset();
    this.pending.reset();
  }

  /** Whether the page shows the Logs tab for `shown`. */
  active(shown) {
    return Boolean(shown?.job && shown.request.source === 'job' && currentTab() === 'logs');
  }

  /**
   * What renderJob adds for `shown` ({request, job}): `tabs` (the tab bar), `panel` (the Logs
   * tab's content, in place of the details) and `failureLog` (the failed job's last lines).
   */
  extras(shown) {
    const { request, job } = shown ?? {};
    if (!job || request.source !== 'job' || job.kind === 'devServerJob') return {};
    const why = noLogs(job);
    const tab = currentTab();
    const tabs = h('div.job-tabs', {}, this.pending.element(shown), tabBar(tab, (url, to) => this.go(url, to), {
      logs: why, tasks: job.dialect === 'openyuanrong' ? t('tasks.oyr') : null,
    }));
    const extras = { tabs, failureLog: why ? null : this.#failureLog(request, job) };
    if (tab === 'details') return { ...extras, detailsPanel: (parts) => tabPanel('details', parts) };
    if (tab === 'tasks') {
      // openYuanrong's job API has no tasks (docs/api.md §15): said plainly, nothing asked.
      if (job.dialect === 'openyuanrong') return { ...extras, panel: tabPanel('tasks', h('p.card.log-problem', { 'data-testid': 'tasks-unsupported' }, t('tasks.oyr'))) };
      return { ...extras, panel: this.tasks.panel(shown) };
    }
    if (why) return { ...extras, panel: tabPanel('logs', h('section.card.logs-panel', { 'aria-label': t('logs.label') }, h('p.log-problem', { 'data-testid': 'log-unsupported' }, why))) };
    const file = currentFile();
    if (this.session?.request !== request || this.session.file !== file) {
      this.session?.stop();
      this.session = new Session(request, job, file);
    }
    const session = this.session;
    session.job = job;
    // A job seen running after its log was read as finished (a new attempt) is read again.
    if (!job.terminal && !session.following && session.complete === false) {
      session.view.reset();
      session.start(job);
    }
    if (this.wrapper?.request !== request) this.wrapper = { request, el: tabPanel('logs') };
    const bar = this.files.bar(request, file);
    const { el } = this.wrapper;
    if (el.firstChild !== bar || el.lastChild !== session.panel) {
      el.replaceChildren(bar, session.panel);
      if (el.isConnected) session.view.render();
    }
    return { ...extras, panel: el };
  }

  /** The last 50 lines of a failed job, read once per job and end time. */
  #failureLog(request, job) {
    if (job.status !== 'FAILED') return null;
    const tail = this.tail;
    if (tail?.request === request && tail.endTime === job.endTime) return tail.el;
    tail?.controller.abort();
    const controller = new AbortController();
    const el = h('div.failure-tail', { 'data-testid': 'failure-tail' },
      h('h3', {}, t('logs.lastLines', { n: num(FAILURE_LINES) }), ' ', h('a', { href: tabUrl('logs', { file: null }), 'data-testid': 'failure-log-open' }, t('logs.openFull'))),
      h('p.loading', {}, t('logs.reading')));
    this.tail = { request, endTime: job.endTime, el, controller };
    fetchJobLogs(request.endpoint, request.id, { headers: request.headers, tailLines: FAILURE_LINES, signal: controller.signal })
      .then((logs) => {
        el.lastChild.replaceWith(logs.text ? h('div.failure-log-box', {}, styledLines(logs.text)) : h('p.none', {}, t('logs.empty')));
      })
      .catch((e) => {
        if (controller.signal.aborted) return;
        el.lastChild.replaceWith(h('p.none', { 'data-code': e?.code ?? '' }, t('logs.unreadable', { code: e?.code ?? 'ERROR' })));
        // Without the log, the server's message is the failure's text: it opens (render.js).
        el.dataset.state = 'unreadable';
        const message = el.closest('.failure')?.querySelector('[data-testid=failure-message]');
        if (message) message.open = true;
      });
    return el;
  }

  /**
   * Replaces `view`'s children with `parts`, leaving the log view attached where it already is:
   * a view taken out of the page loses its scroll position and the user's place in the log.
   */
  place(view, parts) {
    const panel = this.wrapper?.el;
    const at = panel ? parts.indexOf(panel) : -1;
    if (at < 0 || panel.parentNode !== view) {
      view.replaceChildren(...parts);
      if (at >= 0) this.session?.view.render();
      return;
    }
    for (const child of [...view.childNodes]) if (child !== panel) child.remove();
    panel.before(...parts.slice(0, at));
    panel.after(...parts.slice(at + 1));
  }
}
