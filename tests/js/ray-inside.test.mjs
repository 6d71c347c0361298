// fetchJobTasks, listJobLogFiles and fetchPendingReason against a real Ray head (tests/ray/run.sh
// starts it), judged by Ray's own state API client (tests/ray/inside_truth.py): a job whose plain
// tasks spread over several workers, with an actor and one task that raises, each printing lines
// only it prints (tests/ray/inside.py), and a job whose task asks for a GPU the head does not
// have (tests/ray/gpu.py).
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fetchJobLogs, fetchJobTasks, fetchPendingReason, followJobLogs, listJobLogFiles, searchJobLogs } from './lib/jobglass.mjs';
import { endpoint, http, reach, submit } from './lib/ray-actions.mjs';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));
const python = `${repo}.venv/bin/python`;
const tag = Date.now().toString(36);
const ACTOR_LINE = `jg-actor-only-${tag}`;
const BOOM_LINE = `jg-boom-only-${tag}`;
let id; let jobId; let truth;

/** Submits once Ray's job agent is up: a head just started answers 500 "No available agent"
 * for a few seconds (the event waited for; the deadline only bounds it). */
async function submitWhenReady(name, entrypoint) {
  for (const deadline = Date.now() + 60000; ;) {
    try {
      return await submit(name, entrypoint);
    } catch (e) {
      if (!/No available agent/.test(e.message) || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
}

before(async () => {
  id = await submitWhenReady('inside', `${python} -u ${repo}tests/ray/inside.py ${tag}`);
  assert.equal(await reach(id, ['SUCCEEDED', 'FAILED', 'STOPPED'], 180000), 'SUCCEEDED');
  jobId = (await http('GET', `/api/jobs/${id}`)).body.job_id;
  const { stdout } = await run(python, [`${repo}tests/ray/inside_truth.py`, endpoint, jobId, ACTOR_LINE, BOOM_LINE],
    { timeout: 180000, maxBuffer: 64 << 20 });
  truth = JSON.parse(stdout.trim().split('\n').pop());
});

test('Ray ran the job as planned: six work tasks on several workers, an actor, one failure', () => {
  const names = truth.tasks.map((t) => t.name).sort();
  assert.deepEqual(names, ['Keeper.__init__', 'Keeper.hello', 'boom', ...Array(6).fill('work')]);
  const workers = new Set(truth.tasks.filter((t) => t.name === 'work').map((t) => t.worker_id));
  assert.ok(workers.size >= 2, `work ran on ${workers.size} workers`);
  assert.equal(truth.actors.length, 1);
  assert.equal(truth.found[ACTOR_LINE]?.length, 1, 'the actor line is in one file');
  assert.equal(truth.found[BOOM_LINE]?.length, 1, 'the failing task\'s line is in one file');
});

test('fetchJobTasks agrees with list_tasks task by task, by submission id and by job id', async () => {
  for (const which of [id, jobId]) {
    const got = await fetchJobTasks(endpoint, which);
    assert.equal(got.tasks.length, truth.tasks.length);
    assert.equal(got.total, truth.tasks.length);
    assert.equal(got.truncated, false);
    const key = (taskId, attempt) => `${taskId}/${attempt}`;
    const mine = new Map(got.tasks.map((t) => [key(t.taskId, t.attemptNumber), t]));
    for (const t of truth.tasks) {
      const m = mine.get(key(t.task_id, t.attempt_number));
      assert.ok(m, `task ${t.task_id} ${t.name}`);
      assert.deepEqual(m, {
        taskId: t.task_id, attemptNumber: t.attempt_number, name: t.name, state: t.state, kind: t.type,
        actorId: t.actor_id, nodeId: t.node_id, workerId: t.worker_id, pid: t.worker_pid,
        startTime: t.start_time_ms ? Math.round(t.start_time_ms) : null,
        endTime: t.end_time_ms ? Math.round(t.end_time_ms) : null,
        errorType: t.error_type, errorMessage: t.error_message || null, requiredResources: t.required_resources ?? {},
      }, t.name);
    }
    const summary = {};
    for (const t of truth.tasks) summary[t.state] = (summary[t.state] ?? 0) + 1;
    assert.deepEqual(got.summary, summary);
    const boom = got.tasks.find((t) => t.name === 'boom');
    assert.equal(boom.state, 'FAILED');
    assert.equal(boom.errorType, 'TASK_EXECUTION_EXCEPTION');
    assert.match(boom.errorMessage, new RegExp(`jg-boom-${tag} raised on purpose`));
  }
});

test('fetchJobTasks says when the limit cut the list', async () => {
  const got = await fetchJobTasks(endpoint, id, { limit: 3 });
  assert.deepEqual([got.tasks.length, got.total, got.truncated], [3, truth.tasks.length, true]);
  await assert.rejects(fetchJobTasks(endpoint, id, { limit: 0 }), { code: 'INVALID_ARGUMENT' });
  await assert.rejects(fetchJobTasks(endpoint, 'jg-no-such-job'), { code: 'NOT_FOUND' });
});

test('listJobLogFiles finds the driver and every worker and actor log of the job', async () => {
  const files = await listJobLogFiles(endpoint, id);
  assert.deepEqual(files[0], { name: 'driver', kind: 'driver', nodeId: files[0].nodeId, workerId: null, actorId: null, pid: files[0].pid, taskIds: [] });
  // Ray's truth: the files of the workers its tasks name, and of its actors' processes.
  const workerIds = new Set(truth.tasks.map((t) => t.worker_id).filter(Boolean));
  const actorPids = new Set(truth.actors.map((a) => a.pid));
  const expected = truth.files.filter(({ filename }) => {
    const [, worker, , pid] = /^worker-([0-9a-f]+)-([0-9a-f]+)-(\d+)\.(out|err)$/.exec(filename) ?? [];
    return workerIds.has(worker) || actorPids.has(Number(pid));
  }).map(({ node_id: node, filename }) => `${node}.${filename}`).sort();
  assert.ok(expected.length >= 6, `three workers or more, .out and .err: ${expected.length}`);
  assert.deepEqual(files.slice(1).map((f) => f.name).sort(), expected);
  for (const f of files) assert.match(f.name, /^[A-Za-z0-9._-]+$/, 'fits in a URL as it is');

  const fileOf = (line) => { const [w] = truth.found[line]; return files.find((f) => f.name === `${w.node_id}.${w.filename}`); };
  const actorFile = fileOf(ACTOR_LINE);
  assert.equal(actorFile.kind, 'actor');
  assert.equal(actorFile.actorId, truth.actors[0].actor_id);
  assert.equal(actorFile.pid, truth.actors[0].pid);
  const boomFile = fileOf(BOOM_LINE);
  assert.equal(boomFile.kind, 'worker');
  assert.ok(boomFile.taskIds.includes(truth.tasks.find((t) => t.name === 'boom').task_id));
  // Stable: the same names on a second look.
  assert.deepEqual((await listJobLogFiles(endpoint, jobId)).map((f) => f.name).slice(1), files.slice(1).map((f) => f.name));
});

test('fetchJobLogs and followJobLogs read a worker\'s or actor\'s file by its name, as get_log reads it', async () => {
  for (const line of [ACTOR_LINE, BOOM_LINE]) {
    const [w] = truth.found[line];
    const file = `${w.node_id}.${w.filename}`;
    const logs = await fetchJobLogs(endpoint, id, { file });
    assert.equal(logs.text.split('\n')[w.line - 1], w.text, `${line} on line ${w.line} of ${file}`);
    assert.equal(logs.complete, true);
    let followed = '';
    const final = await followJobLogs(endpoint, id, { file, intervalMs: 200, onText: (t) => { followed += t; } });
    assert.equal(followed, logs.text, 'the same text, each byte once');
    assert.equal(final.complete, true);
  }
  await assert.rejects(fetchJobLogs(endpoint, id, { file: '../etc/passwd' }), { code: 'INVALID_ARGUMENT' });
  const driver = await fetchJobLogs(endpoint, id, { file: 'driver' });
  assert.match(driver.text, new RegExp(`jg-driver-done-${tag}`));
});

test('searchJobLogs finds the line only the actor printed and the one only the failing task printed, with file and line', async () => {
  for (const [line, query] of [[ACTOR_LINE, ACTOR_LINE.toUpperCase()], [BOOM_LINE, { regex: `^jg-boom-only-${tag} about to ra[a-z]+e$` }]]) {
    const progress = [];
    const streamed = [];
    const found = await searchJobLogs(endpoint, id, query, { onProgress: (p) => progress.push(p), onMatches: (m) => streamed.push(...m) });
    // onMatches gave every match, each once, as its file was read.
    assert.deepEqual(new Set(streamed.map((m) => JSON.stringify(m))), new Set(found.matches.map((m) => JSON.stringify(m))));
    assert.equal(streamed.length, found.matches.length);
    const [w] = truth.found[line];
    // The driver's log also has the line, copied there by Ray as `(Keeper pid=…) …`; the worker's own file has it as printed.
    const inFile = found.matches.filter((m) => m.file !== 'driver');
    assert.deepEqual(inFile, [{ file: `${w.node_id}.${w.filename}`, line: w.line, text: w.text }], JSON.stringify(query));
    assert.equal(found.files, (await listJobLogFiles(endpoint, id)).length);
    assert.equal(found.filesRead, found.files);
    assert.deepEqual([found.truncated, found.complete], [false, true]);
    assert.equal(progress.length, found.files);
    assert.deepEqual(progress.at(-1), { filesRead: found.files, files: found.files, bytesRead: found.bytesRead });
  }
  // Case matters when asked to.
  const exact = await searchJobLogs(endpoint, id, ACTOR_LINE.toUpperCase(), { caseSensitive: true });
  assert.equal(exact.matches.length, 0);
  // maxMatches: every `work` line is in the logs, one match kept.
  const one = await searchJobLogs(endpoint, id, `jg-work-${tag}`, { maxMatches: 1, concurrency: 1 });
  assert.deepEqual([one.matches.length, one.truncated, one.complete], [1, true, false]);
  // A bad regex is refused before anything is sent; abort ends it.
  await assert.rejects(searchJobLogs('http://127.0.0.1:9/', id, { regex: '(unclosed' }), { code: 'BAD_REQUEST' });
  const controller = new AbortController();
  const aborted = searchJobLogs(endpoint, id, 'x', { signal: controller.signal });
  controller.abort();
  await assert.rejects(aborted, { code: 'ABORTED' });
});

test('fetchPendingReason explains a task that asks for a GPU the cluster does not have', async () => {
  assert.equal(await fetchPendingReason(endpoint, id), null, 'a finished job waits for nothing');
  const gpu = await submit('gpu', `${python} -u ${repo}tests/ray/gpu.py`);
  try {
    assert.equal(await reach(gpu, ['RUNNING'], 120000), 'RUNNING');
    let reason = null;
    // The task is listed once the driver has submitted it: an event, bounded by the deadline.
    for (const deadline = Date.now() + 60000; !reason && Date.now() < deadline;) {
      reason = await fetchPendingReason(endpoint, gpu);
      if (!reason) await new Promise((r) => setTimeout(r, 500));
    }
    assert.ok(reason, 'a reason');
    assert.deepEqual(reason.demands, [{ resources: { GPU: 1, CPU: 1 }, count: 1 }]);
    assert.equal(reason.available.GPU, 0);
    assert.ok(reason.available.CPU > 0);
    assert.equal(reason.text, '1 task waits for {CPU: 1, GPU: 1}: the cluster has no GPU.');
  } finally {
    await http('POST', `/api/jobs/${gpu}/stop`);
  }
});
