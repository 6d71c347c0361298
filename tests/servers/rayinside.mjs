// Ray's dashboard as seen from inside a job (docs/api.md §15), in the shapes a live Ray 2.60 head
// sent (tests/fixtures/ray-live/inside/, /work notes in docs/api.md): the job API for scripted
// jobs, the state API's task and actor lists filtered by job id, each node's worker log listing,
// the worker log files as plain text, and the cluster status. Jobs:
//   inside-1   SUCCEEDED (job id 02000000): six `work` tasks on three workers over two nodes, the
//              actor `Keeper` (its creation and one method) and `boom`, which failed; each worker
//              prints lines only it prints (ACTOR_LINE, BOOM_LINE below).
//   many-N     RUNNING: N tasks (at most 100,000), one in 97 FAILED, some RUNNING and PENDING.
//   gpu-1      RUNNING: one task waits for a GPU the cluster (the live head's status) lacks.
//   live-1     RUNNING: POST /_control/live-1/add {state} appends a task (the page's live refresh).
// Under /rayinside-old the same jobs on a Ray with only the job API: /api/v0 and cluster_status 404.
// GET /_control/hold?file=SUFFIX holds the log file whose name ends so until GET /_control/release.
// Every request but these is counted by path: GET /_control/requests → {path: count}.
import { readFileSync } from 'node:fs';
import { json, readBody, text } from './http.mjs';

const FIXTURES = new URL('../fixtures/ray-live/inside/', import.meta.url);
const fixture = (name) => JSON.parse(readFileSync(new URL(name, FIXTURES), 'utf8'));

export const NODE_A = 'd81f70d2be40f12431a6d94c2caaed8af7857f48edac92282a50c728';
export const NODE_B = '5c1a7e0b9f3d2e4a6b8c0d1e2f3a4b5c6d7e8f9a0b1c2d3e4f5a6b7c';
export const ACTOR_LINE = 'jg-actor-only says hello';
export const BOOM_LINE = 'jg-boom-only about to raise';
const hex = (n, width) => n.toString(16).padStart(width, '0');
const workerId = (n) => hex(0x8182cf5d + n, 8).repeat(7);

/** A task row as Ray's `/api/v0/tasks?detail=1` sends it. */
function taskRow({ taskId, name, state, jobId, type = 'NORMAL_TASK', actorId = null, node = null, worker = null, pid = null, start = null, end = null, error = null, resources = { CPU: 1.0 } }) {
  const failed = state === 'FAILED';
  return {
    task_id: taskId, attempt_number: 0, name, state, job_id: jobId, actor_id: actorId, type,
    func_or_class_name: name, parent_task_id: `${'f'.repeat(40)}${jobId}`, node_id: node, worker_id: worker,
    worker_pid: pid, error_type: failed ? 'TASK_EXECUTION_EXCEPTION' : null, language: 'PYTHON',
    required_resources: resources, placement_group_id: null,
    events: [{ state: 'PENDING_ARGS_AVAIL', created_ms: start ?? 1796328864000 }],
    profiling_data: {}, creation_time_ms: start ?? 1796328864000, start_time_ms: start, end_time_ms: end,
    task_log_info: worker ? { stdout_file: `worker-${worker}-${jobId}-${pid}.out`, stderr_file: `worker-${worker}-${jobId}-${pid}.err` } : null,
    error_message: failed ? error : null, is_debugger_paused: null, call_site: null,
  };
}

