// What the watch round reads from a cluster (docs/notifications.md "The round"): its job list,
// each job normalized by the library and kept with the upstream's own JSON, and for HUNG the
// length of a Ray driver log. Requests go as the console forwards them (forward.js): the
// cluster's own headers and ModelArts signature, no redirect followed, a deadline per request.
import { fetchJobLogs, parseDevServerJobList, parseJobList } from 'jobglass';
import { upstreamHeaders } from './forward.js';
import { SAMPLE_JOBS } from './samples.js';

const LIST_TIMEOUT_MS = 60000;
const LOG_TIMEOUT_MS = 20000;

/** A job as the round keeps it: `{id, status, name, startTime, endTime, errorType, raw, text, hasLog}`. */
function fromJob(job, raw, kind) {
  const metadata = job.metadata ?? {};
  return {
    id: job.submissionId ?? job.jobId,
    status: job.status,
    name: metadata.job_name ?? metadata.name ?? null,
    startTime: job.startTime,
    endTime: job.endTime,
    errorType: job.errorType,
    // The upstream's own JSON, written (as text) only when the job's row is.
    raw,
    // What a rule's "match" looks in: id, name, entrypoint, metadata.
    text: [job.submissionId, job.jobId, metadata.job_name, metadata.name, job.entrypoint, JSON.stringify(metadata)].filter(Boolean).join('\n').toLowerCase(),
    // Ray's driver log of a submission; openYuanrong's frontend has no log route.
    hasLog: kind !== 'openyuanrong' && job.dialect === 'ray' && job.submissionId !== null && job.type !== 'DRIVER',
  };
}

function fromDevServerJob(job, raw) {
  return {
    id: job.id,
    status: job.status,
    name: job.name,
    startTime: job.createdAt,
    endTime: job.terminal ? job.updatedAt : null,
    errorType: null,
    raw,
    text: [job.id, job.name, job.description].filter(Boolean).join('\n').toLowerCase(),
    hasLog: false,
  };
}

async function get(cluster, url) {
  const answer = await fetch(url, { headers: upstreamHeaders(cluster, 'GET', url), redirect: 'manual', signal: AbortSignal.timeout(LIST_TIMEOUT_MS) });
  return { status: answer.status, text: await answer.text() };
}

/** The cluster's jobs now; throws with a message that names the cluster, never its URL. */
export async function readClusterJobs(cluster) {
  if (cluster.kind === 'samples') {
    return parseJobList(SAMPLE_JOBS).map((job, i) => fromJob(job, SAMPLE_JOBS[i], 'ray'));
  }
  if (cluster.kind === 'modelarts') return readDevServerJobs(cluster);
  let answer;
  try {
    // Ray serves only /api/jobs/, openYuanrong only /api/jobs (as listJobs tries them).
    answer = await get(cluster, `${cluster.url}/api/jobs/`);
    if (answer.status === 404) answer = await get(cluster, `${cluster.url}/api/jobs`);
  } catch {
    throw new Error(`the cluster "${cluster.name}" could not be reached`);
  }
  if (answer.status !== 200) throw new Error(`the cluster "${cluster.name}" answered its job list with HTTP ${answer.status}`);
  try {
    const jobs = parseJobList(answer.text);
    const raw = JSON.parse(answer.text);
    return jobs.map((job, i) => fromJob(job, raw[i] ?? null, cluster.kind)).filter((j) => j.id !== null);
  } catch (e) {
    throw new Error(`the cluster "${cluster.name}" sent a job list that could not be read (${e.code ?? 'INVALID_RESPONSE'})`);
  }
}

const MAX_PAGES = 1000;

/**
 * Every page of a ModelArts cluster's list, as the page reads it (docs/page.md "The jobs list"):
 * the first page says `size` and `total`, the rest are asked for as `limit`/`offset`; a page that
 * repeats jobs already read ends the walk, so a server that ignores the keys is read once. A page
 * that cannot be read fails the whole list: a partial list would mark the rest as gone.
 */
async function readDevServerJobs(cluster) {
  const base = `${cluster.url}/v1/${cluster.project}/dev-servers/jobs`;
  const out = [];
  const seen = new Set();
  let size = null;
  let total = null;
  for (let page = 0; page < MAX_PAGES; page++) {
    const url = page === 0 ? base : `${base}?limit=${size}&offset=${out.length}`;
    let answer;
    try {
      answer = await get(cluster, url);
    } catch {
      throw new Error(`the cluster "${cluster.name}" could not be reached`);
    }
    if (answer.status !== 200) throw new Error(`the cluster "${cluster.name}" answered its job list with HTTP ${answer.status}`);
    let fresh;
    try {
      const parsed = parseDevServerJobList(answer.text);
      const raw = JSON.parse(answer.text).data ?? [];
      size ??= parsed.size || parsed.jobs.length;
      total ??= parsed.total ?? parsed.jobs.length;
      fresh = parsed.jobs.map((job, i) => fromDevServerJob(job, raw[i] ?? null)).filter((j) => !seen.has(j.id));
    } catch (e) {
      throw new Error(`the cluster "${cluster.name}" sent a job list that could not be read (${e.code ?? 'INVALID_RESPONSE'})`);
    }
    for (const j of fresh) { seen.add(j.id); out.push(j); }
    if (!fresh.length || !size || out.length >= total) break;
  }
  return out;
}

/**
 * The byte length of a Ray job's driver log, or null when it cannot be read. The library
 * streams the log and keeps only its last byte, so a 1 GB log costs no memory here.
 */
export async function logLength(cluster, id) {
  try {
    const logs = cluster.kind === 'samples'
      ? null
      : await fetchJobLogs(cluster.url, id, { headers: cluster.headers, maxLogBytes: 1, retries: 0, timeoutMs: LOG_TIMEOUT_MS });
    if (!logs) return null;
    return logs.droppedBytes + new TextEncoder().encode(logs.text).length;
  } catch {
    return null;
  }
}
