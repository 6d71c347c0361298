// A replay of openYuanrong's frontend job API, built from its source (REFERENCE.md §1): every
// field present in AppInfo's order, Unix seconds as strings, "" for unset, metadata null when
// none, driver_exit_code 0 while running, status "" for an unknown state, and errors as JSON
// strings. Jobs move PENDING → RUNNING → SUCCEEDED/FAILED on their own, or, when submitted with
// metadata `advance: "manual"`, one step per `POST /_control/jobs/{id}/advance`, so a test moves
// them when it is ready instead of racing a wall-clock window; `GET /_control/jobs/{id}` says
// `{status, reads}` (reads: the GETs of that job served so far). Stop makes a job STOPPED.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { json, readBody, send } from './http.mjs';

const seed = JSON.parse(readFileSync(new URL('../fixtures/openyuanrong/seed-example.json', import.meta.url), 'utf8'));
const seconds = (ms = Date.now()) => String(Math.floor(ms / 1000));
const keyOf = (id) => `/sn/app/business/yrk/tenant/0/function/0-system-faasfrontend/version/$latest/defaultaz/${id}`;

/** An AppInfo in the frontend's field order. */
function appInfo(j) {
  return {
    key: keyOf(j.submission_id),
    type: 'SUBMISSION',
    entrypoint: j.entrypoint ?? '',
    submission_id: j.submission_id,
    driver_info: j.driver_info ?? { id: '', node_ip_address: '', pid: '' },
    status: j.status,
    start_time: j.start_time ?? '',
    end_time: j.end_time ?? '',
    metadata: j.metadata ?? null,
    runtime_env: { envVars: '', pip: '', working_dir: '', ...(j.runtime_env ?? {}) },
    driver_agent_http_address: '',
    driver_node_id: j.driver_node_id ?? '',
    driver_exit_code: j.driver_exit_code ?? 0,
    error_type: j.error_type ?? '',
  };
}

