// The console (worker/, docs/api.md §14): when the page is served by it, the server says which
// clusters it serves (GET /api/clusters) and who is signed in (GET /api/session). The page then
// reads every cluster through the console's own routes, `/c/{cluster}`, so no upstream URL,
// header or key ever reaches the browser, and it shows only what the signed-in role may do.
// Served any other way (Vite, plain static hosting) these routes answer no JSON, and the page
// keeps the `source`/`endpoint` URLs of §12.

/** What the console told the page; `on` stays false outside the console. */
export const consoleState = {
  on: false,
  clusters: [], // [{name, kind, project?}]
  session: null, // {user, role} once signed in
  signedOut: null, // {message, proxy} while the console answers 401
};

const UNAUTHENTICATED = (r) => r.status === 401 && r.body?.error?.code === 'UNAUTHENTICATED';

/** `{status, body}`; `body` is null unless the answer is JSON (Vite answers HTML for any path). */
async function getJson(path) {
  const res = await fetch(path, { headers: { Accept: 'application/json' }, cache: 'no-store' });
  const json = /\bjson\b/.test(res.headers.get('content-type') ?? '');
  return { status: res.status, body: json ? await res.json().catch(() => null) : null };
}

/**
 * Asks the server whether it is the console, and who is signed in. Resolves with whether it is.
 * A 401 from either route is the console asking for sign-in: the page shows the form, never the 401.
 */
export async function detectConsole() {
  let clusters; let session;
  try {
    [clusters, session] = await Promise.all([getJson('/api/clusters'), getJson('/api/session')]);
  } catch {
    return false;
  }
  const listed = clusters.status === 200 && Array.isArray(clusters.body);
  const signedIn = session.status === 200 && typeof session.body?.user === 'string';
  if (!listed && !signedIn && !UNAUTHENTICATED(clusters) && !UNAUTHENTICATED(session)) return false;
  consoleState.on = true;
  consoleState.clusters = listed ? clusters.body.filter((c) => typeof c?.name === 'string') : [];
  consoleState.session = signedIn ? { user: session.body.user, role: session.body.role === 'operator' ? 'operator' : 'viewer' } : null;
  const refused = UNAUTHENTICATED(session) ? session : UNAUTHENTICATED(clusters) ? clusters : null;
  consoleState.signedOut = signedIn && listed ? null : signedOutFrom(refused?.body?.error);
  return true;
}

/**
 * What the 401 says. Under `jwt` the identity proxy in front of the console signs people in, not
 * a form here; the console says so in its 401 (`auth: "jwt"`), or, failing that, by refusing the
 * form's token with something other than a 401.
 */
function signedOutFrom(error) {
  const auth = error?.auth ?? error?.mode;
  return { message: typeof error?.message === 'string' ? error.message : '', proxy: auth === 'jwt' };
}

/** The cluster called `name`, or undefined. */
export const clusterNamed = (name) => consoleState.clusters.find((c) => c.name === name);

/** The list source the page reads a cluster of this kind with (docs/api.md §4, §5). */
export const sourceOf = (cluster) => (cluster?.kind === 'modelarts' ? 'devserver' : 'job');

/** The library's endpoint for a cluster: the console's own route for it. */
export const endpointOf = (name) => `/c/${encodeURIComponent(name)}`;

/** A request for cluster `name` ({source, endpoint, project, cluster}), plus `rest`. */
export function clusterRequest(name, rest = {}) {
  const cluster = clusterNamed(name);
  return { source: sourceOf(cluster), endpoint: endpointOf(name), project: cluster?.project ?? '', cluster: name, ...rest };
}

/** Whether the signed-in user may stop and delete jobs (the console refuses viewers anyway). */
export const mayAct = () => consoleState.session?.role === 'operator';

/**
 * Signs in with `token`: `{ok: true}`, or `{ok: false, message, proxy}` where `proxy` says the
 * console signs people in elsewhere (its identity proxy) rather than with tokens.
 */
export async function signIn(token) {
  const res = await fetch('/api/session', {
    method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Jobglass-Action': '1' }, body: JSON.stringify({ token }),
  });
  if (res.ok) return { ok: true };
  const body = await res.json().catch(() => null);
  const message = typeof body?.error?.message === 'string' ? body.error.message : '';
  // A wrong token is 401; any other refusal of the form means tokens are not how this console signs in.
  return { ok: false, message, proxy: res.status !== 401 && res.status !== 400 && res.status !== 403 };
}

/** Signs out (the console drops its session cookie). */
export async function signOut() {
  await fetch('/api/session', { method: 'DELETE', headers: { 'X-Jobglass-Action': '1' } }).catch(() => {});
}
