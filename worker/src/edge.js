// The edge routes (docs/api.md §13): normalized job details for other dashboards, beside the
// console (console.js) in the same worker:
//   GET /jobs/:id                 → Job from the openYuanrong/Ray endpoint in JOB_UPSTREAM
//   GET /devserver/:project/:id   → DevServerJob from ModelArts, signed with the worker's AK/SK
//   POST /jobs/:id/stop, DELETE /jobs/:id → {stopped} / {deleted}, only with ALLOW_ACTIONS = "true"
//   GET /jobs/:id/logs?tail=N     → the last N lines of a Ray job's log, as text/plain
//   GET /jobs?status=…&limit=N    → {jobs, total}: normalized jobs, newest first (list.js)
// It signs with keys that are worth stealing, so it serves nobody without
// `Authorization: Bearer <JOBGLASS_WORKER_TOKEN>`, signs only for ALLOWED_PROJECTS, keeps its
// answers out of shared caches, hides env var values and never passes on the upstream's words
// (docs/security.md). CORS lets the configured dashboard read answers; it is not access control.
import { deleteJob, fetchDevServerJob, fetchJob, fetchJobLogs, isJobglassError, stopJob } from 'jobglass';
import { BadQuery, jobList } from './list.js';
import { sameSecret } from './secret.js';

const TIMEOUT_MS = 8000;
// A log is read whole to keep its end (docs/api.md §9): more time than one job's details.
const LOG_TIMEOUT_MS = 30000;
const DEFAULT_TAIL = 1000;
const MAX_TAIL = 100000;

// ---- answers ----

class Refusal extends Error {
  constructor(status, code, message, headers = {}) {
    super(message);
    Object.assign(this, { status, code, headers });
  }
}

/** What a dashboard is told for each jobglass failure: our words, never the upstream's. */
const UPSTREAM_FAILURES = {
  INVALID_ARGUMENT: [400, 'the job id or project is not valid'],
  NOT_FOUND: [404, 'no such job'],
  RATE_LIMITED: [429, 'the job server asks to slow down; try again later'],
  TIMEOUT: [504, 'the job server did not answer in time'],
  ABORTED: [503, 'the request was cancelled'],
  // The upstream refusing the worker's own credentials is the worker's fault: a gateway error.
  UNAUTHORIZED: [502, 'the job server refused the worker\'s credentials'],
  FORBIDDEN: [502, 'the job server refused the worker\'s credentials'],
  NETWORK: [502, 'the job server could not be reached'],
  UNSUPPORTED: [400, 'only submitted jobs can be stopped or deleted, not a DRIVER job'],
};

function json(body, status, headers, cacheControl = 'private, no-store') {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', 'Cache-Control': cacheControl, ...headers },
  });
}

/** `{ error: { code, message[, upstreamStatus] } }`: no URL, host or upstream text in it. */
function failure(e, cors) {
  if (e instanceof Refusal) return json({ error: { code: e.code, message: e.message } }, e.status, { ...cors, ...e.headers });
  if (!isJobglassError(e)) return json({ error: { code: 'INTERNAL', message: 'the worker failed' } }, 500, cors);
  const [status, message] = UPSTREAM_FAILURES[e.code] ?? [502, 'the job server failed'];
  return json({ error: { code: e.code, message, upstreamStatus: e.status } }, status, cors);
}

// ---- who may ask ----

function corsHeaders(request, env) {
  const origin = request.headers.get('Origin');
  if (!origin || origin !== env.ALLOWED_ORIGIN) return { Vary: 'Origin' };
  return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
}

async function authenticate(request, env) {
  const token = /^Bearer[ ]+(\S+)$/i.exec(request.headers.get('Authorization') ?? '')?.[1];
  if (!token || !(await sameSecret(token, env.JOBGLASS_WORKER_TOKEN))) {
    throw new Refusal(401, 'UNAUTHORIZED', 'send Authorization: Bearer <token>', { 'WWW-Authenticate': 'Bearer' });
  }
}

/**
 * Stop and delete change jobs, so a browser gets them only from the configured dashboard: a
 * foreign Origin, or a request the browser marks as another site's without that Origin, is 403
 * (docs/security.md). Callers that are not browsers send neither header.
 */
function allowActionFrom(request, env) {
  const origin = request.headers.get('Origin');
  const site = request.headers.get('Sec-Fetch-Site');
  const dashboard = Boolean(env.ALLOWED_ORIGIN) && origin === env.ALLOWED_ORIGIN;
  if ((origin !== null && !dashboard) || (site !== null && site !== 'same-origin' && site !== 'none' && !dashboard)) {
    throw new Refusal(403, 'FORBIDDEN', 'actions are not accepted from another site');
  }
}

const actionsOn = (env) => env.ALLOW_ACTIONS === 'true';