export function openYuanrong() {
  const jobs = new Map();
  const reads = new Map();
  const timers = new Set();
  const later = (ms, fn) => { const t = setTimeout(() => { timers.delete(t); fn(); }, ms); timers.add(t); };
  const started = (j) => ({
    ...j, status: 'RUNNING', start_time: seconds(),
    driver_info: { id: j.submission_id, node_ip_address: '127.0.0.1', pid: String(40000 + jobs.size) },
    driver_node_id: 'node1-127001',
  });
  const preload = (j) => jobs.set(j.submission_id, j);

  preload({ ...seed });
  const t0 = Math.floor(Date.now() / 1000) - 3600;
  preload({ submission_id: 'app-running-1', entrypoint: 'python train.py --epochs 50', status: 'RUNNING', start_time: String(t0),
    driver_info: { id: 'app-running-1', node_ip_address: '10.0.0.5', pid: '4242' }, driver_node_id: 'node1-744947' });
  preload({ submission_id: 'app-failed-1', entrypoint: 'python etl.py', status: 'FAILED', start_time: String(t0), end_time: String(t0 + 75),
    driver_exit_code: 1, error_type: 'job failed, exit code 1: ZeroDivisionError: division by zero', metadata: { owner: 'li' },
    runtime_env: { envVars: '{"OMP_NUM_THREADS":"4"}', pip: 'pip3.9 install pandas==2.2.2 && pip3.9 check', working_dir: 'file:///home/disk/etl.zip' } });
  preload({ submission_id: 'app-stopped-1', entrypoint: 'python serve.py', status: 'STOPPED', start_time: String(t0), end_time: String(t0 + 600),
    driver_exit_code: -15, error_type: 'job stopped by user' });
  preload({ submission_id: 'app-pending-1', entrypoint: 'python wait.py', status: 'PENDING' });
  preload({ submission_id: 'app-unknown-state', entrypoint: 'python odd.py', status: '', start_time: String(t0) });

  /** One step of a job's life: PENDING → RUNNING, then RUNNING → SUCCEEDED/FAILED by its exit code. */
  function advance(id) {
    const j = jobs.get(id);
    if (j?.status === 'PENDING') jobs.set(id, started(j));
    else if (j?.status === 'RUNNING') {
      const code = Number(/exit (\d+)/.exec(j.entrypoint)?.[1] ?? 0);
      jobs.set(id, {
        ...j, end_time: seconds(), driver_exit_code: code,
        status: code === 0 ? 'SUCCEEDED' : 'FAILED',
        error_type: code === 0 ? '' : `job failed, exit code ${code}`,
      });
    }
    return jobs.get(id)?.status;
  }

  function submit(body) {
    const id = body.submission_id || `app-${randomUUID()}`;
    if (jobs.has(id)) return [400, `submit job has already exist, submissionId: ${id}`];
    const meta = body.metadata ?? null;
    preload({ submission_id: id, entrypoint: body.entrypoint ?? '', status: 'PENDING', metadata: meta, runtime_env: body.runtime_env });
    if (meta?.advance !== 'manual') {
      later(Number(meta?.pending_ms ?? 300), () => {
        if (advance(id) !== 'RUNNING' || /sleep forever/.test(jobs.get(id).entrypoint)) return;
        later(Number(meta?.run_ms ?? 600), () => { if (jobs.get(id).status === 'RUNNING') advance(id); });
      });
    }
    return [200, { submission_id: id }];
  }

  const notFound = (id) => `not found app, submissionId: ${id}, err: failed to get appjobInfo, submissionID: ${id}`;

  /** Handles `rest` (the path after the prefix); `variant` is frontend, dashboard or auth. */
  async function handle(req, res, rest, variant) {
    if (variant === 'auth') {
      const url = new URL(req.url, 'http://x');
      if (req.headers['x-auth'] !== 'good-token' && url.searchParams.get('token') !== 'good-token') {
        return json(res, 401, { error: 'authentication failed' });
      }
    }
    const path = rest.split('?')[0];
    const control = /^\/_control\/jobs\/([^/]+)(\/advance)?$/.exec(path);
    if (control) {
      const id = decodeURIComponent(control[1]);
      if (!jobs.has(id)) return json(res, 404, notFound(id));
      if (control[2] && req.method === 'POST') advance(id);
      return json(res, 200, { status: jobs.get(id).status, reads: reads.get(id) ?? 0 });
    }
    if (req.method === 'GET' && path === '/api/jobs') return json(res, 200, [...jobs.values()].map(appInfo));
    if (req.method === 'GET' && path === '/api/jobs/') {
      // gin's RedirectTrailingSlash
      res.writeHead(301, { Location: req.url.replace(/\/api\/jobs\/(\?|$)/, '/api/jobs$1') });
      return res.end();
    }
    if (req.method === 'POST' && path === '/api/jobs') {
      const [status, body] = submit(JSON.parse((await readBody(req)) || '{}'));
      return json(res, status, body);
    }
    const stop = /^\/api\/jobs\/([^/]+)\/stop$/.exec(path);
    if (req.method === 'POST' && stop) {
      const id = decodeURIComponent(stop[1]);
      const j = jobs.get(id);
      if (!j) return json(res, 404, notFound(id));
      if (!['SUCCEEDED', 'FAILED', 'STOPPED'].includes(j.status)) {
        jobs.set(id, { ...j, status: 'STOPPED', end_time: seconds(), driver_exit_code: -15, error_type: 'job stopped by user' });
      }
      return json(res, 200, true);
    }
    const one = /^\/api\/jobs\/([^/]+)$/.exec(path);
    if (req.method === 'DELETE' && one) {
      // Only terminal jobs are deleted; the job manager's refusal comes back as a bare false.
      const id = decodeURIComponent(one[1]);
      const j = jobs.get(id);
      if (!j) return json(res, 404, notFound(id));
      if (!['SUCCEEDED', 'FAILED', 'STOPPED'].includes(j.status)) return json(res, 200, false);
      jobs.delete(id);
      return json(res, 200, true);
    }
    if (req.method === 'GET' && one) {
      const id = decodeURIComponent(one[1]);
      reads.set(id, (reads.get(id) ?? 0) + 1);
      const j = jobs.get(id);
      if (j) return json(res, 200, appInfo(j));
      if (variant === 'dashboard') return json(res, 400, `request to fronted failed, err: ${notFound(id)}`);
      return json(res, 404, notFound(id));
    }
    return send(res, 404, '404 page not found', 'text/plain');
  }

  return { handle, close: () => timers.forEach(clearTimeout) };
}
