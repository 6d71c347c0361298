// History (docs/notifications.md "History"): the jobs the console's watch round has seen that
// their cluster no longer lists (deleted, or the cluster gone), from `GET /api/history`. The
// list's "Include history" switch adds them, marked; a job's page falls back to its last known
// state when its cluster answers that the job does not exist.
import { parseDevServerJob, parseJob } from 'jobglass';
import { h } from './dom.js';
import { absolute } from './format.js';
import { t } from './i18n/index.js';

/** The remembered jobs of `cluster` (`*` for every cluster): `[{cluster, id, status, job, goneAt, …}]`. */
export async function fetchHistory(cluster) {
  const res = await fetch(`/api/history?cluster=${encodeURIComponent(cluster)}`, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  if (!res.ok) throw Object.assign(new Error(t('history.unavailable')), { code: res.status === 401 ? 'UNAUTHORIZED' : 'HTTP_ERROR', status: res.status });
  return res.json();
}

/** A history entry's job, parsed as the cluster's own answer would be. */
export const parseHistoryJob = (entry, devserver) => (devserver ? parseDevServerJob(entry.job) : parseJob(entry.job));

/** `{entry, job, raw}` for job `id` of `cluster` from history, or null. */
export async function historyJob(cluster, id, devserver) {
  let entries;
  try {
    entries = await fetchHistory(cluster);
  } catch {
    return null;
  }
  const entry = entries.find((e) => e.id === id);
  return entry ? { entry, job: parseHistoryJob(entry, devserver), raw: JSON.stringify(entry.job, null, 2) } : null;
}

/** The note above a job shown from history. */
export const historyNote = (entry) => h('section.card.history-note', { 'data-testid': 'history-note', role: 'note' },
  h('strong', {}, t('history.noteTitle')), ' ',
  t('history.note', { when: absolute(entry.goneAt), status: entry.status }));
