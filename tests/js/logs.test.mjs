// fetchJobLogs and followJobLogs against the Ray log double (tests/servers/logs.mjs, in its own
// process): a 1 GB log read in bounded memory with exactly the expected end kept (docs/api.md §9),
// a large log followed as it is written, and a tail WebSocket cut mid-frame several times with
// nothing missing or repeated (Deno: a runtime with a global WebSocket).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { exports as wasm, fetchJobLogs, followJobLogs } from './lib/jobglass.mjs';
import { logLine, logLines } from '../servers/logtext.mjs';
import { useDoubles } from '../servers/spawn.mjs';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));
const doubles = useDoubles();
const endpoint = () => `${doubles.url}/raylogs`;
const control = (path, body) => fetch(`${endpoint()}/_control/jobs${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) })
  .then((r) => r.json());
let serial = 0;
const fresh = (name) => `${name}-${process.pid}-${++serial}`;
const MiB = 1024 * 1024;

/** The last `max` bytes of lines 1..n, not starting inside a character (the library's rule). */
function expectedEnd(n, max) {
  const parts = [];
  let bytes = 0;
  for (let i = n; i >= 1 && bytes < max + 64; i--) { const b = Buffer.from(logLine(i)); parts.unshift(b); bytes += b.length; }
  const all = Buffer.concat(parts);
  let start = Math.max(0, all.length - max);
  while (start < all.length && (all[start] & 0xc0) === 0x80) start++;
  return all.subarray(start);
}

test('a 1 GB log: fetchJobLogs keeps exactly its last maxLogBytes, in bounded memory', async (t) => {
  // Lines of logtext.mjs until the decoded log passes 1 GiB.
  let n = 0; let total = 0;
  while (total < 1024 * MiB) total += Buffer.byteLength(logLine(++n));
  const max = 8 * MiB;
  const baseline = process.memoryUsage();
  let peakRss = baseline.rss; let peakHeap = baseline.heapUsed + baseline.external + baseline.arrayBuffers;
  const sampler = setInterval(() => {
    const m = process.memoryUsage();
    peakRss = Math.max(peakRss, m.rss);
    peakHeap = Math.max(peakHeap, m.heapUsed + m.external + m.arrayBuffers);
  }, 20);
  const started = performance.now();
  const logs = await fetchJobLogs(endpoint(), `huge-${n}`, { maxLogBytes: max, timeoutMs: 600000 }).finally(() => clearInterval(sampler));
  const seconds = (performance.now() - started) / 1000;
  const want = expectedEnd(n, max);
  assert.ok(Buffer.from(logs.text).equals(want), 'the last 8 MiB, exactly');
  assert.equal(logs.droppedBytes, total - want.length);
  assert.equal(logs.truncated, true);
  assert.equal(logs.complete, true);
  const wasmBytes = wasm.memory.buffer.byteLength;
  const grew = (peakRss - baseline.rss) / MiB;
  t.diagnostic(`1 GiB (${total} bytes, ${n} lines) in ${seconds.toFixed(1)} s = ${(total / MiB / seconds).toFixed(0)} MiB/s; `
    + `peak RSS +${grew.toFixed(0)} MiB, JS heap+buffers peak ${((peakHeap) / MiB).toFixed(0)} MiB, wasm memory ${(wasmBytes / MiB).toFixed(0)} MiB`);
  // About maxLogBytes, never the log's size: the buffer is at most 2 × maxLogBytes (src/logs/tail.rs).
  assert.ok(wasmBytes < 64 * MiB, `wasm memory ${wasmBytes}`);
  assert.ok(grew < 256, `RSS grew ${grew.toFixed(0)} MiB for a 1024 MiB log`);
});

test('a large log written slowly: followJobLogs by polling hands out every byte once, while it grows', async () => {
  const id = fresh('slow');
  await control('', { id, feed: { lines: 20000, batch: 400, everyMs: 40 } });
  let text = ''; let pieces = 0;
  const final = await followJobLogs(endpoint(), id, { intervalMs: 100, deadlineMs: 120000, onText: (s) => { text += s; pieces++; } });
  assert.equal(text, logLines(1, 20000));
  assert.equal(final.text, text);
  assert.equal(final.complete, true);
  assert.ok(pieces > 3, `the log arrived in pieces while written (${pieces})`);
});

/** followJobLogs in Deno (global WebSocket): tests/js/lib/deno-follow.mjs. */
async function followInDeno(id, intervalMs) {
  const { stdout } = await run(`${repo}node_modules/.bin/deno`,
    ['run', '--quiet', '--no-config', '--allow-read', '--allow-net', `${repo}tests/js/lib/deno-follow.mjs`, endpoint(), id, ...(intervalMs ? [String(intervalMs)] : [])],
    { timeout: 200000, maxBuffer: 256 * MiB, env: { ...process.env, NO_COLOR: '1' } });
  return JSON.parse(stdout.trim().split('\n').pop());
}

test('the tail WebSocket cut mid-frame three times: no duplicate text after reconnecting, nothing missing', async () => {
  const id = fresh('drops');
  // Written for about 6 s; a new socket is opened 200 ms after one is lost (intervalMs).
  await control('', { id, drops: 3, text: logLines(1, 3000), feed: { lines: 6000, batch: 100, everyMs: 100 } });
  const { value, error } = await followInDeno(id, 200);
  assert.ok(value, JSON.stringify(error));
  const want = logLines(1, 3000) + logLines(1, 6000);
  assert.equal(value.text.length, want.length, 'nothing repeated or missing');
  assert.ok(value.text === want, 'the log, in order');
  assert.ok(value.final.text === want);
  assert.equal(value.final.complete, true);
  const seen = await control(`/${id}`);
  assert.ok(seen.tails >= 4 && value.sockets >= 4, `three sockets cut, a fourth kept (${seen.tails} seen, ${value.sockets} opened)`);
});

test('a large log followed over the tail WebSocket (Deno) while written', async () => {
  const id = fresh('ws-slow');
  await control('', { id, feed: { lines: 20000, batch: 400, everyMs: 40 } });
  const { value, error } = await followInDeno(id);
  assert.ok(value, JSON.stringify(error));
  assert.ok(value.text === logLines(1, 20000));
  assert.equal(value.final.complete, true);
  assert.ok(value.pieces > 3 && value.sockets >= 1, `pieces ${value.pieces}, sockets ${value.sockets}`);
});

test('a DRIVER job → UNSUPPORTED; a missing one → NOT_FOUND', async () => {
  const id = fresh('driver');
  await control('', { id, type: 'DRIVER' });
  assert.equal((await fetchJobLogs(endpoint(), id).catch((e) => e)).code, 'UNSUPPORTED');
  assert.equal((await fetchJobLogs(endpoint(), 'no-such-job').catch((e) => e)).code, 'NOT_FOUND');
});
