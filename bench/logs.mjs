// `make bench`, logs: reading a 100 MB log (Ray's `{"logs": "…"}`, docs/api.md §9) over loopback
// with fetchJobLogs (streamed, the last 8 MiB kept) against fetch + JSON.parse of the same body in
// JavaScript, each in a fresh Node process so that peak memory is its own. Prints one JSON object.
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { logLines } from '../tests/servers/logtext.mjs';

const MiB = 1024 * 1024;
const [, , role, method, base] = process.argv;

if (role === 'child') {
  const { fetchJobLogs } = await import('../tests/js/lib/jobglass.mjs');
  const read = {
    jobglass: async () => (await fetchJobLogs(base, 'big', { timeoutMs: 600000 })).text.length,
    // What a page does without jobglass: the whole body as one string, parsed, then cut.
    jsonParse: async () => JSON.parse(await (await fetch(`${base}/api/jobs/big/logs`)).text()).logs.slice(-8 * MiB).length,
  }[method];
  // Memory from before the first read: once grown, a process's RSS does not shrink back.
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const sampler = setInterval(() => { peak = Math.max(peak, process.memoryUsage().rss); }, 5);
  await read(); // warm-up (and compile)
  global.gc?.();
  const times = [];
  for (let i = 0; i < 3; i++) {
    const t = performance.now();
    await read();
    times.push(performance.now() - t);
  }
  clearInterval(sampler);
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(JSON.stringify({ ms: times.sort((a, b) => a - b)[1], peakRssMiB: peak / MiB, growthMiB: (peak - baseline) / MiB }));
  process.exit(0);
}

// The body: lines of tests/servers/logtext.mjs (ANSI, tabs, CJK, emoji, escapes) up to 100 MB.
const pieces = [];
let bytes = 0;
for (let n = 1; bytes < 100e6; n += 5000) {
  const piece = Buffer.from(JSON.stringify(logLines(n, n + 4999)).slice(1, -1));
  pieces.push(piece);
  bytes += piece.length;
}
const body = Buffer.concat([Buffer.from('{"logs": "'), ...pieces, Buffer.from('"}')]);
const job = JSON.stringify({ type: 'SUBMISSION', submission_id: 'big', job_id: null, status: 'SUCCEEDED', start_time: 1, end_time: 2, entrypoint: 'x', metadata: {}, runtime_env: {} });
const server = createServer((req, res) => {
  const logs = req.url.endsWith('/logs');
  // A fresh connection per read: no idle keep-alive socket closing under the next request.
  res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': logs ? body.length : Buffer.byteLength(job), Connection: 'close' });
  res.end(logs ? body : job);
});
await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
const url = `http://127.0.0.1:${server.address().port}`;
const child = (m) => new Promise((resolve, reject) => {
  import('node:child_process').then(({ execFile }) => execFile(process.execPath, ['--expose-gc', fileURLToPath(import.meta.url), 'child', m, url],
    { maxBuffer: MiB }, (e, out) => (e ? reject(e) : resolve(JSON.parse(out.trim().split('\n').pop())))));
});
const jobglass = await child('jobglass');
const jsonParse = await child('jsonParse');
server.close();
const mbps = (r) => body.length / 1e6 / (r.ms / 1000);
console.log(JSON.stringify({
  bodyBytes: body.length,
  jobglass: { ...jobglass, mbPerS: mbps(jobglass) },
  jsonParse: { ...jsonParse, mbPerS: mbps(jsonParse) },
}));
