// The job details page: samples offline, live endpoints, state in the URL so a view can be
// shared and reloaded. Served by the console (worker/), it reads the console's clusters, for the
// user signed in to it (console.js); on plain static hosting it reads the endpoints in its URL.
import { fetchDevServerJob, fetchJob, isRetryable, parseDevServerJob, parseJob } from 'jobglass';
import { Actions, deletedCard } from './actions.js';
import { clusterNamed, clusterRequest, consoleState, detectConsole } from './console.js';
import { consoleFromForm, consoleFromUrl, noSuchClusterCard, pickerOptions } from './console-view.js';
import { originOf, remember, rememberedFor } from './credentials.js';
import { h } from './dom.js';
import { lang, languageSwitch, num, t, translateDom } from './i18n/index.js';
import { allowedByPolicy, blockedError, errorPanel, readPolicy } from './errors.js';
import { setUtc, usesUtc } from './format.js';
import { Live } from './live.js';
import { LogsTab } from './logs/tab.js';
import { historyJob, historyNote } from './history.js';
import { bell, favicon, jobScope, jobSeen, watching } from './notify.js';
import { ListView, listFromUrl, listToUrl } from './list/view.js';
import { renderDevServerJob, renderJob, statusLabel, tick } from './render.js';
import { sessionLine, signInCard } from './signin.js';


translateDom(document);
document.getElementById('prefs').append(languageSwitch(h));
const view = document.getElementById('view');
const notice = document.getElementById('notice');
const form = document.getElementById('source-form');
const zone = document.getElementById('zone');
const announce = document.getElementById('announce');
// The samples are static files; a server without them (a console built without them) shows none.
const samples = await fetch('/samples/index.json').then((r) => (r.ok ? r.json() : [])).catch(() => []);
await detectConsole();
// Outside the console the page may be asked for other origins: its policy says which it may call.
if (!consoleState.on) await readPolicy();
/**
 * The page's one piece of changing state, kept together: what it shows (`shown`: the request,
 * the job, its raw text, when it was read), which `show` is current (`generation`: answers for a
 * view the user has left are dropped), and the origin the form's token and header fields were
 * typed for (`typedFor`).
 */
const page = { shown: null, generation: 0, typedFor: undefined };

// ---- the form and the URL ----

// Each sample's label in the page's language where index.json has one.
for (const s of samples) form.sample.append(h('option', { value: s.name }, s.labels?.[lang()] ?? s.label));

function showFields() {
  // In the console the cluster picker stands for source, endpoint and credentials.
  const source = consoleState.on ? 'console' : form.source.value;
  for (const label of form.querySelectorAll('[data-for]')) {
    const visible = label.dataset.for.split(' ').includes(source);
    label.hidden = !visible;
    for (const input of label.querySelectorAll('input, select')) input.disabled = !visible;
  }
}
/**
 * Points the token and header fields at the origin `endpoint` reaches: what was typed for another
 * origin is cleared, and the token remembered for this one (only this one) is filled in.
 */
function credentialsFor(endpoint) {
  const origin = originOf(endpoint);
  if (origin === page.typedFor) return;
  page.typedFor = origin;
  form.token.value = rememberedFor(origin);
  form.remember.checked = Boolean(form.token.value);
  form.header.value = '';
}

form.source.addEventListener('change', () => {
  credentialsFor(form.endpoint.value.trim());
  showFields();
});
form.endpoint.addEventListener('change', () => credentialsFor(form.endpoint.value.trim()));

/**
 * The request the URL describes: in the console its URLs (console-view.js), the jobs list for
 * `view=list`, a job, otherwise a sample.
 */
function fromUrl() {
  const q = new URLSearchParams(location.search);
  const inConsole = consoleState.on && consoleFromUrl(q);
  if (inConsole) return inConsole;
  if (q.get('view') === 'list') return listFromUrl(q);
  const source = q.get('source') ?? (q.has('sample') ? 'sample' : null);
  if (source === 'job' || source === 'devserver') {
    return { source, endpoint: q.get('endpoint') ?? '', id: q.get('id') ?? '', project: q.get('project') ?? '' };
  }
  return { source: 'sample', sample: q.get('sample') ?? samples[0]?.name };
}

function toUrl(request) {
  if (request.view === 'list') return listToUrl(request);
  if (request.cluster) return `?${new URLSearchParams({ cluster: request.cluster, id: request.id })}`;
  const q = request.source === 'sample'
    ? { sample: request.sample }
    : { source: request.source, endpoint: request.endpoint, ...(request.source === 'devserver' ? { project: request.project } : {}), id: request.id };
  return `?${new URLSearchParams(q)}`;
}

