// Job and DevServerJob → DOM. The failure comes first; every field a dashboard needs is shown
// with an em dash when unknown, and long text stays selectable and copyable.
import { copyButton, field, h } from './dom.js';
import { absolute, duration, relative } from './format.js';

const STATUS = {
  PENDING: { icon: '◷', tone: 'pending', label: 'Pending' },
  RUNNING: { icon: '▶', tone: 'running', label: 'Running' },
  SUCCEEDED: { icon: '✔', tone: 'ok', label: 'Succeeded' },
  FAILED: { icon: '✖', tone: 'bad', label: 'Failed' },
  STOPPED: { icon: '■', tone: 'stopped', label: 'Stopped' },
  SKIPPED: { icon: '↷', tone: 'stopped', label: 'Skipped' },
  UNKNOWN: { icon: '?', tone: 'unknown', label: 'Unknown' },
};

/** Colour, icon shape and word: colour is never the only cue. */
export function badge(status, testid) {
  const s = STATUS[status] ?? STATUS.UNKNOWN;
  return h(`span.badge.${s.tone}`, { 'data-testid': testid, 'data-status': status },
    h('span.icon', { 'aria-hidden': 'true' }, s.icon), s.label);
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
  return table(['Key', 'Value'], Object.entries(map).map(([k, v]) => h('tr', {}, h('td', {}, h('code', {}, k)), h('td', {}, h('code.wrap', {}, v)))), empty);
}

function section(title, ...body) {
  return h('section.card', { 'aria-label': title }, h('h2', {}, title), ...body);
}

function warnings(list) {
  if (!list.length) return null;
  return h('section.card.warn', { 'aria-label': 'Normalization warnings' },
    h('h2', {}, `Warnings (${list.length})`),
    h('p.hint', {}, 'jobglass repaired these values; what it could not use is kept under "extra" in the raw view.'),
    h('ul', {}, list.map((w) => h('li', { 'data-testid': 'warning' }, w))));
}

function rawView(label, normalized, raw) {
  const text = JSON.stringify(normalized, null, 2);
  return h('details.card.raw', {},
    h('summary', {}, label),
    h('div.rawgrid', {},
      h('div', {}, h('h3', {}, 'Normalized ', copyButton(text, 'normalized JSON')), h('pre', {}, text)),
      raw === null ? null : h('div', {}, h('h3', {}, 'As the server sent it'), h('pre', {}, raw))));
}

function header(kind, id, status, sub) {
  return h('div.head', {},
    h('div.title', {},
      h('p.kind', {}, kind),
      h('h1', {}, h('span', { 'data-testid': 'job-id' }, id ?? '—'), id ? copyButton(id, 'id') : null),
      sub),
    h('div.state', {}, badge(status, 'job-status')));
}

/** The failure panel: what went wrong, before anything else. */
function failure(exitCode, errorType, message, log) {
  return h('section.card.failure', { 'aria-label': 'Failure' },
    h('h2', {}, 'Why it failed'),
    h('dl.grid', {},
      field('Exit code', exitCode === null ? null : h('strong', {}, String(exitCode))),
      field('Error type', errorType === null ? null : h('pre.hot', {}, errorType))),
    log ?? null,
    message ? logs(message, !log) : null);
}

function logs(message, open) {
  return h('details.logs', { open: open ? true : null },
    h('summary', {}, 'Message', ' ', copyButton(message, 'message')),
    h('pre', { 'data-testid': 'job-message' }, message));
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
  const error = h('span', { 'data-testid': 'job-error', class: job.errorType ? 'hot' : null }, job.errorType ?? '—');
  const top = [
    header(`${dialect} · ${job.type} job`, job.submissionId ?? job.jobId, job.status,
      job.submissionId && job.jobId ? h('p.sub', {}, 'Ray job id ', h('code', {}, job.jobId)) : null),
    extras.tabs ?? null,
  ];
  if (extras.panel) return [...top, extras.panel];
  const details = [
    failed ? failure(job.driverExitCode, job.errorType, job.message, extras.failureLog) : null,
    warnings(job.warnings),
    section('Overview', h('dl.grid', {},
      field('Entrypoint', mono(job.entrypoint, 'job-entrypoint'), job.entrypoint ? copyButton(job.entrypoint, 'entrypoint') : null),
      field('Started', time(job.startTime, 'job-start')),
      field('Ended', time(job.endTime, 'job-end')),
      field('Duration', durationOf(job, 'startTime', 'endTime')),
      field('Exit code', exit),
      field('Error type', error),
      field('Submission id', mono(job.submissionId)),
      field('Job id', mono(job.jobId)),
      field('Status as sent', mono(job.rawStatus === null ? null : JSON.stringify(job.rawStatus))))),
    !failed && job.message ? section('Message', logs(job.message, job.status !== 'SUCCEEDED')) : null,
    section('Driver', h('dl.grid', {},
      field('Driver id', mono(job.driver?.id ?? null)),
      field('Node IP', mono(job.driver?.nodeIpAddress ?? null)),
      field('PID', mono(job.driver?.pid === null || job.driver === null ? null : String(job.driver.pid))),
      field('Node id', mono(job.driverNodeId)),
      field('Agent address', mono(job.driverAgentHttpAddress)))),
    section('Metadata', kvTable(job.metadata, 'No metadata.')),
    section('Runtime environment',
      h('div.actions', {}, copyButton(envText, 'runtime environment')),
      h('dl.grid', {},
        field('Working dir', mono(env.workingDir)),
        field('pip command', mono(env.pipCommand))),
      h('h3', {}, 'Environment variables'), kvTable(env.envVars, 'None.'),
      h('h3', {}, 'pip packages'),
      env.pip.length ? h('ul.chips', {}, env.pip.map((p) => h('li', {}, h('code', {}, p)))) : h('p.none', {}, 'None.'),
      Object.keys(env.other).length ? [h('h3', {}, 'Other'), h('pre', {}, JSON.stringify(env.other, null, 2))] : null),
    Object.keys(job.extra).length ? section('Other fields', h('pre', {}, JSON.stringify(job.extra, null, 2))) : null,
    rawView('Raw JSON', job, raw),
  ];
  // With the tabs, the details are the Details tab's panel.
  return extras.detailsPanel ? [...top, extras.detailsPanel(details)] : [...top, ...details];
}

