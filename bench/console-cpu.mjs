// The console worker's CPU time per request (docs/console.md "CPU time"): worker/ bundled from
// the packed tarball as wrangler bundles it (tests/js/lib/edge-worker.mjs), run in workerd
// (through miniflare, which puts nothing in front of workerd's own socket), in front of the
// generated Ray lists (tests/servers/joblists.mjs); asked for one job N times and for the
// 100,000-job list (62 MB) M times. CPU is the utime+stime of the workerd process from /proc
// before and after: it includes workerd's HTTP work on both sides, so it is an upper bound of
// the Worker's own CPU time (what Cloudflare limits). Figures are printed, never asserted.
// Usage: node bench/console-cpu.mjs [JOBS=200] [LISTS=5]
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { get } from 'node:http';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { startDoubles } from '../tests/servers/doubles.mjs';
import { bundleEdgeWorker } from '../tests/js/lib/edge-worker.mjs';

const JOBS = Number(process.argv[2] ?? 200);
const LISTS = Number(process.argv[3] ?? 5);
const LIST_SIZE = 100000;
const TICK_MS = 1000 / Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }));

const doubles = await startDoubles(0);
const dir = await bundleEdgeWorker('jobglass-console-bench-');
const mf = new Miniflare({
  modules: true,
  scriptPath: join(dir, 'dist/worker.js'),
  modulesRoot: join(dir, 'dist'),
  modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
  compatibilityDate: '2026-04-01',
  compatibilityFlags: ['no_web_socket_compression'],
  bindings: { JOBGLASS_CLUSTERS: JSON.stringify([{ name: 'big', kind: 'ray', url: `${doubles.url}/lists/big/${LIST_SIZE}` }]) },
});
const origin = (await mf.ready).origin;

/** The workerd processes miniflare started (children of this process). */
function workerds() {
  return readdirSync('/proc').filter((p) => /^\d+$/.test(p)).filter((pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      return Number(fields[1]) === process.pid && stat.includes('(workerd)');
    } catch { return false; }
  });
}
/** utime + stime of those processes, in ms. */
function cpuMs(pids) {
  let ticks = 0;
  for (const pid of pids) {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    ticks += Number(fields[11]) + Number(fields[12]);
  }
  return ticks * TICK_MS;
}

/** One request on a new connection; the bytes are counted, not kept. */
const read = (path) => new Promise((resolve, reject) => {
  get(`${origin}/c/big${path}`, { agent: false }, (res) => {
    let n = 0;
    res.on('data', (d) => { n += d.length; });
    res.on('end', () => (res.statusCode === 200 ? resolve(n) : reject(new Error(`HTTP ${res.statusCode}`))));
  }).on('error', reject);
});

async function measure(label, n, path) {
  for (let i = 0; i < 2; i++) await read(path); // warm: module compiled, upstream connections open
  const pids = workerds();
  const before = cpuMs(pids);
  const started = performance.now();
  let bytes = 0;
  for (let i = 0; i < n; i++) bytes += await read(path);
  const each = (ms) => +(ms / n).toFixed(2);
  return { label, requests: n, bytesEach: Math.round(bytes / n), cpuMsEach: each(cpuMs(pids) - before), wallMsEach: each(performance.now() - started) };
}

try {
  const rows = [
    await measure('one job', JOBS, '/api/jobs/raysubmit_0000042'),
    await measure(`the ${LIST_SIZE.toLocaleString('en')}-job list`, LISTS, '/api/jobs/'),
  ];
  console.table(rows);
  console.log(`(utime+stime of ${workerds().length} workerd process in ${TICK_MS} ms ticks; ${execFileSync('nproc', { encoding: 'utf8' }).trim()} cores, load ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')})`);
} finally {
  await mf.dispose();
  await doubles.close();
  rmSync(dir, { recursive: true, force: true });
}
