// An edge worker that serves normalized job details to dashboards:
//   GET /jobs/:id                 → Job from the openYuanrong/Ray endpoint in JOB_UPSTREAM
//   GET /devserver/:project/:id   → DevServerJob from ModelArts, signed with the worker's AK/SK
// Credentials stay in the worker's secrets; terminal jobs are cached; failures are JSON.
import { fetchDevServerJob, fetchJob, isJobglassError } from 'jobglass';

/** What a dashboard gets for each failure: its own mistakes are 4xx, the upstream's are 5xx. */
const STATUS = {
  INVALID_ARGUMENT: 400,
  NOT_FOUND: 404,
  RATE_LIMITED: 429,
  TIMEOUT: 504,
  ABORTED: 503,
};

function corsHeaders(request, env) {
  const origin = request.headers.get('Origin');
  if (!origin || origin !== env.ALLOWED_ORIGIN) return { Vary: 'Origin' };
  return { 'Access-Control-Allow-Origin': origin, Vary: 'Origin' };
}

function json(body, status, headers) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json', ...headers } });
}

function failure(e, cors) {
  if (!isJobglassError(e)) return json({ error: { code: 'INTERNAL', message: 'the worker failed' } }, 500, cors);
  // The upstream's own refusals (401/403) mean the worker's credentials are wrong: a gateway error.
  const status = STATUS[e.code] ?? 502;
  const { code, message, status: upstreamStatus, serverCode, requestId } = e;
  return json({ error: { code, message, upstreamStatus, serverCode, requestId } }, status, cors);
}

async function lookup(path, env) {
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  if (parts[0] === 'jobs' && parts.length === 2) {
    return fetchJob(env.JOB_UPSTREAM, parts[1], { timeoutMs: 8000 });
  }
  if (parts[0] === 'devserver' && parts.length === 3) {
    return fetchDevServerJob(env.MODELARTS_ENDPOINT, parts[1], parts[2], {
      timeoutMs: 8000,
      credentials: { accessKey: env.HUAWEICLOUD_SDK_AK, secretKey: env.HUAWEICLOUD_SDK_SK },
    });
  }
  return null;
}

export default {
  async fetch(request, env) {
    const cors = corsHeaders(request, env);
    if (request.method === 'OPTIONS') {
      if (!cors['Access-Control-Allow-Origin']) return new Response(null, { status: 403, headers: cors });
      return new Response(null, {
        status: 204,
        headers: { ...cors, 'Access-Control-Allow-Methods': 'GET, OPTIONS', 'Access-Control-Allow-Headers': 'Content-Type', 'Access-Control-Max-Age': '86400' },
      });
    }
    if (request.method !== 'GET') return json({ error: { code: 'METHOD_NOT_ALLOWED', message: 'only GET' } }, 405, cors);

    const url = new URL(request.url);
    const cacheKey = new Request(`${url.origin}${url.pathname}`);
    const cache = caches.default;
    const hit = await cache.match(cacheKey);
    if (hit) return new Response(hit.body, { status: hit.status, headers: { ...Object.fromEntries(hit.headers), ...cors, 'X-Cache': 'hit' } });

    let job;
    try {
      job = await lookup(url.pathname, env);
    } catch (e) {
      return failure(e, cors);
    }
    if (job === null) return json({ error: { code: 'NO_ROUTE', message: 'use /jobs/:id or /devserver/:project/:id' } }, 404, cors);

    // A terminal job no longer changes: keep it; a live one is always fetched afresh.
    const caching = job.terminal ? 'public, max-age=86400' : 'no-store';
    const response = json(job, 200, { 'Cache-Control': caching });
    if (job.terminal) await cache.put(cacheKey, response.clone());
    return new Response(response.body, { status: 200, headers: { ...Object.fromEntries(response.headers), ...cors, 'X-Cache': 'miss' } });
  },
};
