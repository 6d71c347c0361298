// worker/'s GET /jobs (docs/api.md §13) in real workerd (through miniflare), bundled from the packed
// tarball as wrangler bundles it, against a local Ray-style list: normalized jobs newest first,
// filtered by status, cut at `limit`, env var values hidden, and nothing without the token.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { bundleEdgeWorker } from './lib/edge-worker.mjs';
import { rayJob } from '../servers/joblists.mjs';

const TOKEN = 'worker-token-list-7d2e';
const N = 60;
const jobs = Array.from({ length: N }, (_, i) => rayJob(i, N));
jobs[7].runtime_env = { env_vars: { API_KEY: 'env-secret-value' } };
jobs[8].start_time = null; // never started: last
let dir; let upstream; let hits = 0; let mf;

before(async () => {
  dir = await bundleEdgeWorker('jobglass-edge-list-');
  upstream = createServer((req, res) => {
    hits++;
    if (req.url !== '/api/jobs/') { res.writeHead(404, { 'Content-Type': 'text/plain' }); return res.end('404: Not Found'); }
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify(jobs));
  });
  await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  mf = new Miniflare({
    modules: true,
    scriptPath: join(dir, 'dist/worker.js'),
    modulesRoot: join(dir, 'dist'),
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: '2026-04-01',
    bindings: { JOB_UPSTREAM: `http://127.0.0.1:${upstream.address().port}`, JOBGLASS_WORKER_TOKEN: TOKEN, ALLOWED_ORIGIN: 'https://dashboard.example.com' },
  });
});

after(async () => {
  await mf?.dispose();
  await new Promise((resolve) => upstream?.close(resolve));
  rmSync(dir, { recursive: true, force: true });
});

const get = (path, headers = { Authorization: `Bearer ${TOKEN}` }) => mf.dispatchFetch(`http://edge.test${path}`, { headers });
/** What the worker should answer, from the upstream's own list. */
function newest(statuses, limit) {
  return jobs.map((j, i) => ({ j, i })).filter(({ j }) => !statuses.length || statuses.includes(j.status))
    .sort((a, b) => (b.j.start_time ?? -Infinity) - (a.j.start_time ?? -Infinity) || a.i - b.i)
    .slice(0, limit).map(({ j }) => j.submission_id);
}

test('GET /jobs: normalized jobs, newest first, 100 unless a limit is given', async () => {
  const res = await get('/jobs');
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('cache-control'), 'private, no-store');
  const body = await res.json();
  assert.equal(body.total, N);
  assert.deepEqual(body.jobs.map((j) => j.submissionId), newest([], 100));
  assert.equal(body.jobs.at(-1).submissionId, jobs[8].submission_id, 'a job that never started comes last');
  assert.equal(body.jobs[0].kind, 'job');
  const seven = body.jobs.find((j) => j.submissionId === jobs[7].submission_id);
  assert.deepEqual(seven.runtimeEnv.envVars, { API_KEY: '<redacted>' });
  assert.ok(!JSON.stringify(body).includes('env-secret-value'));
});

test('GET /jobs?status=…&limit=…: only those statuses, at most that many', async () => {
  const res = await get('/jobs?status=failed,STOPPED&limit=4');
  assert.equal(res.status, 200);
  const body = await res.json();
  assert.equal(body.total, jobs.filter((j) => ['FAILED', 'STOPPED'].includes(j.status)).length);
  assert.deepEqual(body.jobs.map((j) => j.submissionId), newest(['FAILED', 'STOPPED'], 4));
  assert.deepEqual([...new Set(body.jobs.map((j) => j.status))].sort(), ['FAILED', 'STOPPED']);
});

test('GET /jobs refuses a bad status or limit, and anyone without the token', async () => {
  const before = hits;
  for (const q of ['status=DONE', 'limit=0', 'limit=1001', 'limit=abc', 'limit=-1']) {
    const res = await get(`/jobs?${q}`);
    assert.equal(res.status, 400, q);
    assert.equal((await res.json()).error.code, 'BAD_REQUEST');
  }
  for (const headers of [{}, { Authorization: 'Bearer wrong' }]) {
    const res = await get('/jobs', headers);
    assert.equal(res.status, 401);
  }
  assert.equal(hits, before, 'the upstream was not asked');
});
