// The console's Ray routes for looking inside a job (docs/console.md "Routes"): the library's
// fetchJobTasks, listJobLogFiles, fetchJobLogs with a file, searchJobLogs and fetchPendingReason
// through the console give what they give against the Ray double itself (tests/servers/rayinside.mjs);
// a query the library would not send (another file, another glob, another parameter) is refused
// and reaches nothing; openYuanrong and the embedded samples have no such routes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { allowedQuery, matchRoute } from '../../worker/src/routes.js';
import { consoleProject, raw, startConsole } from './lib/console.mjs';
import { fetchJobLogs, fetchJobTasks, fetchPendingReason, listJobLogFiles, searchJobLogs } from './lib/jobglass.mjs';
import { startDoubles } from '../servers/doubles.mjs';
import { NODE_A } from '../servers/rayinside.mjs';

let dir; let doubles; let c;
const FILE = `worker-${'8182cf5e'.repeat(7)}-02000000-23873.out`;

before(async () => {
  dir = consoleProject();
  doubles = await startDoubles(0);
  c = await startConsole(dir, {
    JOBGLASS_CLUSTERS: JSON.stringify([
      { name: 'ray', kind: 'ray', url: `${doubles.url}/rayinside` },
      { name: 'oyr', kind: 'openyuanrong', url: `${doubles.url}/oyr` },
    ]),
  });
});

