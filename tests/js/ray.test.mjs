// jobglass against a real Ray head (started by tests/ray/run.sh): for every job, fetchJob,
// listJobs and watchJob agree field by field with what Ray's own Python client reported.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fetchJob, listJobs, watchJob } from './lib/jobglass.mjs';
import { expectedFrom } from './lib/ray-expected.mjs';

const endpoint = process.env.JOBGLASS_RAY;
const truth = JSON.parse(readFileSync(process.env.JOBGLASS_RAY_TRUTH, 'utf8'));
function agrees(job, info, how) {
  for (const [k, v] of Object.entries(expectedFrom(info))) assert.deepEqual(job[k], v, `${how}: ${k}`);
  assert.equal(job.dialect, 'ray');
  assert.deepEqual(job.warnings, [], `${how}: no repairs needed`);
}

test('Ray reported the five kinds of job', () => {
  assert.deepEqual(Object.keys(truth).sort(), ['driver', 'exits-3', 'ray-init', 'stopped', 'succeeds']);
  assert.equal(truth.succeeds.info.status, 'SUCCEEDED');
  assert.equal(truth['exits-3'].info.driver_exit_code, 3);
  assert.equal(truth.stopped.info.status, 'STOPPED');
  assert.ok(truth['ray-init'].info.job_id && truth['ray-init'].info.driver_info);
  assert.equal(truth.driver.info.type, 'DRIVER');
});

for (const [name, { id, info, listed }] of Object.entries(truth)) {
  test(`${name}: fetchJob agrees with get_job_info`, async () => {
    agrees(await fetchJob(endpoint, id), info, 'fetchJob');
  });
  test(`${name}: listJobs agrees with list_jobs`, async () => {
    const jobs = await listJobs(endpoint);
    const job = jobs.find((j) => (j.submissionId ?? j.jobId) === id);
    assert.ok(job, `${id} is listed`);
    agrees(job, listed, 'listJobs');
  });
  test(`${name}: watchJob resolves with the terminal job`, async () => {
    let updates = 0;
    const job = await watchJob(endpoint, id, { intervalMs: 100, deadlineMs: 10000, onUpdate: () => { updates++; } });
    agrees(job, info, 'watchJob');
    assert.equal(updates, 1);
  });
}

test('env var values: Ray redacts them for Node\'s fetch (a "browser" to Ray), not for its Python client or urllib', async () => {
  // REFERENCE.md §2: any Sec-Fetch-* header makes Ray treat a request as a browser's, and
  // Node's fetch sends `Sec-Fetch-Mode: cors`.
  const job = await fetchJob(endpoint, truth.succeeds.id);
  assert.deepEqual(job.runtimeEnv.envVars, { GREETING: '<redacted>', LEVEL: '<redacted>' });
  assert.deepEqual(truth.succeeds.info.runtime_env.env_vars, { GREETING: 'hi', LEVEL: '3' });
  assert.deepEqual(truth.succeeds.raw.runtime_env.env_vars, { GREETING: 'hi', LEVEL: '3' });
});

test('a missing job is NOT_FOUND with Ray\'s own words', async () => {
  const e = await fetchJob(endpoint, 'no-such-job').catch((err) => err);
  assert.equal(e.code, 'NOT_FOUND');
  assert.equal(e.serverMessage, 'Job no-such-job does not exist');
});
