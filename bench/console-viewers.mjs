// Many viewers, one upstream (docs/console.md "Many viewers", docs/performance.md): the console
// (worker/) bundled from the packed tarball as wrangler bundles it (tests/js/lib/edge-worker.mjs)
// and run in workerd through miniflare, with its Durable Object and the Cache API, and nothing in
// front of workerd's socket (`wrangler dev`'s proxy would be most of what is measured, see
// docs/console.md "CPU time"), in front of the server doubles in their own process
// (generated Ray lists that count their reads, tests/servers/joblists.mjs, and the Ray log double
// that counts its tail sockets, tests/servers/logs.mjs). Each scenario runs twice in the same
// console: against a cluster with sharing on (the default) and one with `"coalesce": false`, so
// the gain is a ratio from one run.
//   (a) VIEWERS viewers each refreshing a 2,000-job list every 2 s for SECONDS s, then 20 viewers
//       of a 100,000-job list every 10 s: upstream list reads, viewer p50/p95, workerd's peak RSS;
//   (b) 50 viewers following one running job: upstream tail sockets, and whether each viewer's
//       text equals the job's log.
// Figures are printed, never asserted. Usage: node bench/console-viewers.mjs [VIEWERS=500] [SECONDS=60]
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import { bundleEdgeWorker } from '../tests/js/lib/edge-worker.mjs';
import { follow } from '../tests/js/lib/follow.mjs';
import { logLines } from '../tests/servers/logtext.mjs';

const VIEWERS = Number(process.argv[2] ?? 500);
const SECONDS = Number(process.argv[3] ?? 60);
const repo = fileURLToPath(new URL('../', import.meta.url));

// ---- the doubles, in a process of their own so they do not share this one's event loop ----
const doublesProcess = spawn('node', ['tests/servers/doubles.mjs'], { cwd: repo, stdio: ['ignore', 'pipe', 'inherit'] });
const doublesUrl = await new Promise((resolve, reject) => {
  let out = '';
  doublesProcess.stdout.on('data', (d) => {
    out += d;
    const m = /listening (http:\S+)/.exec(out);
    if (m) resolve(m[1]);
  });
  doublesProcess.on('exit', () => reject(new Error('the doubles did not start')));
});
const post = (path, body) => fetch(`${doublesUrl}${path}`, { method: 'POST', body: body === undefined ? undefined : JSON.stringify(body) }).then((r) => r.json());
const reads = async (name) => (await (await fetch(`${doublesUrl}/lists/live/${name}/_control/reads`)).json()).reads;

const clusters = [];
for (const [name, coalesce] of [['shared', true], ['direct', false]]) {
  clusters.push({ name: `${name}-2k`, kind: 'ray', url: `${doublesUrl}/lists/live/${name}-2k`, coalesce });
  clusters.push({ name: `${name}-100k`, kind: 'ray', url: `${doublesUrl}/lists/live/${name}-100k`, coalesce });
  clusters.push({ name: `${name}-logs`, kind: 'ray', url: `${doublesUrl}/raylogs`, coalesce });
}
const dir = await bundleEdgeWorker('jobglass-viewers-bench-');
const config = readFileSync(join(repo, 'worker/wrangler.toml'), 'utf8');
const mf = new Miniflare({
  modules: true,
  scriptPath: join(dir, 'dist/worker.js'),
  modulesRoot: join(dir, 'dist'),
  modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
  compatibilityDate: /compatibility_date = "([^"]+)"/.exec(config)[1],
  compatibilityFlags: ['no_web_socket_compression'],
  durableObjects: { JOBGLASS_TAILS: 'JobLogTail' },
  bindings: { JOBGLASS_CLUSTERS: JSON.stringify(clusters) },
});
const c = { url: (await mf.ready).origin.replace(/\/$/, '') };

// ---- workerd's memory: the workerd processes below this one ----
function parentOf(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
}
function ourWorkerds() {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((pid) => {
    try {
      if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('workerd')) return false;
      for (let p = Number(pid); p > 1; p = parentOf(p)) if (p === process.pid) return true;
    } catch { /* gone */ }
    return false;
  });
}
const rssMiB = () => ourWorkerds().reduce((sum, pid) => {
  try { return sum + Number(/VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]) / 1024; } catch { return sum; }
}, 0);

// ---- viewers ----
/** Failures by kind (`HTTP 504`, `ECONNRESET`, …) in the scenario running. */
let failureKinds = {};
const failed = (kind) => { failureKinds[kind] = (failureKinds[kind] ?? 0) + 1; return null; };
/** One GET read to its end: ms, or null on a failure (counted by kind). */
const timedGet = (path) => new Promise((resolve) => {
  const started = performance.now();
  const req = request(`${c.url}${path}`, (res) => {
    res.on('data', () => {});
    res.on('end', () => resolve(res.statusCode === 200 ? performance.now() - started : failed(`HTTP ${res.statusCode}`)));
    res.on('error', (e) => resolve(failed(e.code ?? e.message)));
  });
  req.on('error', (e) => resolve(failed(e.code ?? e.message)));
  req.end();
});
const pct = (sorted, p) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] : NaN);

