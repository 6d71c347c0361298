// GET /jobs?status=FAILED,STOPPED&limit=N: the upstream's jobs, normalized, newest first (by
// start time; jobs that never started last), at most `limit` of them (default 100, at most
// 1000), with `total` saying how many matched. The whole list is read for each call: Ray's job
// API has no paging (README "The jobs list").
import { listJobs } from 'jobglass';

const STATUSES = new Set(['PENDING', 'RUNNING', 'STOPPED', 'SUCCEEDED', 'FAILED', 'UNKNOWN']);
const DEFAULT_LIMIT = 100;
const MAX_LIMIT = 1000;
const TIMEOUT_MS = 30000;
/**
 * A Worker has 128 MB of memory: a 32 MiB list body (about 55,000 Ray jobs) and its parsed jobs
 * fit; a longer one is refused as TOO_LARGE rather than the isolate running out.
 */
export const EDGE_LIST_MAX_BODY_BYTES = 32 * 1024 * 1024;

export class BadQuery extends Error {}

/** `{ statuses, limit }` from the query string; a BadQuery says what is wrong. */
export function listQuery(url) {
  const statusText = url.searchParams.get('status');
  const statuses = statusText === null ? [] : statusText.split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
  for (const s of statuses) if (!STATUSES.has(s)) throw new BadQuery(`status must be a comma-separated list of ${[...STATUSES].join(', ')}`);
  const limitText = url.searchParams.get('limit') ?? String(DEFAULT_LIMIT);
  if (!/^[1-9][0-9]{0,5}$/.test(limitText) || Number(limitText) > MAX_LIMIT) throw new BadQuery(`limit must be a whole number from 1 to ${MAX_LIMIT}`);
  return { statuses, limit: Number(limitText) };
}

/** `{ jobs, total }`: each job passed through `redact` (the worker's env var rule). */
export async function jobList(env, url, redact) {
  const { statuses, limit } = listQuery(url);
  const all = await listJobs(env.JOB_UPSTREAM, { timeoutMs: TIMEOUT_MS, maxBodyBytes: EDGE_LIST_MAX_BODY_BYTES });
  const wanted = statuses.length ? all.filter((j) => statuses.includes(j.status)) : all;
  const newest = wanted.map((job, i) => ({ job, i }))
    .sort((a, b) => (b.job.startTime ?? -Infinity) - (a.job.startTime ?? -Infinity) || a.i - b.i)
    .slice(0, limit)
    .map(({ job }) => redact(job, env));
  return { jobs: newest, total: wanted.length };
}
