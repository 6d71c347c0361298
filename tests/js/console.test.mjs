// The console (worker/, docs/console.md) in workerd under `wrangler dev`, bundled from the packed
// tarball, with sign-in `none`: the embedded samples cluster with nothing configured; configured
// clusters forwarded to a counting Ray-style upstream, the ModelArts double (which checks the
// worker's signatures) and the Ray log double (the tail WebSocket); and every path, origin and
// configuration it must refuse, with the upstream counted to show nothing reached it.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { consoleProject, raw, startConsole, webSocketText } from './lib/console.mjs';
import { startDoubles } from '../servers/doubles.mjs';

const repo = new URL('../../', import.meta.url).pathname;
const RAY_TOKEN = 'Bearer ray-secret-5be1c0';
const SK = 'test-sk';
let dir; let doubles; let upstream;
/** Every request the counting upstream received: `{method, url, headers}`. */
const seen = [];

before(async () => {
  dir = consoleProject();
  doubles = await startDoubles(0);
  upstream = createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers });
    const send = (status, body, type = 'application/json') => { res.writeHead(status, { 'Content-Type': type, 'Set-Cookie': 'upstream=1' }); res.end(body); };
    if (req.url === '/api/jobs') { res.writeHead(301, { Location: '/api/jobs/' }); return res.end(); }
    if (req.url === '/api/jobs/leave') { res.writeHead(302, { Location: 'http://elsewhere.example/x' }); return res.end(); }
    if (req.url.startsWith('/api/jobs/?')) return send(200, JSON.stringify({ query: req.url.slice('/api/jobs/?'.length) }));
    if (req.url === '/api/jobs/') return send(200, JSON.stringify([{ submission_id: 'a', status: 'RUNNING' }]));
    const m = /^\/api\/jobs\/([^/]+)(\/stop)?$/.exec(req.url);
    if (m && req.method === 'POST') return send(200, JSON.stringify({ stopped: true }));
    if (m && req.method === 'DELETE') return send(200, JSON.stringify({ deleted: true }));
    if (m) return send(200, JSON.stringify({ submission_id: decodeURIComponent(m[1]), status: 'SUCCEEDED' }));
    send(404, 'Not Found', 'text/plain');
  });
  await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
});

