// Deno consumer, resolving the package from node_modules. Deno has a global WebSocket, so
// followJobLogs takes Ray's tail socket here (the double cuts the first one mid-frame; the rest
// comes over a new socket or the last read over HTTP, depending on how soon the job ends).
import { deleteJob, fetchJob, fetchJobLogs, followJobLogs, parseJob, stopJob } from 'jobglass';

const [base] = Deno.args;
const post = async (path, body) => (await fetch(`${base}${path}`, {
  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
})).json();

const parsed = parseJob('{"start_time":"1755484077"}');
const fetched = await fetchJob(`${base}/ray`, 'demo-1');

const id = `deno-log-${Date.now()}`;
await post('/raylogs/_control/jobs', { id, drops: 1, feed: { lines: 50, batch: 10, everyMs: 20 } });
let followed = '';
const logs = await followJobLogs(`${base}/raylogs`, id, { intervalMs: 100, onText: (t) => { followed += t; } });
const whole = await fetchJobLogs(`${base}/raylogs`, id);
const tails = (await (await fetch(`${base}/raylogs/_control/jobs/${id}`)).json()).tails;

const app = `deno-app-${Date.now()}`;
await post('/oyr/api/jobs', { entrypoint: 'sleep forever', submission_id: app, metadata: { advance: 'manual' } });
const stopped = await stopJob(`${base}/oyr`, app);
const deleted = await deleteJob(`${base}/oyr`, app);

console.log(JSON.stringify({
  start: parsed.startTime, status: fetched.status, lines: whole.lineCount, complete: logs.complete,
  followedAll: followed === whole.text, bySocket: tails >= 1, stopped, deleted,
}));
