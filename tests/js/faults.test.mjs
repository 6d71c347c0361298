// The fault matrix: each network or server failure ends with the contract's code and attempt
// count, within its time bound, with no unhandled promise rejection.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { fetchJob, isJobglassError } from './lib/jobglass.mjs';
import { useDoubles } from '../servers/spawn.mjs';

const doubles = useDoubles();
const unhandled = [];
process.on('unhandledRejection', (e) => unhandled.push(e));
let n = 0;
const fresh = () => `job-${process.pid}-${++n}`;

/** Runs `call`, which must reject; checks the error's shape and the time taken. */
async function rejects(call, { code, attempts, withinMs, atLeastMs = 0 }) {
  const started = performance.now();
  const e = await call().then(() => assert.fail('resolved'), (err) => err);
  const took = performance.now() - started;
  assert.ok(e instanceof Error, 'an Error');
  assert.equal(e.name, 'JobglassError');
  assert.ok(isJobglassError(e));
  assert.equal(e.code, code, e.message);
  if (attempts !== undefined) assert.equal(e.attempts, attempts, e.message);
  assert.ok(took <= withinMs, `took ${took.toFixed(0)} ms, bound ${withinMs}`);
  assert.ok(took >= atLeastMs, `took ${took.toFixed(0)} ms, expected at least ${atLeastMs}`);
  return e;
}

const closedPort = () => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

test('connection refused: NETWORK after the default 2 retries', async () => {
  const port = await closedPort();
  await rejects(() => fetchJob(`http://127.0.0.1:${port}`, 'x'), { code: 'NETWORK', attempts: 3, withinMs: 3000 });
});

test('reset in the middle of the body: NETWORK, retried', async () => {
  await rejects(() => fetchJob(`${doubles.url}/f/reset`, fresh(), { retries: 1 }), { code: 'NETWORK', attempts: 2, withinMs: 3000 });
});

test('truncated JSON: INVALID_RESPONSE, not retried', async () => {
  const e = await rejects(() => fetchJob(`${doubles.url}/f/truncated`, fresh()), { code: 'INVALID_RESPONSE', attempts: 1, withinMs: 2000 });
  assert.equal(e.status, 200);
});

test('headers slower than the timeout: TIMEOUT', async () => {
  await rejects(() => fetchJob(`${doubles.url}/f/slow-headers-3000`, fresh(), { timeoutMs: 200, retries: 0 }),
    { code: 'TIMEOUT', attempts: 1, withinMs: 1500, atLeastMs: 150 });
});

test('body slower than the timeout: TIMEOUT', async () => {
  await rejects(() => fetchJob(`${doubles.url}/f/slow-body-3000`, fresh(), { timeoutMs: 300, retries: 0 }),
    { code: 'TIMEOUT', attempts: 1, withinMs: 1500, atLeastMs: 250 });
});

test('502, 503, 504 then success resolves after 4 attempts', async () => {
  const id = fresh();
  const job = await fetchJob(`${doubles.url}/f/flaky-502-503-504`, id, { retries: 3 });
  assert.equal(job.submissionId, id);
  await rejects(() => fetchJob(`${doubles.url}/f/flaky-502-503-504`, fresh(), { retries: 2 }),
    { code: 'SERVER_ERROR', attempts: 3, withinMs: 5000 });
});

test('429 with Retry-After in seconds is honoured', async () => {
  const started = performance.now();
  const job = await fetchJob(`${doubles.url}/f/retry-after-1`, fresh());
  assert.equal(job.status, 'SUCCEEDED');
  assert.ok(performance.now() - started >= 950, 'waited the second it asked for');
});

test('429 with Retry-After as an HTTP date is honoured', async () => {
  const started = performance.now();
  await fetchJob(`${doubles.url}/f/retry-after-date`, fresh());
  // The date has one-second resolution: the wait is at least what remains of it.
  assert.ok(performance.now() - started >= 400, 'waited until the date');
});

test('429 every time: RATE_LIMITED with the attempt count', async () => {
  await rejects(() => fetchJob(`${doubles.url}/f/always-429`, fresh(), { retries: 1 }), { code: 'RATE_LIMITED', attempts: 2, withinMs: 3000 });
});

test('500 with an HTML body: SERVER_ERROR, not retried, the page title as the server message', async () => {
  const e = await rejects(() => fetchJob(`${doubles.url}/f/html500`, fresh()), { code: 'SERVER_ERROR', attempts: 1, withinMs: 2000 });
  assert.equal(e.serverMessage, '500 Internal Server Error');
  assert.equal(e.status, 500);
});

test('a redirect is followed', async () => {
  const job = await fetchJob(`${doubles.url}/f/redirect`, fresh());
  assert.equal(job.submissionId, 'demo-1');
});

test('200 with an empty body: INVALID_RESPONSE', async () => {
  const e = await rejects(() => fetchJob(`${doubles.url}/f/empty`, fresh()), { code: 'INVALID_RESPONSE', attempts: 1, withinMs: 2000 });
  assert.match(e.message, /empty body/);
});

test('a gzip-encoded body is decoded', async () => {
  const id = fresh();
  assert.equal((await fetchJob(`${doubles.url}/f/gzip`, id)).submissionId, id);
});

test('a body over maxBodyBytes: TOO_LARGE, with and without Content-Length', async () => {
  await rejects(() => fetchJob(`${doubles.url}/f/big-200000`, fresh(), { maxBodyBytes: 50000 }), { code: 'TOO_LARGE', attempts: 1, withinMs: 2000 });
  await rejects(() => fetchJob(`${doubles.url}/f/bigchunked-200000`, fresh(), { maxBodyBytes: 50000 }), { code: 'TOO_LARGE', attempts: 1, withinMs: 2000 });
  const big = await fetchJob(`${doubles.url}/f/big-200000`, fresh());
  assert.ok(big.message.length > 150000);
});

test('abort during a backoff wait: ABORTED at once, and no later attempt', async () => {
  const id = fresh();
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 100);
  await rejects(() => fetchJob(`${doubles.url}/f/retry-after-5`, id, { signal: controller.signal }),
    { code: 'ABORTED', attempts: 1, withinMs: 1000 });
  await new Promise((resolve) => setTimeout(resolve, 300));
  const reached = await (await fetch(`${doubles.url}/f/_attempts/retry-after-5/${id}`)).text();
  assert.equal(reached, '1');
});

test('no token sent ever shows in an error', async () => {
  const secret = 'Bearer s3cr3t-token-value';
  const e = await rejects(() => fetchJob(`${doubles.url}/ray-auth`, 'demo-1', { headers: { Authorization: 'Bearer wrong-token-value' } }),
    { code: 'FORBIDDEN', attempts: 1, withinMs: 2000 });
  const e2 = await rejects(() => fetchJob(`${doubles.url}/f/status-401`, fresh(), { headers: { Authorization: secret } }),
    { code: 'UNAUTHORIZED', attempts: 1, withinMs: 2000 });
  for (const err of [e, e2]) {
    const everything = JSON.stringify({ ...err, message: err.message, stack: err.stack });
    assert.ok(!everything.includes('wrong-token-value') && !everything.includes('s3cr3t'), everything);
  }
});

test('no unhandled promise rejection', () => {
  assert.deepEqual(unhandled, []);
});
