// jobglass against the openYuanrong frontend replay (tests/servers/openyuanrong.mjs): every
// normalized field is checked against the raw JSON the replay sent, converted by the contract's
// rules here in the test, for jobs the test moves through their lifecycle (`advance`) once it has
// seen each state, so no state lives in a wall-clock window.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fetchJob, listJobs, watchJob } from './lib/jobglass.mjs';
import { useDoubles } from '../servers/spawn.mjs';

const doubles = useDoubles();
const oyr = () => `${doubles.url}/oyr`;
const raw = async (id) => (await fetch(`${oyr()}/api/jobs/${encodeURIComponent(id)}`)).json();
const submit = async (body) => {
  const res = await fetch(`${oyr()}/api/jobs`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  assert.equal(res.status, 200);
  return (await res.json()).submission_id;
};
/** Moves a job submitted with `advance: "manual"` one step on (the replay's control endpoint). */
const advance = (id) => fetch(`${oyr()}/_control/jobs/${encodeURIComponent(id)}/advance`, { method: 'POST' }).then((r) => r.json());
const manual = { advance: 'manual' };
const TERMINAL = ['SUCCEEDED', 'FAILED', 'STOPPED'];
const ms = (s) => (s === '' ? null : Number(s) * 1000);
const orNull = (s) => (s === '' ? null : s);

/** The contract's rules applied to a raw openYuanrong AppInfo, independently of jobglass. */
function expected(r) {
  const terminal = TERMINAL.includes(r.status);
  return {
    kind: 'job', dialect: 'openyuanrong', type: r.type, submissionId: r.submission_id, jobId: null,
    entrypoint: orNull(r.entrypoint), status: r.status === '' ? 'UNKNOWN' : r.status, rawStatus: r.status, terminal,
    errorType: orNull(r.error_type), startTime: ms(r.start_time), endTime: ms(r.end_time),
    driver: {
      id: orNull(r.driver_info.id), nodeIpAddress: orNull(r.driver_info.node_ip_address),
      pid: r.driver_info.pid === '' ? null : Number(r.driver_info.pid),
    },
    driverNodeId: orNull(r.driver_node_id), driverExitCode: terminal ? r.driver_exit_code : null,
    metadata: r.metadata ?? {},
    extra: { key: r.key },
  };
}

function assertMatches(job, r) {
  const want = expected(r);
  for (const [k, v] of Object.entries(want)) assert.deepEqual(job[k], v, `${r.submission_id}: ${k}`);
  if (job.startTime !== null && job.endTime !== null) assert.equal(job.durationMs, job.endTime - job.startTime);
}

test('preloaded jobs in every state match their raw JSON', async () => {
  for (const id of ['app-fe4ee1e5-d24f-4236-be15-7654e3c2229b', 'app-running-1', 'app-failed-1', 'app-stopped-1', 'app-pending-1', 'app-unknown-state']) {
    assertMatches(await fetchJob(oyr(), id), await raw(id));
  }
  const unknown = await fetchJob(oyr(), 'app-unknown-state');
  assert.equal(unknown.warnings.length, 1);
  assert.match(unknown.warnings[0], /status/);
  const failed = await fetchJob(oyr(), 'app-failed-1');
  assert.deepEqual(failed.runtimeEnv.pip, ['pandas==2.2.2']);
  assert.deepEqual(failed.runtimeEnv.envVars, { OMP_NUM_THREADS: '4' });
});

test('a submitted job is followed PENDING → RUNNING → SUCCEEDED by watchJob', async () => {
  const id = await submit({ entrypoint: 'python ok.py', metadata: manual });
  const seen = [];
  // Each state moves on only after watchJob has reported it.
  const last = await watchJob(oyr(), id, { intervalMs: 100, deadlineMs: 20000, onUpdate: (job) => { seen.push(job); advance(id); } });
  assert.deepEqual(seen.map((j) => j.status), ['PENDING', 'RUNNING', 'SUCCEEDED']);
  assert.equal(seen[1].driverExitCode, null, 'no exit code while running, though the server says 0');
  assert.equal(seen[1].endTime, null);
  assertMatches(last, await raw(id));
  assert.equal(last.driverExitCode, 0);
});

test('a failing job ends FAILED with its exit code', async () => {
  const id = await submit({ entrypoint: 'python -c "exit 3"; exit 3', metadata: manual });
  const last = await watchJob(oyr(), id, { intervalMs: 100, deadlineMs: 20000, onUpdate: () => advance(id) });
  assert.equal(last.status, 'FAILED');
  assert.equal(last.driverExitCode, 3);
  assertMatches(last, await raw(id));
});

test('a stopped job ends STOPPED', async () => {
  const id = await submit({ entrypoint: 'python serve.py', metadata: manual });
  const stop = () => fetch(`${oyr()}/api/jobs/${id}/stop`, { method: 'POST' });
  // Started once seen PENDING, stopped once seen RUNNING.
  const last = await watchJob(oyr(), id, {
    intervalMs: 100, deadlineMs: 20000, onUpdate: (job) => (job.status === 'PENDING' ? advance(id) : stop()),
  });
  assert.equal(last.status, 'STOPPED');
  assertMatches(last, await raw(id));
});

test('a watch that outlives its deadline rejects with TIMEOUT', async () => {
  const id = await submit({ entrypoint: 'python serve.py --sleep forever', metadata: { pending_ms: '50' } });
  const e = await watchJob(oyr(), id, { intervalMs: 100, deadlineMs: 500 }).catch((err) => err);
  assert.equal(e.code, 'TIMEOUT');
  assert.ok(e.attempts >= 2);
});

test('not found: the JSON string body decoded, from the frontend (404) and the dashboard (400)', async () => {
  for (const [prefix, status] of [['/oyr', 404], ['/oyr-dashboard', 400]]) {
    const e = await fetchJob(`${doubles.url}${prefix}`, 'app-missing').catch((err) => err);
    assert.equal(e.code, 'NOT_FOUND');
    assert.equal(e.status, status);
    assert.match(e.serverMessage, /^(request to fronted failed, err: )?not found app, submissionId: app-missing/);
    assert.ok(!e.serverMessage.startsWith('"'));
  }
});

test('X-Auth is sent; without it the frontend answers UNAUTHORIZED with its words', async () => {
  const job = await fetchJob(`${doubles.url}/oyr-auth`, 'app-failed-1', { headers: { 'X-Auth': 'good-token' } });
  assert.equal(job.status, 'FAILED');
  const e = await fetchJob(`${doubles.url}/oyr-auth`, 'app-failed-1').catch((err) => err);
  assert.equal(e.code, 'UNAUTHORIZED');
  assert.equal(e.serverMessage, 'authentication failed');
});

test('listJobs works on openYuanrong (/api/jobs) and Ray (/api/jobs/ only)', async () => {
  const all = await (await fetch(`${oyr()}/api/jobs`)).json();
  const jobs = await listJobs(oyr());
  assert.equal(jobs.length, all.length);
  for (const r of all) assertMatches(jobs.find((j) => j.submissionId === r.submission_id), r);
  const ray = await listJobs(`${doubles.url}/ray/`);
  assert.deepEqual(ray.map((j) => j.type), ['SUBMISSION', 'SUBMISSION', 'DRIVER']);
});