/** `viewers` viewers, each reading `path` every `everyMs` (first at a random offset) for `seconds`. */
async function refreshing(cluster, list, jobs, viewers, everyMs, seconds) {
  await post(`/lists/live/${list}/_control/reset?n=${jobs}`);
  await timedGet(`/api/clusters`); // the isolate is warm
  const before = await reads(list);
  failureKinds = {};
  const times = [];
  let failures = 0;
  let peak = rssMiB();
  const sampler = setInterval(() => { peak = Math.max(peak, rssMiB()); }, 500);
  const end = Date.now() + seconds * 1000;
  await Promise.all(Array.from({ length: viewers }, async () => {
    let next = Date.now() + Math.random() * everyMs;
    while (next < end) {
      await new Promise((r) => setTimeout(r, Math.max(0, next - Date.now())));
      const ms = await timedGet(`/c/${cluster}/api/jobs/`);
      if (ms === null) failures++; else times.push(ms);
      next += everyMs;
      // A viewer whose answer took longer than its interval asks again at once, as the page does.
      if (next < Date.now()) next = Date.now();
    }
  }));
  clearInterval(sampler);
  times.sort((a, b) => a - b);
  return { upstream: (await reads(list)) - before, requests: times.length + failures, failures, kinds: failureKinds, p50: pct(times, 0.5), p95: pct(times, 0.95), peakMiB: peak };
}

/** `viewers` followers of one job that writes `lines` lines over about `seconds` s. */
async function following(cluster, id, viewers, lines, seconds) {
  const batch = Math.ceil(lines / (seconds * 10));
  await post('/raylogs/_control/jobs', { id, text: logLines(1, 50), feed: { lines, batch, everyMs: 100, status: 'SUCCEEDED' } });
  const followers = await Promise.all(Array.from({ length: viewers }, () => follow(c.url, `/c/${cluster}/api/jobs/${id}/logs/tail`, { Origin: c.url })));
  await Promise.all(followers.map((f) => f.closed));
  const state = await (await fetch(`${doublesUrl}/raylogs/_control/jobs/${id}`)).json();
  // The feed writes lines 1..N after the 50 it starts with.
  const log = logLines(1, 50) + logLines(1, lines);
  const whole = followers.filter((f) => f.status === 101 && f.text() === log).length;
  return { sockets: state.tails, whole, viewers, bytes: Buffer.byteLength(log) };
}

const fmt = (n) => (Number.isFinite(n) ? n.toFixed(0) : '—');
const rows = [];
try {
  for (const [label, jobs, viewers, everyMs] of [['2,000 jobs', 2000, VIEWERS, 2000], ['100,000 jobs', 100000, 20, 10000]]) {
    const size = jobs === 2000 ? '2k' : '100k';
    for (const mode of ['shared', 'direct']) {
      const r = await refreshing(`${mode}-${size}`, `${mode}-${size}`, jobs, viewers, everyMs, SECONDS);
      rows.push([`${viewers} viewers × ${label}, every ${everyMs / 1000} s, ${SECONDS} s`, mode === 'shared' ? 'on' : 'off',
        String(r.upstream), `${r.requests} (${r.failures} failed${r.failures ? `: ${Object.entries(r.kinds).map(([k, n]) => `${n} ${k}`).join(', ')}` : ''})`, fmt(r.p50), fmt(r.p95), fmt(r.peakMiB)]);
      console.error(`# ${label} ${mode}: ${JSON.stringify(r)}`);
    }
  }
  for (const mode of ['shared', 'direct']) {
    const r = await following(`${mode}-logs`, `bench-${mode}`, 50, 20000, 20);
    rows.push([`50 followers of one running job (${(r.bytes / 1e6).toFixed(1)} MB of log)`, mode === 'shared' ? 'on' : 'off',
      `${r.sockets} tail sockets`, `${r.whole}/${r.viewers} got the whole log`, '', '', '']);
    console.error(`# follow ${mode}: ${JSON.stringify(r)}`);
  }
} finally {
  await mf.dispose();
  doublesProcess.kill();
  rmSync(dir, { recursive: true, force: true });
}

console.log('\n| scenario | sharing | upstream | viewer requests | p50 ms | p95 ms | workerd peak RSS MiB |\n| --- | --- | --- | --- | --- | --- | --- |');
for (const row of rows) console.log(`| ${row.join(' | ')} |`);
