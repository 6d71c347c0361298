// The watch round (docs/notifications.md): read each cluster's list, compare with the last state
// kept in D1, write only what changed, and announce each rule's transitions once. Run by the Cron
// Trigger (worker.js `scheduled`) and, under `make demo`, by the WatchClock Durable Object's alarm.
// Order matters for "exactly once": an announcement is claimed in D1 before anything is posted,
// so overlapping rounds and a restarted console find the claim and post nothing.
import { ConfigError, readClusters } from './clusters.js';
import { readWatchConfig } from './watch-config.js';
import { announcements, diffJobs, logProgress, ruleCovers } from './watch-diff.js';
import { logLength, readClusterJobs } from './watch-read.js';
import { claimAll, expireHistory, loadJobs, markClustersGone, markGone, recordOutcome, runAll, updateLog, upsertJob } from './watch-store.js';
import { webhookRequest } from './webhook-format.js';
import { sendWebhook } from './webhook-send.js';

const LOG_READS_AT_ONCE = 6;
const POSTS_AT_ONCE = 4;

/** `worker` over `items`, at most `n` at a time. */
async function eachLimited(items, n, worker) {
  let next = 0;
  await Promise.all(Array.from({ length: Math.min(n, items.length) }, async () => {
    while (next < items.length) await worker(items[next++]);
  }));
}

/** The link a message gives: the job's page in the console. */
const jobUrl = (origin, cluster, id) => `${origin}/?cluster=${encodeURIComponent(cluster)}&id=${encodeURIComponent(id)}`;

const log = (line) => console.log(JSON.stringify(line));

/** One cluster's part of the round: `{jobs, changed, gone, rowsWritten, todo}` (todo: announcements claimed). */
async function watchCluster(env, db, cluster, rules, now) {
  const jobs = await readClusterJobs(cluster);
  const stored = await loadJobs(db, cluster.name);
  const { upserts, transitions, gone } = diffJobs(stored, jobs, now);

  // HUNG: only running jobs with a Ray driver log that some HUNG rule covers are read.
  const hungRules = rules.filter((r) => r.when.has('HUNG'));
  const quiet = new Map();
  const logWrites = [];
  if (hungRules.length) {
    const byId = new Map(upserts.map((u) => [u.job.id, u]));
    const watched = jobs.filter((j) => j.status === 'RUNNING' && j.hasLog && hungRules.some((r) => ruleCovers(r, cluster.name, j)));
    await eachLimited(watched, LOG_READS_AT_ONCE, async (job) => {
      const pending = byId.get(job.id);
      // A job that has just entered RUNNING starts from its fresh clock.
      const row = pending ? { log_bytes: pending.logBytes, log_grew_at: pending.logGrewAt } : stored.get(job.id);
      const progress = logProgress(row, await logLength(cluster, job.id), now);
      if (progress.grew) {
        if (pending) Object.assign(pending, { logBytes: progress.logBytes, logGrewAt: progress.logGrewAt });
        else logWrites.push(updateLog(db, cluster.name, job.id, progress.logBytes, progress.logGrewAt));
      }
      if (progress.quietMs !== null) quiet.set(job.id, { job, quietMs: progress.quietMs });
    });
  }

  const due = announcements(rules, cluster.name, transitions, quiet);
  const claims = await claimAll(db, due.map((a) => ({ ruleKey: a.rule.key, cluster: cluster.name, id: a.job.id, state: a.state })), now);
  const todo = due.filter((a, i) => claims.won[i]);
  const rowsWritten = await runAll(db, [
    ...upserts.map((u) => upsertJob(db, cluster.name, u)),
    ...logWrites,
    ...gone.map((id) => markGone(db, cluster.name, id, now)),
  ]);
  return { jobs: jobs.length, changed: upserts.length, gone: gone.length, rowsWritten, deliveryRows: claims.written, todo };
}

/** Posts one claimed announcement and records how it went (`{ok, written}`); a failure is logged, never thrown. */
async function deliver(db, origin, cluster, a, sendOptions) {
  const announcement = {
    cluster, id: a.job.id, name: a.job.name ?? null, status: a.state, previousStatus: a.previousStatus,
    startTime: a.job.startTime ?? null, endTime: a.job.endTime ?? null, errorType: a.job.errorType ?? null,
    url: jobUrl(origin, cluster, a.job.id),
  };
  let result;
  try {
    const { url, body } = await webhookRequest(a.rule, announcement, Date.now());
    result = await sendWebhook(url, body, sendOptions);
  } catch {
    result = { ok: false, attempts: 0, reason: 'could not be built' };
  }
  const written = await recordOutcome(db, a.rule.key, cluster, a.job.id, a.state, result.ok ? 'sent' : `failed: ${result.reason}`);
  // The rule is named by its place in JOBGLASS_NOTIFY, never by its webhook.
  if (!result.ok) log({ notify: 'failed', rule: a.rule.label, format: a.rule.format, cluster, id: a.job.id, state: a.state, attempts: result.attempts, reason: result.reason });
  return { ok: result.ok, written };
}

/**
 * One round over every configured cluster: `{clusters, jobs, changed, gone, rowsWritten,
 * deliveryRows, posted, failed, unread, ms}`, also written to the log as one `{"watch": "round", …}` line. A cluster that
 * cannot be read is skipped (its jobs are not marked gone); a webhook that fails is logged.
 */
export async function watchRound(env, sendOptions = {}) {
  const started = Date.now();
  const db = env.JOBGLASS_DB;
  if (!db) throw new ConfigError('the D1 binding JOBGLASS_DB is missing (worker/wrangler.toml)');
  const clusters = readClusters(env);
  const config = readWatchConfig(env, [...clusters.keys()]);
  const now = Date.now();
  // rowsWritten: job rows; deliveryRows: claims and their outcomes (D1's own counts).
  const total = { watch: 'round', clusters: clusters.size, jobs: 0, changed: 0, gone: 0, rowsWritten: 0, deliveryRows: 0, posted: 0, failed: 0, unread: 0 };
  const claimed = [];
  for (const cluster of clusters.values()) {
    try {
      const r = await watchCluster(env, db, cluster, config.rules, now);
      total.jobs += r.jobs;
      total.changed += r.changed;
      total.gone += r.gone;
      total.rowsWritten += r.rowsWritten;
      total.deliveryRows += r.deliveryRows;
      for (const a of r.todo) claimed.push([cluster.name, a]);
    } catch (e) {
      total.unread += 1;
      log({ watch: 'unread', cluster: cluster.name, reason: e instanceof Error && /^the cluster "/.test(e.message) ? e.message : 'the round failed on this cluster' });
      if (/no such table/.test(e?.message ?? '')) console.error('jobglass watch: the D1 schema is not applied (wrangler d1 migrations apply JOBGLASS_DB; docs/notifications.md)');
      else if (!(e instanceof Error && /^the cluster "/.test(e.message))) console.error(`jobglass watch: ${e?.stack ?? e}`);
    }
  }
  total.rowsWritten += await markClustersGone(db, [...clusters.keys()], now);
  total.rowsWritten += await expireHistory(db, now - config.historyDays * 86400000);
  await eachLimited(claimed, POSTS_AT_ONCE, async ([cluster, a]) => {
    const { ok, written } = await deliver(db, config.origin, cluster, a, sendOptions);
    total.deliveryRows += written;
    if (ok) total.posted += 1;
    else total.failed += 1;
  });
  total.ms = Date.now() - started;
  log(total);
  return total;
}
