// fetchJobLogs and followJobLogs against a real Ray head (tests/ray/run.sh starts it), judged by
// Ray's own Python client (`JobSubmissionClient.get_job_logs`, tests/ray/logs_truth.py): a job
// that writes 20,000 lines with ANSI codes, tabs, CJK and emoji, some lines left without their
// ending for a while and the last one without any (tests/ray/chatty.py), followed while it runs
// by polling (Node has no global WebSocket) and over Ray's tail WebSocket (Deno has one).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { fetchJobLogs, followJobLogs } from '../../pkg/node.js';
import { endpoint, reach, submit } from './lib/ray-actions.mjs';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));
const recorded = JSON.parse(readFileSync(process.env.JOBGLASS_RAY_TRUTH, 'utf8'));
const LINES = 20000;
const dir = mkdtempSync(join(tmpdir(), 'jobglass-ray-logs-'));
/** The lines of `text`, each with its ending (a last line without `\n` counts as one). */
const linesOf = (text) => text.match(/[^\n]*\n|[^\n]+$/g) ?? [];
const lineCount = (text) => linesOf(text).length;
const lastLines = (text, n) => linesOf(text).slice(-n).join('');
let id; let truth; let polled; let socket; let endedAt;

/** Ray's Python client's get_job_logs, as bytes. */
async function rayLog(job) {
  const file = join(dir, `${job}.log`);
  await run(`${repo}.venv/bin/python`, [`${repo}tests/ray/logs_truth.py`, endpoint, job, file], { timeout: 120000 });
  return readFileSync(file);
}

