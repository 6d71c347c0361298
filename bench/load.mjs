// `make load`: 1,000 concurrent fetchJob calls, watchJob on 200 jobs at once, and 100,000
// parseJob calls with the wasm memory watched. Prints figures; exits non-zero if a call failed.
import { readFileSync } from 'node:fs';
import { exports as wasm, fetchJob, parseJob, watchJob } from '../tests/js/lib/jobglass.mjs';
import { startDoubles } from '../tests/servers/doubles.mjs';
import { median } from './measure.mjs';

const doubles = await startDoubles(0);
let failures = 0;
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(xs.length * p))];

// 1. 1,000 concurrent fetches.
{
  const latencies = [];
  const started = performance.now();
  const results = await Promise.allSettled(Array.from({ length: 1000 }, async (_, i) => {
    const t = performance.now();
    const job = await fetchJob(`${doubles.url}/f/echo`, `load-${i}`, { timeoutMs: 30000 });
    latencies.push(performance.now() - t);
    if (job.submissionId !== `load-${i}`) throw new Error(`wrong job for load-${i}`);
  }));
  const took = performance.now() - started;
  const bad = results.filter((r) => r.status === 'rejected');
  failures += bad.length;
  console.log(`1,000 concurrent fetchJob: ${1000 - bad.length} correct, ${bad.length} failed in ${took.toFixed(0)} ms `
    + `(${(1000 / (took / 1000)).toFixed(0)}/s); latency p50 ${pct(latencies, 0.5).toFixed(1)} ms, p95 ${pct(latencies, 0.95).toFixed(1)} ms`);
  if (bad.length) console.log(`  first failure: ${bad[0].reason?.message}`);
}

// 2. watchJob on 200 jobs at once, each moving PENDING → RUNNING → a terminal state.
{
  const ids = await Promise.all(Array.from({ length: 200 }, async (_, i) => {
    const res = await fetch(`${doubles.url}/oyr/api/jobs`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ entrypoint: i % 10 === 0 ? 'python x.py; exit 2' : 'python x.py', submission_id: `watch-${i}`, metadata: { pending_ms: String(200 + (i % 7) * 50), run_ms: String(400 + (i % 5) * 100) } }),
    });
    return (await res.json()).submission_id;
  }));
  const started = performance.now();
  const results = await Promise.allSettled(ids.map((id) => watchJob(`${doubles.url}/oyr`, id, { intervalMs: 200, deadlineMs: 30000 })));
  const took = performance.now() - started;
  const terminal = results.filter((r) => r.status === 'fulfilled' && r.value.terminal).length;
  const failed = results.filter((r) => r.status === 'fulfilled' && r.value.status === 'FAILED').length;
  failures += 200 - terminal;
  console.log(`watchJob on 200 jobs at once: ${terminal} reached a terminal state (${failed} FAILED as scripted) in ${took.toFixed(0)} ms`);
}

// 3. 100,000 parseJob calls: the wasm memory must not grow after warm-up.
{
  const payload = readFileSync(new URL('../tests/fixtures/ray/fail-1.json', import.meta.url), 'utf8');
  for (let i = 0; i < 10000; i++) parseJob(payload);
  const warm = wasm.memory.buffer.byteLength;
  const times = [];
  for (let round = 0; round < 10; round++) {
    const t = performance.now();
    for (let i = 0; i < 10000; i++) parseJob(payload);
    times.push(((performance.now() - t) * 1000) / 10000);
  }
  const end = wasm.memory.buffer.byteLength;
  if (end !== warm) failures++;
  console.log(`100,000 parseJob: wasm memory ${warm} B after warm-up, ${end} B at the end (${end === warm ? 'flat' : 'GREW'}); `
    + `${median(times).toFixed(1)} µs per call`);
}

await doubles.close();
process.exit(failures ? 1 : 0);