after(async () => {
  await c?.stop();
  await doubles?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const requests = async () => (await fetch(`${doubles.url}/rayinside/_control/requests`)).json();

test('the query table: only the parameters the library sends, each once and of its form', () => {
  const route = (path) => matchRoute('ray', 'GET', path).route;
  const tasks = route('api/v0/tasks');
  assert.deepEqual(allowedQuery(tasks, '?filter_values=02000000&limit=10000&detail=1&filter_keys=job_id&filter_predicates=%3D'),
    { search: '?limit=10000&detail=1&filter_keys=job_id&filter_predicates=%3D&filter_values=02000000' });
  assert.match(allowedQuery(tasks, '?filter_keys=job_id&filter_predicates=%3D&filter_values=02000000&exclude_driver=0').error, /exclude_driver/);
  assert.match(allowedQuery(tasks, '?filter_keys=state&filter_predicates=%3D&filter_values=02000000').error, /filter_keys/);
  assert.match(allowedQuery(tasks, '?filter_keys=job_id&filter_predicates=%3D').error, /filter_values/);
  assert.match(allowedQuery(tasks, '?filter_keys=job_id&filter_keys=job_id&filter_predicates=%3D&filter_values=02').error, /more than once/);
  assert.match(allowedQuery(tasks, '?filter_keys=job_id&filter_predicates=%3D&filter_values=02&limit=1000001').error, /limit/);
  const file = route('api/v0/logs/file');
  assert.deepEqual(allowedQuery(file, `?node_id=${NODE_A}&filename=${FILE}&lines=-1`), { search: `?node_id=${NODE_A}&filename=${FILE}&lines=-1` });
  for (const filename of ['../../etc/passwd', `..%2F${FILE}`, 'dashboard.log', 'raylet.out', `/tmp/ray/session_latest/logs/${FILE}`,
    'worker-ab-02-1.log', `${FILE}/x`, 'job-driver-x.log', 'events/event_RAYLET.log', `${FILE}%00.txt`]) {
    assert.ok(allowedQuery(file, `?node_id=${NODE_A}&filename=${filename}`).error, filename);
  }
  for (const extra of ['task_id=x', 'actor_id=x', 'pid=1', 'submission_id=x', 'media_type=stream', 'suffix=out', 'timeout=1', 'interval=1']) {
    assert.ok(allowedQuery(file, `?node_id=${NODE_A}&filename=${FILE}&${extra}`).error, extra);
  }
  assert.ok(allowedQuery(file, `?node_id=../x&filename=${FILE}`).error);
  const logs = route('api/v0/logs');
  assert.deepEqual(allowedQuery(logs, `?node_id=${NODE_A}&glob=worker-*`), { search: `?node_id=${NODE_A}&glob=worker-*` });
  for (const glob of ['*', '*.log', 'worker-*/../*', 'raylet*']) assert.ok(allowedQuery(logs, `?node_id=${NODE_A}&glob=${encodeURIComponent(glob)}`).error, glob);
  assert.deepEqual(allowedQuery(route('api/cluster_status'), ''), { search: '' });
  assert.ok(allowedQuery(route('api/cluster_status'), '?format=1').error);
  // The routes are Ray's only.
  for (const kind of ['openyuanrong', 'samples', 'modelarts']) assert.deepEqual(matchRoute(kind, 'GET', 'api/v0/tasks'), { status: 404 }, kind);
});

test('through the console, each inside-a-job export gives what it gives against Ray itself', async () => {
  const direct = `${doubles.url}/rayinside`;
  const via = `${c.url}/c/ray`;
  for (const id of ['inside-1', '02000000']) {
    assert.deepEqual(await fetchJobTasks(via, id), await fetchJobTasks(direct, id));
    assert.deepEqual(await listJobLogFiles(via, id), await listJobLogFiles(direct, id));
  }
  const files = await listJobLogFiles(via, 'inside-1');
  const actor = files.find((f) => f.kind === 'actor' && f.name.endsWith('.out'));
  const text = (await fetchJobLogs(via, 'inside-1', { file: actor.name })).text;
  assert.equal(text, (await fetchJobLogs(direct, 'inside-1', { file: actor.name })).text);
  assert.match(text, /jg-actor-only says hello/);
  const streamed = [];
  const found = await searchJobLogs(via, 'inside-1', 'jg-boom-only', { onMatches: (m) => streamed.push(m) });
  assert.deepEqual(found, await searchJobLogs(direct, 'inside-1', 'jg-boom-only'));
  // onMatches: each file's matches once, as that file was read.
  assert.deepEqual(streamed.flat().sort((x, y) => x.file.localeCompare(y.file)), [...found.matches].sort((x, y) => x.file.localeCompare(y.file)));
  assert.ok(streamed.every((list) => list.length > 0 && new Set(list.map((m) => m.file)).size === 1));
  assert.deepEqual(found.matches.map((m) => [m.file === 'driver' ? 'driver' : 'worker', m.line]), [['driver', 3], ['worker', 5]]);
  const why = await fetchPendingReason(via, 'gpu-1');
  assert.equal(why.text, '1 task waits for {CPU: 1, GPU: 1}: the cluster has no GPU.');
  assert.deepEqual(why, await fetchPendingReason(direct, 'gpu-1'));
});

test('a file, glob, node or parameter the library would not ask for is 400 and reaches nothing', async () => {
  const before = await requests();
  const base = '/c/ray/api/v0/logs/file';
  for (const query of [`node_id=${NODE_A}&filename=../../../../etc/passwd`, `node_id=${NODE_A}&filename=..%2F..%2Fraylet.out`,
    `node_id=${NODE_A}&filename=%2e%2e%2fgcs_server.out`, `node_id=${NODE_A}&filename=dashboard.log`,
    `node_id=${NODE_A}&filename=${FILE}&media_type=stream&interval=0.1`, `node_id=${NODE_A}&filename=${FILE}&filename=raylet.out`,
    `node_id=..&filename=${FILE}`, `filename=${FILE}`, `node_id=${NODE_A}&task_id=x`]) {
    const res = await raw(c.url, 'GET', `${base}?${query}`);
    assert.equal(res.status, 400, query);
    assert.equal(JSON.parse(res.body).error.code, 'BAD_REQUEST', query);
  }
  for (const path of [`/c/ray/api/v0/logs?node_id=${NODE_A}&glob=*`, `/c/ray/api/v0/logs?node_id=${NODE_A}`,
    '/c/ray/api/v0/tasks?limit=10', '/c/ray/api/v0/actors?filter_keys=job_id&filter_predicates=!%3D&filter_values=02000000',
    '/c/ray/api/cluster_status?format=1']) {
    assert.equal((await raw(c.url, 'GET', path)).status, 400, path);
  }
  for (const path of ['/c/ray/api/v0/logs/file/x', '/c/ray/api/v0/logs/stream', '/c/ray/api/v0/nodes', '/c/ray/api/v0/logs/%2e%2e/file',
    '/c/ray/logical/actors', '/c/ray/nodes?view=summary', '/c/ray/api/v0/tasks/summarize']) {
    assert.equal((await raw(c.url, 'GET', path)).status, 404, path);
  }
  const post = await raw(c.url, 'POST', '/c/ray/api/cluster_status');
  assert.equal(post.status, 405);
  assert.equal(post.headers.allow, 'GET');
  // Another site's page may not read them.
  const other = await raw(c.url, 'GET', '/c/ray/api/cluster_status', { 'Sec-Fetch-Site': 'cross-site' });
  assert.equal(other.status, 403);
  assert.deepEqual(await requests(), before, 'the upstream was not asked');
  // The one the library sends is forwarded, its values re-encoded as sent.
  const ok = await raw(c.url, 'GET', `${base}?node_id=${NODE_A}&filename=${FILE}&lines=-1`);
  assert.equal(ok.status, 200);
  assert.match(ok.body, /jg-work task 0/);
});

test('openYuanrong clusters have no such routes: 404, and the exports say UNSUPPORTED', async () => {
  for (const path of ['/c/oyr/api/v0/tasks?filter_keys=job_id&filter_predicates=%3D&filter_values=02000000', '/c/oyr/api/cluster_status',
    `/c/oyr/api/v0/logs/file?node_id=${NODE_A}&filename=${FILE}`]) {
    assert.equal((await raw(c.url, 'GET', path)).status, 404, path);
  }
  const [job] = await (await fetch(`${c.url}/c/oyr/api/jobs/`)).json();
  await assert.rejects(fetchJobTasks(`${c.url}/c/oyr`, job.submission_id), { code: 'UNSUPPORTED' });
});
