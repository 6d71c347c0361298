// The watch round's D1 reads and writes (binding JOBGLASS_DB; schema in worker/migrations/).
// Writes go in batches (each one transaction) and report D1's own count of rows written, which
// `make bench` prints (docs/performance.md).

const BATCH = 500;

/** Every stored row of `cluster`, as Map id → row. */
export async function loadJobs(db, cluster) {
  const { results } = await db.prepare('SELECT id, status, name, start_time, end_time, error_type, first_seen, changed_at, gone_at, log_bytes, log_grew_at FROM jobs WHERE cluster = ?')
    .bind(cluster).all();
  return new Map(results.map((r) => [r.id, r]));
}

/** Runs `statements` in batches; the rows D1 says they wrote. */
export async function runAll(db, statements) {
  let written = 0;
  for (let i = 0; i < statements.length; i += BATCH) {
    for (const r of await db.batch(statements.slice(i, i + BATCH))) written += r.meta?.rows_written ?? 0;
  }
  return written;
}

export const upsertJob = (db, cluster, u) => db.prepare(
  `INSERT INTO jobs (cluster, id, status, name, start_time, end_time, error_type, raw, first_seen, changed_at, gone_at, log_bytes, log_grew_at)
   VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, NULL, ?11, ?12)
   ON CONFLICT (cluster, id) DO UPDATE SET status = ?3, name = ?4, start_time = ?5, end_time = ?6, error_type = ?7, raw = ?8,
     changed_at = ?10, gone_at = NULL, log_bytes = ?11, log_grew_at = ?12`,
).bind(cluster, u.job.id, u.job.status, u.job.name ?? null, u.job.startTime ?? null, u.job.endTime ?? null, u.job.errorType ?? null,
  JSON.stringify(u.job.raw), u.firstSeen, u.changedAt, u.logBytes ?? null, u.logGrewAt ?? null);

export const updateLog = (db, cluster, id, logBytes, logGrewAt) => db.prepare('UPDATE jobs SET log_bytes = ?, log_grew_at = ? WHERE cluster = ? AND id = ?')
  .bind(logBytes, logGrewAt, cluster, id);

export const markGone = (db, cluster, id, now) => db.prepare('UPDATE jobs SET gone_at = ? WHERE cluster = ? AND id = ? AND gone_at IS NULL')
  .bind(now, cluster, id);

/** Jobs of clusters no longer configured are gone too: they stay as history. */
export async function markClustersGone(db, names, now) {
  const marks = names.map(() => '?').join(', ');
  const r = await db.prepare(`UPDATE jobs SET gone_at = ? WHERE gone_at IS NULL AND cluster NOT IN (${marks})`).bind(now, ...names).run();
  return r.meta?.rows_written ?? 0;
}

/** History past its days is dropped, with the claims of jobs no longer kept. */
export async function expireHistory(db, before) {
  const [a, b] = await db.batch([
    db.prepare('DELETE FROM jobs WHERE gone_at IS NOT NULL AND gone_at < ?').bind(before),
    db.prepare('DELETE FROM deliveries WHERE claimed_at < ? AND NOT EXISTS (SELECT 1 FROM jobs WHERE jobs.cluster = deliveries.cluster AND jobs.id = deliveries.id)').bind(before),
  ]);
  return (a.meta?.rows_written ?? 0) + (b.meta?.rows_written ?? 0);
}

/**
 * Claims the one announcement of (rule, cluster, job, state): true for the one caller whose row
 * went in, false for every other (an overlapping round, a round after a restart).
 */
export async function claim(db, ruleKey, cluster, id, state, now) {
  return (await claimAll(db, [{ ruleKey, cluster, id, state }], now)).won[0];
}

/** `claim` for many at once, in batches: `{won}` (one boolean per item, in order) and D1's rows written. */
export async function claimAll(db, items, now) {
  const won = [];
  let written = 0;
  for (let i = 0; i < items.length; i += BATCH) {
    const results = await db.batch(items.slice(i, i + BATCH).map((c) => db.prepare('INSERT INTO deliveries (rule, cluster, id, state, claimed_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING')
      .bind(c.ruleKey, c.cluster, c.id, c.state, now)));
    for (const r of results) {
      won.push(r.meta.changes === 1);
      written += r.meta?.rows_written ?? 0;
    }
  }
  return { won, written };
}

/** Writes how a claimed announcement went; D1's rows written. */
export async function recordOutcome(db, ruleKey, cluster, id, state, outcome) {
  const r = await db.prepare('UPDATE deliveries SET outcome = ? WHERE rule = ? AND cluster = ? AND id = ? AND state = ?')
    .bind(outcome, ruleKey, cluster, id, state).run();
  return r.meta?.rows_written ?? 0;
}

/** Jobs kept from history: those their cluster no longer lists. `cluster` null for every cluster. */
export async function historyJobs(db, cluster, limit) {
  const q = cluster === null
    ? db.prepare('SELECT cluster, id, status, raw, first_seen, changed_at, gone_at FROM jobs WHERE gone_at IS NOT NULL ORDER BY gone_at DESC LIMIT ?').bind(limit)
    : db.prepare('SELECT cluster, id, status, raw, first_seen, changed_at, gone_at FROM jobs WHERE gone_at IS NOT NULL AND cluster = ? ORDER BY gone_at DESC LIMIT ?').bind(cluster, limit);
  return (await q.all()).results;
}
