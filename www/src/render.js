// Job and DevServerJob → DOM. The failure comes first; every field a dashboard needs is shown
// with an em dash when unknown, and long text stays selectable and copyable.
import { copyButton, field, h } from './dom.js';
import { absolute, duration, relative } from './format.js';
import { num, t } from './i18n/index.js';

const STATUS = {
  PENDING: { icon: '◷', tone: 'pending', label: 'status.PENDING' },
  RUNNING: { icon: '▶', tone: 'running', label: 'status.RUNNING' },
  SUCCEEDED: { icon: '✔', tone: 'ok', label: 'status.SUCCEEDED' },
  FAILED: { icon: '✖', tone: 'bad', label: 'status.FAILED' },
  STOPPED: { icon: '■', tone: 'stopped', label: 'status.STOPPED' },
  SKIPPED: { icon: '↷', tone: 'stopped', label: 'status.SKIPPED' },
  UNKNOWN: { icon: '?', tone: 'unknown', label: 'status.UNKNOWN' },
};

/** A status in the page's words. */
export const statusLabel = (status) => t((STATUS[status] ?? STATUS.UNKNOWN).label);

/**
 * An error code or type (`JOB_ENTRYPOINT_COMMAND_ERROR`) that may wrap only after its
 * underscores, never in the middle of a word.
 */
export function codeText(text) {
  const parts = String(text).split(/(?<=_)/);
  return parts.flatMap((p, i) => (i ? [h('wbr'), p] : [p]));
}

/** Colour, icon shape and word: colour is never the only cue. */
export function badge(status, testid) {
  const s = STATUS[status] ?? STATUS.UNKNOWN;
  return h(`span.badge.${s.tone}`, { 'data-testid': testid, 'data-status': status },
    h('span.icon', { 'aria-hidden': 'true' }, s.icon), t(s.label));
}

/** A `<time>` with the absolute time, the relative one beside it, ISO on hover. */
export function time(ms, testid) {
  if (ms === null) return h('span.none', { 'data-testid': testid }, '—');
  const iso = new Date(ms).toISOString();
  return h('span.when', {},
    h('time', { datetime: iso, title: iso, 'data-testid': testid }, absolute(ms)),
    h('span.rel', { 'data-rel': ms }, ` (${relative(ms)})`));
}

function durationOf(job, startKey, endKey) {
  const start = job[startKey];
  if (start === null) return h('span.none', { 'data-testid': 'job-duration' }, '—');
  const end = job[endKey];
  const live = end === null && !job.terminal;
  if (end === null && !live) return h('span.none', { 'data-testid': 'job-duration' }, '—');
  return h('span', { 'data-testid': 'job-duration', 'data-start': start, 'data-live': live ? 'true' : null },
    duration((end ?? Date.now()) - start));
}

function mono(text, testid) {
  return text === null ? null : h('code.mono', { 'data-testid': testid }, text);
}

