// The console's sign-in and roles (docs/console.md "Sign-in", "Roles and audit") in workerd under
// `wrangler dev`, bundled from the packed tarball. jwt: keys made here with jose and served as a
// JWKS from a local server that counts its reads; every forged or stale token is refused. token:
// the session cookie, forged, expired or from another site. Viewers' stop and delete are 403 with
// nothing at the counting upstream, and every action, allowed or refused, is one audit line.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { exportJWK, exportSPKI, generateKeyPair, SignJWT } from 'jose';
import { consoleProject, raw, startConsole } from './lib/console.mjs';
import { signSession } from '../../worker/src/session.js';

const AUD = 'jobglass-console-aud';
const ISS = 'https://team.example.cloudflareaccess.com';
let dir; let upstream; let jwks;
const seen = [];
let published = [];
let jwksReads = 0;

const listen = (server) => new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${server.address().port}`)));
let upstreamUrl; let jwksUrl;

before(async () => {
  dir = consoleProject('jobglass-console-auth-');
  upstream = createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers });
    res.writeHead(200, { 'Content-Type': 'application/json' });
    if (req.method === 'POST') return res.end('{"stopped": true}');
    if (req.method === 'DELETE') return res.end('{"deleted": true}');
    res.end(JSON.stringify({ submission_id: 'job-1', status: 'RUNNING' }));
  });
  upstreamUrl = await listen(upstream);
  jwks = createServer((req, res) => {
    jwksReads++;
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ keys: published }));
  });
  jwksUrl = `${await listen(jwks)}/certs`;
});

after(async () => {
  await new Promise((resolve) => upstream?.close(resolve));
  await new Promise((resolve) => jwks?.close(resolve));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const cluster = () => JSON.stringify([{ name: 'prod', kind: 'ray', url: upstreamUrl }]);
const b64url = (x) => Buffer.from(typeof x === 'string' ? x : JSON.stringify(x)).toString('base64url');

describe('JOBGLASS_AUTH=jwt', () => {
  let c; let rsa; let ec; let late;
  const now = () => Math.floor(Date.now() / 1000);
  /** A token signed with `key` (default: the RSA key), claims merged over good ones. */
  const token = (claims = {}, { key = rsa, alg = 'RS256', kid = 'rsa-1' } = {}) => new SignJWT({ email: 'ann@example.com', sub: 'user-ann', ...claims })
    .setProtectedHeader({ alg, kid })
    .setAudience(claims.aud ?? [AUD, 'other'])
    .setIssuer(claims.iss ?? ISS)
    .setIssuedAt()
    .setExpirationTime(claims.exp ?? now() + 300)
    .sign(key.privateKey);
  const as = (jwt, extra = {}) => ({ 'Cf-Access-Jwt-Assertion': jwt, ...extra });

  before(async () => {
    rsa = await generateKeyPair('RS256', { extractable: true });
    ec = await generateKeyPair('ES256', { extractable: true });
    late = await generateKeyPair('ES256', { extractable: true });
    published = [{ ...(await exportJWK(rsa.publicKey)), kid: 'rsa-1', alg: 'RS256', use: 'sig' }, { ...(await exportJWK(ec.publicKey)), kid: 'ec-1', alg: 'ES256', use: 'sig' }];
    c = await startConsole(dir, {
      JOBGLASS_AUTH: 'jwt', JOBGLASS_JWT_JWKS_URL: jwksUrl, JOBGLASS_JWT_AUD: AUD, JOBGLASS_JWT_ISS: ISS,
      JOBGLASS_OPERATORS: 'ops@example.com, *@sre.example.com', JOBGLASS_CLUSTERS: cluster(),
    });
  });
  after(() => c?.stop());

  test('a valid RS256 or ES256 token: the user is the email, else sub; the role comes from JOBGLASS_OPERATORS', async () => {
    const get = async (jwt) => JSON.parse((await raw(c.url, 'GET', '/api/session', as(jwt))).body);
    assert.deepEqual(await get(await token()), { user: 'ann@example.com', role: 'viewer' });
    assert.deepEqual(await get(await token({ email: 'OPS@example.com' }, { key: ec, alg: 'ES256', kid: 'ec-1' })), { user: 'OPS@example.com', role: 'operator' });
    assert.deepEqual(await get(await token({ email: 'bo@sre.example.com' })), { user: 'bo@sre.example.com', role: 'operator' });
    assert.deepEqual(await get(await token({ email: 'eve@notsre.example.com' })), { user: 'eve@notsre.example.com', role: 'viewer' });
    assert.deepEqual(await get(await token({ email: undefined, sub: 'svc-7' })), { user: 'svc-7', role: 'viewer' });
    // Within the 60 s leeway.
    assert.equal((await raw(c.url, 'GET', '/api/session', as(await token({ exp: now() - 30 })))).status, 200);
    assert.equal((await raw(c.url, 'GET', '/c/prod/api/jobs/job-1', as(await token()))).status, 200);
  });

  test('refused with 401 UNAUTHENTICATED: no token, wrong audience or issuer, expired, not yet valid, alg none, HS256 with the public key, a tampered payload', async () => {
    const good = await token();
    const [h, p, s] = good.split('.');
    const pem = await exportSPKI(rsa.publicKey);
    const hsHeader = b64url({ alg: 'HS256', kid: 'rsa-1', typ: 'JWT' });
    const hsPayload = b64url({ email: 'ops@example.com', aud: AUD, iss: ISS, exp: now() + 300 });
    const hs256 = `${hsHeader}.${hsPayload}.${createHmac('sha256', pem).update(`${hsHeader}.${hsPayload}`).digest('base64url')}`;
    const cases = {
      'no token': undefined,
      'empty token': '',
      'not a JWT': 'not-a-jwt',
      'wrong audience': await token({ aud: 'someone-else' }),
      'wrong issuer': await token({ iss: 'https://evil.example' }),
      'expired beyond the leeway': await token({ exp: now() - 120 }),
      'not yet valid': await token({ nbf: now() + 300 }),
      'no exp': await new SignJWT({ email: 'ann@example.com' }).setProtectedHeader({ alg: 'RS256', kid: 'rsa-1' }).setAudience(AUD).setIssuer(ISS).sign(rsa.privateKey),
      'alg none': `${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ email: 'ops@example.com', aud: AUD, iss: ISS, exp: now() + 300 })}.`,
      'HS256 signed with the public key': hs256,
      'tampered payload': `${h}.${b64url({ ...JSON.parse(Buffer.from(p, 'base64url')), email: 'ops@example.com' })}.${s}`,
      'signature of another key': `${h}.${p}.${(await token({}, { key: late, alg: 'ES256', kid: 'ec-1' })).split('.')[2]}`,
    };
    seen.length = 0;
    for (const [what, jwt] of Object.entries(cases)) {
      for (const [method, path] of [['GET', '/api/session'], ['GET', '/api/clusters'], ['GET', '/c/prod/api/jobs/job-1'], ['POST', '/c/prod/api/jobs/job-1/stop']]) {
        const res = await raw(c.url, method, path, { Origin: c.url, 'X-Jobglass-Action': '1', ...(jwt === undefined ? {} : as(jwt)) });
        assert.equal(res.status, 401, `${what}: ${method} ${path}`);
        assert.equal(JSON.parse(res.body).error.code, 'UNAUTHENTICATED', what);
      }
    }
    assert.equal(seen.length, 0, 'nothing reached the upstream');
    // The page itself is served to anyone, to show its sign-in.
    assert.equal((await fetch(`${c.url}/`)).status, 200);
  });

  test('an unknown kid fetches the keys again, once', async () => {
    // jose waits 5 s between fetches for unknown kids (auth.js), so forged kids cannot hammer the IdP.
    await new Promise((r) => setTimeout(r, 5200));
    published = [...published, { ...(await exportJWK(late.publicKey)), kid: 'rotated-2', alg: 'ES256', use: 'sig' }];
    const reads = jwksReads;
    const rotated = await token({ email: 'ops@example.com' }, { key: late, alg: 'ES256', kid: 'rotated-2' });
    const res = await raw(c.url, 'GET', '/api/session', as(rotated));
    assert.equal(res.status, 200, res.body);
    assert.equal(jwksReads, reads + 1);
    // A kid that is nowhere: refused, and the keys are not fetched again right away.
    const unknown = await raw(c.url, 'GET', '/api/session', as(await token({}, { kid: 'nowhere' })));
    assert.equal(unknown.status, 401);
    assert.equal(jwksReads, reads + 1);
  });

  test('roles: a viewer\'s stop and delete are 403 and reach nothing; an operator\'s reach the upstream without the viewer\'s headers; every one audited', async () => {
    seen.length = 0;
    const from = c.audits().length;
    const page = { Origin: c.url, 'Sec-Fetch-Site': 'same-origin', 'X-Jobglass-Action': '1' };
    const viewer = as(await token(), page);
    for (const [method, path] of [['POST', '/c/prod/api/jobs/job-1/stop'], ['DELETE', '/c/prod/api/jobs/job-1']]) {
      const res = await raw(c.url, method, path, viewer);
      assert.equal(res.status, 403, `${method} ${path}`);
      assert.equal(JSON.parse(res.body).error.code, 'FORBIDDEN');
    }
    assert.equal(seen.length, 0, 'nothing reached the upstream');
    const operatorJwt = await token({ email: 'ops@example.com' });
    const foreign = await raw(c.url, 'POST', '/c/prod/api/jobs/job-1/stop', as(operatorJwt, { ...page, Origin: 'https://evil.example' }));
    assert.equal(foreign.status, 403);
    const noHeader = await raw(c.url, 'POST', '/c/prod/api/jobs/job-1/stop', as(operatorJwt, { Origin: c.url }));
    assert.equal(noHeader.status, 403);
    assert.equal(seen.length, 0);
    const stop = await raw(c.url, 'POST', '/c/prod/api/jobs/job-1/stop', as(operatorJwt, page));
    assert.equal(stop.status, 200);
    const del = await raw(c.url, 'DELETE', '/c/prod/api/jobs/job-1', as(operatorJwt, page));
    assert.equal(del.status, 200);
    assert.deepEqual(seen.map((s) => `${s.method} ${s.url}`), ['POST /api/jobs/job-1/stop', 'DELETE /api/jobs/job-1']);
    for (const { headers } of seen) assert.equal(headers['cf-access-jwt-assertion'], undefined);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(c.audits().slice(from).map((a) => [a.audit, a.user, a.cluster, a.id, a.allowed, a.result]), [
      ['stop', 'ann@example.com', 'prod', 'job-1', false, 'FORBIDDEN'],
      ['delete', 'ann@example.com', 'prod', 'job-1', false, 'FORBIDDEN'],
      ['stop', 'ops@example.com', 'prod', 'job-1', false, 'FORBIDDEN'],
      ['stop', 'ops@example.com', 'prod', 'job-1', false, 'FORBIDDEN'],
      ['stop', 'ops@example.com', 'prod', 'job-1', true, 'HTTP 200 {"stopped": true}'],
      ['delete', 'ops@example.com', 'prod', 'job-1', true, 'HTTP 200 {"deleted": true}'],
    ]);
    assert.ok(!c.output().includes(operatorJwt.split('.')[2]), 'no token in the log');
  });
});

describe('JOBGLASS_AUTH=token', () => {
  let c;
  const SECRET = 'session-secret-0123456789abcdef';
  const env = {
    JOBGLASS_AUTH: 'token', JOBGLASS_SESSION_SECRET: SECRET, JOBGLASS_SESSION_HOURS: '2',
    JOBGLASS_VIEWER_TOKENS: 'ann:viewer-token-1a2b, bo:viewer-token-3c4d', JOBGLASS_OPERATOR_TOKENS: 'ops:operator-token-5e6f',
    JOBGLASS_CLUSTERS: '',
  };
  before(async () => { c = await startConsole(dir, { ...env, JOBGLASS_CLUSTERS: cluster() }); });
  after(() => c?.stop());

  const signIn = (tokenText, headers = { Origin: c.url, 'Sec-Fetch-Site': 'same-origin' }) => raw(c.url, 'POST', '/api/session',
    { 'Content-Type': 'application/json', ...headers }, JSON.stringify({ token: tokenText }));
  const cookieOf = (res) => /jobglass_session=([^;]*)/.exec(res.headers['set-cookie']?.[0] ?? '')?.[1];

  test('signing in from the page sets an HttpOnly, SameSite=Strict session cookie; the cookie then signs requests', async () => {
    const res = await signIn('viewer-token-1a2b');
    assert.equal(res.status, 200, res.body);
    assert.deepEqual(JSON.parse(res.body), { user: 'ann', role: 'viewer' });
    const set = res.headers['set-cookie'][0];
    for (const part of ['HttpOnly', 'SameSite=Strict', 'Path=/', 'Max-Age=7200']) assert.ok(set.includes(part), part);
    assert.ok(!set.includes('Secure'), 'plain http on loopback: no Secure');
    const session = await raw(c.url, 'GET', '/api/session', { Cookie: `jobglass_session=${cookieOf(res)}` });
    assert.deepEqual(JSON.parse(session.body), { user: 'ann', role: 'viewer' });
    const operator = await signIn('operator-token-5e6f');
    assert.deepEqual(JSON.parse(operator.body), { user: 'ops', role: 'operator' });
    // Served under another name (behind a proxy), the cookie is Secure.
    const named = await signIn('viewer-token-1a2b', { Host: 'console.example.com', Origin: 'http://console.example.com' });
    assert.equal(named.status, 200);
    assert.match(named.headers['set-cookie'][0], /; Secure/);
  });

  test('refused: a wrong token (401), a sign-in from another site or without Origin (403), and no cookie, a forged, expired or revoked one (401)', async () => {
    assert.equal((await signIn('viewer-token-1a2bx')).status, 401);
    assert.equal((await signIn('')).status, 400);
    for (const headers of [{ Origin: 'https://evil.example' }, {}, { Origin: c.url, 'Sec-Fetch-Site': 'cross-site' }, { Origin: 'null' }]) {
      const res = await signIn('operator-token-5e6f', headers);
      assert.equal(res.status, 403, JSON.stringify(headers));
      assert.equal(res.headers['set-cookie'], undefined);
    }
    const good = cookieOf(await signIn('viewer-token-1a2b'));
    const [payload, mac] = good.split('.');
    const inflated = Buffer.from(JSON.stringify({ u: 'ops', exp: Math.floor(Date.now() / 1000) + 3600 })).toString('base64url');
    const cookies = {
      none: undefined,
      'tampered payload': `${inflated}.${mac}`,
      'signed with another secret': await signSession('ops', Math.floor(Date.now() / 1000) + 3600, 'another-secret-0123456789'),
      expired: await signSession('ann', Math.floor(Date.now() / 1000) - 1, SECRET),
      'a user no longer in the lists': await signSession('carl', Math.floor(Date.now() / 1000) + 3600, SECRET),
      'no signature': payload,
      garbage: 'abc.def',
    };
    seen.length = 0;
    for (const [what, value] of Object.entries(cookies)) {
      for (const path of ['/api/session', '/api/clusters', '/c/prod/api/jobs/job-1']) {
        const res = await raw(c.url, 'GET', path, value === undefined ? {} : { Cookie: `jobglass_session=${value}` });
        assert.equal(res.status, 401, `${what}: ${path}`);
        assert.deepEqual(Object.keys(JSON.parse(res.body).error).sort(), ['code', 'message']);
        assert.equal(JSON.parse(res.body).error.code, 'UNAUTHENTICATED');
      }
    }
    assert.equal(seen.length, 0, 'nothing reached the upstream');
  });

  test('viewers cannot stop or delete; operators can from the page; signing out ends the cookie', async () => {
    const viewer = `jobglass_session=${cookieOf(await signIn('viewer-token-3c4d'))}`;
    const operator = `jobglass_session=${cookieOf(await signIn('operator-token-5e6f'))}`;
    const page = { Origin: c.url, 'Sec-Fetch-Site': 'same-origin', 'X-Jobglass-Action': '1' };
    seen.length = 0;
    const from = c.audits().length;
    assert.equal((await raw(c.url, 'POST', '/c/prod/api/jobs/j-9/stop', { ...page, Cookie: viewer })).status, 403);
    assert.equal((await raw(c.url, 'DELETE', '/c/prod/api/jobs/j-9', { ...page, Cookie: viewer })).status, 403);
    assert.equal(seen.length, 0, 'nothing reached the upstream');
    assert.equal((await raw(c.url, 'POST', '/c/prod/api/jobs/j-9/stop', { ...page, Cookie: operator })).status, 200);
    assert.equal(seen.length, 1);
    assert.equal(seen[0].headers.cookie, undefined);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(c.audits().slice(from).map((a) => [a.audit, a.user, a.id, a.allowed]),
      [['stop', 'bo', 'j-9', false], ['delete', 'bo', 'j-9', false], ['stop', 'ops', 'j-9', true]]);
    const out = await raw(c.url, 'DELETE', '/api/session', { Origin: c.url, Cookie: operator });
    assert.equal(out.status, 204);
    assert.match(out.headers['set-cookie'][0], /^jobglass_session=; .*Max-Age=0/);
    assert.equal((await raw(c.url, 'DELETE', '/api/session', { Origin: 'https://evil.example' })).status, 403);
    for (const secret of ['viewer-token', 'operator-token', SECRET]) assert.ok(!c.output().includes(secret), `${secret} in the log`);
  });
});