before(async () => {
  id = await submit('chatty', `python -u ${repo}tests/ray/chatty.py ${LINES} 40`);
  assert.equal(await reach(id, ['RUNNING']), 'RUNNING');
  // Both followers start while the job runs, and run side by side.
  const pieces = { count: 0, first: null };
  const poll = followJobLogs(endpoint, id, {
    intervalMs: 200, deadlineMs: 180000,
    onText: (t) => { if (!pieces.count) pieces.first = Date.now(); pieces.count++; pieces.text = (pieces.text ?? '') + t; },
  }).then((final) => ({ final, ...pieces }));
  const deno = run(`${repo}node_modules/.bin/deno`,
    ['run', '--quiet', '--no-config', '--allow-read', '--allow-net', `${repo}tests/js/lib/deno-follow.mjs`, endpoint, id],
    { timeout: 200000, maxBuffer: 64 << 20, env: { ...process.env, NO_COLOR: '1' } }).then(({ stdout }) => JSON.parse(stdout.trim().split('\n').pop()));
  [polled, socket] = await Promise.all([poll, deno]);
  assert.equal(await reach(id, ['SUCCEEDED', 'FAILED', 'STOPPED']), 'SUCCEEDED');
  const { body } = await import('./lib/ray-actions.mjs').then((m) => m.http('GET', `/api/jobs/${id}`));
  endedAt = body.end_time;
  truth = await rayLog(id);
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('Ray\'s log holds what chatty.py wrote: 20,000 lines, ANSI, CJK, emoji, no final newline', (t) => {
  const text = truth.toString('utf8');
  const lines = text.split('\n');
  // Ray may add lines of its own around the job's output: named here, and left in the comparison.
  const own = lines.filter((l) => !/\bstep \d+/.test(l));
  t.diagnostic(`lines Ray added: ${JSON.stringify(own)}`);
  assert.ok(own.length <= 5, `at most a few lines of Ray's own: ${JSON.stringify(own)}`);
  assert.deepEqual(lines.filter((l) => /\bstep \d+/.test(l)).map((l) => Number(/\bstep (\d+)/.exec(l)[1])),
    Array.from({ length: LINES }, (_, i) => i + 1), 'every line of the job, in order');
  assert.ok(lines.at(-1).includes('step 20000') || !text.endsWith('\n'));
  for (const s of ['\x1b[31mERROR', '\t', '日本語', '🚀', '"quoted"', '\\back\\slash']) assert.ok(text.includes(s), JSON.stringify(s));
});

test('fetchJobLogs equals get_job_logs byte for byte', async () => {
  const logs = await fetchJobLogs(endpoint, id);
  assert.ok(Buffer.from(logs.text, 'utf8').equals(truth), 'the same bytes');
  assert.deepEqual({ ...logs, text: null }, { text: null, lineCount: lineCount(truth.toString('utf8')), truncated: false, droppedBytes: 0, complete: true });
});


test('tailLines keeps exactly the last N lines', async () => {
  const text = truth.toString('utf8');
  const total = lineCount(text);
  for (const n of [1, 2, 7, 996, total - 1, total, total + 5000]) {
    const logs = await fetchJobLogs(endpoint, id, { tailLines: n });
    const want = lastLines(text, n);
    assert.equal(logs.text, want, `tailLines ${n}`);
    assert.equal(logs.lineCount, Math.min(n, total));
    assert.equal(logs.truncated, n < total);
    assert.equal(logs.droppedBytes, truth.length - Buffer.byteLength(want));
  }
});

test('maxLogBytes keeps exactly the last N bytes, never half a character', async () => {
  for (const max of [1, 3, 1000, 4097, 65537, 300001, truth.length - 1, truth.length]) {
    const logs = await fetchJobLogs(endpoint, id, { maxLogBytes: max });
    let start = truth.length - max;
    while (start < truth.length && (truth[start] & 0xc0) === 0x80) start++; // not inside a character
    const want = truth.subarray(Math.max(0, start));
    assert.ok(Buffer.from(logs.text, 'utf8').equals(want), `maxLogBytes ${max}`);
    assert.equal(logs.droppedBytes, truth.length - want.length);
    assert.equal(logs.truncated, want.length < truth.length);
  }
});

test('followJobLogs by polling (Node: no global WebSocket) delivers the log while it runs, nothing missing or repeated', () => {
  assert.equal(typeof globalThis.WebSocket, 'undefined');
  assert.ok(Buffer.from(polled.text, 'utf8').equals(truth), 'the pieces concatenate to the log');
  assert.ok(Buffer.from(polled.final.text, 'utf8').equals(truth));
  assert.equal(polled.final.complete, true);
  assert.ok(polled.count > 1 && polled.first < endedAt, `pieces arrived while the job ran (${polled.count})`);
});

test('followJobLogs over Ray\'s tail WebSocket (Deno) delivers the log while it runs, nothing missing or repeated', () => {
  assert.ok(socket.value, JSON.stringify(socket.error));
  const { text, final, pieces, firstPieceAt, sockets } = socket.value;
  assert.ok(sockets >= 1, 'the tail socket was opened');
  assert.ok(Buffer.from(text, 'utf8').equals(truth), 'the pieces concatenate to the log');
  assert.ok(Buffer.from(final.text, 'utf8').equals(truth));
  assert.equal(final.complete, true);
  assert.ok(pieces > 1 && firstPieceAt < endedAt, `pieces arrived while the job ran (${pieces})`);
});

test('a DRIVER job → UNSUPPORTED; a missing id → NOT_FOUND', async () => {
  const driver = recorded.driver.id;
  assert.equal((await fetchJobLogs(endpoint, driver).catch((e) => e)).code, 'UNSUPPORTED');
  assert.equal((await followJobLogs(endpoint, driver, { intervalMs: 100 }).catch((e) => e)).code, 'UNSUPPORTED');
  const missing = await fetchJobLogs(endpoint, 'no-such-job').catch((e) => e);
  assert.equal(missing.code, 'NOT_FOUND');
  assert.equal((await followJobLogs(endpoint, 'no-such-job', { intervalMs: 100 }).catch((e) => e)).code, 'NOT_FOUND');
});
