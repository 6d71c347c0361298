// A ModelArts Lite Server job API double (REFERENCE.md §3): IAM token or SDK-HMAC-SHA256
// signature required, `ModelArts.6404` on HTTP 400 for a missing job, `APIG.0301` on 401,
// integer-or-string millisecond timestamps, pages of `{current, pages, size, total, data}` that
// follow `limit` and `offset`; /_list-requests lists the list queries received.
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { json, readBody } from './http.mjs';
import { verify } from './signing.mjs';

const seed = JSON.parse(readFileSync(new URL('../fixtures/modelarts/seed-example.json', import.meta.url), 'utf8'));
const KEYS = { 'test-ak': 'test-sk' };
const TOKEN = 'good-token';
const PAGE_SIZE = 10;
export const PAGED_JOBS = 23;

const task = (id, status, message, server = 'liteserver-a2-01') => ({
  create_at: '1757558550733', update_at: '1757558564470', id, server_id: `srv-${id}`, server_name: server,
  cloud_server: { id: `ecs-${id}`, type: 'BMS' }, status, message,
});

export function modelArts() {
  const jobs = new Map([
    [seed.id, seed],
    ['job-processing', { create_at: '1757558550702', update_at: '1757558564458', id: 'job-processing', name: 'npu-driver-upgrade',
      description: 'Upgrade NPU drivers', type: 'COMMON', status: 'PROCESSING',
      items: [{ type: 'COMMON', spec: { command: 'npu-smi info', timeout: '600' } }],
      tasks: [task('t-1', 'PROCESSING', ''), task('t-2', 'SUCCESS', 'Driver: 24.1.0.3', 'liteserver-a2-02')],
      template_id: 'tmpl-1', user_name: 'modelarts_user', abnormal_count: 0 }],
    ['job-abnormal', { create_at: 1757558550702, update_at: 1757558564458, id: 'job-abnormal', name: 'log-collect',
      description: 'Collect device logs', type: 'DEVICE_LOG_COLLECT', status: 'FINISHED',
      items: [{ type: 'DEVICE_LOG_COLLECT', spec: { path: '/var/log/npu' } }],
      tasks: [task('t-1', 'FAILED', 'npu-smi: command not found\nexit status 127'), task('t-2', 'SKIPPED', 'skipped: previous node failed', 'liteserver-a2-02'),
        task('t-3', 'SUCCESS', 'collected 12 files', 'liteserver-a2-03')],
      template_id: 'tmpl-2', user_name: 'modelarts_user', abnormal_count: 1 }],
    ['job-deleted', { create_at: 1757558550702, update_at: 1757558569999, id: 'job-deleted', name: 'old', type: 'COMMON', status: 'DELETED',
      items: [], tasks: [], template_id: 'tmpl-1', user_name: 'modelarts_user', abnormal_count: 0 }],
    ['job-active', { create_at: 1757558550702, update_at: 1757558550702, id: 'job-active', name: 'health-check', type: 'COMMON', status: 'ACTIVE',
      items: [], tasks: [task('t-1', 'PROCESSING', '')], template_id: 'tmpl-3', user_name: 'modelarts_user', abnormal_count: 0 }],
  ]);
  let last = null;
  const progress = new Map();
  // Project `paged-project` holds PAGED_JOBS jobs, newest first, so a list takes several pages.
  const paged = Array.from({ length: PAGED_JOBS }, (_, i) => ({
    create_at: 1757558550702 - i * 60000, update_at: 1757558550702 - i * 60000 + 30000, id: `paged-${String(i).padStart(3, '0')}`,
    name: `paged-job-${i}`, type: i % 3 ? 'COMMON' : 'DEVICE_LOG_COLLECT', status: i % 5 === 0 ? 'PROCESSING' : 'FINISHED',
    template_id: 'tmpl-1', user_name: 'modelarts_user', abnormal_count: i % 7 === 0 ? 1 : 0,
  }));
  const listReads = [];

  const failure = (res, status, code, msg) => {
    const requestId = randomBytes(16).toString('hex');
    json(res, status, { error_code: code, error_msg: msg, request_id: requestId }, { 'X-Request-Id': requestId });
  };

  async function handle(req, res, rest) {
    const url = new URL(req.url, 'http://x');
    if (rest === '/_last-request') return json(res, 200, last);
    if (rest === '/_list-requests') return json(res, 200, listReads);
    const body = await readBody(req);
    last = { method: req.method, path: url.pathname, query: url.search, headers: Object.keys(req.headers).sort() };
    const m = /^\/v1\/([^/]+)\/dev-servers\/jobs(?:\/([^/]+))?$/.exec(rest.split('?')[0]);
    if (!m) return failure(res, 404, 'APIG.0101', 'The API does not exist or has not been published in the environment.');
    const project = decodeURIComponent(m[1]);
    const signed = verify(req, url, body, KEYS) && req.headers['x-project-id'] === project;
    if (req.headers['x-auth-token'] !== TOKEN && !signed) {
      return failure(res, 401, 'APIG.0301', 'Incorrect IAM authentication information: verify aksk signature fail');
    }
    if (project === 'missing-project') return failure(res, 400, 'ModelArts.6309', 'The instance does not exist.');
    if (m[2] !== undefined && m[2].startsWith('job-progress-')) {
      // A job that moves on as it is read: two reads while its first task runs, then finished.
      const id = decodeURIComponent(m[2]);
      const reads = (progress.get(id) ?? 0) + 1;
      progress.set(id, reads);
      const done = reads > 2;
      return json(res, 200, { create_at: 1757558550702, update_at: 1757558550702 + reads, id, name: 'progress', type: 'COMMON',
        status: done ? 'FINISHED' : 'PROCESSING', items: [], template_id: 'tmpl-1', user_name: 'modelarts_user', abnormal_count: 0,
        tasks: [task('t-1', done ? 'SUCCESS' : 'PROCESSING', `step ${Math.min(reads, 3)}`)] });
    }
    if (m[2] !== undefined) {
      const job = jobs.get(decodeURIComponent(m[2]));
      return job ? json(res, 200, job) : failure(res, 400, 'ModelArts.6404', `DevServer job ${decodeURIComponent(m[2])} not found.`);
    }
    const q = url.searchParams;
    listReads.push({ project, query: url.search });
    const data = (project === 'paged-project' ? paged : [...jobs.values()])
      .filter((j) => ['id', 'name', 'type', 'status'].every((k) => !q.has(k) || j[k] === q.get(k)))
      .map(({ items, tasks, ...summary }) => summary);
    // Pages of `limit` jobs (10 unless asked) from record `offset`, `current` counted from 1:
    // the paging of ModelArts' other lists (docs/page.md, "The jobs list").
    const size = q.has('limit') ? Number(q.get('limit')) : PAGE_SIZE;
    const offset = q.has('offset') ? Number(q.get('offset')) : 0;
    if (!(Number.isInteger(size) && size > 0 && size <= 500 && Number.isInteger(offset) && offset >= 0)) {
      return failure(res, 400, 'ModelArts.0103', 'Invalid paging parameter.');
    }
    return json(res, 200, {
      current: Math.floor(offset / size) + 1, pages: Math.ceil(data.length / size), size, total: data.length,
      data: data.slice(offset, offset + size),
    });
  }
  return { handle };
}
