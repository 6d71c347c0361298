// The console (worker/, docs/api.md §12): when the page is served by it, the server says which
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
  signedOut: null, // {message, how: 'token' | 'proxy' | 'closed'} while the console lets nobody in
  tokens: false, // whether people sign in here with tokens (and so can sign out here)
};

const UNAUTHENTICATED = (r) => r.status === 401 && r.body?.error?.code === 'UNAUTHENTICATED';
// `JOBGLASS_AUTH=none` reached from another machine: the console serves only its own machine.
const CLOSED = (r) => r.status === 403 && r.body?.error?.code === 'FORBIDDEN';

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
  const refused = [session, clusters].find((r) => UNAUTHENTICATED(r) || CLOSED(r));
  if (!listed && !signedIn && !refused) return false;
  consoleState.on = true;
  consoleState.clusters = listed ? clusters.body.filter((c) => typeof c?.name === 'string') : [];
  consoleState.session = signedIn ? { user: session.body.user, role: session.body.role === 'operator' ? 'operator' : 'viewer' } : null;
  consoleState.signedOut = signedIn && listed ? null : await signedOutFrom(refused);
  consoleState.tokens = consoleState.signedOut ? consoleState.signedOut.how === 'token' : await tokenSignIn();
  return true;
}

/**
 * Whether this console signs people in with tokens: the sign-in route, asked with an empty token
 * (nothing secret), answers 400 when it takes tokens and 405 when it does not (`jwt`, `none`).
 */
async function tokenSignIn() {
  const probe = await fetch('/api/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"token":""}' }).catch(() => null);
  return probe?.status === 400;
}

/**
 * How a signed-out visitor gets in. Under `token` the page's form; under `jwt` the identity
 * proxy in front of the console, which this page cannot do for them. The 401 names the mode when
 * the console says it (`error.auth`); otherwise the page asks the sign-in route with an empty
 * token, which carries nothing: a console with token sign-in answers 400 (no token), one without
 * answers 405 (docs/api.md §12).
 */
async function signedOutFrom(refused) {
  const error = refused?.body?.error;
  const message = typeof error?.message === 'string' ? error.message : '';
  if (CLOSED(refused ?? {})) return { message, how: 'closed' };
  const how = error?.auth === 'jwt' ? 'proxy' : error?.auth === 'token' ? 'token' : (await tokenSignIn()) ? 'token' : 'proxy';
  return { message, how };
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
  // A wrong token is 401; 405 means this console does not sign people in with tokens (jwt).
  return { ok: false, message, proxy: res.status === 405 };
}

/** Signs out (the console drops its session cookie). */
export async function signOut() {
  await fetch('/api/session', { method: 'DELETE', headers: { 'X-Jobglass-Action': '1' } }).catch(() => {});
}
