// Who is asking, and with which role (JOBGLASS_AUTH, docs/console.md "Sign-in"):
//   jwt   — a JWT in JOBGLASS_JWT_HEADER verified with jose against JOBGLASS_JWT_JWKS_URL
//   token — the signed `jobglass_session` cookie that POST /api/session sets (session.js)
//   none  — everyone on loopback, nobody else
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { Refusal } from './answers.js';
import { sameSecret } from './secret.js';
import { fromPage, onLoopback, originProblem } from './origin.js';
import { COOKIE, cookieValue, readSession, sessionCookie, signSession } from './session.js';

const MODES = ['jwt', 'token', 'none'];
const unauthenticated = (message) => new Refusal(401, 'UNAUTHENTICATED', message);

/** What is missing for JOBGLASS_AUTH to work, or null; names variables, never values. */
export function authProblem(env) {
  const mode = env.JOBGLASS_AUTH || 'none';
  if (!MODES.includes(mode)) return `JOBGLASS_AUTH must be one of ${MODES.join(', ')}`;
  const origin = originProblem(env);
  if (origin) return origin;
  if (mode === 'jwt' && (!env.JOBGLASS_JWT_JWKS_URL || !env.JOBGLASS_JWT_AUD)) return 'JOBGLASS_AUTH=jwt needs JOBGLASS_JWT_JWKS_URL and JOBGLASS_JWT_AUD';
  if (mode === 'token') {
    if (!env.JOBGLASS_SESSION_SECRET || env.JOBGLASS_SESSION_SECRET.length < 16) return 'JOBGLASS_AUTH=token needs JOBGLASS_SESSION_SECRET (at least 16 characters)';
    if (!tokenHolders(env).length) return 'JOBGLASS_AUTH=token needs JOBGLASS_VIEWER_TOKENS or JOBGLASS_OPERATOR_TOKENS (name:token, comma-separated)';
  }
  return null;
}

export function authMode(env) {
  const problem = authProblem(env);
  if (problem) throw new Refusal(500, 'NOT_CONFIGURED', problem);
  return env.JOBGLASS_AUTH || 'none';
}

const list = (text) => (text ?? '').split(',').map((s) => s.trim()).filter(Boolean);

// ---- jwt ----

/** One key set per JWKS URL per isolate: jose caches the keys and fetches again for an unknown kid. */
const keySets = new Map();
function keySet(url) {
  if (!keySets.has(url)) {
    // An unknown kid fetches the keys again at most every 5 s, so forged kids cannot hammer the IdP.
    keySets.set(url, createRemoteJWKSet(new URL(url), { cooldownDuration: 5000, timeoutDuration: 5000 }));
  }
  return keySets.get(url);
}

/** JOBGLASS_OPERATORS: emails, or `*@domain` for a whole domain; compared without case. */
export function isOperatorEmail(user, env) {
  const u = user.toLowerCase();
  return list(env.JOBGLASS_OPERATORS).some((p) => {
    const pattern = p.toLowerCase();
    return pattern.startsWith('*@') ? u.endsWith(pattern.slice(1)) && u.length > pattern.length - 1 : u === pattern;
  });
}

async function fromJwt(request, env) {
  const token = request.headers.get(env.JOBGLASS_JWT_HEADER || 'Cf-Access-Jwt-Assertion');
  if (!token) throw unauthenticated('sign in first: no identity token came with the request');
  let payload;
  try {
    ({ payload } = await jwtVerify(token, keySet(env.JOBGLASS_JWT_JWKS_URL), {
      algorithms: ['RS256', 'ES256'],
      audience: env.JOBGLASS_JWT_AUD,
      ...(env.JOBGLASS_JWT_ISS ? { issuer: env.JOBGLASS_JWT_ISS } : {}),
      requiredClaims: ['exp'],
      clockTolerance: 60,
    }));
  } catch {
    // Which check failed stays in the worker: it would only help someone forging tokens.
    throw unauthenticated('the identity token is not valid; sign in again');
  }
  const user = typeof payload.email === 'string' && payload.email ? payload.email : payload.sub;
  if (typeof user !== 'string' || !user) throw unauthenticated('the identity token names no user');
  return { user, role: isOperatorEmail(user, env) ? 'operator' : 'viewer' };
}

