// Where a request comes from: the console's own origin, whether the browser says the page itself
// sent it, and whether it arrived on a loopback address (docs/console.md "Security rules").

/**
 * The console's origin as browsers see it: JOBGLASS_ORIGIN when set (behind a reverse proxy that
 * terminates TLS, workerd sees http and the proxy's host), else the request URL's.
 */
export function ownOrigin(request, env) {
  return env.JOBGLASS_ORIGIN ? new URL(env.JOBGLASS_ORIGIN).origin : new URL(request.url).origin;
}

/** What is wrong with JOBGLASS_ORIGIN, or null. */
export function originProblem(env) {
  if (!env.JOBGLASS_ORIGIN) return null;
  try {
    const url = new URL(env.JOBGLASS_ORIGIN);
    if (/^https?:$/.test(url.protocol) && url.origin === env.JOBGLASS_ORIGIN.replace(/\/$/, '')) return null;
  } catch { /* below */ }
  return 'JOBGLASS_ORIGIN must be an origin like https://jobs.example.com (scheme, host, optional port; no path)';
}

/**
 * Whether the browser says the page itself sent `request`: its Origin is the console's, and
 * Sec-Fetch-Site is `same-origin` or absent (older browsers send Origin alone).
 */
export function fromPage(request, env) {
  const site = request.headers.get('Sec-Fetch-Site');
  return request.headers.get('Origin') === ownOrigin(request, env) && (site === null || site === 'same-origin');
}

/**
 * Whether the browser says another site or origin sent `request`: Sec-Fetch-Site `cross-site` or
 * `same-site`, or an Origin that is not the console's. Another site's <img>, <script> or fetch then
 * reaches no cluster, even under `none`, where every local request is signed in (docs/console.md
 * "Security rules"). Requests without these headers (curl, the library in Node) are not a browser's.
 */
export function fromOtherSite(request, env) {
  const site = request.headers.get('Sec-Fetch-Site');
  const origin = request.headers.get('Origin');
  return site === 'cross-site' || site === 'same-site' || (origin !== null && origin !== ownOrigin(request, env));
}

/** 127.0.0.0/8, ::1 (also IPv4-mapped), or `localhost`. */
export function loopbackHost(host) {
  const h = host.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^(::ffff:)?127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Whether `request` arrived on loopback: the host it was sent to is a loopback one, and so is
 * every client address a runtime or proxy wrote down (CF-Connecting-IP, X-Real-IP, each hop of
 * X-Forwarded-For), when present. A reverse proxy that keeps the loopback Host still adds one.
 */
export function onLoopback(request) {
  const h = request.headers;
  const clients = [h.get('CF-Connecting-IP'), h.get('X-Real-IP'), ...(h.get('X-Forwarded-For') ?? '').split(',')]
    .filter((ip) => ip !== null && ip.trim() !== '');
  return loopbackHost(new URL(request.url).hostname) && clients.every((ip) => loopbackHost(ip.trim()));
}
