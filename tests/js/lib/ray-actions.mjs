// Helpers for the action tests against a real Ray head: jobs submitted the way Ray's own tools
// submit them (node:http, no browser headers), Ray's Python client for the truth, and jobglass
// run in Deno.
import { execFile } from 'node:child_process';
import { request } from 'node:http';
import { promisify } from 'node:util';
import { fileURLToPath } from 'node:url';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../../', import.meta.url));
export const endpoint = process.env.JOBGLASS_RAY;

/** One plain HTTP exchange with Ray: `{status, body}` (body parsed when JSON). */
export function http(method, path, body) {
  return new Promise((resolve, reject) => {
    const req = request(`${endpoint}${path}`, { method, headers: body ? { 'Content-Type': 'application/json' } : {} }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => {
        let parsed = text;
        try { parsed = JSON.parse(text); } catch { /* text */ }
        resolve({ status: res.statusCode, body: parsed });
      });
    });
    req.on('error', reject);
    req.end(body ? JSON.stringify(body) : undefined);
  });
}

/** Submits a job; resolves with its submission id. */
export async function submit(name, entrypoint) {
  const id = `jg-${name}-${Date.now().toString(36)}`;
  const res = await http('POST', '/api/jobs/', { entrypoint, submission_id: id });
  if (res.status !== 200) throw new Error(`submit ${id}: ${res.status} ${JSON.stringify(res.body)}`);
  return id;
}

/** Resolves with the job's status once it is one of `statuses` (an event; `limitMs` only bounds it). */
export async function reach(id, statuses, limitMs = 90000) {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const { body } = await http('GET', `/api/jobs/${encodeURIComponent(id)}`);
    if (statuses.includes(body?.status)) return body.status;
    if (Date.now() > deadline) throw new Error(`${id} did not reach ${statuses} (is ${body?.status})`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

/** Ray's Python client: `status` → get_job_status, `listed` → whether list_jobs has the job. */
export async function truth(what, id) {
  const { stdout } = await run(`${repo}.venv/bin/python`, [`${repo}tests/ray/client.py`, endpoint, what, id], { timeout: 120000 });
  return JSON.parse(stdout.trim().split('\n').pop())[what];
}

/**
 * Resolves once Ray's job monitor is done with a finished job: its supervisor actor is dead and
 * the monitor, which looks once a second, has seen that. A job deleted before then can come back:
 * the monitor finds the actor gone and no record, and writes the job again as FAILED ("Job
 * supervisor actor died"), so a delete test waits for this first.
 */
export async function settled(id, limitMs = 90000) {
  const deadline = Date.now() + limitMs;
  for (;;) {
    const state = await truth('supervisor', id);
    if (state === 'DEAD' || state === null) break;
    if (Date.now() > deadline) throw new Error(`${id}: its supervisor actor is still ${state}`);
    await new Promise((r) => setTimeout(r, 500));
  }
  await new Promise((r) => setTimeout(r, 3000));
}

/** `stopJob`/`deleteJob`/… run in Deno: `{value}` or `{error}`. */
export async function inDeno(fn, id) {
  const { stdout } = await run(`${repo}node_modules/.bin/deno`,
    ['run', '--quiet', '--no-config', '--allow-read', '--allow-net', `${repo}tests/js/lib/deno-call.mjs`, fn, endpoint, id],
    { timeout: 120000, env: { ...process.env, NO_COLOR: '1' } });
  return JSON.parse(stdout.trim().split('\n').pop());
}
