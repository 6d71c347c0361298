// The console's API: GET /api/clusters, GET/POST/DELETE /api/session, and each cluster's own API
// under /c/{cluster}/ (routes.js), behind sign-in (auth.js) and, for stop and delete, the
// operator role, the page's own origin and `X-Jobglass-Action: 1`, each written to the audit log.
import { json, Refusal, refused } from './answers.js';
import { identify, login, logoutCookie } from './auth.js';
import { ConfigError, publicView, readClusters } from './clusters.js';
import { sharedRead } from './coalesce.js';
import { forward, forwardSocket } from './forward.js';
import { fromOtherSite, fromPage } from './origin.js';
import { allowedQuery, clusterPath, matchRoute } from './routes.js';
import { answerSample } from './samples.js';
import { followShared } from './tails.js';
import { historyJobs } from './watch-store.js';

/** The clusters, read once per configuration text per isolate; a bad config answers 500 naming the entry. */
let parsed = { key: null, value: null };
function clusters(env) {
  const key = [env.JOBGLASS_CLUSTERS, env.JOBGLASS_UPSTREAM, env.JOBGLASS_MODELARTS_UPSTREAM, env.HUAWEICLOUD_SDK_PROJECT_ID].join('\u0000');
  if (parsed.key !== key) {
    try {
      parsed = { key, value: readClusters(env) };
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      console.error(`jobglass console: ${e.message}`);
      parsed = { key, value: new Refusal(500, 'NOT_CONFIGURED', e.message) };
    }
  }
  if (parsed.value instanceof Refusal) throw parsed.value;
  return parsed.value;
}

/** One JSON line per stop or delete, allowed or refused (docs/console.md "Audit"). */
function audit(action, user, cluster, id, allowed, result) {
  console.log(JSON.stringify({ audit: action, user, cluster, id, allowed, result, time: new Date().toISOString() }));
}

async function session(request, env) {
  if (request.method === 'GET') return json(await identify(request, env));
  if (request.method === 'POST') {
    const { session: who, setCookie } = await login(request, env);
    return json(who, 200, { 'Set-Cookie': setCookie });
  }
  if (request.method === 'DELETE') {
    // Signing out needs no session, but only the page itself may end one.
    if (!fromPage(request, env)) throw new Refusal(403, 'FORBIDDEN', 'sign out from the console page itself');
    return new Response(null, { status: 204, headers: { 'Set-Cookie': logoutCookie(request), 'Cache-Control': 'private, no-store' } });
  }
  throw new Refusal(405, 'METHOD_NOT_ALLOWED', 'use GET, POST or DELETE', { Allow: 'GET, POST, DELETE' });
}

const notFound = () => new Refusal(404, 'NOT_FOUND', 'no such route in this console');

/** `/c/{cluster}/…`: a route of the table, for this user, forwarded or answered by the samples. */
async function clusterRequest(request, env, ctx, where, who) {
  const cluster = clusters(env).get(where.cluster);
  if (!cluster) throw notFound();
  const url = new URL(request.url);
  const match = matchRoute(cluster.kind, request.method, where.rest);
  if (match.status === 405) throw new Refusal(405, 'METHOD_NOT_ALLOWED', `use ${match.allow}`, { Allow: match.allow });
  if (match.status) throw notFound();
  const { route, params } = match;
  // Another site's reads reach no cluster (its actions are refused and audited below).
  if (fromOtherSite(request, env) && !route.action) throw new Refusal(403, 'FORBIDDEN', 'the console reads clusters only for its own page');
  // ModelArts: only the cluster's own project is signed for.
  if ('project' in params && params.project !== cluster.project) throw notFound();
  if (route.websocket) {
    if (!fromPage(request, env)) throw new Refusal(403, 'FORBIDDEN', 'the log tail opens only from the console page');
    if (request.headers.get('Upgrade')?.toLowerCase() !== 'websocket') throw new Refusal(426, 'UPGRADE_REQUIRED', 'open this route as a WebSocket', { Upgrade: 'websocket' });
  }
  if (route.action) {
    const refuse = (status, code, message) => {
      audit(route.action, who.user, cluster.name, params.id, false, code);
      return new Refusal(status, code, message);
    };
    if (!fromPage(request, env) || request.headers.get('X-Jobglass-Action') !== '1') {
      throw refuse(403, 'FORBIDDEN', 'stop and delete are accepted only from the console page itself');
    }
    if (who.role !== 'operator') throw refuse(403, 'FORBIDDEN', 'only operators may stop or delete jobs');
    let answer;
    try {
      answer = await forward(cluster, route, params, '');
    } catch (e) {
      audit(route.action, who.user, cluster.name, params.id, true, e.code ?? 'FAILED');
      throw e;
    }
    // Action answers are a few bytes (`{"stopped": true}`, `true`): read for the audit line.
    const body = await answer.text();
    audit(route.action, who.user, cluster.name, params.id, true, `HTTP ${answer.status} ${body.slice(0, 200)}`.trim());
    return new Response(body, answer);
  }
  if (cluster.kind === 'samples') return answerSample(route, params, request);
  const query = allowedQuery(route, url.search);
  if (query.error) throw new Refusal(400, 'BAD_REQUEST', query.error);
  // Shared by every viewer of the same upstream URL or job tail (docs/console.md "Many viewers").
  if (route.websocket) {
    return cluster.coalesce && env.JOBGLASS_TAILS ? followShared(env, cluster, params) : forwardSocket(cluster, route, params, query.search);
  }
  return cluster.coalesce ? sharedRead(cluster, route, params, query.search, { origin: url.origin, ctx }) : forward(cluster, route, params, query.search);
}

