// The `jobglass_session` cookie of JOBGLASS_AUTH=token: `{u: user, exp: epoch seconds}` as
// base64url JSON, a dot, and its HMAC-SHA256 under JOBGLASS_SESSION_SECRET (WebCrypto). The role
// is not in the cookie: it is looked up in the token lists on every request, so removing a user
// from JOBGLASS_VIEWER_TOKENS / JOBGLASS_OPERATOR_TOKENS ends their sessions, and changing the
// secret ends everyone's.

export const COOKIE = 'jobglass_session';
const encoder = new TextEncoder();

const b64url = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
function unb64url(text) {
  const plain = atob(text.replace(/-/g, '+').replace(/_/g, '/'));
  return Uint8Array.from(plain, (c) => c.charCodeAt(0));
}

const hmacKey = (secret) => crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);

/** The cookie value for `user`, valid until `expiresAt` (epoch seconds). */
export async function signSession(user, expiresAt, secret) {
  const payload = b64url(encoder.encode(JSON.stringify({ u: user, exp: expiresAt })));
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', await hmacKey(secret), encoder.encode(payload)));
  return `${payload}.${b64url(mac)}`;
}

/** The user of a cookie value whose signature holds and which has not expired at `now` (seconds); else null. */
export async function readSession(value, secret, now) {
  const m = /^([A-Za-z0-9_-]+)\.([A-Za-z0-9_-]+)$/.exec(value ?? '');
  if (!m) return null;
  let body;
  try {
    // verify() compares in constant time.
    if (!(await crypto.subtle.verify('HMAC', await hmacKey(secret), unb64url(m[2]), encoder.encode(m[1])))) return null;
    body = JSON.parse(new TextDecoder().decode(unb64url(m[1])));
  } catch {
    return null;
  }
  if (typeof body?.u !== 'string' || !Number.isFinite(body.exp) || body.exp <= now) return null;
  return body.u;
}

/** The value of cookie `name` in a Cookie header, or null. */
export function cookieValue(header, name) {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return null;
}

/** Set-Cookie for a session: HttpOnly, SameSite=Strict, Path=/, Secure unless `plainLoopback`. */
export function sessionCookie(value, maxAgeSeconds, plainLoopback) {
  return [`${COOKIE}=${value}`, 'Path=/', 'HttpOnly', 'SameSite=Strict', `Max-Age=${maxAgeSeconds}`, ...(plainLoopback ? [] : ['Secure'])].join('; ');
}