function fillForm(request) {
  if (consoleState.on && request.cluster) {
    form.cluster.value = request.cluster;
    form.id.value = request.id ?? '';
    showFields();
    return;
  }
  form.source.value = request.source;
  if (request.source === 'sample') form.sample.value = request.sample;
  else {
    form.endpoint.value = request.endpoint;
    form.id.value = request.id ?? '';
    form.project.value = request.project ?? '';
    credentialsFor(request.endpoint);
  }
  showFields();
}

function readForm() {
  if (consoleState.on) return consoleFromForm(form.cluster.value, form.id.value.trim());
  const source = form.source.value;
  if (source === 'sample') return { source, sample: form.sample.value };
  // No job id: the list of that server's (or project's) jobs.
  if (!form.id.value.trim()) {
    return listFromUrl(new URLSearchParams({ source, endpoint: form.endpoint.value.trim(), project: form.project.value.trim() }));
  }
  return {
    source,
    endpoint: form.endpoint.value.trim(),
    id: form.id.value.trim(),
    project: form.project.value.trim(),
  };
}

/**
 * Secrets live only in the form (and storage, when the user asks), never in the URL, and go only
 * to the origin they were typed for.
 */
function secrets(request) {
  // The console adds each cluster's own credentials; the page holds none.
  if (request.cluster || originOf(request.endpoint) !== page.typedFor) return { headers: {}, token: '' };
  const headers = {};
  const header = /^\s*([^:\s]+)\s*:\s*(.+?)\s*$/.exec(form.header.value);
  if (header) headers[header[1]] = header[2];
  return { headers, token: form.token.value.trim() };
}

form.addEventListener('submit', (event) => {
  event.preventDefault();
  const request = readForm();
  if (request.source !== 'sample' && !request.cluster) {
    credentialsFor(request.endpoint);
    // Stored only when the user asks, bound to its origin; otherwise it lives in the field alone.
    remember(page.typedFor, form.token.value.trim(), form.remember.checked);
  }
  history.pushState(null, '', toUrl(request));
  show(request);
});
window.addEventListener('popstate', () => { const r = fromUrl(); fillForm(r); show(r, { fromLink: true }); });

// ---- times ----

function paintZone() {
  zone.textContent = usesUtc() ? t('zone.utc') : t('zone.local');
  zone.setAttribute('aria-pressed', String(usesUtc()));
}
zone.addEventListener('click', () => { setUtc(!usesUtc()); paintZone(); if (page.shown) paint(); });
paintZone();
setInterval(() => { tick(view); paintUpdated(); }, 1000);

// ---- showing a job ----

const live = new Live({
  onJob: (job) => {
    // A screen reader hears a live job's status when it changes, not every refresh.
    const before = page.shown?.job?.status;
    if (page.shown && before && before !== job.status) announce.textContent = t('live.statusChanged', { status: statusLabel(job.status) });
    if (page.shown) { page.shown.job = job; page.shown.raw = null; page.shown.updated = Date.now(); page.shown.error = null; paint(); } },
  onError: (e) => {
    if (!page.shown) return;
    page.shown.error = e;
    // In the console a 401 is the console's: the session ended (sessionEnded decides what shows).
    if (e.code === 'UNAUTHORIZED' && page.shown.request.cluster) sessionEnded(); else paint();
  },
  onState: (state, on) => { if (page.shown) { page.shown.state = state; page.shown.live = on; paintStatus(); } },
});

// Stop and delete (actions.js): a stop is followed by the live watch, a deleted job's page goes.
const actions = new Actions({
  repaint: () => { if (page.shown) paint(); },
  watch: () => { if (!live.enabled) live.setEnabled(true); },
  refresh: () => refresh(),
  sessionChanged: () => paintConsole(),
  // Back to the list, as the user left it when the job came from there, and read afresh: the
  // deleted job is gone from it. A notice above the list says which job went.
  deleted: (request, job) => {
    if (page.shown?.request !== request) return;
    const from = list.request;
    const cameFrom = from && (from.cluster === '*' ? Boolean(request.cluster) : from.source === 'job' && from.endpoint === request.endpoint);
    const back = cameFrom ? { ...from }
      : request.cluster ? { ...listFromUrl(new URLSearchParams()), ...clusterRequest(request.cluster) }
        : listFromUrl(new URLSearchParams({ source: 'job', endpoint: request.endpoint }));
    history.pushState(null, '', toUrl(back));
    fillForm(back);
    show(back);
    list.refresh();
    notice.replaceChildren(deletedCard(request, job));
  },
});

// The Logs tab and the failed job's last log lines (logs/tab.js).
const logs = new LogsTab({ repaint: () => { if (page.shown) paint(); } });

