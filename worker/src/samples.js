// The embedded `samples` cluster: the page's bundled sample answers (www/samples/) served as a
// Ray dashboard would serve them, so a console with nothing configured shows a list, a job and
// the Logs tab. openYuanrong samples answer as openYuanrong's frontend does (no logs route).
import openyuanrongSeed from '../../www/samples/openyuanrong-seed.json';
import openyuanrongPending from '../../www/samples/openyuanrong-pending.json';
import openyuanrongRunning from '../../www/samples/openyuanrong-running.json';
import openyuanrongFailed from '../../www/samples/openyuanrong-failed.json';
import openyuanrongStopped from '../../www/samples/openyuanrong-stopped.json';
import raySucceeded from '../../www/samples/ray-succeeded.json';
import rayFailed from '../../www/samples/ray-failed.json';
import rayRunning from '../../www/samples/ray-running.json';
import rayDriver from '../../www/samples/ray-driver.json';
import repairs from '../../www/samples/repairs.json';
import { API_HEADERS } from './answers.js';

export const SAMPLE_JOBS = [openyuanrongSeed, openyuanrongPending, openyuanrongRunning, openyuanrongFailed,
  openyuanrongStopped, raySucceeded, rayFailed, rayRunning, rayDriver, repairs];

const openYuanrong = (job) => 'key' in job;
const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'STOPPED']);

/** A sample by submission id or, as Ray also accepts, by job id. */
const find = (id) => SAMPLE_JOBS.find((j) => j.submission_id === id || (!openYuanrong(j) && j.job_id === id));

/** A Ray-style driver log for a sample: what its entrypoint printed, ending as the job did. */
export function sampleLog(job) {
  const lines = [`$ ${job.entrypoint}`, `Job ${job.submission_id} started on ${job.driver_info?.node_ip_address ?? 'the head node'}.`];
  for (let i = 1; i <= 40; i++) lines.push(`step ${String(i).padStart(3)}  loss=${(2 / (i + 1)).toFixed(4)}  lr=3.0e-4`);
  if (job.status === 'FAILED') {
    lines.push('Traceback (most recent call last):', `  File "${job.entrypoint.split(' ')[1] ?? 'main.py'}", line 42, in <module>`,
      '    raise RuntimeError("sample failure")', 'RuntimeError: sample failure');
  }
  if (job.status === 'SUCCEEDED') lines.push('done.');
  return `${lines.join('\n')}\n`;
}

const text = (status, body) => new Response(body, { status, headers: { ...API_HEADERS, 'Content-Type': 'text/plain; charset=utf-8' } });
const json = (body) => new Response(JSON.stringify(body), { headers: { ...API_HEADERS, 'Content-Type': 'application/json' } });
const missing = (id) => text(404, `Job ${id} does not exist`);

/** The answer to a matched samples route (routes.js, kind `samples`), as Ray or openYuanrong give it. */
export function answerSample(route, params, request) {
  if (route.path === 'api/jobs' || route.path === 'api/jobs/') return json(SAMPLE_JOBS);
  const job = find(params.id);
  if (!job) return missing(params.id);
  if (route.path === 'api/jobs/:id') return json(job);
  // openYuanrong's frontend has no logs route: gin's own 404.
  if (openYuanrong(job)) return text(404, '404 page not found');
  if (job.type === 'DRIVER') return text(400, 'Can only get logs of submission type jobs');
  if (route.path === 'api/jobs/:id/logs') return json({ logs: sampleLog(job) });
  // The tail: the log in one frame, closed when the job has ended (a running sample never writes more).
  if (request.headers.get('Upgrade')?.toLowerCase() !== 'websocket') return text(426, 'Expected a WebSocket upgrade');
  const [client, server] = Object.values(new WebSocketPair());
  server.accept();
  server.send(sampleLog(job));
  if (TERMINAL.has(job.status)) server.close(1000, 'job ended');
  return new Response(null, { status: 101, webSocket: client });
}
