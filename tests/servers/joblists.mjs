// Ray job lists for the list page's tests and `make bench` (REFERENCE.md §2: `GET /api/jobs/`
// answers the whole list as one JSON array, SUBMISSION and DRIVER jobs mixed):
//   /big/<n>/api/jobs/      n generated jobs (about 620 bytes each, like a real Ray list), built once;
//                           /big/<n>/api/jobs/<id> and /live/<name>/api/jobs/<id> answer one job
//   /live/<name>/api/jobs/  a list a test changes between reads:
//     POST /live/<name>/_control/reset?n=N   N generated jobs
//     POST /live/<name>/_control/add         body {"id", "status"}: a new job, started now
//     POST /live/<name>/_control/set         body {"id", "status"}: a job moves on
//     GET  /live/<name>/_control/reads       how many times the list was read
import { json, readBody, send, text } from './http.mjs';

const STATUS_CYCLE = ['FAILED', 'FAILED', 'STOPPED', 'RUNNING', 'RUNNING', 'PENDING',
  ...Array(14).fill('SUCCEEDED')];
const MODELS = ['resnet', 'bert', 'gpt', 'vit'];
const BASE = 1795454150112; // a fixed "now" for generated lists, so every run is the same
const TERMINAL = new Set(['FAILED', 'STOPPED', 'SUCCEEDED']);

/** The status of generated job `i`: 10% failed, 5% stopped, 10% running, 5% pending, 70% succeeded. */
export const generatedStatus = (i) => STATUS_CYCLE[i % STATUS_CYCLE.length];
/** Job `i`'s submission id, and its unique metadata value (`ticket`) that search can find. */
export const generatedId = (i) => `raysubmit_${String(i).padStart(7, '0')}`;
export const generatedTicket = (i) => `T-${String((i * 48271) % 1000003).padStart(7, '0')}`;
/** Start times are a permutation of the ids (7919 is coprime to the list sizes used), 30 s apart. */
export const generatedStart = (i, n) => BASE - ((i * 7919) % n) * 30000 - 3600000;

export function rayJob(i, n, status = generatedStatus(i), start = generatedStart(i, n)) {
  const terminal = TERMINAL.has(status);
  const runMs = 30000 + ((i * 2654435761) % 7200000);
  return {
    type: 'SUBMISSION',
    job_id: status === 'PENDING' ? null : (i + 1).toString(16).padStart(8, '0'),
    submission_id: generatedId(i),
    driver_info: status === 'PENDING' ? null : { id: (i + 1).toString(16).padStart(8, '0'), node_ip_address: `10.0.${(i >> 8) & 255}.${i & 255}`, pid: String(1000 + (i % 60000)) },
    status,
    entrypoint: `python train.py ${MODELS[i % 4]} --epochs ${i % 50} --seed ${i}`,
    message: status === 'FAILED' ? `Job entrypoint command failed with exit code 1, last available logs: RuntimeError: CUDA out of memory (job ${i})`
      : status === 'SUCCEEDED' ? 'Job finished successfully.' : status === 'STOPPED' ? 'Job was intentionally stopped.'
        : status === 'RUNNING' ? 'Job is currently running.' : 'Job has not started yet.',
    error_type: status === 'FAILED' ? 'JOB_ENTRYPOINT_COMMAND_ERROR' : null,
    start_time: start,
    end_time: terminal ? start + runMs : null,
    metadata: { job_name: `train-${MODELS[i % 4]}-${i}`, owner: `user${i % 37}`, ticket: generatedTicket(i) },
    runtime_env: { env_vars: { RUN: String(i) } },
    driver_agent_http_address: status === 'PENDING' ? null : 'http://10.0.0.1:52365',
    driver_node_id: status === 'PENDING' ? null : 'f'.repeat(56),
    driver_exit_code: status === 'FAILED' ? 1 : status === 'SUCCEEDED' ? 0 : null,
  };
}

