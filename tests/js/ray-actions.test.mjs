// stopJob and deleteJob against a real Ray head (started by tests/ray/run.sh), judged by Ray's own
// Python client. jobglass runs here in Node, through the package's Node entry with no options:
// Ray refuses any stop or delete that looks like a browser's (docs/api.md §10), and the entry's
// requests (node:http, npm/node-http.js) do not. Node's own fetch, passed as options.fetch, is
// still refused (the last test); Deno keeps its own fetch, which Ray accepts too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { deleteJob, fetchJob, listJobs, stopJob } from '../../pkg/node.js';
import { endpoint, http, inDeno, reach, settled, submit, truth } from './lib/ray-actions.mjs';

/** `stopJob`/`deleteJob` through the Node entry, no options: `{value}` or `{error}`. */
async function inNode(fn, id) {
  try {
    return { value: await { stopJob, deleteJob }[fn](endpoint, id) };
  } catch (e) {
    const { code, status, serverMessage, attempts, message } = e;
    return { error: { code, status, serverMessage, attempts, message } };
  }
}

const recorded = JSON.parse(readFileSync(process.env.JOBGLASS_RAY_TRUTH, 'utf8'));
const TERMINAL = ['SUCCEEDED', 'FAILED', 'STOPPED'];

test('Deno sends nothing Ray takes for a browser', async () => {
  // What Deno's fetch sends, seen by a server that echoes the headers.
  const { createServer } = await import('node:http');
  const server = createServer((req, res) => res.end(JSON.stringify(req.headers)));
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  try {
    const { execFile } = await import('node:child_process');
    const headers = await new Promise((resolve, reject) => execFile(new URL('../../node_modules/.bin/deno', import.meta.url).pathname,
      ['eval', `const r = await fetch('http://127.0.0.1:${server.address().port}/', { method: 'POST' }); console.log(await r.text());`],
      (e, out) => (e ? reject(e) : resolve(JSON.parse(out)))));
    for (const name of Object.keys(headers)) assert.doesNotMatch(name, /^(origin|referer|sec-fetch-|access-control-request-)/, name);
    assert.doesNotMatch(headers['user-agent'], /^Mozilla/);
  } finally {
    server.close();
  }
});

test('through the Node entry Ray answers as to its own client: env var values are not redacted', async () => {
  // Node's fetch gets "<redacted>" (tests/js/ray.test.mjs): Ray takes it for a browser.
  const { id } = recorded.succeeds;
  assert.deepEqual((await fetchJob(endpoint, id)).runtimeEnv.envVars, { GREETING: 'hi', LEVEL: '3' });
  const listed = (await listJobs(endpoint)).find((j) => j.submissionId === id);
  assert.deepEqual(listed.runtimeEnv.envVars, { GREETING: 'hi', LEVEL: '3' });
  const e = await fetchJob(endpoint, 'jg-no-such-job').catch((err) => err);
  assert.equal(e.code, 'NOT_FOUND');
});

test('stopJob on a running job → true, and Ray\'s client then reports STOPPED', async () => {
  const id = await submit('stop-me', 'python -c "import time; time.sleep(600)"');
  assert.equal(await reach(id, ['RUNNING']), 'RUNNING');
  assert.deepEqual(await inNode('stopJob', id), { value: true });
  assert.equal(await reach(id, TERMINAL), 'STOPPED');
  assert.equal(await truth('status', id), 'STOPPED');
});

test('stopJob on a finished job → false, and the job is unchanged', async () => {
  const { id } = recorded.succeeds;
  assert.deepEqual(await inNode('stopJob', id), { value: false });
  assert.equal(await truth('status', id), 'SUCCEEDED');
});

test('deleteJob on a finished job → true, and list_jobs no longer has it', async () => {
  const id = await submit('delete-me', 'python -c "print(1)"');
  assert.equal(await reach(id, TERMINAL), 'SUCCEEDED');
  await settled(id);
  assert.equal(await truth('listed', id), true);
  assert.deepEqual(await inNode('deleteJob', id), { value: true });
  assert.equal(await truth('listed', id), false);
  assert.equal((await http('GET', `/api/jobs/${id}`)).status, 404);
});

test('deleteJob on a running job resolves false (Ray 2.60 answers 500 with its traceback), and the job keeps running', async () => {
  // Ray's job manager raises for a job that has not ended and its dashboard passes that on as
  // HTTP 500; the library reads it as the server declining, as docs/api.md §10 says.
  const id = await submit('keep-me', 'python -c "import time; time.sleep(600)"');
  assert.equal(await reach(id, ['RUNNING']), 'RUNNING');
  assert.deepEqual(await inNode('deleteJob', id), { value: false });
  assert.equal(await truth('status', id), 'RUNNING');
  assert.deepEqual(await inNode('stopJob', id), { value: true });
  assert.equal(await reach(id, TERMINAL), 'STOPPED');
});

test('a DRIVER job → UNSUPPORTED for stop and delete', async () => {
  const { id } = recorded.driver;
  for (const fn of ['stopJob', 'deleteJob']) {
    const { error } = await inNode(fn, id);
    assert.equal(error?.code, 'UNSUPPORTED', fn);
    assert.equal(error.status, 400);
    assert.match(error.serverMessage, /^Can only (stop|delete) submission type jobs$/);
  }
  assert.equal(await truth('listed', id), true);
});

test('a missing job → NOT_FOUND', async () => {
  for (const fn of ['stopJob', 'deleteJob']) {
    const { error } = await inNode(fn, 'jg-no-such-job');
    assert.equal(error?.code, 'NOT_FOUND', fn);
  }
});

test('Node\'s own fetch as options.fetch: refused as a browser (405) with the reason, and the job keeps running', async () => {
  const id = await submit('node-refused', 'python -c "import time; time.sleep(600)"');
  assert.equal(await reach(id, ['RUNNING']), 'RUNNING');
  const e = await stopJob(endpoint, id, { fetch: globalThis.fetch }).catch((err) => err);
  assert.equal(e.code, 'BAD_REQUEST');
  assert.equal(e.status, 405);
  assert.equal(e.serverMessage, '\'POST\' method not allowed for browser traffic.');
  // The message says why and what to do instead (docs/api.md §10).
  assert.match(e.message, /looks like a browser.*Sec-Fetch-Mode.*drops those headers/s);
  assert.equal(await truth('status', id), 'RUNNING');
  assert.deepEqual(await inNode('stopJob', id), { value: true });
  assert.equal(await reach(id, TERMINAL), 'STOPPED');
});

test('Deno, on its own fetch: stop and delete are accepted too', async () => {
  const id = await submit('deno-stop', 'python -c "import time; time.sleep(600)"');
  assert.equal(await reach(id, ['RUNNING']), 'RUNNING');
  assert.deepEqual(await inDeno('stopJob', id), { value: true });
  assert.equal(await reach(id, TERMINAL), 'STOPPED');
  await settled(id);
  assert.deepEqual(await inDeno('deleteJob', id), { value: true });
  assert.equal(await truth('listed', id), false);
});