/** The job whose inside the tests look at, with its log files' text (`{node}.{file}` → text). */
function insideJob() {
  const jobId = '02000000';
  const t0 = 1796328855050;
  const workers = [
    { n: 1, node: NODE_A, pid: 23873 },
    { n: 2, node: NODE_A, pid: 23874 },
    { n: 3, node: NODE_B, pid: 31001 },
    { n: 4, node: NODE_B, pid: 31002, actor: 'dba283ac18b96270cc65bf0602000000' },
  ].map((w) => ({ ...w, id: workerId(w.n) }));
  const tasks = [];
  const out = new Map(workers.map((w) => [w.id, [`:job_id:${jobId}`, `:task_name:worker ${w.n}`]]));
  for (let i = 0; i < 6; i++) {
    const w = workers[i % 3];
    tasks.push(taskRow({ taskId: `${hex(0x1000 + i, 16)}${'f'.repeat(24)}${jobId}`, name: 'work', state: 'FINISHED', jobId, node: w.node, worker: w.id, pid: w.pid, start: t0 + 1000 + i, end: t0 + 1500 + i }));
    out.get(w.id).push(`jg-work task ${i} pid=${w.pid}`);
  }
  const boomWorker = workers[2];
  out.get(boomWorker.id).push(BOOM_LINE);
  tasks.unshift(taskRow({
    taskId: `0d12401e8fa9a714${'f'.repeat(24)}${jobId}`, name: 'boom', state: 'FAILED', jobId, node: boomWorker.node, worker: boomWorker.id, pid: boomWorker.pid,
    start: t0 + 9000, end: t0 + 9006, error: 'ray::boom() (pid=31001, ip=192.0.2.3)\n  File "inside.py", line 30, in boom\nValueError: jg-boom raised on purpose',
  }));
  const a = workers[3];
  tasks.push(taskRow({ taskId: `${'c'.repeat(16)}${a.actor}`, name: 'Keeper.__init__', state: 'FINISHED', jobId, type: 'ACTOR_CREATION_TASK', actorId: a.actor, node: a.node, worker: a.id, pid: a.pid, start: t0 + 800, end: t0 + 900, resources: {} }));
  tasks.push(taskRow({ taskId: `${'d'.repeat(16)}${a.actor}`, name: 'Keeper.hello', state: 'FINISHED', jobId, type: 'ACTOR_TASK', actorId: a.actor, node: a.node, worker: a.id, pid: a.pid, start: t0 + 8000, end: t0 + 8001, resources: {} }));
  out.get(a.id).push('jg-actor-init', ACTOR_LINE);
  const files = new Map();
  for (const w of workers) {
    files.set(`${w.node}.worker-${w.id}-${jobId}-${w.pid}.out`, `${out.get(w.id).join('\n')}\n`);
    files.set(`${w.node}.worker-${w.id}-${jobId}-${w.pid}.err`, w === boomWorker ? 'Traceback (most recent call last):\nValueError: jg-boom raised on purpose\n' : '');
  }
  // Another job's worker on the same node: listed by Ray, not this job's.
  files.set(`${NODE_A}.worker-${workerId(9)}-01000000-22000.out`, 'not this job\n');
  const actors = [{ actor_id: a.actor, class_name: 'Keeper', state: 'DEAD', job_id: jobId, name: '', node_id: a.node, pid: a.pid, required_resources: {} }];
  const driver = `driver starting\n(Keeper pid=${a.pid}) ${ACTOR_LINE}\n(boom pid=${boomWorker.pid}) ${BOOM_LINE}\njg-driver-done\n`;
  return {
    job: jobBody('inside-1', jobId, 'SUCCEEDED', t0, t0 + 11843),
    tasks, actors, files, driver,
  };
}

function jobBody(id, jobId, status, start, end = null) {
  return {
    type: 'SUBMISSION', job_id: jobId, submission_id: id,
    driver_info: jobId ? { id: jobId, node_ip_address: '192.0.2.2', pid: '23840' } : null,
    status, entrypoint: `python ${id}.py`, message: status === 'RUNNING' ? 'Job is currently running.' : 'Job finished successfully.',
    error_type: null, start_time: start, end_time: end, metadata: null, runtime_env: null,
    driver_agent_http_address: 'http://192.0.2.2:52365', driver_node_id: NODE_A, driver_exit_code: end ? 0 : null,
  };
}

/** N tasks of a running job, generated: most FINISHED, one in 97 FAILED, the last ones RUNNING and PENDING. */
function manyJob(n) {
  const jobId = hex(0x0a000000 + (n % 0xffffff), 8);
  const w = { node: NODE_A, id: workerId(5), pid: 40000 };
  const tasks = [];
  for (let i = 0; i < n; i++) {
    const state = i % 97 === 13 ? 'FAILED' : i >= n - 5 ? 'PENDING_NODE_ASSIGNMENT' : i >= n - 25 ? 'RUNNING' : 'FINISHED';
    const placed = state !== 'PENDING_NODE_ASSIGNMENT';
    tasks.push(taskRow({
      taskId: `${hex(i, 16)}${'f'.repeat(24)}${jobId}`, name: `step_${i % 7}`, state, jobId,
      node: placed ? w.node : null, worker: placed ? w.id : null, pid: placed ? w.pid : null,
      start: 1796328000000 + i, end: state === 'FINISHED' || state === 'FAILED' ? 1796328000500 + i : null,
      error: `ValueError: step ${i} failed`,
    }));
  }
  const files = new Map([[`${w.node}.worker-${w.id}-${jobId}-${w.pid}.out`, 'many\n']]);
  return { job: jobBody(`many-${n}`, jobId, 'RUNNING', 1796328000000), tasks, actors: [], files, driver: 'running\n' };
}

function gpuJob() {
  const rows = fixture('gpu_tasks.json').data.result.result;
  return { job: jobBody('gpu-1', '03000000', 'RUNNING', 1796328947634), tasks: rows, actors: [], files: new Map(), driver: 'waiting for a GPU\n' };
}

function liveJob() {
  return { job: jobBody('live-1', '04000000', 'RUNNING', 1796329000000), tasks: [], actors: [], files: new Map(), driver: 'live\n' };
}