/** Workers logs keep a line per action: when, what, which job, from where, the answer. */
function audit(request, method, id, answer) {
  console.log(`[jobglass action] ${new Date().toISOString()} ${method} job=${JSON.stringify(id)} client=${request.headers.get('CF-Connecting-IP') ?? '?'} → ${answer}`);
}

function allowProject(project, env) {
  const allowed = (env.ALLOWED_PROJECTS ?? '').split(',').map((p) => p.trim()).filter(Boolean);
  if (!allowed.includes(project)) throw new Refusal(403, 'FORBIDDEN', 'this project is not served here');
}

// ---- what it serves ----

/** Env var values stay in the worker unless EXPOSE_ENV_VARS is "true". */
function redact(job, env) {
  const vars = job?.runtimeEnv?.envVars;
  if (env.EXPOSE_ENV_VARS === 'true' || !vars) return job;
  return { ...job, runtimeEnv: { ...job.runtimeEnv, envVars: Object.fromEntries(Object.keys(vars).map((k) => [k, '<redacted>'])) } };
}

/**
 * The routes: method, path pattern (`:name` binds a decoded segment), handler, and whether it is
 * an action (ALLOW_ACTIONS, the browser checks, never cached). More job operations are more rows
 * here, behind the same checks: the token for all, ALLOWED_PROJECTS for every route with a `:project`.
 * The worker calls the upstream itself: nothing of the caller's request (headers, cookies, the
 * token) is forwarded, so Ray never sees a browser's headers.
 */
const ROUTES = [
  ['GET', '/jobs/:id', ({ id }, env) => fetchJob(env.JOB_UPSTREAM, id, { timeoutMs: TIMEOUT_MS })],
  ['GET', '/devserver/:project/:id', ({ project, id }, env) => fetchDevServerJob(env.MODELARTS_ENDPOINT, project, id, {
    timeoutMs: TIMEOUT_MS,
    credentials: { accessKey: env.HUAWEICLOUD_SDK_AK, secretKey: env.HUAWEICLOUD_SDK_SK },
  })],
  ['POST', '/jobs/:id/stop', async ({ id }, env) => ({ stopped: await stopJob(env.JOB_UPSTREAM, id, { timeoutMs: TIMEOUT_MS }) }), true],
  ['DELETE', '/jobs/:id', async ({ id }, env) => ({ deleted: await deleteJob(env.JOB_UPSTREAM, id, { timeoutMs: TIMEOUT_MS }) }), true],
  ['GET', '/jobs/:id/logs', ({ id }, env, url) => jobLog(id, env, url)],
  ['GET', '/jobs', (params, env, url) => jobs(env, url)],
].map(([method, pattern, handler, action = false]) => ({ method, parts: pattern.split('/').filter(Boolean), handler, action }));

/** The job list, never cached: it changes with every job that starts or ends. */
async function jobs(env, url) {
  let answer;
  try {
    answer = await jobList(env, url, redact);
  } catch (e) {
    if (e instanceof BadQuery) throw new Refusal(400, 'BAD_REQUEST', e.message);
    throw e;
  }
  return json(answer, 200, {}, 'private, no-store');
}

/**
 * The last `?tail=N` lines (default DEFAULT_TAIL, at most MAX_TAIL) of a job's log as text/plain,
 * never cached (a running job's log grows). What was left out is said in headers: `X-Log-Lines`,
 * `X-Log-Truncated`, `X-Log-Dropped-Bytes`, `X-Log-Complete` (docs/api.md §9, JobLogs).
 */
async function jobLog(id, env, url) {
  const tail = url.searchParams.get('tail') ?? String(DEFAULT_TAIL);
  if (!/^[1-9][0-9]{0,8}$/.test(tail) || Number(tail) > MAX_TAIL) {
    throw new Refusal(400, 'BAD_REQUEST', `tail must be a whole number from 1 to ${MAX_TAIL}`);
  }
  let logs;
  try {
    logs = await fetchJobLogs(env.JOB_UPSTREAM, id, { timeoutMs: LOG_TIMEOUT_MS, tailLines: Number(tail) });
  } catch (e) {
    if (isJobglassError(e) && e.code === 'UNSUPPORTED') throw new Refusal(400, 'UNSUPPORTED', 'only jobs submitted to Ray have a log here (not DRIVER jobs, nor openYuanrong\'s)');
    throw e;
  }
  return new Response(logs.text, {
    status: 200,
    headers: {
      'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'private, no-store',
      'X-Log-Lines': String(logs.lineCount), 'X-Log-Truncated': String(logs.truncated),
      'X-Log-Dropped-Bytes': String(logs.droppedBytes), 'X-Log-Complete': String(logs.complete),
      'Access-Control-Expose-Headers': 'X-Log-Lines, X-Log-Truncated, X-Log-Dropped-Bytes, X-Log-Complete',
    },
  });
}