/** One ModelArts Lite Server job. */
export function renderDevServerJob(job, raw) {
  const s = job.taskSummary;
  const failedTasks = job.tasks.filter((t) => t.status === 'FAILED');
  return [
    header(`ModelArts Lite Server · ${job.type ?? 'job'}`, job.id, job.status, job.name ? h('p.sub', {}, job.name) : null),
    job.status === 'FAILED'
      ? h('section.card.failure', { 'aria-label': 'Failure' }, h('h2', {}, 'Why it failed'),
        h('p', { 'data-testid': 'job-error' }, `${job.abnormalCount} node(s) reported failure; ${failedTasks.length} task(s) failed.`),
        failedTasks.map((t) => h('div.taskfail', {}, h('strong', {}, t.serverName ?? t.serverId ?? t.id ?? 'task'), h('pre', {}, t.message ?? '—'))))
      : null,
    warnings(job.warnings),
    section('Overview', h('dl.grid', {},
      field('Name', job.name),
      field('Description', job.description),
      field('Created', time(job.createdAt, 'job-start')),
      field('Updated', time(job.updatedAt, 'job-end')),
      field('Duration', durationOf(job, 'createdAt', 'updatedAt')),
      field('Abnormal nodes', h('span', { class: job.abnormalCount ? 'hot' : null }, String(job.abnormalCount))),
      field('Template', mono(job.templateId)),
      field('User', job.userName),
      field('Status as sent', mono(job.rawStatus)))),
    section('Tasks',
      h('p.summary', { 'data-testid': 'task-summary' },
        `${s.total} total · ${s.running} running · ${s.succeeded} succeeded · ${s.failed} failed · ${s.skipped} skipped` + (s.unknown ? ` · ${s.unknown} unknown` : '')),
      table(['Status', 'Server', 'Cloud server', 'Message', 'Created', 'Updated'], job.tasks.map((t) =>
        h('tr', { 'data-testid': 'task-row' },
          h('td', {}, badge(t.status, 'task-status')),
          h('td', {}, t.serverName ?? '—', h('br'), h('code.small', {}, t.serverId ?? '')),
          h('td', {}, Object.entries(t.cloudServer).map(([k, v]) => h('div', {}, h('span.k', {}, `${k} `), h('code.small', {}, v)))),
          h('td', {}, t.message ? h('pre.cell', {}, t.message) : '—'),
          h('td', {}, time(t.createdAt)),
          h('td', {}, time(t.updatedAt)))), 'No tasks.')),
    section('Items', table(['Type', 'Spec'], job.items.map((i) => h('tr', {}, h('td', {}, h('code', {}, i.type ?? '—')),
      h('td', {}, kvTable(i.spec, '—')))), 'No items.')),
    Object.keys(job.extra).length ? section('Other fields', h('pre', {}, JSON.stringify(job.extra, null, 2))) : null,
    rawView('Raw JSON', job, raw),
  ];
}

/** Refreshes relative times and running durations in place, once a second. */
export function tick(root) {
  for (const el of root.querySelectorAll('[data-live="true"]')) el.textContent = duration(Date.now() - Number(el.dataset.start));
  for (const el of root.querySelectorAll('[data-rel]')) el.textContent = ` (${relative(Number(el.dataset.rel))})`;
}
