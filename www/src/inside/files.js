// The Logs tab's file picker and "search all logs" (docs/page.md "Tabs"): the job's log files
// from listJobLogFiles (driver first, then actors' and workers' `.out`/`.err`), `&file=NAME` in the
// URL; searchJobLogs over all of them at once, each file's matches shown as soon as it is read,
// its progress, cancel, and each match linking to its file and line (`&file=NAME#L12`). Where the server has no state API (the library
// says UNSUPPORTED), the bar says only the driver's log can be read, and why.
import { listJobLogFiles, searchJobLogs } from 'jobglass';
import { h } from '../dom.js';
import { num, t } from '../i18n/index.js';
import { tabUrl } from './tabs.js';

const MAX_MATCHES = 1000;

/** How the picker names a file: its kind, pid and Ray's own name (the part after the node id). */
export function fileLabel(f) {
  if (f.kind === 'driver') return t('files.driver');
  const own = f.name.slice(f.name.indexOf('.') + 1);
  return t(f.kind === 'actor' ? 'files.actor' : 'files.worker', { pid: f.pid ?? '?', name: own });
}

export class LogFiles {
  /** `go(url, tab)` follows a link in the page. */
  constructor({ go }) {
    this.go = go;
    this.state = null;
  }

  reset() {
    this.state?.controller.abort();
    this.state?.search?.abort();
    this.state = null;
  }

  /** The bar for `request`, its picker showing `file` (null: the driver's). */
  bar(request, file) {
    if (this.state?.request !== request) {
      this.reset();
      this.state = this.#build(request);
    }
    this.state.file = file ?? 'driver';
    this.#fillPicker();
    return this.state.el;
  }

  #build(request) {
    const s = { request, controller: new AbortController(), files: null };
    s.picker = h('select', { 'data-testid': 'log-file-picker', 'aria-label': t('files.pick'), onchange: () => this.go(tabUrl('logs', { file: s.picker.value }), 'logs') },
      h('option', { value: 'driver' }, t('files.driver')));
    s.note = h('span.log-files-note', { 'aria-live': 'polite' }, t('files.loading'));
    s.query = h('input', { type: 'search', 'data-testid': 'log-search-all', 'aria-label': t('search.label'), placeholder: t('search.placeholder'), maxlength: '1000' });
    s.regex = h('input', { type: 'checkbox', 'data-testid': 'log-search-regex' });
    s.go = h('button', { type: 'submit', 'data-testid': 'log-search-go' }, t('search.go'));
    s.cancel = h('button', { type: 'button', 'data-testid': 'log-search-cancel', hidden: true, onclick: () => s.search?.abort() }, t('search.cancel'));
    s.progress = h('span.log-search-progress', { 'data-testid': 'log-search-progress', role: 'status', 'aria-live': 'polite' });
    s.results = h('ol.log-search-results', { 'data-testid': 'log-search-results', 'aria-label': t('search.results') });
    s.form = h('form.log-search', { role: 'search', onsubmit: (e) => { e.preventDefault(); this.#search(); } },
      s.query, h('label.check', {}, s.regex, ' ', t('search.regex')), s.go, s.cancel, s.progress);
    s.el = h('div.log-files', {},
      h('div.log-files-row', {}, h('label', {}, t('files.label'), ' ', s.picker), s.note),
      s.form, s.results);
    listJobLogFiles(request.endpoint, request.id, { headers: request.headers, signal: s.controller.signal })
      .then((files) => {
        if (s !== this.state) return;
        s.files = files;
        s.note.textContent = t('files.count', { count: num(files.length) });
        this.#fillPicker();
      })
      .catch((e) => {
        if (s !== this.state || e?.code === 'ABORTED') return;
        s.note.dataset.code = e?.code ?? 'ERROR';
        if (e?.code === 'UNSUPPORTED') {
          s.note.setAttribute('data-testid', 'log-files-unsupported');
          s.note.textContent = t('files.unsupported', { why: e.message });
          s.query.disabled = true;
          s.go.disabled = true;
        } else {
          s.note.textContent = t('files.failed', { code: e?.code ?? 'ERROR', message: e?.message ?? String(e) });
        }
      });
    return s;
  }

  #fillPicker() {
    const s = this.state;
    const files = s.files ?? [{ name: 'driver', kind: 'driver' }];
    // A name from the URL that the listing does not (yet) have is still offered, so it shows.
    const names = files.map((f) => f.name);
    const extra = names.includes(s.file) ? [] : [{ name: s.file, kind: 'worker', pid: null }];
    s.picker.replaceChildren(...[...files, ...extra].map((f) => h('option', { value: f.name, 'data-kind': f.kind }, fileLabel(f))));
    s.picker.value = s.file;
  }

  async #search() {
    const s = this.state;
    const text = s.query.value;
    if (!text.trim()) return;
    s.search?.abort();
    const search = new AbortController();
    s.search = search;
    s.results.replaceChildren();
    s.cancel.hidden = false;
    s.progress.textContent = t('search.starting');
    delete s.progress.dataset.done;
    const query = s.regex.checked ? { regex: text } : text;
    try {
      const found = await searchJobLogs(s.request.endpoint, s.request.id, query, {
        headers: s.request.headers, signal: search.signal, maxMatches: MAX_MATCHES,
        onProgress: (p) => {
          if (s.search !== search) return;
          s.progress.textContent = t('search.progress', { read: num(p.filesRead), files: num(p.files), bytes: num(p.bytesRead) });
        },
        // Each file's lines as soon as it is read; the final list below puts them in file order.
        onMatches: (matches) => {
          if (s.search === search) s.results.append(...matches.map((m) => this.#result(m)));
        },
      });
      if (s.search !== search) return;
      s.results.replaceChildren(...found.matches.map((m) => this.#result(m)));
      s.progress.textContent = t(found.truncated ? 'search.doneTruncated' : found.complete ? 'search.done' : 'search.doneIncomplete',
        { matches: num(found.matches.length), files: num(found.filesRead), bytes: num(found.bytesRead) });
      s.progress.dataset.done = String(found.matches.length);
    } catch (e) {
      if (s.search !== search) return;
      s.progress.textContent = e?.code === 'ABORTED' ? t('search.cancelled') : t('search.failed', { code: e?.code ?? 'ERROR', message: e?.message ?? String(e) });
      s.progress.dataset.done = e?.code ?? 'ERROR';
    } finally {
      if (s.search === search) s.cancel.hidden = true;
    }
  }

  #result(m) {
    const files = this.state.files ?? [];
    const f = files.find((x) => x.name === m.file) ?? { name: m.file, kind: 'worker' };
    const href = tabUrl('logs', { file: m.file, line: m.line });
    return h('li', {}, h('a.log-search-result', {
      href, 'data-testid': 'log-search-result', 'data-file': m.file, 'data-line': String(m.line),
      onclick: (e) => {
        if (e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
        e.preventDefault();
        this.go(href, 'logs');
      },
    }, h('span.log-search-where', {}, t('search.where', { file: fileLabel(f), line: num(m.line) })), ' ', h('code', {}, m.text)));
  }
}
