// The job list's data, kept in the list worker: each Job or DevServerJob boiled down to the row
// the list shows (docs/api.md §4, §5), plus what search and sort need. Pure functions, no DOM.

/** Statuses in the order the chips show them (docs/api.md §4 `JobStatus`). */
export const STATUSES = ['FAILED', 'RUNNING', 'PENDING', 'STOPPED', 'SUCCEEDED', 'UNKNOWN'];
export const STATUS_CODE = Object.fromEntries(STATUSES.map((s, i) => [s, i]));

/**
 * The sortable columns of each source: key → how to read its sort value from a row. Numbers sort
 * as numbers (unknown last), text by its lower-case form.
 */
export const COLUMNS = {
  job: {
    status: (r) => STATUS_CODE[r.status] ?? 5,
    // The all-clusters list's column (docs/api.md §12).
    cluster: (r) => r.cluster,
    id: (r) => r.idKey,
    name: (r) => r.nameKey,
    entrypoint: (r) => r.entryKey,
    type: (r) => r.type,
    start: (r) => r.start,
    duration: (r) => (r.start === null ? null : (r.end ?? (r.terminal ? null : Date.now())) - r.start),
    exit: (r) => r.exitCode,
    error: (r) => r.errorKey,
  },
  devserver: {
    name: (r) => r.nameKey,
    id: (r) => r.idKey,
    type: (r) => r.type,
    status: (r) => STATUS_CODE[r.status] ?? 5,
    created: (r) => r.start,
    updated: (r) => r.updated,
    abnormal: (r) => r.abnormal,
    tasks: (r) => r.tasks.total,
  },
};
export const DEFAULT_SORT = { job: '-start', devserver: '-created' };

const lower = (s) => (s ?? '').toLowerCase();

/** A Job (openYuanrong/Ray) as a list row. */
export function jobRow(job) {
  const id = job.submissionId ?? job.jobId ?? '';
  const name = job.metadata?.job_name ?? null;
  const meta = job.metadata ? Object.values(job.metadata).join('\n') : '';
  return {
    id,
    submissionId: job.submissionId,
    jobId: job.jobId,
    name,
    entrypoint: job.entrypoint,
    type: job.type,
    status: job.status,
    terminal: job.terminal,
    start: job.startTime,
    end: job.endTime,
    exitCode: job.driverExitCode,
    errorType: job.errorType,
    idKey: lower(id),
    nameKey: lower(name),
    entryKey: lower(job.entrypoint),
    errorKey: lower(job.errorType),
    // Free-text search: id, name, entrypoint, error and metadata values (docs/api.md §12).
    hay: lower([id, job.jobId, name, job.entrypoint, job.errorType, job.message, meta].filter(Boolean).join('\n')),
    // What a live refresh compares to mark a row as changed.
    sig: `${job.status}|${job.endTime}|${job.driverExitCode}|${job.errorType}|${job.startTime}`,
  };
}

/** A DevServerJob (ModelArts) as a list row; its bar runs from created to updated. */
export function devServerRow(job) {
  const t = job.taskSummary ?? { total: 0, running: 0, succeeded: 0, failed: 0, skipped: 0, unknown: 0 };
  return {
    id: job.id,
    name: job.name,
    type: job.type,
    status: job.status,
    terminal: job.terminal,
    start: job.createdAt,
    end: job.terminal ? job.updatedAt : null,
    updated: job.updatedAt,
    abnormal: job.abnormalCount,
    tasks: t,
    idKey: lower(job.id),
    nameKey: lower(job.name),
    hay: lower([job.id, job.name, job.type, job.description, job.userName, job.templateId].filter(Boolean).join('\n')),
    sig: `${job.status}|${job.updatedAt}|${job.abnormalCount}|${t.total}/${t.running}/${t.succeeded}/${t.failed}/${t.skipped}`,
  };
}

