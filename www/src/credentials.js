// Credentials typed into the page belong to the origin they were typed for (docs/security.md):
// the form's token and header are sent only to that origin, and a remembered token is stored
// together with it, so a link naming another endpoint can never carry them away.

const KEY = 'jobglass.token';

/** The origin an endpoint (absolute, or relative to this page like /c/prod) reaches. */
export function originOf(endpoint) {
  try {
    return new URL(endpoint, location.href).origin;
  } catch {
    return null;
  }
}

/** The remembered `{origin, token}`, or null. A value stored without its origin is dropped. */
export function remembered() {
  try {
    const value = JSON.parse(localStorage.getItem(KEY));
    if (typeof value?.origin === 'string' && typeof value?.token === 'string' && value.token) return value;
  } catch { /* not ours */ }
  localStorage.removeItem(KEY);
  return null;
}

/** The remembered token for `origin`, or ''. */
export function rememberedFor(origin) {
  const r = remembered();
  return origin && r?.origin === origin ? r.token : '';
}

/** Remembers `token` for `origin`, or, when `keep` is false, forgets the one for `origin`. */
export function remember(origin, token, keep) {
  if (keep && token && origin) localStorage.setItem(KEY, JSON.stringify({ origin, token }));
  else if (remembered()?.origin === origin) localStorage.removeItem(KEY);
}