// ---- token ----

/** `name:token` pairs of both lists, each with its role. */
function tokenHolders(env) {
  const holders = [];
  for (const [variable, role] of [['JOBGLASS_VIEWER_TOKENS', 'viewer'], ['JOBGLASS_OPERATOR_TOKENS', 'operator']]) {
    for (const pair of list(env[variable])) {
      const i = pair.indexOf(':');
      if (i > 0 && i < pair.length - 1) holders.push({ user: pair.slice(0, i), token: pair.slice(i + 1), role });
    }
  }
  return holders;
}

/** The operator role wins when a name is in both lists. */
function roleOf(user, env) {
  const roles = tokenHolders(env).filter((h) => h.user === user).map((h) => h.role);
  return roles.includes('operator') ? 'operator' : roles[0] ?? null;
}

const sessionSecret = (env) => env.JOBGLASS_SESSION_SECRET;

const nowSeconds = () => Math.floor(Date.now() / 1000);

async function fromCookie(request, env) {
  const secret = sessionSecret(env);
  const user = await readSession(cookieValue(request.headers.get('Cookie'), COOKIE), secret, nowSeconds());
  const role = user === null ? null : roleOf(user, env);
  if (!role) throw unauthenticated('sign in with your token');
  return { user, role };
}

/** Plain http to a loopback host: the only case a cookie may go without Secure. */
const plainLoopback = (request) => {
  const url = new URL(request.url);
  return url.protocol === 'http:' && onLoopback(request);
};

/**
 * POST /api/session `{"token"}` from the page itself: the holder's session cookie, and
 * `{user, role}`. Another site's form or fetch is 403 before the token is looked at.
 */
export async function login(request, env) {
  if (authMode(env) !== 'token') throw new Refusal(405, 'METHOD_NOT_ALLOWED', 'sign-in with a token is off (JOBGLASS_AUTH is not "token")', { Allow: 'GET, DELETE' });
  if (!fromPage(request, env)) throw new Refusal(403, 'FORBIDDEN', 'sign in from the console page itself');
  const secret = sessionSecret(env);
  let token;
  try {
    ({ token } = await request.json());
  } catch {
    throw new Refusal(400, 'BAD_REQUEST', 'send {"token": "…"} as JSON');
  }
  if (typeof token !== 'string' || token === '' || token.length > 1024) throw new Refusal(400, 'BAD_REQUEST', 'send {"token": "…"} as JSON');
  let found = null;
  // Every holder is compared, so the time taken says nothing about which one matched.
  for (const holder of tokenHolders(env)) if (await sameSecret(token, holder.token) && !found) found = holder;
  if (!found) throw unauthenticated('that token is not valid');
  const hours = Number(env.JOBGLASS_SESSION_HOURS || 12);
  const maxAge = Math.round((Number.isFinite(hours) && hours > 0 ? hours : 12) * 3600);
  const cookie = await signSession(found.user, nowSeconds() + maxAge, secret);
  return { session: { user: found.user, role: roleOf(found.user, env) }, setCookie: sessionCookie(cookie, maxAge, plainLoopback(request)) };
}

/** DELETE /api/session: the cookie, emptied and expired. */
export const logoutCookie = (request) => sessionCookie('', 0, plainLoopback(request));

/** `{user, role}` of `request`, or a Refusal: 401 UNAUTHENTICATED, 403 for `none` off loopback. */
export async function identify(request, env) {
  const mode = authMode(env);
  if (mode === 'jwt') return fromJwt(request, env);
  if (mode === 'token') return fromCookie(request, env);
  if (!onLoopback(request)) throw new Refusal(403, 'FORBIDDEN', 'this console has no sign-in (JOBGLASS_AUTH=none) and serves only its own machine');
  return { user: 'local', role: env.JOBGLASS_ALLOW_ACTIONS === '1' ? 'operator' : 'viewer' };
}