/** The state API's list answer: the first `limit` rows of those `filter_values` names. */
function stateList(rows, limit) {
  const kept = rows.slice(0, limit);
  return {
    result: true, msg: '',
    data: { result: { total: rows.length, num_after_truncation: kept.length, num_filtered: rows.length, result: kept, partial_failure_warning: '', warnings: null } },
  };
}

export function rayInside() {
  const jobs = new Map();
  const requests = {};
  const held = { file: null, waiting: [] };
  const jobOf = (id) => {
    if (!jobs.has(id)) {
      const many = /^many-(\d{1,6})$/.exec(id);
      const made = id === 'inside-1' ? insideJob() : id === 'gpu-1' ? gpuJob() : id === 'live-1' ? liveJob()
        : many && Number(many[1]) <= 100000 ? manyJob(Number(many[1])) : null;
      if (!made) return null;
      jobs.set(id, made);
    }
    return jobs.get(id);
  };
  const byJobId = (jobId) => {
    for (const id of ['inside-1', 'gpu-1', 'live-1']) jobOf(id);
    return [...jobs.values()].find((j) => j.job.job_id === jobId) ?? null;
  };
  return {
    requests,
    /** `stateApi: false`: a Ray whose dashboard has only the job API (404 for the rest). */
    async handle(req, res, rest, { stateApi = true } = {}) {
      const url = new URL(rest, 'http://double');
      if (!stateApi && /^\/api\/(v0\/|cluster_status)/.test(url.pathname)) return text(res, 404, 'Not Found');
      if (!url.pathname.startsWith('/_control/')) requests[url.pathname] = (requests[url.pathname] ?? 0) + 1;
      const q = url.searchParams;
      if (url.pathname === '/_control/requests') return json(res, 200, requests);
      const add = /^\/_control\/([^/]+)\/add$/.exec(url.pathname);
      if (add && req.method === 'POST') {
        const j = jobOf(add[1]);
        const { state = 'RUNNING' } = JSON.parse((await readBody(req)) || '{}');
        const i = j.tasks.length;
        j.tasks.push(taskRow({ taskId: `${hex(i, 16)}${'e'.repeat(24)}${j.job.job_id}`, name: `live_${i}`, state, jobId: j.job.job_id, start: 1796329000000 + i }));
        return json(res, 200, { tasks: j.tasks.length });
      }
      if (url.pathname === '/api/jobs/' || url.pathname === '/api/jobs') {
        return json(res, 200, ['inside-1', 'gpu-1', 'live-1'].map((id) => jobOf(id).job));
      }
      const m = /^\/api\/jobs\/([^/]+)(\/logs)?$/.exec(url.pathname);
      if (m) {
        const j = jobOf(decodeURIComponent(m[1])) ?? byJobId(decodeURIComponent(m[1]));
        if (!j) return text(res, 404, `Job ${m[1]} does not exist.`);
        return json(res, 200, m[2] ? { logs: j.driver } : j.job);
      }
      const list = /^\/api\/v0\/(tasks|actors)$/.exec(url.pathname);
      if (list) {
        if (q.get('filter_keys') !== 'job_id' || q.get('filter_predicates') !== '=') return text(res, 400, 'filters the double does not know');
        const j = byJobId(q.get('filter_values'));
        return json(res, 200, stateList(j ? j[list[1]] : [], Number(q.get('limit') ?? 100)));
      }
      if (url.pathname === '/api/v0/logs') {
        const node = q.get('node_id');
        const names = [...new Set([...jobs.values()].flatMap((j) => [...j.files.keys()]))]
          .filter((k) => k.startsWith(`${node}.`)).map((k) => k.slice(node.length + 1));
        return json(res, 200, { result: true, msg: '', data: { result: { internal: ['debug_state.txt'], worker_out: names.filter((f) => f.endsWith('.out')), worker_err: names.filter((f) => f.endsWith('.err')) } } });
      }
      if (url.pathname === '/_control/hold') { held.file = q.get('file'); return json(res, 200, {}); }
      if (url.pathname === '/_control/release') { held.file = null; for (const go of held.waiting.splice(0)) go(); return json(res, 200, {}); }
      if (url.pathname === '/api/v0/logs/file') {
        const key = `${q.get('node_id')}.${q.get('filename')}`;
        // A held file answers only once released: a search's other files come first.
        if (held.file && key.endsWith(held.file)) await new Promise((go) => held.waiting.push(go));
        const j = [...jobs.values()].find((x) => x.files.has(key));
        if (!j) return text(res, 404, `file ${q.get('filename')} not found`);
        return text(res, 200, j.files.get(key));
      }
      if (url.pathname === '/api/cluster_status') return json(res, 200, fixture('gpu_cluster_status.json'));
      text(res, 404, 'Not Found');
    },
  };
}
