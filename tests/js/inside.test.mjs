// The exports of docs/api.md §15 against servers without Ray's state API, and their arguments:
// openYuanrong (its frontend replay, tests/servers/openyuanrong.mjs) is UNSUPPORTED, as is a Ray
// job API without `/api/v0` (the replay of tests/servers/ray.mjs); a bad query, limit or file is
// refused before anything is sent (the endpoint given refuses connections, so a request sent
// would be NETWORK).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fetchJobLogs, fetchJobTasks, fetchPendingReason, listJobLogFiles, listJobs, searchJobLogs,
} from './lib/jobglass.mjs';
import { useDoubles } from '../servers/spawn.mjs';

const doubles = useDoubles();
const inside = [
  (e, id) => fetchJobTasks(e, id),
  (e, id) => listJobLogFiles(e, id),
  (e, id) => searchJobLogs(e, id, 'x'),
  (e, id) => fetchPendingReason(e, id),
];

test('openYuanrong has no tasks, worker logs or cluster status: UNSUPPORTED', async () => {
  const endpoint = `${doubles.url}/oyr`;
  const [job] = await listJobs(endpoint);
  assert.equal(job.dialect, 'openyuanrong');
  for (const call of inside) {
    await assert.rejects(call(endpoint, job.submissionId), (e) => e.code === 'UNSUPPORTED' && /openYuanrong/.test(e.message));
  }
});

test('a Ray job API without the state API: UNSUPPORTED; a missing job: NOT_FOUND', async () => {
  const endpoint = `${doubles.url}/ray`;
  const job = (await listJobs(endpoint)).find((j) => j.jobId);
  assert.ok(job, 'a replayed job with a job id');
  for (const call of inside.slice(0, 2)) {
    await assert.rejects(call(endpoint, job.submissionId ?? job.jobId), { code: 'UNSUPPORTED' });
  }
  await assert.rejects(fetchJobTasks(endpoint, 'no-such-job'), { code: 'NOT_FOUND' });
});

test('bad arguments are refused before anything is sent', async () => {
  const nowhere = 'http://127.0.0.1:9';
  for (const regex of ['(unclosed', 'a**', '(x{100}){100}y', '\\1', '(?=look)']) {
    await assert.rejects(searchJobLogs(nowhere, 'j', { regex }), { code: 'BAD_REQUEST' }, regex);
  }
  await assert.rejects(searchJobLogs(nowhere, 'j', ''), { code: 'BAD_REQUEST' });
  await assert.rejects(searchJobLogs(nowhere, 'j', 42), { code: 'INVALID_ARGUMENT' });
  await assert.rejects(searchJobLogs(nowhere, 'j', 'x', { concurrency: 0 }), { code: 'INVALID_ARGUMENT' });
  await assert.rejects(searchJobLogs(nowhere, 'j', 'x', { maxMatches: 1.5 }), { code: 'INVALID_ARGUMENT' });
  await assert.rejects(searchJobLogs(nowhere, 'j', 'x', { caseSensitive: 'yes' }), { code: 'INVALID_ARGUMENT' });
  await assert.rejects(fetchJobTasks(nowhere, 'j', { limit: 2e6 }), { code: 'INVALID_ARGUMENT' });
  for (const file of ['../etc/passwd', 'abc', 'zz.worker.out', 'ab.a/b']) {
    await assert.rejects(fetchJobLogs(nowhere, 'j', { file }), { code: 'INVALID_ARGUMENT' }, file);
  }
  await assert.rejects(listJobLogFiles(nowhere, '..'), { code: 'INVALID_ARGUMENT' });
  // A well-formed call does send: NETWORK, not one of the above.
  await assert.rejects(fetchJobTasks(nowhere, 'j', { retries: 0 }), { code: 'NETWORK' });
});