function statusLine() {
  const s = page.shown;
  if (!s || s.request.source === 'sample') return null;
  const terminal = s.job?.terminal;
  return h('div.status', { 'data-testid': 'live-status' },
    h(`span.dot${s.live ? '.on' : ''}`, { 'aria-hidden': 'true' }),
    h('span', { 'data-testid': 'live-state' }, s.live ? t('live.on') : (s.state ? t(s.state.key, s.state.vars) : t('live.off'))),
    h('span.updated', { 'data-updated': s.updated ?? '' }, ''),
    terminal ? null : h('label.check', {}, h('input', {
      type: 'checkbox', 'data-testid': 'live-toggle', checked: live.enabled ? true : null,
      onchange: (ev) => live.setEnabled(ev.target.checked),
    }), ' ', t('live.every', { s: num(2) })),
    h('button', { type: 'button', onclick: () => refresh() }, t('live.refreshNow')),
    bell(jobScope(whereOf(s.request), s.request.id), 'job', () => page.shown?.job?.status, () => { if (page.shown) watchJob(page.shown); }));
}

/** Where a job is read from, as the bell and its notification name it: its cluster or endpoint. */
const whereOf = (request) => request.cluster ?? request.endpoint;

/** A watched job's state to the bell (one notification when it ends) and to the tab's icon. */
function watchJob(s) {
  if (!s.job || s.history || s.request.source === 'sample') { favicon(null); return; }
  const id = s.request.id;
  const scope = jobScope(whereOf(s.request), id);
  jobSeen(scope, id, whereOf(s.request), s.job.status);
  favicon(watching(scope) ? s.job.status : null);
}

function paintUpdated() {
  const el = view.querySelector('.updated');
  if (el && el.dataset.updated) el.textContent = ` · ${t('live.updatedAgo', { s: num(Math.max(0, Math.round((Date.now() - Number(el.dataset.updated)) / 1000))) })}`;
}

function paintStatus() {
  const old = view.querySelector('.status');
  const line = statusLine();
  if (old && line) old.replaceWith(line);
  paintUpdated();
}

function paint() {
  const s = page.shown;
  const parts = [s.history ? historyNote(s.history) : statusLine()];
  if (s.error) parts.push(errorPanel(s.error, s.request, { stale: Boolean(s.job) }));
  if (s.job) parts.push(...(s.job.kind === 'devServerJob' ? renderDevServerJob(s.job, s.raw) : renderJob(s.job, s.raw, logs.extras(s))));
  logs.place(view, parts.flat().filter(Boolean));
  actions.decorate(view, s);
  document.title = s.job ? `${s.job.submissionId ?? s.job.jobId ?? s.job.id} · ${s.job.status} | jobglass` : 'jobglass';
  watchJob(s);
  tick(view);
  paintUpdated();
}

async function refresh() {
  if (!page.shown) return;
  const { request } = page.shown;
  try {
    const job = request.source === 'devserver'
      ? await fetchDevServerJob(request.endpoint, request.project, request.id, { authToken: request.token || undefined })
      : await fetchJob(request.endpoint, request.id, { headers: request.headers });
    if (page.shown?.request !== request) return;
    Object.assign(page.shown, { job, raw: null, error: null, updated: Date.now() });
  } catch (e) {
    if (page.shown?.request !== request) return;
    // A job its cluster has forgotten may still be in the console's history: its last known state.
    if (e.code === 'NOT_FOUND' && request.cluster && consoleState.on) {
      const past = await historyJob(request.cluster, request.id, request.source === 'devserver');
      if (page.shown?.request !== request) return;
      if (past) {
        Object.assign(page.shown, { job: past.job, raw: past.raw, history: past.entry, error: null, updated: null });
        paint();
        return;
      }
    }
    page.shown.error = e;
    if (e.code === 'UNAUTHORIZED' && request.cluster) { sessionEnded(); return; }
  }
  paint();
}

/**
 * A link (not the user's own submit) that would send credentials to another origin than the
 * page's asks first, naming that origin.
 */
function askFirst(request, origin, generation) {
  const what = request.token ? t('link.what.token') : t('link.what.header');
  view.replaceChildren(h('section.card.confirm', { role: 'alert', 'data-testid': 'link-confirm', 'data-origin': origin },
    h('h2', {}, t('link.title', { origin })),
    h('p', {}, t('link.reads'), ' ', h('code', {}, request.id), ' ', t('link.from'), ' ', h('code', {}, origin),
      t('link.notOwn', { what })),
    h('p.actions', {},
      h('button', { type: 'button', 'data-testid': 'link-send', onclick: () => load(request, generation) }, t('link.send', { origin })),
      h('button', { type: 'button', 'data-testid': 'link-send-without', onclick: () => load({ ...request, token: '', headers: {} }, generation) },
        t('link.without')))));
}

