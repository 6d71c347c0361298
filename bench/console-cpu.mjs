// The console worker's CPU time per request (docs/console.md "CPU time"): `make demo`'s worker
// (scripts/demo.sh: wrangler dev, workerd) in front of the generated Ray lists
// (tests/servers/joblists.mjs), asked for one job N times and for the 100,000-job list M times.
// CPU is the utime+stime of every workerd process of the console, read from /proc before and
// after; it counts workerd's HTTP work on both sides too, so it is an upper bound of the Worker's
// own CPU time (what Cloudflare limits). Figures are printed, never asserted.
// Usage: node bench/console-cpu.mjs [JOBS=200] [LISTS=10]
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDoubles } from '../tests/servers/doubles.mjs';
import { freePort } from '../tests/js/lib/console.mjs';

const JOBS = Number(process.argv[2] ?? 200);
const LISTS = Number(process.argv[3] ?? 10);
const LIST_SIZE = 100000;
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

const doubles = await startDoubles(0);
const port = await freePort();
const state = mkdtempSync(join(tmpdir(), 'jobglass-bench-'));
const child = spawn('scripts/demo.sh', [], {
  cwd: new URL('..', import.meta.url),
  env: { ...process.env, PORT: String(port), JOBGLASS_STATE_DIR: state, JOBGLASS_CLUSTERS: JSON.stringify([{ name: 'big', kind: 'ray', url: `${doubles.url}/lists/big/${LIST_SIZE}` }]) },
  stdio: ['ignore', 'pipe', 'pipe'],
  detached: true,
});
let output = '';
child.stdout.on('data', (d) => { output += d; });
child.stderr.on('data', (d) => { output += d; });
const base = `http://127.0.0.1:${port}/c/big`;
for (const deadline = Date.now() + 120000; ;) {
  try { if ((await fetch(`http://127.0.0.1:${port}/api/clusters`)).ok) break; } catch { /* not yet */ }
  if (Date.now() > deadline || child.exitCode !== null) { console.error(output); process.exit(1); }
  await new Promise((r) => setTimeout(r, 250));
}

/** The console's workerd processes: in the demo's process group, named workerd. */
function workerds() {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(fields[2]) === child.pid && /workerd/.test(stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')')));
    } catch { return false; }
  });
}
/** utime + stime of those processes, in ms. */
function cpuMs(pids) {
  let ticks = 0;
  for (const pid of pids) {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * TICK_MS;
}

async function measure(label, n, path) {
  const read = async () => { const r = await fetch(`${base}${path}`); const b = await r.arrayBuffer(); if (!r.ok) throw new Error(`${r.status}`); return b.byteLength; };
  for (let i = 0; i < 3; i++) await read(); // warm: bundle compiled, connections open
  const pids = workerds();
  const before = cpuMs(pids);
  const started = performance.now();
  let bytes = 0;
  for (let i = 0; i < n; i++) bytes += await read();
  const wall = performance.now() - started;
  const cpu = cpuMs(pids) - before;
  return { label, requests: n, bytesEach: Math.round(bytes / n), cpuMsEach: +(cpu / n).toFixed(2), wallMsEach: +(wall / n).toFixed(1), processes: pids.length };
}

try {
  const rows = [
    await measure('one job', JOBS, '/api/jobs/raysubmit_0000042'),
    await measure(`the ${LIST_SIZE.toLocaleString('en')}-job list`, LISTS, '/api/jobs/'),
  ];
  console.table(rows);
  console.log(`(CPU: utime+stime of ${rows[0].processes} workerd processes, ${TICK_MS} ms ticks; ${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores)`);
} finally {
  process.kill(-child.pid, 'SIGTERM');
  await doubles.close();
  rmSync(state, { recursive: true, force: true });
}