export function jobLists() {
  const big = new Map(); // n → JSON text
  const live = new Map(); // name → { jobs, reads }

  const bigList = (n) => {
    if (!big.has(n)) big.set(n, JSON.stringify(Array.from({ length: n }, (_, i) => rayJob(i, n))));
    return big.get(n);
  };
  const liveList = (name) => {
    if (!live.has(name)) live.set(name, { jobs: [], reads: 0 });
    return live.get(name);
  };

  let misses = 0;
  async function handle(req, res, rest) {
    const path = rest.split('?')[0];
    const query = new URL(rest, 'http://x').searchParams;
    const one = /^\/(big\/\d+|live\/[\w-]+)\/api\/jobs\/([^/]+)$/.exec(path);
    if (one && req.method === 'GET') {
      // One job, as the job page reads it after the list opened it.
      const id = decodeURIComponent(one[2]);
      const [kind, arg] = one[1].split('/');
      const job = kind === 'big'
        ? (/^raysubmit_\d{7}$/.test(id) && Number(id.slice(10)) < Number(arg) ? rayJob(Number(id.slice(10)), Number(arg)) : null)
        : liveList(arg).jobs.find((j) => j.submission_id === id);
      return job ? json(res, 200, job) : text(res, 404, `Job ${id} does not exist`);
    }
    const b = /^\/big\/(\d+)\/api\/jobs\/$/.exec(path);
    if (b && req.method === 'GET') {
      const n = Number(b[1]);
      if (n > 500000) return text(res, 400, 'at most 500000 jobs');
      return send(res, 200, bigList(n));
    }
    // A list larger than the page keeps (its LIST_MAX_BODY_BYTES): the length is said up front,
    // and the body never comes; the connection ends once the client gives up.
    if (path === '/huge/api/jobs/') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(200 * 1024 * 1024) });
      res.write('[');
      return;
    }
    // A web server that is not a job server: any path is an HTML page.
    if (path.startsWith('/html/')) return send(res, 200, '<!doctype html><title>Welcome</title><p>It works.', 'text/html; charset=utf-8');
    const l = /^\/live\/([\w-]+)(\/.*)$/.exec(path);
    if (!l) {
      // A server without the list route: each miss is counted, so a test sees whether it is asked again.
      if (path === '/_control/misses') return json(res, 200, { misses });
      misses++;
      return text(res, 404, '404: Not Found');
    }
    const list = liveList(l[1]);
    const sub = l[2];
    if (sub === '/api/jobs/' && req.method === 'GET') {
      list.reads++;
      return json(res, 200, list.jobs);
    }
    if (sub === '/_control/reads') return json(res, 200, { reads: list.reads });
    if (req.method !== 'POST') return text(res, 405, 'use POST');
    const body = await readBody(req);
    const given = body ? JSON.parse(body) : {};
    if (sub === '/_control/reset') {
      const n = Number(query.get('n') ?? 50);
      list.jobs = Array.from({ length: n }, (_, i) => rayJob(i, n));
      list.reads = 0;
      return json(res, 200, { jobs: n });
    }
    if (sub === '/_control/add') {
      const job = rayJob(list.jobs.length, list.jobs.length + 1, given.status ?? 'RUNNING', Date.now());
      job.submission_id = given.id ?? job.submission_id;
      list.jobs.push(job);
      return json(res, 200, job);
    }
    if (sub === '/_control/set') {
      const job = list.jobs.find((j) => j.submission_id === given.id);
      if (!job) return text(res, 404, `Job ${given.id} does not exist`);
      job.status = given.status;
      if (TERMINAL.has(given.status)) {
        job.end_time = job.end_time ?? Date.now();
        job.driver_exit_code = given.status === 'FAILED' ? 1 : given.status === 'SUCCEEDED' ? 0 : null;
        job.error_type = given.status === 'FAILED' ? 'JOB_ENTRYPOINT_COMMAND_ERROR' : null;
      }
      return json(res, 200, job);
    }
    return text(res, 404, '404: Not Found');
  }
  return { handle };
}
