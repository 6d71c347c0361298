// One request to a cluster's upstream, built from the matched route alone: the viewer's headers,
// cookies and body never go along; the cluster's own headers (and a ModelArts signature) do. The
// answer's body is passed on as a stream, unparsed, so a 57 MB list costs the worker almost no
// CPU or memory (docs/console.md "CPU time").
import { signRequest } from 'jobglass';
import { API_HEADERS, Refusal } from './answers.js';
import { upstreamPath } from './routes.js';

/** The upstream's answer headers that mean something to the page; the rest stay behind. */
const PASSED_ON = ['content-type', 'content-length', 'x-request-id', 'retry-after', 'last-modified', 'etag'];

/** The upstream URL for a matched route; the viewer's query goes along on reads only. */
export function upstreamUrl(cluster, route, params, search) {
  return `${cluster.url}/${upstreamPath(route, params)}${route.method === 'GET' ? search : ''}`;
}

/** The headers sent upstream: the cluster's own, and the signature for ModelArts keys. */
export function upstreamHeaders(cluster, method, url) {
  const headers = { 'User-Agent': 'jobglass-console', ...cluster.headers };
  if (cluster.keys) Object.assign(headers, signRequest({ method, url, headers: {} }, cluster.keys));
  return headers;
}

/**
 * Forwards and answers. A redirect is not followed (it would carry the cluster's headers
 * elsewhere): one back into the same upstream is rewritten under /c/{cluster}, any other is 502.
 * No answer's headers within the cluster's `timeoutSeconds` is 504 UPSTREAM_TIMEOUT.
 */
export async function forward(cluster, route, params, search) {
  return fetchUpstream(cluster, route.method, upstreamUrl(cluster, route, params, search));
}

/** `forward` for an upstream URL already built (coalesce.js builds it once for its key). */
export async function fetchUpstream(cluster, method, url) {
  const timeoutMs = (cluster.timeoutSeconds ?? 30) * 1000;
  const abort = new AbortController();
  const timer = setTimeout(() => abort.abort(), timeoutMs);
  let answer;
  try {
    answer = await fetch(url, { method, headers: upstreamHeaders(cluster, method, url), redirect: 'manual', signal: abort.signal });
  } catch {
    if (abort.signal.aborted) throw new Refusal(504, 'UPSTREAM_TIMEOUT', `the cluster "${cluster.name}" did not answer within ${timeoutMs / 1000} s`);
    throw new Refusal(502, 'UPSTREAM_UNREACHABLE', `the cluster "${cluster.name}" could not be reached`);
  } finally {
    // The timeout covers the answer's head: a long list body may take longer to stream.
    clearTimeout(timer);
  }
  const headers = new Headers(API_HEADERS);
  for (const name of PASSED_ON) {
    const value = answer.headers.get(name);
    if (value !== null) headers.set(name, value);
  }
  if (answer.status >= 300 && answer.status < 400) {
    const location = answer.headers.get('location');
    const target = location === null ? null : new URL(location, url);
    const base = new URL(`${cluster.url}/`);
    if (!target || target.origin !== base.origin || !target.pathname.startsWith(base.pathname)) {
      throw new Refusal(502, 'UPSTREAM_REDIRECT', `the cluster "${cluster.name}" redirected outside itself`);
    }
    headers.set('Location', `/c/${cluster.name}/${target.pathname.slice(base.pathname.length)}${target.search}`);
  }
  return new Response(answer.body, { status: answer.status, statusText: answer.statusText, headers });
}

/**
 * The log tail's WebSocket, opened upstream by the worker and handed to the viewer as is (the
 * runtime pipes the frames). The viewer's handshake headers stay behind, so no compression offer
 * reaches Ray (docs/console.md "Security rules").
 */
export async function forwardSocket(cluster, route, params, search) {
  const url = upstreamUrl(cluster, route, params, search);
  let answer;
  try {
    answer = await fetch(url, { headers: { ...upstreamHeaders(cluster, 'GET', url), Upgrade: 'websocket' } });
  } catch {
    throw new Refusal(502, 'UPSTREAM_UNREACHABLE', `the cluster "${cluster.name}" could not be reached`);
  }
  if (answer.status === 101 && answer.webSocket) return new Response(null, { status: 101, webSocket: answer.webSocket });
  const headers = new Headers(API_HEADERS);
  const type = answer.headers.get('content-type');
  if (type) headers.set('Content-Type', type);
  return new Response(answer.body, { status: answer.status, headers });
}