/**
 * The route for `method` and `pathname`, with its parameters; a Refusal when there is none. With
 * ALLOW_ACTIONS off the action routes are not there: 405, with `Allow` naming what is (RFC 9110
 * allows it empty for a resource disabled by configuration).
 */
function route(method, pathname, env) {
  let segments;
  try {
    segments = pathname.split('/').filter(Boolean).map(decodeURIComponent);
  } catch {
    throw new Refusal(400, 'BAD_REQUEST', 'the path is not valid percent-encoding');
  }
  const matches = ROUTES.map((r) => {
    if (r.parts.length !== segments.length) return null;
    const params = {};
    for (const [i, part] of r.parts.entries()) {
      if (part.startsWith(':')) params[part.slice(1)] = segments[i];
      else if (part !== segments[i]) return null;
    }
    return { ...r, params };
  }).filter((r) => r && (!r.action || actionsOn(env)));
  const found = matches.find((r) => r.method === method);
  if (found) return found;
  const disabled = !actionsOn(env) && ROUTES.some((r) => r.action && r.method === method && r.parts.length === segments.length
    && r.parts.every((part, i) => part.startsWith(':') || part === segments[i]));
  if (matches.length || disabled) {
    const allow = matches.map((r) => r.method).join(', ');
    if (disabled) throw new Refusal(405, 'ACTIONS_DISABLED', 'stop and delete are off on this worker (ALLOW_ACTIONS)', { Allow: allow });
    throw new Refusal(405, 'METHOD_NOT_ALLOWED', `use ${allow}`, { Allow: allow });
  }
  throw new Refusal(404, 'NO_ROUTE', 'use /jobs, /jobs/:id, /jobs/:id/logs or /devserver/:project/:id');
}

/** Whether `pathname` is one of these routes' (the rest of the worker is the console's). */
export const isEdgePath = (pathname) => /^\/(jobs|devserver)(\/|$)/.test(pathname);

export const edge = {
  async fetch(request, env) {
    const cors = corsHeaders(request, env);
    if (!env.JOBGLASS_WORKER_TOKEN) {
      return json({ error: { code: 'NOT_CONFIGURED', message: 'the worker has no JOBGLASS_WORKER_TOKEN secret' } }, 503, cors);
    }
    if (request.method === 'OPTIONS') {
      if (!cors['Access-Control-Allow-Origin']) return new Response(null, { status: 403, headers: { ...cors, 'Cache-Control': 'private' } });
      return new Response(null, {
        status: 204,
        headers: {
          ...cors, 'Cache-Control': 'private', 'Access-Control-Max-Age': '86400',
          'Access-Control-Allow-Methods': [...new Set(ROUTES.filter((r) => !r.action || actionsOn(env)).map((r) => r.method))].join(', '),
          'Access-Control-Allow-Headers': 'Authorization, Content-Type',
        },
      });
    }
    try {
      await authenticate(request, env);
      const url = new URL(request.url);
      const { handler, params, action, parts } = route(request.method, url.pathname, env);
      if ('project' in params) allowProject(params.project, env);
      if (action) {
        allowActionFrom(request, env);
        let answer;
        try {
          answer = await handler(params, env);
        } catch (e) {
          audit(request, request.method, params.id, `failed: ${e?.code ?? 'INTERNAL'}`);
          throw e;
        }
        audit(request, request.method, params.id, JSON.stringify(answer));
        // A deleted job must not be served from the cache any more (DELETE has GET's path).
        if (answer.deleted) await caches.default.delete(new Request(`${url.origin}${url.pathname}`));
        return json(answer, 200, cors);
      }

      // The log and the list answer with their own Response.
      if (parts.at(-1) === 'logs' || parts.join('/') === 'jobs') {
        const answer = await handler(params, env, url);
        for (const [name, value] of Object.entries(cors)) answer.headers.set(name, value);
        return answer;
      }

      // Terminal jobs no longer change: the worker keeps them (callers are all authenticated).
      const cacheKey = new Request(`${url.origin}${url.pathname}`);
      const hit = request.method === 'GET' ? await caches.default.match(cacheKey) : undefined;
      if (hit) return new Response(hit.body, { status: hit.status, headers: { 'Content-Type': 'application/json', 'Cache-Control': 'private, max-age=86400', ...cors, 'X-Cache': 'hit' } });

      const job = redact(await handler(params, env), env);
      const cacheControl = job.terminal ? 'private, max-age=86400' : 'private, no-store';
      if (job.terminal) await caches.default.put(cacheKey, json(job, 200, {}, 'max-age=86400'));
      return json(job, 200, { ...cors, 'X-Cache': 'miss' }, cacheControl);
    } catch (e) {
      return failure(e, cors);
    }
  },
};
