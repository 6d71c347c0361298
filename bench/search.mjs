// `make bench`, search all logs: searchJobLogs over a job's 40 worker log files of 5 MB each
// (200 MB, Ray's `/api/v0/logs/file` as plain text, docs/api.md §15) served over loopback by a
// local Ray double, against fetching the same files and searching them in plain JavaScript
// (`res.text()`, split into lines, `toLowerCase().includes`), four files at a time each way, each
// way in a fresh Node process so that peak memory is its own. Prints one JSON object.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { logLines } from '../tests/servers/logtext.mjs';

const MiB = 1024 * 1024;
const FILES = 40;
const FILE_BYTES = 5e6;
const QUERY = 'needle-42';
const NODE = 'd81f70d2be40f12431a6d94c2caaed8af7857f48edac92282a50c728';
const JOB_ID = '02000000';
const workerId = (i) => i.toString(16).padStart(8, '0').repeat(7);
const fileName = (i) => `worker-${workerId(i)}-${JOB_ID}-${10000 + i}.out`;
const [, , role, method, base] = process.argv;

if (role === 'child') {
  const { searchJobLogs } = await import('../tests/js/lib/jobglass.mjs');
  const search = {
    jobglass: async () => (await searchJobLogs(base, 'bench', QUERY, { maxMatches: 100000, concurrency: 4, timeoutMs: 600000 })).matches.length,
    // What a page does without jobglass: each file whole as one string, split, searched.
    plainJs: async () => {
      const needle = QUERY.toLowerCase();
      let next = 0; let found = 0;
      const worker = async () => {
        for (let i = next++; i < FILES; i = next++) {
          const text = await (await fetch(`${base}/api/v0/logs/file?node_id=${NODE}&filename=${fileName(i)}&lines=-1`)).text();
          for (const line of text.split('\n')) if (line.toLowerCase().includes(needle)) found++;
        }
      };
      await Promise.all(Array.from({ length: 4 }, worker));
      return found;
    },
  }[method];
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
  const matches = await search(); // warm-up (and compile)
  global.gc?.();
  const times = [];
  // CPU time too: on a shared machine the wall clock also counts waiting for a core.
  const cpu = process.cpuUsage();
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await search();
    times.push(performance.now() - t);
  }
  const used = process.cpuUsage(cpu);
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(JSON.stringify({ ms: times.sort((a, b) => a - b)[1], cpuMs: (used.user + used.system) / 1000 / 3, matches, peakRssMiB: peak / MiB, growthMiB: (peak - baseline) / MiB }));
  process.exit(0);
}

// One 5 MB text shared by every file (the server's memory is not what is measured).
let text = '';
for (let n = 1; Buffer.byteLength(text) < FILE_BYTES; n += 1000) text += logLines(n, n + 999);
const file = Buffer.from(text);
const stateList = (rows) => JSON.stringify({ result: true, msg: '', data: { result: { total: rows.length, num_after_truncation: rows.length, num_filtered: rows.length, result: rows } } });
const tasks = Array.from({ length: FILES }, (_, i) => ({
  task_id: `${i.toString(16).padStart(16, '0')}${'f'.repeat(24)}${JOB_ID}`, attempt_number: 0, name: 'work', state: 'FINISHED', job_id: JOB_ID,
  actor_id: null, type: 'NORMAL_TASK', node_id: NODE, worker_id: workerId(i), worker_pid: 10000 + i, required_resources: { CPU: 1 },
}));
const answers = {
  '/api/jobs/bench': JSON.stringify({ type: 'SUBMISSION', submission_id: 'bench', job_id: JOB_ID, status: 'SUCCEEDED', start_time: 1, end_time: 2, entrypoint: 'x', driver_node_id: NODE }),
  // Only the worker files: the driver's log is one small JSON answer.
  '/api/jobs/bench/logs': JSON.stringify({ logs: 'driver\n' }),
  '/api/v0/tasks': stateList(tasks),
  '/api/v0/actors': stateList([]),
  '/api/v0/logs': JSON.stringify({ result: true, msg: '', data: { result: { worker_out: Array.from({ length: FILES }, (_, i) => fileName(i)), worker_err: [] } } }),
};
const server = createServer((req, res) => {
  const url = new URL(req.url, 'http://bench');
  if (url.pathname === '/api/v0/logs/file') {
    res.writeHead(200, { 'Content-Type': 'text/plain; charset=utf-8', 'Content-Length': file.length, Connection: 'close' });
    return res.end(file);
  }
  const body = answers[url.pathname];
  res.writeHead(body ? 200 : 404, { 'Content-Type': 'application/json', Connection: 'close' });
  res.end(body ?? 'Not Found');
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}`;
const child = (m) => new Promise((resolve, reject) => {
  import('node:child_process').then(({ execFile }) => execFile(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), 'child', m, url],
    { maxBuffer: MiB }, (e, out) => (e ? reject(e) : resolve(JSON.parse(out.trim().split('\n').pop())))));
});
const jobglass = await child('jobglass');
const plainJs = await child('plainJs');
server.close();
if (jobglass.matches !== plainJs.matches) throw new Error(`the two ways found ${jobglass.matches} and ${plainJs.matches} lines`);
const bytes = file.length * FILES;
const mbps = (ms) => bytes / 1e6 / (ms / 1000);
const figures = (r) => ({ ...r, mbPerS: mbps(r.ms), mbPerCpuS: mbps(r.cpuMs) });
console.log(JSON.stringify({ files: FILES, bytes, query: QUERY, jobglass: figures(jobglass), plainJs: figures(plainJs) }));