const HISTORY_LIMIT = 5000;

/**
 * `GET /api/history?cluster=NAME|*`: the jobs the watch round has seen that their cluster no
 * longer lists (docs/notifications.md "History"), newest gone first, each with the upstream's
 * own JSON as last seen: `[{cluster, id, status, job, firstSeen, changedAt, goneAt}]`.
 */
async function history(request, env, url) {
  if (request.method !== 'GET') throw new Refusal(405, 'METHOD_NOT_ALLOWED', 'use GET', { Allow: 'GET' });
  if (fromOtherSite(request, env)) throw new Refusal(403, 'FORBIDDEN', 'the console reads history only for its own page');
  if (!env.JOBGLASS_DB) throw new Refusal(503, 'NOT_CONFIGURED', 'this console keeps no history (no JOBGLASS_DB binding)');
  const name = url.searchParams.get('cluster') ?? '*';
  if (name !== '*' && !/^[a-z0-9-]{1,40}$/.test(name)) throw new Refusal(400, 'BAD_REQUEST', 'cluster must be a cluster name or *');
  let rows;
  try {
    rows = await historyJobs(env.JOBGLASS_DB, name === '*' ? null : name, HISTORY_LIMIT);
  } catch (e) {
    if (!/no such table/.test(e?.message ?? '')) throw e;
    throw new Refusal(503, 'NOT_CONFIGURED', 'the console\'s D1 schema is not applied (wrangler d1 migrations apply JOBGLASS_DB)');
  }
  return json(rows.map((r) => ({
    cluster: r.cluster, id: r.id, status: r.status, job: JSON.parse(r.raw), firstSeen: r.first_seen, changedAt: r.changed_at, goneAt: r.gone_at,
  })));
}

/** The console's answer to a request under /api/ or /c/, or null for a path it does not own. */
export async function handleConsole(request, env, ctx) {
  const url = new URL(request.url);
  const where = clusterPath(url.pathname);
  if (!where && !url.pathname.startsWith('/api/')) return null;
  try {
    // Signing in comes before anything is known about the user.
    if (url.pathname === '/api/session' && request.method !== 'GET') return await session(request, env);
    const who = await identify(request, env);
    if (url.pathname === '/api/session') return json(who);
    if (url.pathname === '/api/clusters') {
      if (request.method !== 'GET') throw new Refusal(405, 'METHOD_NOT_ALLOWED', 'use GET', { Allow: 'GET' });
      return json([...clusters(env).values()].map(publicView));
    }
    if (url.pathname === '/api/history') return await history(request, env, url);
    if (!where) throw notFound();
    return await clusterRequest(request, env, ctx, where, who);
  } catch (e) {
    if (e instanceof Refusal) return refused(e);
    console.error(`jobglass console: ${e?.stack ?? e}`);
    return refused(new Refusal(500, 'INTERNAL', 'the console failed'));
  }
}
