// The console in front of a real Ray head (started by tests/ray/run.sh) as cluster `local`
// (JOBGLASS_UPSTREAM), with token sign-in: the library reads a job and its log through
// /c/local, the log tail's WebSocket reaches Ray and ends with the job, an operator stops a job
// (Node's fetch looks like a browser to Ray, so this passes only because the console sends none
// of the viewer's headers), a viewer's stop is refused with the job left running, and a job's
// tasks, worker logs and log search read through the console's Ray routes agree with Ray's own.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { fetchJob, fetchJobLogs, fetchJobTasks, fetchPendingReason, listJobLogFiles, listJobs, searchJobLogs, stopJob } from './lib/jobglass.mjs';
import { endpoint as rayEndpoint, reach, submit, truth } from './lib/ray-actions.mjs';
import { consoleProject, raw, startConsole, webSocketText } from './lib/console.mjs';

let dir; let c; let viewer; let operator;
const TERMINAL = ['SUCCEEDED', 'FAILED', 'STOPPED'];

before(async () => {
  dir = consoleProject('jobglass-console-ray-');
  c = await startConsole(dir, {
    JOBGLASS_UPSTREAM: process.env.JOBGLASS_RAY, JOBGLASS_AUTH: 'token', JOBGLASS_SESSION_SECRET: 'ray-console-secret-0123456789',
    JOBGLASS_VIEWER_TOKENS: 'vic:viewer-ray-token', JOBGLASS_OPERATOR_TOKENS: 'olga:operator-ray-token',
  });
  const signIn = async (token) => {
    const res = await raw(c.url, 'POST', '/api/session', { Origin: c.url, 'Content-Type': 'application/json' }, JSON.stringify({ token }));
    assert.equal(res.status, 200, res.body);
    return /jobglass_session=[^;]*/.exec(res.headers['set-cookie'][0])[0];
  };
  viewer = await signIn('viewer-ray-token');
  operator = await signIn('operator-ray-token');
});

after(async () => {
  await c?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const endpoint = () => `${c.url}/c/local`;

test('a job, the list and the log read through /c/local, and the tail follows the job to its end', async () => {
  const id = await submit('console-read', 'python -c "import time\nfor i in range(5): print(\'line\', i, flush=True); time.sleep(0.5)"');
  const job = await fetchJob(endpoint(), id, { headers: { Cookie: viewer } });
  assert.equal(job.submissionId, id);
  assert.equal(job.dialect, 'ray');
  assert.ok((await listJobs(endpoint(), { headers: { Cookie: viewer } })).some((j) => j.submissionId === id));
  const tail = await webSocketText(c.url, `/c/local/api/jobs/${id}/logs/tail`, { Origin: c.url, Cookie: viewer, 'Sec-WebSocket-Extensions': 'permessage-deflate; client_max_window_bits' });
  assert.equal(tail.status, 101);
  assert.ok(tail.closed, 'Ray closed the tail when the job ended');
  for (let i = 0; i < 5; i++) assert.match(tail.text, new RegExp(`line ${i}\\n`));
  assert.equal(await reach(id, TERMINAL), 'SUCCEEDED');
  const logs = await fetchJobLogs(endpoint(), id, { headers: { Cookie: viewer } });
  assert.equal(logs.text, tail.text);
  assert.equal((await webSocketText(c.url, `/c/local/api/jobs/${id}/logs/tail`, { Origin: 'http://evil.example', Cookie: viewer })).status, 403);
});

test('a viewer\'s stop is 403 and the job runs on; an operator\'s stops it', async () => {
  const id = await submit('console-stop', 'python -c "import time; time.sleep(600)"');
  assert.equal(await reach(id, ['RUNNING']), 'RUNNING');
  const page = { Origin: c.url, 'X-Jobglass-Action': '1' };
  await assert.rejects(stopJob(endpoint(), id, { headers: { ...page, Cookie: viewer }, retries: 0 }), (e) => e.code === 'FORBIDDEN');
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(await truth('status', id), 'RUNNING');
  assert.equal(await stopJob(endpoint(), id, { headers: { ...page, Cookie: operator } }), true);
  assert.equal(await reach(id, TERMINAL), 'STOPPED');
  assert.equal(await truth('status', id), 'STOPPED');
  assert.deepEqual(c.audits().map((a) => [a.audit, a.user, a.cluster, a.id, a.allowed]),
    [['stop', 'vic', 'local', id, false], ['stop', 'olga', 'local', id, true]]);
});

test('inside a job through /c/local: tasks, worker and actor logs, search and pending reason as Ray itself gives them', async () => {
  const tag = `c${Date.now().toString(36)}`;
  const python = new URL('../../.venv/bin/python', import.meta.url).pathname;
  const script = new URL('../ray/inside.py', import.meta.url).pathname;
  const id = await submit('console-inside', `${python} -u ${script} ${tag}`);
  assert.equal(await reach(id, TERMINAL, 180000), 'SUCCEEDED');
  const as = { headers: { Cookie: viewer } };
  const tasks = await fetchJobTasks(endpoint(), id, as);
  assert.deepEqual(tasks, await fetchJobTasks(rayEndpoint, id));
  assert.equal(tasks.summary.FAILED, 1);
  const files = await listJobLogFiles(endpoint(), id, as);
  assert.deepEqual(files, await listJobLogFiles(rayEndpoint, id));
  const actor = files.find((f) => f.kind === 'actor' && f.name.endsWith('.out'));
  assert.match((await fetchJobLogs(endpoint(), id, { ...as, file: actor.name })).text, new RegExp(`jg-actor-only-${tag} says hello`));
  const found = await searchJobLogs(endpoint(), id, `jg-boom-only-${tag}`, as);
  assert.deepEqual(found, await searchJobLogs(rayEndpoint, id, `jg-boom-only-${tag}`));
  assert.equal(found.matches.filter((m) => m.file !== 'driver').length, 1);
  assert.equal(await fetchPendingReason(endpoint(), id, as), null);
  // Without a session the routes answer nothing.
  assert.equal((await raw(c.url, 'GET', '/c/local/api/cluster_status')).status, 401);
});
