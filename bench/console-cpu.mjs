// The console worker's CPU time per request (docs/console.md "CPU time"): `make demo`'s worker
// (scripts/demo.sh: wrangler dev, workerd) in front of the generated Ray lists
// (tests/servers/joblists.mjs), asked for one job N times and for the 100,000-job list M times.
// CPU is utime+stime read from /proc before and after, for the workerd process that runs the
// worker (wrangler starts it with an inspector; it also does that worker's HTTP work on both
// sides, so this is an upper bound of the Worker's own CPU time, what Cloudflare limits) and,
// apart, for what `wrangler dev` puts in front of it locally (its proxy workerd and its node
// process), which Cloudflare does not have. Figures are printed, never asserted.
// Usage: node bench/console-cpu.mjs [JOBS=200] [LISTS=5]
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDoubles } from '../tests/servers/doubles.mjs';
import { freePort } from '../tests/js/lib/console.mjs';

const JOBS = Number(process.argv[2] ?? 200);
const LISTS = Number(process.argv[3] ?? 5);
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
// Only the end of wrangler's output is kept, for a failure's message.
const keep = (d) => { output = (output + d).slice(-65536); };
child.stdout.on('data', keep);
child.stderr.on('data', keep);
for (const deadline = Date.now() + 120000; ;) {
  try { if ((await fetch(`http://127.0.0.1:${port}/api/clusters`)).ok) break; } catch { /* not yet */ }
  if (Date.now() > deadline || child.exitCode !== null) { console.error(output); process.exit(1); }
  await new Promise((r) => setTimeout(r, 250));
}

/** The demo's processes: `{worker: [pid], local: [pids]}` (the worker's workerd; wrangler's proxy and node). */
function processes() {
  const found = { worker: [], local: [] };
  for (const pid of readdirSync('/proc').filter((p) => /^\d+$/.test(p))) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      if (Number(fields[2]) !== child.pid) continue;
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      if (name === 'workerd' && args.includes('--inspector-addr')) found.worker.push(pid);
      else if (name === 'workerd' || (name === 'node' && args.includes('wrangler'))) found.local.push(pid);
    } catch { /* gone */ }
  }
  return found;
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

async function measure(label, n, origin, path) {
  const base = `${origin}/c/big`;
  // A new connection each time (no pooled socket the server has since closed); bytes counted, not kept.
  const read = () => new Promise((resolve, reject) => {
    get(`${base}${path}`, { agent: false }, (res) => {
      let n = 0;
      res.on('data', (d) => { n += d.length; });
      res.on('end', () => (res.statusCode === 200 ? resolve(n) : reject(new Error(`HTTP ${res.statusCode}`))));
    }).on('error', reject);
  });
  for (let i = 0; i < 2; i++) await read(); // warm: bundle compiled, upstream connections open
  const { worker, local } = processes();
  if (worker.length !== 1) throw new Error(`expected one workerd running the worker, found ${worker.length}`);
  const before = [cpuMs(worker), cpuMs(local)];
  const started = performance.now();
  let bytes = 0;
  for (let i = 0; i < n; i++) bytes += await read();
  const wall = performance.now() - started;
  const each = (ms) => +(ms / n).toFixed(2);
  return {
    label, requests: n, bytesEach: Math.round(bytes / n),
    workerCpuMsEach: each(cpuMs(worker) - before[0]), wranglerDevCpuMsEach: each(cpuMs(local) - before[1]), wallMsEach: each(wall),
  };
}

try {
  const origin = `http://127.0.0.1:${port}`;
  const rows = [
    await measure('one job', JOBS, origin, '/api/jobs/raysubmit_0000042'),
    await measure(`the ${LIST_SIZE.toLocaleString('en')}-job list`, LISTS, origin, '/api/jobs/'),
  ];
  console.table(rows);
  console.log(`(utime+stime in ${TICK_MS} ms ticks; ${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores, load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')})`);
} finally {
  process.kill(-child.pid, 'SIGTERM');
  await doubles.close();
  rmSync(state, { recursive: true, force: true });
}
