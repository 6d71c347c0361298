// The watch round's decisions, pure (docs/notifications.md "The round"): which jobs changed since
// the stored rows, which changes a rule announces, and when a running job's log has stopped
// growing long enough to call it HUNG. The round (watch.js) does the reading and writing.

/** The stored fields a job row is compared on; a change in any of them rewrites the row. */
const COMPARED = [['status', 'status'], ['name', 'name'], ['startTime', 'start_time'], ['endTime', 'end_time'], ['errorType', 'error_type']];

/**
 * `stored`: Map id → row (D1 column names); `jobs`: the cluster's jobs now (watch-read.js).
 * Returns `{upserts, transitions, gone}`: jobs to write (new, changed, or back after being gone),
 * `{job, previousStatus}` for each stored job whose status changed, and the ids the cluster no
 * longer lists that were not already marked gone. A job first seen has no transition, whatever its
 * state: nothing is announced for what ended before the console watched it.
 */
export function diffJobs(stored, jobs, now) {
  const upserts = [];
  const transitions = [];
  const listed = new Set();
  for (const job of jobs) {
    if (listed.has(job.id)) continue; // a list that names a job twice: its first entry counts
    listed.add(job.id);
    const row = stored.get(job.id);
    if (!row) {
      upserts.push({ job, firstSeen: now, changedAt: now, logBytes: null, logGrewAt: job.status === 'RUNNING' ? now : null });
      continue;
    }
    const changed = COMPARED.some(([k, c]) => (job[k] ?? null) !== (row[c] ?? null));
    if (!changed && row.gone_at === null) continue;
    const statusChanged = job.status !== row.status;
    if (statusChanged) transitions.push({ job, previousStatus: row.status });
    // Entering RUNNING starts the log's clock afresh.
    const logGrewAt = statusChanged && job.status === 'RUNNING' ? now : row.log_grew_at;
    upserts.push({ job, firstSeen: row.first_seen, changedAt: changed ? now : row.changed_at, logBytes: row.log_bytes, logGrewAt });
  }
  const gone = [];
  for (const [id, row] of stored) if (!listed.has(id) && row.gone_at === null) gone.push(id);
  return { upserts, transitions, gone };
}

/** Whether `rule` covers a job of `cluster` (its cluster and its "match" text). */
export const ruleCovers = (rule, cluster, job) => (rule.cluster === '*' || rule.cluster === cluster) && (rule.match === null || job.text.includes(rule.match));

/**
 * A running job's log length `length` (null: unreadable) against what was stored: `{grew,
 * logBytes, logGrewAt, quietMs}`. `grew` means the row must be written; `quietMs` is how long
 * the log has not grown (null when unknown).
 */
export function logProgress(row, length, now) {
  if (length === null) return { grew: false, logBytes: row?.log_bytes ?? null, logGrewAt: row?.log_grew_at ?? null, quietMs: null };
  if (!row || row.log_bytes === null || row.log_bytes === undefined || length !== row.log_bytes || row.log_grew_at === null) {
    return { grew: true, logBytes: length, logGrewAt: now, quietMs: 0 };
  }
  return { grew: false, logBytes: row.log_bytes, logGrewAt: row.log_grew_at, quietMs: now - row.log_grew_at };
}

/**
 * What the round announces: for each transition, each rule that covers the job and names its
 * new state; for each quiet running job, each HUNG rule whose `hungMinutes` it has passed.
 * `quiet`: Map id → {job, quietMs}.
 */
export function announcements(rules, cluster, transitions, quiet) {
  const out = [];
  for (const { job, previousStatus } of transitions) {
    for (const rule of rules) if (rule.when.has(job.status) && ruleCovers(rule, cluster, job)) out.push({ rule, job, state: job.status, previousStatus });
  }
  for (const { job, quietMs } of quiet.values()) {
    for (const rule of rules) {
      if (rule.when.has('HUNG') && ruleCovers(rule, cluster, job) && quietMs >= rule.hungMinutes * 60000) out.push({ rule, job, state: 'HUNG', previousStatus: 'RUNNING' });
    }
  }
  return out;
}