const list = new ListView(document.getElementById('list-root'), {
  openJob: (request) => { fillForm(request); show(request); },
  engine: new URLSearchParams(location.search).get('engine') === 'js' ? 'js' : 'wasm',
  // In the console, a row opens its cluster's job; `?cluster=NAME&id=…` is its address.
  jobRequest: (cluster, id) => clusterRequest(cluster, { id }),
  jobUrl: (request) => toUrl(request),
  onUnauthorized: () => sessionEnded(),
});

// ---- the console: clusters, sign-in, who is signed in ----

function paintConsole() {
  form.classList.toggle('in-console', consoleState.on);
  if (!consoleState.on) return;
  const chosen = form.cluster.value;
  form.cluster.replaceChildren(...pickerOptions());
  if (chosen && [...form.cluster.options].some((o) => o.value === chosen)) form.cluster.value = chosen;
  document.getElementById('session').replaceChildren(...sessionLine(() => signedInAgain()));
  showFields();
}

// Picking a cluster shows its jobs (or every cluster's).
form.cluster.addEventListener('change', () => {
  form.id.value = '';
  form.requestSubmit();
});

/** Reads who is signed in again, and shows the URL's view, or the sign-in form. */
async function signedInAgain() {
  list.forget();
  await detectConsole();
// Outside the console the page may be asked for other origins: its policy says which it may call.
if (!consoleState.on) await readPolicy();
  paintConsole();
  const r = fromUrl();
  fillForm(r);
  show(r);
}

/** A request the console answered 401: the session has ended (expired, signed out elsewhere). */
async function sessionEnded() {
  await detectConsole();
// Outside the console the page may be asked for other origins: its policy says which it may call.
if (!consoleState.on) await readPolicy();
  paintConsole();
  if (!consoleState.session) show(fromUrl());
  else if (page.shown) paint();
}

function showSignIn() {
  view.hidden = false;
  list.hide();
  view.replaceChildren(signInCard(() => signedInAgain()));
  document.title = `${t('signin.tab')} | jobglass`;
}

async function show(request, { fromLink = false } = {}) {
  const generation = ++page.generation;
  notice.replaceChildren();
  announce.textContent = '';
  live.stop();
  logs.reset();
  page.shown = null;
  favicon(null);
  if (consoleState.on && !consoleState.session) { showSignIn(); return; }
  if (request.cluster && request.cluster !== '*' && !clusterNamed(request.cluster)) {
    view.hidden = false;
    list.hide();
    view.replaceChildren(noSuchClusterCard(request.cluster));
    return;
  }
  view.hidden = request.view === 'list';
  if (request.view === 'list') {
    view.replaceChildren();
    list.show({ ...request, ...secrets(request) });
    return;
  }
  list.hide();
  view.replaceChildren(h('p.loading', { 'aria-busy': 'true' }, t('loading')));
  if (request.source === 'sample') {
    const sample = samples.find((s) => s.name === request.sample) ?? samples[0];
    const raw = await (await fetch(`/samples/${sample.name}.json`)).text();
    if (generation !== page.generation) return;
    const job = sample.kind === 'devserver' ? parseDevServerJob(raw) : parseJob(raw);
    page.shown = { request, job, raw, updated: null };
    paint();
    return;
  }
  Object.assign(request, secrets(request));
  const origin = originOf(request.endpoint);
  const carries = Boolean(request.token) || Object.keys(request.headers).length > 0;
  if (fromLink && carries && origin !== location.origin) {
    askFirst(request, origin, generation);
    return;
  }
  await load(request, generation);
}

async function load(request, generation) {
  if (generation !== page.generation) return;
  page.shown = { request, job: null, raw: null, updated: null, error: null };
  // An endpoint the page's own policy forbids is said before any request, and never retried.
  if (!allowedByPolicy(request.endpoint)) {
    page.shown.error = blockedError(request.endpoint);
    paint();
    return;
  }
  await refresh();
  if (generation !== page.generation || !page.shown) return;
  // A job that could not be read for a passing reason is retried by the live loop, with backoff.
  const passing = isRetryable(page.shown.error);
  if (page.shown.history) return;
  if (page.shown.job || passing) live.follow(request, page.shown.job);
  else paint();
}

document.getElementById('engine').textContent = consoleState.on ? t('foot.clusters', { n: num(consoleState.clusters.length) }) : t('foot.samples', { n: num(samples.length) });
paintConsole();
const first = fromUrl();
fillForm(first);
show(first, { fromLink: true });