after(async () => {
  await new Promise((resolve) => upstream?.close(resolve));
  await doubles?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

const upstreamUrl = () => `http://127.0.0.1:${upstream.address().port}`;

describe('with nothing configured', () => {
  let c;
  before(async () => { c = await startConsole(dir); });
  after(() => c?.stop());

  test('the page is served with its security headers, and the samples cluster is the only one', async () => {
    const page = await fetch(`${c.url}/`);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /<html/i);
    assert.match(page.headers.get('content-security-policy'), /frame-ancestors 'none'/);
    assert.match(page.headers.get('content-security-policy'), /connect-src 'self'/);
    assert.equal(page.headers.get('x-content-type-options'), 'nosniff');
    assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    assert.equal((await fetch(`${c.url}/samples/index.json`)).status, 200);
    assert.deepEqual(await (await fetch(`${c.url}/api/clusters`)).json(), [{ name: 'samples', kind: 'ray' }]);
    assert.deepEqual(await (await fetch(`${c.url}/api/session`)).json(), { user: 'local', role: 'viewer' });
  });

  test('the samples answer the list, each job, and Ray-shaped logs for the Ray samples', async () => {
    const list = await (await fetch(`${c.url}/c/samples/api/jobs/`)).json();
    assert.ok(list.length >= 9);
    assert.deepEqual(await (await fetch(`${c.url}/c/samples/api/jobs`)).json(), list);
    for (const job of list) {
      const id = job.submission_id ?? job.job_id;
      const one = await fetch(`${c.url}/c/samples/api/jobs/${encodeURIComponent(id)}`);
      assert.equal(one.status, 200, id);
      assert.deepEqual(await one.json(), job);
    }
    const logs = await (await fetch(`${c.url}/c/samples/api/jobs/fail-1/logs`)).json();
    assert.match(logs.logs, /RuntimeError: sample failure\n$/);
    const driver = await fetch(`${c.url}/c/samples/api/jobs/02000000/logs`);
    assert.equal(driver.status, 400);
    assert.equal(await driver.text(), 'Can only get logs of submission type jobs');
    const oyr = await fetch(`${c.url}/c/samples/api/jobs/app-3f9b0c11-running/logs`);
    assert.equal(oyr.status, 404);
    assert.equal(await oyr.text(), '404 page not found');
    const missing = await fetch(`${c.url}/c/samples/api/jobs/nope`);
    assert.equal(missing.status, 404);
    assert.equal(await missing.text(), 'Job nope does not exist');
  });

  test('the samples\' log tail opens from the page only, and a finished job\'s tail ends', async () => {
    const own = await webSocketText(c.url, '/c/samples/api/jobs/demo-1/logs/tail', { Origin: c.url });
    assert.equal(own.status, 101);
    assert.ok(own.closed);
    assert.equal(own.text, (await (await fetch(`${c.url}/c/samples/api/jobs/demo-1/logs`)).json()).logs);
    for (const headers of [{ Origin: 'http://evil.example' }, {}, { Origin: c.url, 'Sec-Fetch-Site': 'cross-site' }]) {
      assert.equal((await webSocketText(c.url, '/c/samples/api/jobs/demo-1/logs/tail', headers)).status, 403, JSON.stringify(headers));
    }
  });

  test('the samples are read-only, and other methods are 405 with Allow', async () => {
    const stop = await raw(c.url, 'POST', '/c/samples/api/jobs/demo-1/stop', { Origin: c.url, 'X-Jobglass-Action': '1' });
    assert.equal(stop.status, 404);
    const del = await raw(c.url, 'DELETE', '/c/samples/api/jobs/demo-1', { Origin: c.url, 'X-Jobglass-Action': '1' });
    assert.equal(del.status, 405);
    assert.equal(del.headers.allow, 'GET');
    assert.equal((await raw(c.url, 'PUT', '/api/clusters')).status, 405);
  });

  test('sign-in none serves loopback only: another Host or client address is 403', async () => {
    for (const headers of [{ Host: 'console.example.com' }, { 'CF-Connecting-IP': '203.0.113.7' },
      { 'X-Forwarded-For': '127.0.0.1, 203.0.113.7' }, { 'X-Real-IP': '10.1.2.3' }]) {
      for (const path of ['/api/clusters', '/api/session', '/c/samples/api/jobs/']) {
        const res = await raw(c.url, 'GET', path, headers);
        assert.equal(res.status, 403, `${path} ${JSON.stringify(headers)}`);
        assert.equal(JSON.parse(res.body).error.code, 'FORBIDDEN');
      }
    }
    assert.equal((await raw(c.url, 'GET', '/api/clusters', { Host: `localhost:${c.port}`, 'CF-Connecting-IP': '::1' })).status, 200);
    // Page files go to anyone: they hold no data.
    assert.equal((await raw(c.url, 'GET', '/', { Host: 'console.example.com' })).status, 200);
  });

  test('the edge routes stay behind their own token: 503 without JOBGLASS_WORKER_TOKEN', async () => {
    const res = await fetch(`${c.url}/jobs/demo-1`);
    assert.equal(res.status, 503);
    assert.equal((await res.json()).error.code, 'NOT_CONFIGURED');
  });
});

describe('with clusters configured', () => {
  let c;
  before(async () => {
    c = await startConsole(dir, {
      JOBGLASS_CLUSTERS: JSON.stringify([
        { name: 'prod', kind: 'ray', url: upstreamUrl(), headers: { Authorization: 'secret:RAY_TOKEN', 'X-Team': 'search' } },
        { name: 'ma', kind: 'modelarts', url: `${doubles.url}/modelarts`, project: 'proj-1', ak: 'secret:MA_AK', sk: 'secret:MA_SK' },
        { name: 'logs', kind: 'ray', url: `${doubles.url}/raylogs` },
        { name: 'big', kind: 'ray', url: `${doubles.url}/lists/big/20000` },
      ]),
      JOBGLASS_UPSTREAM: `${doubles.url}/ray`,
      JOBGLASS_ALLOW_ACTIONS: '1',
      RAY_TOKEN, MA_AK: 'test-ak', MA_SK: SK,
    });
  });
  after(() => c?.stop());

  test('GET /api/clusters: names, kinds and ModelArts projects only, never a URL, header or secret', async () => {
    const res = await fetch(`${c.url}/api/clusters`);
    const text = await res.text();
    assert.deepEqual(JSON.parse(text), [{ name: 'prod', kind: 'ray' }, { name: 'ma', kind: 'modelarts', project: 'proj-1' },
      { name: 'logs', kind: 'ray' }, { name: 'big', kind: 'ray' }, { name: 'local', kind: 'ray' }]);
    for (const leak of ['127.0.0.1', 'http', 'ray-secret', 'search', 'test-ak', SK]) assert.ok(!text.includes(leak), leak);
    assert.equal(res.headers.get('cache-control'), 'private, no-store');
  });

  test('a read reaches the upstream with the cluster\'s headers and none of the viewer\'s', async () => {
    seen.length = 0;
    const res = await raw(c.url, 'GET', '/c/prod/api/jobs/job-1', {
      Cookie: 'jobglass_session=abc; other=1', Authorization: 'Bearer viewer-token', 'X-Custom': 'viewer', Origin: c.url,
      'Cf-Access-Jwt-Assertion': 'x.y.z', 'User-Agent': 'Mozilla/5.0', 'Sec-Fetch-Site': 'same-origin',
    });
    assert.equal(res.status, 200);
    assert.deepEqual(JSON.parse(res.body), { submission_id: 'job-1', status: 'SUCCEEDED' });
    assert.equal(res.headers['set-cookie'], undefined, 'the upstream\'s cookies stay behind');
    assert.equal(seen.length, 1);
    const { method, url, headers } = seen[0];
    assert.equal(`${method} ${url}`, 'GET /api/jobs/job-1');
    assert.equal(headers.authorization, RAY_TOKEN);
    assert.equal(headers['x-team'], 'search');
    for (const name of ['cookie', 'x-custom', 'origin', 'cf-access-jwt-assertion', 'sec-fetch-site', 'referer']) assert.equal(headers[name], undefined, name);
    assert.doesNotMatch(headers['user-agent'] ?? '', /Mozilla/);
  });

  test('the list route passes its query on; a redirect stays inside the cluster or is refused', async () => {
    seen.length = 0;
    assert.deepEqual(await (await fetch(`${c.url}/c/prod/api/jobs/?limit=5`)).json(), { query: 'limit=5' });
    const moved = await fetch(`${c.url}/c/prod/api/jobs`, { redirect: 'manual' });
    assert.equal(moved.status, 301);
    assert.equal(moved.headers.get('location'), '/c/prod/api/jobs/');
    const away = await fetch(`${c.url}/c/prod/api/jobs/leave`, { redirect: 'manual' });
    assert.equal(away.status, 502);
    assert.equal((await away.json()).error.code, 'UPSTREAM_REDIRECT');
    assert.equal(seen.length, 3);
  });

  test('paths that leave a cluster\'s routes are 404 and reach nothing', async () => {
    seen.length = 0;
    const before = (await (await fetch(`${doubles.url}/modelarts/_last-request`)).text());
    for (const path of ['/c/prod/api/jobs/../../../admin', '/c/prod/api/jobs/%2e%2e/x', '/c/prod/api/jobs/%2E%2E', '/c/prod/api/jobs/.%2e/stop',
      '/c/prod//api/jobs/', '/c/prod/api//jobs/x', '/c/prod/api/jobs//logs', '/c/prod/api/jobs/a%2Fb', '/c/prod/api/jobs/a%5Cb',
      '/c/prod/api/v0/placement_groups', '/c/prod/api/v0/tasks/summarize', '/c/prod/', '/c/prod', '/c/nope/api/jobs/', '/c//api/jobs/', '/c/PROD/api/jobs/', '/c/prod/api/jobs/x/logs/more',
      '/c/ma/v1/proj-2/dev-servers/jobs', '/c/ma/v1/proj-1/dev-servers/jobs/x/y', '/c/ma/api/jobs/', '/api/nothing', '/c/prod/api/jobs/%zz']) {
      const res = await raw(c.url, 'GET', path);
      assert.equal(res.status, 404, path);
      assert.equal(JSON.parse(res.body).error.code, 'NOT_FOUND', path);
    }
    assert.equal(seen.length, 0, 'the upstream was not asked');
    assert.equal(await (await fetch(`${doubles.url}/modelarts/_last-request`)).text(), before, 'ModelArts was not asked');
    const post = await raw(c.url, 'POST', '/c/prod/api/jobs/x');
    assert.equal(post.status, 405);
    assert.equal(post.headers.allow, 'GET, DELETE');
  });

  test('ModelArts: the cluster\'s project only, signed by the worker, whose keys never leave it', async () => {
    const list = await fetch(`${c.url}/c/ma/v1/proj-1/dev-servers/jobs?status=FINISHED`);
    assert.equal(list.status, 200, await list.clone().text());
    const body = await list.text();
    assert.ok(Array.isArray(JSON.parse(body).data));
    const one = await fetch(`${c.url}/c/ma/v1/proj-1/dev-servers/jobs/0319470a-7fad-452e-bff0-d3ba3bd83955`);
    assert.equal(one.status, 200);
    // The double answers 200 only to a request whose signature it verified with the test keys.
    const last = await (await fetch(`${doubles.url}/modelarts/_last-request`)).json();
    for (const name of ['authorization', 'x-sdk-date', 'x-project-id']) assert.ok(last.headers.includes(name), name);
    assert.ok(!body.includes(SK) && !(await one.text()).includes(SK));
  });

  test('a 20,000-job list passes through byte for byte', async () => {
    const direct = Buffer.from(await (await fetch(`${doubles.url}/lists/big/20000/api/jobs/`)).arrayBuffer());
    const res = await fetch(`${c.url}/c/big/api/jobs/`);
    assert.equal(res.status, 200);
    const through = Buffer.from(await res.arrayBuffer());
    assert.ok(direct.length > 10_000_000);
    assert.ok(through.equals(direct));
  });

  test('the log tail is forwarded for the page\'s Origin, without the viewer\'s compression offer', async () => {
    await fetch(`${doubles.url}/raylogs/_control/jobs`, { method: 'POST', body: JSON.stringify({ id: 'tail-1', status: 'SUCCEEDED', text: 'one\ntwo\n' }) });
    const res = await webSocketText(c.url, '/c/logs/api/jobs/tail-1/logs/tail', { Origin: c.url, 'Sec-WebSocket-Extensions': 'permessage-deflate; client_max_window_bits' });
    assert.equal(res.status, 101);
    assert.equal(res.text, 'one\ntwo\n');
    const state = await (await fetch(`${doubles.url}/raylogs/_control/jobs/tail-1`)).json();
    assert.equal(state.tails, 1);
    assert.equal(state.tailExtensions, null);
    const refused = await webSocketText(c.url, '/c/logs/api/jobs/tail-1/logs/tail', { Origin: 'http://evil.example' });
    assert.equal(refused.status, 403);
    assert.equal((await (await fetch(`${doubles.url}/raylogs/_control/jobs/tail-1`)).json()).tails, 1, 'the refused socket reached nothing');
    assert.equal((await fetch(`${c.url}/c/logs/api/jobs/tail-1/logs`)).status, 200);
  });

  test('actions (JOBGLASS_ALLOW_ACTIONS=1) only from the page with X-Jobglass-Action: 1; each one audited', async () => {
    seen.length = 0;
    const auditsBefore = c.audits().length;
    const page = { Origin: c.url, 'Sec-Fetch-Site': 'same-origin', 'X-Jobglass-Action': '1', Cookie: 'a=b', 'User-Agent': 'Mozilla/5.0' };
    for (const headers of [{ ...page, Origin: 'http://evil.example' }, { ...page, 'X-Jobglass-Action': undefined }, { ...page, 'Sec-Fetch-Site': 'same-site' },
      { ...page, Origin: undefined }]) {
      const clean = Object.fromEntries(Object.entries(headers).filter(([, v]) => v !== undefined));
      const res = await raw(c.url, 'POST', '/c/prod/api/jobs/job-1/stop', clean);
      assert.equal(res.status, 403, JSON.stringify(clean));
    }
    assert.equal(seen.length, 0, 'nothing reached the upstream');
    const stop = await raw(c.url, 'POST', '/c/prod/api/jobs/job-1/stop', page);
    assert.equal(stop.status, 200);
    assert.deepEqual(JSON.parse(stop.body), { stopped: true });
    const del = await raw(c.url, 'DELETE', '/c/prod/api/jobs/job-1', page);
    assert.deepEqual(JSON.parse(del.body), { deleted: true });
    assert.deepEqual(seen.map((s) => `${s.method} ${s.url}`), ['POST /api/jobs/job-1/stop', 'DELETE /api/jobs/job-1']);
    for (const { headers } of seen) {
      for (const name of ['origin', 'sec-fetch-site', 'x-jobglass-action', 'cookie']) assert.equal(headers[name], undefined, name);
      assert.equal(headers.authorization, RAY_TOKEN);
    }
    await new Promise((r) => setTimeout(r, 300));
    const audits = c.audits().slice(auditsBefore);
    assert.equal(audits.length, 6);
    assert.deepEqual(audits.slice(0, 4).map((a) => [a.audit, a.user, a.cluster, a.id, a.allowed, a.result]),
      Array(4).fill(['stop', 'local', 'prod', 'job-1', false, 'FORBIDDEN']));
    assert.deepEqual(audits.slice(4).map((a) => [a.audit, a.allowed, a.result]),
      [['stop', true, 'HTTP 200 {"stopped":true}'], ['delete', true, 'HTTP 200 {"deleted":true}']]);
  });
});

describe('a bad configuration', () => {
  const bad = {
    JOBGLASS_CLUSTERS: JSON.stringify([{ name: 'ok', kind: 'ray', url: 'http://127.0.0.1:9' },
      { name: 'prod', kind: 'ray', url: 'http://127.0.0.1:9', headers: { Authorization: 'secret:MISSING_TOKEN' } }]),
    OTHER_SECRET: 'do-not-print-me',
  };

  test('stops `make demo` before start-up with a message naming the entry', () => {
    const run = spawnSync('scripts/demo.sh', [], { cwd: repo, env: { ...process.env, ...bad, PORT: '1' }, encoding: 'utf8', timeout: 60000 });
    assert.notEqual(run.status, 0);
    assert.match(run.stderr, /JOBGLASS_CLUSTERS\[1\] \("prod"\) header Authorization names the secret MISSING_TOKEN, which is not set/);
    for (const [env, message] of [
      [{ JOBGLASS_CLUSTERS: '[{"name":"a b","kind":"ray","url":"http://x"}]' }, /JOBGLASS_CLUSTERS\[0\] \("a b"\): "name" must match/],
      [{ JOBGLASS_CLUSTERS: '[{"name":"a","kind":"slurm","url":"http://x"}]' }, /JOBGLASS_CLUSTERS\[0\] \("a"\): "kind" must be one of/],
      [{ JOBGLASS_CLUSTERS: '[{"name":"a","kind":"ray","url":"http://u:p@x"}]' }, /\("a"\): "url" must be an http or https URL without credentials/],
      [{ JOBGLASS_CLUSTERS: '[{"name":"a","kind":"ray","url":"http://x"},{"name":"a","kind":"ray","url":"http://y"}]' }, /"a" is used twice/],
      [{ JOBGLASS_CLUSTERS: '[{"name":"m","kind":"modelarts","url":"https://x","project":"p"}]' }, /\("m"\): a ModelArts cluster needs keys/],
      [{ JOBGLASS_CLUSTERS: '{' }, /JOBGLASS_CLUSTERS is not JSON/],
      [{ JOBGLASS_AUTH: 'jwt' }, /JOBGLASS_AUTH=jwt needs JOBGLASS_JWT_JWKS_URL and JOBGLASS_JWT_AUD/],
      [{ JOBGLASS_AUTH: 'token', JOBGLASS_SESSION_SECRET: 'short' }, /JOBGLASS_SESSION_SECRET \(at least 16 characters\)/],
    ]) {
      const check = spawnSync('node', ['worker/check-config.mjs'], { cwd: repo, env: { PATH: process.env.PATH, ...env }, encoding: 'utf8' });
      assert.equal(check.status, 1, JSON.stringify(env));
      assert.match(check.stderr, message);
    }
    assert.match(execFileSync('node', ['worker/check-config.mjs'], { cwd: repo, env: { PATH: process.env.PATH }, encoding: 'utf8' }), /clusters: samples/);
  });

  test('the worker started with it anyway answers 500 NOT_CONFIGURED naming the entry, and no secret', async () => {
    const c = await startConsole(dir, bad);
    try {
      const res = await fetch(`${c.url}/api/clusters`);
      assert.equal(res.status, 500);
      const { error } = await res.json();
      assert.equal(error.code, 'NOT_CONFIGURED');
      assert.match(error.message, /JOBGLASS_CLUSTERS\[1\] \("prod"\)/);
      assert.equal((await fetch(`${c.url}/c/ok/api/jobs/`)).status, 500);
      assert.ok(!c.output().includes('do-not-print-me'));
    } finally {
      await c.stop();
    }
  });
});
