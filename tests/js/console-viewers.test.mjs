// Many viewers, one upstream (docs/console.md "Many viewers"): the console in workerd under
// `wrangler dev`, signed in with tokens, in front of a counting upstream and the Ray log double.
// Concurrent reads of one upstream URL reach it once; answers are reused for the cluster's
// cacheSeconds and no longer; viewer-specific answers are never shared; a silent or failing
// upstream is asked once per interval, every waiting viewer getting the same typed error; and
// every follower of a job shares one upstream tail socket, each getting the whole text once.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { consoleProject, raw, startConsole } from './lib/console.mjs';
import { follow } from './lib/follow.mjs';
import { isJobglassError, listJobs } from './lib/jobglass.mjs';
import { startDoubles } from '../servers/doubles.mjs';
import { logLines } from '../servers/logtext.mjs';

let dir; let doubles; let upstream; let c;
/** Requests that reached the counting upstream, by `/{name}{path}`. */
const counts = new Map();
const count = (key) => counts.get(key) ?? 0;
/** Answers the gated upstream holds back until the test releases them. */
const gated = [];
let viewer; let operator;

before(async () => {
  dir = consoleProject('jobglass-viewers-');
  doubles = await startDoubles(0);
  upstream = createServer((req, res) => {
    counts.set(req.url, count(req.url) + 1);
    const [, name] = req.url.split('/');
    if (name === 'hang') return; // never answers
    if (name === 'stall') { res.writeHead(200, { 'Content-Type': 'application/json' }); return res.write('[{"submission_id": '); } // never ends
    if (name === 'failing') { res.writeHead(500, { 'Content-Type': 'text/plain' }); return res.end('dashboard overloaded'); }
    if (name === 'gated') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      res.write('{"logs": "held ');
      return gated.push(() => res.end('back\\n"}'));
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'Set-Cookie': 'upstream=1' });
    res.end(JSON.stringify([{ submission_id: `${name}-answer-${count(req.url)}`, status: 'RUNNING', padding: 'x'.repeat(4000) }]));
  });
  await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${upstream.address().port}`;
  c = await startConsole(dir, {
    JOBGLASS_AUTH: 'token',
    JOBGLASS_SESSION_SECRET: 'a-session-secret-for-tests-only',
    JOBGLASS_VIEWER_TOKENS: 'ann:viewer-token-1a2b',
    JOBGLASS_OPERATOR_TOKENS: 'ops:operator-token-5e6f',
    JOBGLASS_CLUSTERS: JSON.stringify([
      { name: 'shared', kind: 'ray', url: `${base}/shared`, cacheSeconds: 60 },
      { name: 'expiring', kind: 'ray', url: `${base}/expiring`, cacheSeconds: 1 },
      { name: 'nocache', kind: 'ray', url: `${base}/nocache`, cacheSeconds: 0 },
      { name: 'direct', kind: 'ray', url: `${base}/direct`, coalesce: false },
      { name: 'gated', kind: 'ray', url: `${base}/gated`, cacheSeconds: 60 },
      { name: 'hang', kind: 'ray', url: `${base}/hang`, cacheSeconds: 1, timeoutSeconds: 1 },
      { name: 'stall', kind: 'ray', url: `${base}/stall`, cacheSeconds: 1, timeoutSeconds: 1 },
      { name: 'failing', kind: 'ray', url: `${base}/failing`, cacheSeconds: 60 },
      { name: 'lists', kind: 'ray', url: `${doubles.url}/lists/live/viewers`, cacheSeconds: 60 },
      { name: 'logs', kind: 'ray', url: `${doubles.url}/raylogs` },
    ]),
  });
  const signIn = async (token) => {
    const res = await raw(c.url, 'POST', '/api/session', { Origin: c.url, 'Sec-Fetch-Site': 'same-origin', 'Content-Type': 'application/json' }, JSON.stringify({ token }));
    assert.equal(res.status, 200);
    return `jobglass_session=${/jobglass_session=([^;]*)/.exec(res.headers['set-cookie'][0])[1]}`;
  };
  viewer = await signIn('viewer-token-1a2b');
  operator = await signIn('operator-token-5e6f');
});

after(async () => {
  await c?.stop();
  upstream?.closeAllConnections?.();
  await new Promise((resolve) => upstream?.close(resolve));
  await doubles?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const get = (path, cookie = viewer) => fetch(`${c.url}${path}`, { headers: { Cookie: cookie } });
const many = (n, path) => Promise.all(Array.from({ length: n }, (_, i) => get(path, i % 2 ? viewer : operator)));

describe('reads', () => {
  test('20 concurrent viewers of a list: one upstream request, each gets the whole answer, privately', async () => {
    const answers = await many(20, '/c/shared/api/jobs/');
    const bodies = await Promise.all(answers.map((r) => r.text()));
    assert.equal(count('/shared/api/jobs/'), 1);
    for (const [i, res] of answers.entries()) {
      assert.equal(res.status, 200);
      assert.equal(bodies[i], bodies[0]);
      assert.equal(res.headers.get('cache-control'), 'private, no-store');
      assert.equal(res.headers.get('set-cookie'), null);
    }
    assert.equal(JSON.parse(bodies[0])[0].submission_id, 'shared-answer-1');
    // Within the interval a later round is answered from what was fetched.
    assert.equal(JSON.parse(await (await get('/c/shared/api/jobs/')).text())[0].submission_id, 'shared-answer-1');
    assert.equal(count('/shared/api/jobs/'), 1);
  });

  test('the viewer\'s query is part of the key: another query is another upstream request', async () => {
    await Promise.all([(await get('/c/shared/api/jobs/?limit=5')).text(), (await get('/c/shared/api/jobs/?limit=6')).text()]);
    assert.equal(count('/shared/api/jobs/?limit=5'), 1);
    assert.equal(count('/shared/api/jobs/?limit=6'), 1);
  });

  test('an answer is reused for cacheSeconds and not after', async () => {
    const first = await (await get('/c/expiring/api/jobs/x')).json();
    assert.equal(first[0].submission_id, 'expiring-answer-1');
    await new Promise((r) => setTimeout(r, 1300));
    const second = await (await get('/c/expiring/api/jobs/x')).json();
    assert.equal(second[0].submission_id, 'expiring-answer-2');
    assert.equal(count('/expiring/api/jobs/x'), 2);
  });

  test('cacheSeconds 0 keeps nothing, and coalesce false shares nothing', async () => {
    for (let i = 1; i <= 3; i++) {
      assert.equal((await (await get('/c/nocache/api/jobs/')).json())[0].submission_id, `nocache-answer-${i}`);
      assert.equal((await (await get('/c/direct/api/jobs/')).json())[0].submission_id, `direct-answer-${i}`);
    }
    await Promise.all((await many(6, '/c/direct/api/jobs/')).map((r) => r.text()));
    assert.equal(count('/direct/api/jobs/'), 9);
  });

  test('logs are coalesced while in flight, not kept', async () => {
    const answers = await many(6, '/c/gated/api/jobs/j/logs');
    // Every viewer has its answer's head while the upstream still holds the body back.
    assert.equal(count('/gated/api/jobs/j/logs'), 1);
    assert.equal(gated.length, 1);
    gated.shift()();
    for (const res of answers) assert.equal(await res.text(), '{"logs": "held back\\n"}');
    const again = get('/c/gated/api/jobs/j/logs');
    for (;;) { if (gated.length) break; await new Promise((r) => setTimeout(r, 20)); }
    gated.shift()();
    assert.equal(await (await again).text(), '{"logs": "held back\\n"}');
    assert.equal(count('/gated/api/jobs/j/logs'), 2);
  });

  test('an 18 MB list, past what is held, reaches each of 6 concurrent viewers byte for byte', async () => {
    await fetch(`${doubles.url}/lists/live/viewers/_control/reset?n=30000`, { method: 'POST' });
    const direct = Buffer.from(await (await fetch(`${doubles.url}/lists/live/viewers/api/jobs/`)).arrayBuffer());
    assert.ok(direct.length > 16 * 1024 * 1024);
    const answers = await many(6, '/c/lists/api/jobs/');
    const got = await Promise.all(answers.map(async (res) => Buffer.from(await res.arrayBuffer())));
    for (const body of got) assert.ok(body.equals(direct));
  });
});

describe('what depends on the viewer is never shared', () => {
  test('each viewer\'s session is its own; no session, no cached answer', async () => {
    await (await get('/c/shared/api/jobs/')).text();
    const before = count('/shared/api/jobs/');
    const ann = await get('/api/session', viewer);
    const ops = await get('/api/session', operator);
    assert.deepEqual(await ann.json(), { user: 'ann', role: 'viewer' });
    assert.deepEqual(await ops.json(), { user: 'ops', role: 'operator' });
    assert.equal(ann.headers.get('cache-control'), 'private, no-store');
    const nobody = await fetch(`${c.url}/c/shared/api/jobs/`);
    assert.equal(nobody.status, 401);
    assert.equal((await nobody.json()).error.code, 'UNAUTHENTICATED');
    assert.equal((await fetch(`${c.url}/api/session`)).status, 401);
    const forged = await get('/c/shared/api/jobs/', 'jobglass_session=forged.value');
    assert.equal(forged.status, 401);
    const otherSite = await fetch(`${c.url}/c/shared/api/jobs/`, { headers: { Cookie: viewer, 'Sec-Fetch-Site': 'cross-site' } });
    assert.equal(otherSite.status, 403);
    assert.equal(count('/shared/api/jobs/'), before);
  });
});

describe('faults', () => {
  test('an upstream that hangs: every waiting viewer gets UPSTREAM_TIMEOUT, and the next round asks again', async () => {
    const answers = await many(8, '/c/hang/api/jobs/');
    for (const res of answers) {
      assert.equal(res.status, 504);
      assert.equal((await res.json()).error.code, 'UPSTREAM_TIMEOUT');
    }
    assert.equal(count('/hang/api/jobs/'), 1);
    await new Promise((r) => setTimeout(r, 1300));
    const next = await get('/c/hang/api/jobs/');
    assert.equal(next.status, 504);
    assert.equal(count('/hang/api/jobs/'), 2);
  });

  test('an upstream that stops mid-body: every viewer\'s answer ends cut short after timeoutSeconds, and the next round asks again', async () => {
    const answers = await many(4, '/c/stall/api/jobs/');
    const bodies = await Promise.allSettled(answers.map((r) => r.text()));
    // workerd ends the response when the body fails: cut short (here, empty), never a whole answer.
    const whole = (text) => { try { JSON.parse(text); return true; } catch { return false; } };
    for (const b of bodies) assert.ok(b.status === 'rejected' || !whole(b.value), JSON.stringify(b));
    assert.equal(count('/stall/api/jobs/'), 1);
    await new Promise((r) => setTimeout(r, 1300));
    const next = await get('/c/stall/api/jobs/');
    await next.text().catch(() => {});
    assert.equal(count('/stall/api/jobs/'), 2);
  });

  test('an upstream answering 500: every waiting viewer gets the same typed error, retries included, from one request', async () => {
    const results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => listJobs(`${c.url}/c/failing`, { headers: { Cookie: i % 2 ? viewer : operator } })));
    for (const r of results) {
      assert.equal(r.status, 'rejected');
      assert.ok(isJobglassError(r.reason));
      assert.equal(r.reason.code, 'SERVER_ERROR');
      assert.equal(r.reason.status, 500);
      assert.equal(r.reason.serverMessage, 'dashboard overloaded');
    }
    assert.equal(count('/failing/api/jobs/'), 1);
  });
});

describe('log tails', () => {
  const job = async (spec) => (await fetch(`${doubles.url}/raylogs/_control/jobs`, { method: 'POST', body: JSON.stringify(spec) })).json();
  const write = (id, text) => fetch(`${doubles.url}/raylogs/_control/jobs/${id}/write`, { method: 'POST', body: JSON.stringify({ text }) });
  const finish = (id) => fetch(`${doubles.url}/raylogs/_control/jobs/${id}/finish`, { method: 'POST', body: '{"status":"SUCCEEDED"}' });
  const state = async (id) => (await fetch(`${doubles.url}/raylogs/_control/jobs/${id}`)).json();
  const open = (id, cookie = viewer) => follow(c.url, `/c/logs/api/jobs/${id}/logs/tail`, { Origin: c.url, Cookie: cookie });
  const until = async (what, check) => {
    const deadline = Date.now() + 20000;
    while (!(await check())) {
      if (Date.now() > deadline) throw new Error(`waited too long for ${what}`);
      await new Promise((r) => setTimeout(r, 25));
    }
  };

  test('five followers, one joining late: one upstream socket, each gets the whole log once', async () => {
    const first = logLines(1, 300);
    await job({ id: 'many-1', text: first });
    const early = await Promise.all([open('many-1'), open('many-1', operator), open('many-1'), open('many-1')]);
    for (const f of early) await f.waitFor(first.length);
    await write('many-1', logLines(301, 600));
    const late = await open('many-1', operator);
    await write('many-1', logLines(601, 900));
    await finish('many-1');
    const whole = logLines(1, 900);
    for (const f of [...early, late]) {
      await f.closed;
      assert.equal(f.text(), whole);
    }
    assert.equal((await state('many-1')).tails, 1);
  });

  test('a tail cut mid-line is reopened once for everyone: no byte lost or doubled', async () => {
    await job({ id: 'cut-1', text: logLines(1, 400), drops: 1 });
    const followers = await Promise.all([open('cut-1'), open('cut-1', operator), open('cut-1')]);
    await until('the reopened socket', async () => (await state('cut-1')).openTails === 1 && (await state('cut-1')).tails === 2);
    await write('cut-1', logLines(401, 500));
    await finish('cut-1');
    for (const f of followers) {
      await f.closed;
      assert.equal(f.text(), logLines(1, 500));
    }
    assert.equal((await state('cut-1')).tails, 2);
  });

  test('the upstream socket closes when the last follower leaves, and a refused Origin reaches nothing', async () => {
    await job({ id: 'leave-1', text: 'started\n' });
    const a = await open('leave-1');
    const b = await open('leave-1', operator);
    await a.waitFor(8);
    await b.waitFor(8);
    assert.equal((await state('leave-1')).openTails, 1);
    a.close();
    await a.closed;
    assert.equal((await state('leave-1')).openTails, 1, 'one follower is still there');
    b.close();
    await until('the upstream socket to close', async () => (await state('leave-1')).openTails === 0);
    const refused = await follow(c.url, '/c/logs/api/jobs/leave-1/logs/tail', { Origin: 'http://evil.example', Cookie: viewer });
    assert.equal(refused.status, 403);
    const anonymous = await follow(c.url, '/c/logs/api/jobs/leave-1/logs/tail', { Origin: c.url });
    assert.equal(anonymous.status, 401);
    assert.equal((await state('leave-1')).tails, 1);
  });

  test('a missing job\'s tail is the upstream\'s 404, as without sharing', async () => {
    const missing = await open('no-such-job');
    assert.equal(missing.status, 404);
  });
});