function table(headers, rows, empty) {
  if (!rows.length) return h('p.none', {}, empty);
  // A wide table becomes one block per row on a phone, each cell labelled with its column.
  const stacked = headers.length > 2;
  if (stacked) {
    for (const row of rows) {
      [...row.children].forEach((cell, i) => {
        cell.setAttribute('data-label', headers[i]);
        cell.append(h('div', {}, [...cell.childNodes]));
      });
    }
  }
  return h('div.scroll', {}, h(stacked ? 'table.stack' : 'table', {},
    h('thead', {}, h('tr', {}, headers.map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, rows)));
}

function kvTable(map, empty) {
  return table([t('job.key'), t('job.value')], Object.entries(map).map(([k, v]) => h('tr', {}, h('td', {}, h('code', {}, k)), h('td', {}, h('code.wrap', {}, v)))), empty);
}

function section(title, ...body) {
  return h('section.card', { 'aria-label': title }, h('h2', {}, title), ...body);
}

function warnings(list) {
  if (!list.length) return null;
  return h('section.card.warn', { 'aria-label': t('job.warnings.label') },
    h('h2', {}, t('job.warnings', { n: num(list.length) })),
    h('p.hint', {}, t('job.warnings.hint')),
    // The library's own sentences (English), its `field` names shown as code, not as backticks.
    h('ul', {}, list.map((w) => h('li', { 'data-testid': 'warning', lang: 'en' },
      w.split(/`([^`]*)`/).map((part, i) => (i % 2 ? h('code', {}, part) : part))))));
}

function rawView(label, normalized, raw) {
  const text = JSON.stringify(normalized, null, 2);
  return h('details.card.raw', {},
    h('summary', {}, label),
    h('div.rawgrid', {},
      h('div', {}, h('h3', {}, t('job.raw.normalized'), ' ', copyButton(text, t('job.raw.normalizedJson'))), h('pre', {}, text)),
      raw === null ? null : h('div', {}, h('h3', {}, t('job.raw.sent')), h('pre', {}, raw))));
}

function header(kind, id, status, sub) {
  return h('div.head', {},
    h('div.title', {},
      h('p.kind', {}, kind),
      h('h1', {}, h('span', { 'data-testid': 'job-id' }, id ?? '—'), id ? copyButton(id, t('copy.what.id')) : null),
      sub),
    h('div.state', {}, badge(status, 'job-status')));
}

/** The failure panel: what went wrong, before anything else. */
function failure(exitCode, errorType, message, log) {
  return h('section.card.failure', { 'aria-label': t('job.failure.label') },
    h('h2', {}, t('job.failure')),
    h('dl.grid', {},
      field(t('job.exitCode'), exitCode === null ? null : h('strong', {}, String(exitCode))),
      field(t('job.errorType'), errorType === null ? null : h('pre.hot.code', { translate: 'no' }, codeText(errorType)))),
    log ?? null,
    // The server's message stays in sight: the log above may not be readable (logs/tab.js opens
    // it again then), and a collapsed panel would leave the failure without its text.
    message ? messageBlock(message, { open: !log || log.dataset.state === 'unreadable', failure: true }) : null);
}

/**
 * The job's message with its copy button. Its heading is the card's own (`Message`) where it has
 * a card; in the failure panel it is a collapsible block titled as Ray's last logs. The copy
 * button sits beside the summary, not inside it: a button within a summary is a control nested
 * in a control.
 */
function messageBlock(message, { open, failure: inFailure }) {
  const pre = h('pre', { 'data-testid': 'job-message' }, message);
  if (!inFailure) return h('div.message', {}, h('div.actions', {}, copyButton(message, t('copy.what.message'))), pre);
  return h('div.message', {},
    h('details.logs', { open: open ? true : null, 'data-testid': 'failure-message' },
      h('summary', {}, t('job.message')), pre),
    h('div.actions', {}, copyButton(message, t('copy.what.message'))));
}

/**
 * One openYuanrong or Ray job. `extras` (logs/tab.js): `tabs` after the header, `panel` (the Tasks
 * or Logs tab) in place of the details, `detailsPanel` (wraps the details as the Details tab's
 * panel), `failureLog` (the last log lines) in the failure panel.
 */
export function renderJob(job, raw, extras = {}) {
  const failed = job.status === 'FAILED' || (job.status === 'STOPPED' && job.errorType);
  const dialect = job.dialect === 'openyuanrong' ? 'openYuanrong' : 'Ray';
  const env = job.runtimeEnv;
  const envText = JSON.stringify(env, null, 2);
  const exit = h('span', { 'data-testid': 'job-exit-code', class: job.driverExitCode ? 'hot' : null },
    job.driverExitCode === null ? '—' : String(job.driverExitCode));
  const error = h('span', { 'data-testid': 'job-error', class: job.errorType ? 'hot code' : null, translate: 'no' }, job.errorType ? codeText(job.errorType) : '—');
  const top = [
    header(t('job.kind', { dialect, type: job.type }), job.submissionId ?? job.jobId, job.status,
      job.submissionId && job.jobId ? h('p.sub', {}, t('job.rayJobId'), ' ', h('code', {}, job.jobId)) : null),
    extras.tabs ?? null,
  ];
  if (extras.panel) return [...top, extras.panel];
  const details = [
    failed ? failure(job.driverExitCode, job.errorType, job.message, extras.failureLog) : null,
    warnings(job.warnings),
    section(t('job.overview'), h('dl.grid', {},
      field(t('job.entrypoint'), mono(job.entrypoint, 'job-entrypoint'), job.entrypoint ? copyButton(job.entrypoint, t('copy.what.entrypoint')) : null),
      field(t('job.started'), time(job.startTime, 'job-start')),
      field(t('job.ended'), time(job.endTime, 'job-end')),
      field(t('job.duration'), durationOf(job, 'startTime', 'endTime')),
      field(t('job.exitCode'), exit),
      field(t('job.errorType'), error),
      field(t('job.submissionId'), mono(job.submissionId)),
      field(t('job.jobId'), mono(job.jobId)),
      field(t('job.statusAsSent'), mono(job.rawStatus === null ? null : JSON.stringify(job.rawStatus))))),
    !failed && job.message ? section(t('job.message'), messageBlock(job.message, { failure: false })) : null,
    section(t('job.driver'), h('dl.grid', {},
      field(t('job.driverId'), mono(job.driver?.id ?? null)),
      field(t('job.nodeIp'), mono(job.driver?.nodeIpAddress ?? null)),
      field(t('job.pid'), mono(job.driver?.pid === null || job.driver === null ? null : String(job.driver.pid))),
      field(t('job.nodeId'), mono(job.driverNodeId)),
      field(t('job.agentAddress'), mono(job.driverAgentHttpAddress)))),
    section(t('job.metadata'), kvTable(job.metadata, t('job.noMetadata'))),
    section(t('job.runtimeEnv'),
      h('div.actions', {}, copyButton(envText, t('copy.what.runtimeEnv'))),
      h('dl.grid', {},
        field(t('job.workingDir'), mono(env.workingDir)),
        field(t('job.pipCommand'), mono(env.pipCommand))),
      h('h3', {}, t('job.envVars')), kvTable(env.envVars, t('job.none')),
      h('h3', {}, t('job.pipPackages')),
      env.pip.length ? h('ul.chips', {}, env.pip.map((p) => h('li', {}, h('code', {}, p)))) : h('p.none', {}, t('job.none')),
      Object.keys(env.other).length ? [h('h3', {}, t('job.other')), h('pre', {}, JSON.stringify(env.other, null, 2))] : null),
    Object.keys(job.extra).length ? section(t('job.otherFields'), h('pre', {}, JSON.stringify(job.extra, null, 2))) : null,
    rawView(t('job.raw'), job, raw),
  ];
  // With the tabs, the details are the Details tab's panel.
  return extras.detailsPanel ? [...top, extras.detailsPanel(details)] : [...top, ...details];
}

/** One ModelArts Lite Server job. */
export function renderDevServerJob(job, raw) {
  const s = job.taskSummary;
  const failedTasks = job.tasks.filter((t) => t.status === 'FAILED');
  return [
    header(`ModelArts Lite Server · ${job.type ?? t('job.job')}`, job.id, job.status, job.name ? h('p.sub', {}, job.name) : null),
    job.status === 'FAILED'
      ? h('section.card.failure', { 'aria-label': t('job.failure.label') }, h('h2', {}, t('job.failure')),
        h('p', { 'data-testid': 'job-error' }, t('job.devserver.failed', { nodes: num(job.abnormalCount), tasks: num(failedTasks.length) })),
        failedTasks.map((k) => h('div.taskfail', {}, h('strong', {}, k.serverName ?? k.serverId ?? k.id ?? t('job.task')), h('pre', {}, k.message ?? '—'))))
      : null,
    warnings(job.warnings),
    section(t('job.overview'), h('dl.grid', {},
      field(t('job.name'), job.name),
      field(t('job.description'), job.description),
      field(t('job.created'), time(job.createdAt, 'job-start')),
      field(t('job.updated'), time(job.updatedAt, 'job-end')),
      field(t('job.duration'), durationOf(job, 'createdAt', 'updatedAt')),
      field(t('job.abnormalNodes'), h('span', { class: job.abnormalCount ? 'hot' : null }, num(job.abnormalCount))),
      field(t('job.template'), mono(job.templateId)),
      field(t('job.user'), job.userName),
      field(t('job.statusAsSent'), mono(job.rawStatus)))),
    section(t('job.tasks'),
      h('p.summary', { 'data-testid': 'task-summary' },
        t('job.tasks.summary', { total: num(s.total), running: num(s.running), succeeded: num(s.succeeded), failed: num(s.failed), skipped: num(s.skipped) })
          + (s.unknown ? t('job.tasks.unknown', { n: num(s.unknown) }) : '')),
      table([t('job.status'), t('job.server'), t('job.cloudServer'), t('job.message'), t('job.created'), t('job.updated')], job.tasks.map((k) =>
        h('tr', { 'data-testid': 'task-row' },
          h('td', {}, badge(k.status, 'task-status')),
          h('td', {}, k.serverName ?? '—', h('br'), h('code.small', {}, k.serverId ?? '')),
          h('td', {}, Object.entries(k.cloudServer).map(([key, v]) => h('div', {}, h('span.k', { translate: 'no' }, `${key} `), h('code.small', {}, v)))),
          h('td', {}, k.message ? h('pre.cell', {}, k.message) : '—'),
          h('td', {}, time(k.createdAt)),
          h('td', {}, time(k.updatedAt)))), t('job.noTasks'))),
    section(t('job.items'), table([t('job.type'), t('job.spec')], job.items.map((i) => h('tr', {}, h('td', {}, h('code', {}, i.type ?? '—')),
      h('td', {}, kvTable(i.spec, '—')))), t('job.noItems'))),
    Object.keys(job.extra).length ? section(t('job.otherFields'), h('pre', {}, JSON.stringify(job.extra, null, 2))) : null,
    rawView(t('job.raw'), job, raw),
  ];
}

/** Refreshes relative times and running durations in place, once a second. */
export function tick(root) {
  for (const el of root.querySelectorAll('[data-live="true"]')) el.textContent = duration(Date.now() - Number(el.dataset.start));
  for (const el of root.querySelectorAll('[data-rel]')) el.textContent = ` (${relative(Number(el.dataset.rel))})`;
}