/** `sort` from the URL (`start`, `-start`, …) as `{ key, desc }`; an unknown key gives the default. */
export function parseSort(source, sort) {
  const text = sort || DEFAULT_SORT[source];
  const desc = text.startsWith('-');
  const key = desc ? text.slice(1) : text;
  return COLUMNS[source][key] ? { key, desc } : parseSort(source, DEFAULT_SORT[source]);
}

/** Every row's index, sorted by `sort`; ties keep the server's order, unknown values go last. */
function sortAll(rows, source, sort) {
  const { key, desc } = parseSort(source, sort);
  const read = COLUMNS[source][key];
  const values = new Array(rows.length);
  const order = new Array(rows.length);
  for (let i = 0; i < rows.length; i++) { values[i] = read(rows[i]); order[i] = i; }
  const dir = desc ? -1 : 1;
  const none = (v) => v === null || v === undefined || v === '';
  order.sort((a, b) => {
    const x = values[a]; const y = values[b];
    if (none(x)) return none(y) ? a - b : 1;
    if (none(y)) return -1;
    return x < y ? -dir : x > y ? dir : a - b;
  });
  return Int32Array.from(order);
}

/**
 * The shown rows: those whose status is in `statuses` (all when empty), whose cluster is in
 * `clusters` (all when empty) and whose text holds every word of `q`, in `sort` order. Also the
 * counts the chips show: per status, of the rows that match the search and the cluster filter;
 * per cluster, of the rows that match the search and the status filter (each chip group counts
 * what pressing one of its chips would show). `cache` (one object per list, kept between calls) holds the sorted order
 * and the last search's matches, so a keystroke neither sorts again nor, when it only adds to the
 * words, looks again at rows that already failed to match.
 */
export function query(rows, source, { statuses, q, sort, clusters = [], from = null, to = null }, cache = {}) {
  if (cache.rows !== rows) Object.assign(cache, { rows, sortKey: null, q: null, matched: null });
  const sortKey = `${sort}`;
  if (cache.sortKey !== sortKey) Object.assign(cache, { sortKey, sorted: sortAll(rows, source, sort) });
  const words = lower(q).split(/\s+/).filter(Boolean);
  const text = words.join(' ');
  let matched = null;
  if (words.length) {
    const narrower = cache.matched && cache.q && text.startsWith(cache.q);
    matched = new Uint8Array(rows.length);
    for (let i = 0; i < rows.length; i++) {
      if (narrower && !cache.matched[i]) continue;
      const hay = rows[i].hay;
      let all = true;
      for (const w of words) if (!hay.includes(w)) { all = false; break; }
      if (all) matched[i] = 1;
    }
  }
  cache.q = text;
  cache.matched = matched;
  const want = statuses.length ? new Set(statuses) : null;
  const inClusters = clusters.length ? new Set(clusters) : null;
  const counts = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  const clusterCounts = {};
  const order = [];
  // A time range (the timeline's, `&from=…&to=…`) keeps the jobs that ran in it; `unranged` is
  // the list without it, which the timeline still draws so the range can be moved or widened.
  const ranged = from !== null || to !== null;
  const unranged = ranged ? [] : order;
  const now = Date.now();
  const inRange = (r) => r.start !== null && (to === null || r.start <= to) && (from === null || (r.end ?? (r.terminal ? r.start : now)) >= from);
  for (const i of cache.sorted) {
    if (matched && !matched[i]) continue;
    const { status, cluster } = rows[i];
    const statusOk = !want || want.has(status);
    const clusterOk = !inClusters || inClusters.has(cluster);
    // The chips count like the search: within the time range too.
    const timeOk = !ranged || inRange(rows[i]);
    if (clusterOk && timeOk) counts[status] = (counts[status] ?? 0) + 1;
    if (statusOk && timeOk && cluster !== undefined) clusterCounts[cluster] = (clusterCounts[cluster] ?? 0) + 1;
    if (statusOk && clusterOk) {
      if (ranged) unranged.push(i);
      if (timeOk) order.push(i);
    }
  }
  return { order, unranged, counts, clusterCounts };
}
