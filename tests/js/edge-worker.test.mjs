// worker/'s edge routes (docs/api.md §13) in real workerd (through miniflare), bundled from the packed tarball the
// way wrangler bundles it, against local upstreams: a counting Ray-style server and the
// ModelArts double, which checks the worker's signatures; and as an attacker: no token, a wrong
// one, a project it does not serve, a malformed path.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { Miniflare } from 'miniflare';
import { bundleEdgeWorker } from './lib/edge-worker.mjs';
import { startDoubles } from '../servers/doubles.mjs';

const ORIGIN = 'https://dashboard.example.com';
const SEED = '0319470a-7fad-452e-bff0-d3ba3bd83955';
const TOKEN = 'worker-token-4c1f9a';
const AUTH = { Authorization: `Bearer ${TOKEN}` };
let dir; let doubles; let upstream; let hits = 0; let workers = [];
/** Every stop and delete the upstream received: `{method, url, headers}`. */
const actionsSeen = [];
/** What Ray takes for a browser (docs/api.md §10): it refuses such a stop or delete with 405. */
const looksLikeBrowser = (headers) => /^Mozilla/.test(headers['user-agent'] ?? '')
  || Object.keys(headers).some((n) => /^(origin|referer|sec-fetch-.*|access-control-request-.*)$/.test(n));

const rayJob = (id, status) => ({
  type: 'SUBMISSION', job_id: null, submission_id: id, driver_info: null, status, entrypoint: 'python x.py',
  message: '', error_type: null, start_time: 1795454150112, end_time: status === 'RUNNING' ? null : 1795454158068,
  metadata: {}, runtime_env: id === 'env-1' ? { env_vars: { API_KEY: 'env-secret-value', LEVEL: '3' } } : null,
  driver_exit_code: status === 'RUNNING' ? null : 0,
});

before(async () => {
  dir = await bundleEdgeWorker('jobglass-edge-');

  doubles = await startDoubles(0);
  upstream = createServer((req, res) => {
    hits++;
    // Stop and delete, answered as Ray answers them.
    const action = /^\/api\/jobs\/([^/]+)(\/stop)?$/.exec(req.url);
    if (req.method !== 'GET' && action) {
      actionsSeen.push({ method: req.method, url: req.url, headers: req.headers });
      const id = decodeURIComponent(action[1]);
      const answer = (status, type, body) => { res.writeHead(status, { 'Content-Type': type }); res.end(body); };
      if (looksLikeBrowser(req.headers)) return answer(405, 'text/plain', `'${req.method}' method not allowed for browser traffic.`);
      if (id === 'driver-1') return answer(400, 'text/plain', `Can only ${action[2] ? 'stop' : 'delete'} submission type jobs`);
      if (action[2]) return answer(200, 'application/json', JSON.stringify({ stopped: id === 'live-1' }));
      return answer(200, 'application/json', JSON.stringify({ deleted: id === 'done-1' }));
    }
    const id = decodeURIComponent(req.url.split('/').pop());
    if (id === 'done-1' || id === 'live-1' || id === 'env-1') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify(rayJob(id, id === 'live-1' ? 'RUNNING' : 'SUCCEEDED')));
    }
    if (id === 'broken') {
      res.writeHead(500, { 'Content-Type': 'text/plain' });
      return res.end('internal error at db.internal.example:5432, see https://upstream.internal.example/trace');
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end(`Job ${id} does not exist`);
  });
  await new Promise((resolve) => upstream.listen(0, '127.0.0.1', resolve));
});

after(async () => {
  for (const mf of workers) await mf.dispose();
  await new Promise((resolve) => upstream?.close(resolve));
  await doubles?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** The worker in workerd with the example's settings; `bindings` overrides them (undefined: unset). */
function worker(bindings = {}) {
  const all = {
    JOB_UPSTREAM: `http://127.0.0.1:${upstream.address().port}`,
    MODELARTS_ENDPOINT: `${doubles.url}/modelarts`,
    ALLOWED_ORIGIN: ORIGIN,
    ALLOWED_PROJECTS: 'proj-0, proj-1',
    HUAWEICLOUD_SDK_AK: 'test-ak',
    HUAWEICLOUD_SDK_SK: 'test-sk',
    JOBGLASS_WORKER_TOKEN: TOKEN,
    ...bindings,
  };
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(dir, 'dist/worker.js'),
    modulesRoot: join(dir, 'dist'),
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: '2026-04-01',
    bindings: Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)),
  });
  workers.push(mf);
  return mf;
}

/** A request with the token unless `headers` says otherwise. */
const get = (mf, path, headers = {}) => mf.dispatchFetch(`http://edge.test${path}`, { headers: { ...AUTH, ...headers } });

test('GET /jobs/:id serves the normalized job; a terminal one is cached, privately', async () => {
  const mf = worker();
  const before = hits;
  const first = await get(mf, '/jobs/done-1', { Origin: ORIGIN });
  assert.equal(first.status, 200);
  assert.equal(first.headers.get('access-control-allow-origin'), ORIGIN);
  assert.equal(first.headers.get('x-cache'), 'miss');
  assert.equal(first.headers.get('cache-control'), 'private, max-age=86400');
  const job = await first.json();
  assert.equal(job.kind, 'job');
  assert.equal(job.status, 'SUCCEEDED');
  assert.equal(job.durationMs, 7956);
  const second = await get(mf, '/jobs/done-1');
  assert.equal(second.headers.get('x-cache'), 'hit');
  assert.equal(second.headers.get('cache-control'), 'private, max-age=86400');
  assert.equal((await second.json()).submissionId, 'done-1');
  assert.equal(hits - before, 1, 'the upstream was asked once');
  // The cache serves nobody without the token either.
  assert.equal((await get(mf, '/jobs/done-1', { Authorization: '' })).status, 401);
});

test('a live job is fetched afresh every time', async () => {
  const mf = worker();
  const before = hits;
  for (let i = 0; i < 2; i++) {
    const res = await get(mf, '/jobs/live-1');
    assert.equal(res.headers.get('cache-control'), 'private, no-store');
    assert.equal((await res.json()).status, 'RUNNING');
  }
  assert.equal(hits - before, 2);
});

test('no token, a wrong one or another scheme: 401, and the upstream is not asked', async () => {
  const mf = worker();
  const before = hits;
  for (const authorization of [undefined, 'Bearer wrong-token', `Bearer ${TOKEN}x`, `Bearer ${TOKEN.slice(0, -1)}`, `Basic ${TOKEN}`, TOKEN, 'Bearer ']) {
    const res = await mf.dispatchFetch('http://edge.test/jobs/done-1', { headers: authorization === undefined ? {} : { Authorization: authorization } });
    assert.equal(res.status, 401, String(authorization));
    assert.equal(res.headers.get('www-authenticate'), 'Bearer');
    assert.match(res.headers.get('cache-control'), /^private/);
    const { error } = await res.json();
    assert.equal(error.code, 'UNAUTHORIZED');
  }
  const devserver = await mf.dispatchFetch(`http://edge.test/devserver/proj-1/${SEED}`);
  assert.equal(devserver.status, 401);
  assert.equal(hits - before, 0);
});

test('without the JOBGLASS_WORKER_TOKEN secret it answers 503 to every edge route, and the console still serves', async () => {
  for (const token of [undefined, '']) {
    const mf = worker({ JOBGLASS_WORKER_TOKEN: token });
    assert.equal((await mf.dispatchFetch('http://127.0.0.1/api/clusters')).status, 200);
    for (const [path, init] of [['/jobs/done-1', { headers: AUTH }], ['/jobs/done-1', {}], ['/jobs', {}], ['/devserver/proj-1/x', {}], ['/jobs/a/b/c', {}],
      ['/jobs/done-1', { method: 'OPTIONS', headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET' } }]]) {
      const res = await mf.dispatchFetch(`http://edge.test${path}`, init);
      assert.equal(res.status, 503, `${init.method ?? 'GET'} ${path}`);
      assert.match(res.headers.get('cache-control'), /^private/);
      if (init.method !== 'OPTIONS') assert.equal((await res.json()).error.code, 'NOT_CONFIGURED');
    }
  }
});

test('only ALLOWED_PROJECTS are signed for: others are 403 and never reach ModelArts', async () => {
  const last = async () => (await fetch(`${doubles.url}/modelarts/_last-request`)).json();
  const mf = worker();
  const ok = await get(mf, `/devserver/proj-1/${SEED}`);
  assert.equal(ok.status, 200);
  const before = await last();
  for (const project of ['proj-2', 'missing-project', 'proj-1,proj-2', 'PROJ-1', 'proj']) {
    const res = await get(mf, `/devserver/${encodeURIComponent(project)}/${SEED}`);
    assert.equal(res.status, 403, project);
    assert.equal((await res.json()).error.code, 'FORBIDDEN');
  }
  // Unset: no project at all.
  assert.equal((await get(worker({ ALLOWED_PROJECTS: undefined }), `/devserver/proj-1/${SEED}`)).status, 403);
  assert.deepEqual(await last(), before, 'ModelArts saw none of them');
});

test('env var values are redacted unless EXPOSE_ENV_VARS = "true"', async () => {
  const hidden = await get(worker(), '/jobs/env-1');
  const text = await hidden.text();
  assert.deepEqual(JSON.parse(text).runtimeEnv.envVars, { API_KEY: '<redacted>', LEVEL: '<redacted>' });
  assert.ok(!text.includes('env-secret-value'));
  const shown = await get(worker({ EXPOSE_ENV_VARS: 'true' }), '/jobs/env-1');
  assert.deepEqual((await shown.json()).runtimeEnv.envVars, { API_KEY: 'env-secret-value', LEVEL: '3' });
  const other = await get(worker({ EXPOSE_ENV_VARS: 'yes' }), '/jobs/env-1');
  assert.equal((await other.json()).runtimeEnv.envVars.API_KEY, '<redacted>');
});

test('JobglassError codes become HTTP statuses; error bodies hold no upstream URL, host or text', async () => {
  const mf = worker();
  const host = `127.0.0.1:${upstream.address().port}`;
  const missing = await get(mf, '/jobs/nope');
  assert.equal(missing.status, 404);
  const missingText = await missing.text();
  const { error } = JSON.parse(missingText);
  assert.deepEqual(Object.keys(error).sort(), ['code', 'message', 'upstreamStatus']);
  assert.equal(error.code, 'NOT_FOUND');
  assert.equal(error.upstreamStatus, 404);
  assert.match(missing.headers.get('cache-control'), /^private/);
  const broken = await get(mf, '/jobs/broken');
  assert.equal(broken.status, 502);
  const brokenText = await broken.text();
  assert.equal(JSON.parse(brokenText).error.code, 'SERVER_ERROR');
  const down = await get(worker({ JOB_UPSTREAM: 'http://127.0.0.1:9' }), '/jobs/x');
  assert.equal(down.status, 502);
  const downText = await down.text();
  assert.equal(JSON.parse(downText).error.code, 'NETWORK');
  for (const text of [missingText, brokenText, downText]) {
    for (const leak of [host, '127.0.0.1', 'http', 'does not exist', 'internal.example', 'db.internal']) {
      assert.ok(!text.includes(leak), `${text} holds ${leak}`);
    }
  }
  const bad = await get(mf, `/jobs/${'x'.repeat(513)}`);
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error.code, 'INVALID_ARGUMENT');
  const route = await get(mf, '/jobs/done-1/elsewhere');
  assert.equal(route.status, 404);
  assert.equal((await route.json()).error.code, 'NO_ROUTE');
  const method = await mf.dispatchFetch('http://edge.test/jobs/done-1', { method: 'POST', headers: AUTH });
  assert.equal(method.status, 405);
  assert.equal(method.headers.get('allow'), 'GET');
});

test('a malformed % in the path is a 400, not a failure', async () => {
  const mf = worker();
  for (const path of ['/jobs/%E0%A4%A', '/jobs/%zz', '/devserver/proj-1/%', '/devserver/%ff/x']) {
    const res = await get(mf, path);
    assert.equal(res.status, 400, path);
    assert.equal((await res.json()).error.code, 'BAD_REQUEST');
  }
});

test('CORS preflights are answered for the configured origin only, and allow the Authorization header', async () => {
  const mf = worker();
  const ok = await mf.dispatchFetch('http://edge.test/jobs/done-1', { method: 'OPTIONS', headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET', 'Access-Control-Request-Headers': 'authorization' } });
  assert.equal(ok.status, 204);
  assert.equal(ok.headers.get('access-control-allow-origin'), ORIGIN);
  assert.match(ok.headers.get('access-control-allow-methods'), /GET/);
  assert.match(ok.headers.get('access-control-allow-headers'), /Authorization/);
  const other = await mf.dispatchFetch('http://edge.test/jobs/done-1', { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } });
  assert.equal(other.status, 403);
  assert.equal(other.headers.get('access-control-allow-origin'), null);
  // CORS is not access control: the right Origin without the token is still refused.
  assert.equal((await mf.dispatchFetch('http://edge.test/jobs/done-1', { headers: { Origin: ORIGIN } })).status, 401);
});

test('GET /devserver/:project/:id is signed with the worker\'s keys, which never leave it', async () => {
  const res = await get(worker(), `/devserver/proj-1/${SEED}`);
  assert.equal(res.status, 200);
  const job = await res.json();
  assert.equal(job.kind, 'devServerJob');
  assert.equal(job.status, 'SUCCEEDED');
  const last = await (await fetch(`${doubles.url}/modelarts/_last-request`)).json();
  assert.ok(last.headers.includes('authorization') && last.headers.includes('x-project-id'));

  const wrong = await get(worker({ HUAWEICLOUD_SDK_SK: 'not-the-secret' }), `/devserver/proj-1/${SEED}`);
  assert.equal(wrong.status, 502);
  const text = await wrong.text();
  assert.equal(JSON.parse(text).error.code, 'UNAUTHORIZED');
  for (const leak of ['not-the-secret', 'Signature=', 'APIG.0301', 'verify aksk', 'modelarts', '127.0.0.1']) assert.ok(!text.includes(leak), leak);
});

const act = (mf, method, path, headers = {}) => mf.dispatchFetch(`http://edge.test${path}`, { method, headers: { ...AUTH, ...headers } });

test('actions off (the default): POST /jobs/:id/stop and DELETE /jobs/:id are 405 and reach nothing', async () => {
  for (const flag of [undefined, 'false', 'yes', 'TRUE']) {
    const mf = worker({ ALLOW_ACTIONS: flag });
    const before = actionsSeen.length;
    const stop = await act(mf, 'POST', '/jobs/live-1/stop');
    assert.equal(stop.status, 405, String(flag));
    // An empty Allow (no method serves this path now) may not survive the trip: it names no POST.
    assert.doesNotMatch(stop.headers.get('allow') ?? '', /POST/);
    assert.equal((await stop.json()).error.code, 'ACTIONS_DISABLED');
    const del = await act(mf, 'DELETE', '/jobs/done-1');
    assert.equal(del.status, 405);
    assert.equal(del.headers.get('allow'), 'GET');
    assert.equal((await del.json()).error.code, 'ACTIONS_DISABLED');
    assert.equal(actionsSeen.length, before, 'the upstream saw no action');
    // Nor does a preflight offer them.
    const pre = await mf.dispatchFetch('http://edge.test/jobs/live-1/stop', { method: 'OPTIONS', headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'POST' } });
    assert.equal(pre.headers.get('access-control-allow-methods'), 'GET');
  }
  // The token comes first: without it, 401 whatever the setting.
  assert.equal((await worker().dispatchFetch('http://edge.test/jobs/live-1/stop', { method: 'POST' })).status, 401);
});

test('actions on, with the token: stop and delete reach the upstream as Ray accepts them, and answer its boolean', async () => {
  const mf = worker({ ALLOW_ACTIONS: 'true' });
  const before = actionsSeen.length;
  // From a dashboard's server (no browser headers) and from the dashboard in a browser.
  const stop = await act(mf, 'POST', '/jobs/live-1/stop');
  assert.equal(stop.status, 200);
  assert.deepEqual(await stop.json(), { stopped: true });
  assert.match(stop.headers.get('cache-control'), /^private/);
  const browser = { Origin: ORIGIN, 'Sec-Fetch-Site': 'cross-site', 'Sec-Fetch-Mode': 'cors', Referer: `${ORIGIN}/jobs`, 'User-Agent': 'Mozilla/5.0 Chrome/156' };
  const fromDashboard = await act(mf, 'POST', '/jobs/live-1/stop', browser);
  assert.equal(fromDashboard.status, 200);
  assert.equal(fromDashboard.headers.get('access-control-allow-origin'), ORIGIN);
  assert.deepEqual(await fromDashboard.json(), { stopped: true });
  // A finished job: the upstream declines, and so does the worker.
  assert.deepEqual(await (await act(mf, 'POST', '/jobs/done-1/stop')).json(), { stopped: false });
  assert.deepEqual(await (await act(mf, 'DELETE', '/jobs/live-1')).json(), { deleted: false });

  const sent = actionsSeen.slice(before);
  assert.deepEqual(sent.map((r) => `${r.method} ${r.url}`),
    ['POST /api/jobs/live-1/stop', 'POST /api/jobs/live-1/stop', 'POST /api/jobs/done-1/stop', 'DELETE /api/jobs/live-1']);
  for (const { headers } of sent) {
    assert.ok(!looksLikeBrowser(headers), JSON.stringify(headers));
    // Nor does the caller's token travel on.
    assert.equal(headers.authorization, undefined);
    assert.ok(!JSON.stringify(headers).includes(TOKEN));
  }
});

test('a deleted job leaves the cache; a DRIVER job is 400 UNSUPPORTED', async () => {
  const mf = worker({ ALLOW_ACTIONS: 'true' });
  await get(mf, '/jobs/done-1');
  assert.equal((await get(mf, '/jobs/done-1')).headers.get('x-cache'), 'hit');
  const del = await act(mf, 'DELETE', '/jobs/done-1');
  assert.equal(del.status, 200);
  assert.deepEqual(await del.json(), { deleted: true });
  assert.equal((await get(mf, '/jobs/done-1')).headers.get('x-cache'), 'miss');
  for (const [method, path] of [['POST', '/jobs/driver-1/stop'], ['DELETE', '/jobs/driver-1']]) {
    const res = await act(mf, method, path);
    assert.equal(res.status, 400, path);
    const text = await res.text();
    assert.equal(JSON.parse(text).error.code, 'UNSUPPORTED');
    assert.ok(!text.includes('submission type'), 'the worker\'s words, not the upstream\'s');
  }
});

test('actions on, without the token: 401 and nothing reaches the upstream', async () => {
  const mf = worker({ ALLOW_ACTIONS: 'true' });
  const before = actionsSeen.length;
  for (const [method, path] of [['POST', '/jobs/live-1/stop'], ['DELETE', '/jobs/done-1']]) {
    for (const authorization of [undefined, 'Bearer wrong-token', `Basic ${TOKEN}`]) {
      const res = await mf.dispatchFetch(`http://edge.test${path}`, { method, headers: authorization ? { Authorization: authorization, Origin: ORIGIN } : {} });
      assert.equal(res.status, 401, `${method} ${authorization}`);
      assert.equal((await res.json()).error.code, 'UNAUTHORIZED');
    }
  }
  assert.equal(actionsSeen.length, before);
});

test('actions on: a browser on another site is 403 even with the token, and nothing reaches the upstream', async () => {
  const mf = worker({ ALLOW_ACTIONS: 'true' });
  const before = actionsSeen.length;
  for (const headers of [
    { Origin: 'https://evil.example' },
    { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' },
    { Origin: 'null' },
    { 'Sec-Fetch-Site': 'cross-site' },
    { 'Sec-Fetch-Site': 'same-site' },
    // A form POST from another site: the browser marks it so, whatever it carries.
    { Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site', 'Content-Type': 'application/x-www-form-urlencoded' },
  ]) {
    for (const [method, path] of [['POST', '/jobs/live-1/stop'], ['DELETE', '/jobs/done-1']]) {
      const res = await act(mf, method, path, headers);
      assert.equal(res.status, 403, `${method} ${JSON.stringify(headers)}`);
      assert.equal((await res.json()).error.code, 'FORBIDDEN');
    }
  }
  // With ALLOWED_ORIGIN unset, no browser at all.
  assert.equal((await act(worker({ ALLOW_ACTIONS: 'true', ALLOWED_ORIGIN: undefined }), 'POST', '/jobs/live-1/stop', { Origin: ORIGIN })).status, 403);
  assert.equal(actionsSeen.length, before);
});

test('GET /jobs/:id/logs?tail=N: the last N lines as text/plain, behind the token, never cached', async () => {
  // Ray's log routes from the log double (tests/servers/logs.mjs).
  const mf = worker({ JOB_UPSTREAM: `${doubles.url}/raylogs` });
  const { logLine, logLines } = await import('../servers/logtext.mjs');
  const control = (body) => fetch(`${doubles.url}/raylogs/_control/jobs`, { method: 'POST', body: JSON.stringify(body) });
  await control({ id: 'logs-done', status: 'SUCCEEDED', text: logLines(1, 500) });
  await control({ id: 'logs-live', status: 'RUNNING', text: logLines(1, 30) + 'half a line' });
  await control({ id: 'logs-driver', type: 'DRIVER' });

  const res = await get(mf, '/jobs/logs-done/logs?tail=20', { Origin: ORIGIN });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'text/plain; charset=utf-8');
  assert.equal(res.headers.get('cache-control'), 'private, no-store');
  assert.equal(res.headers.get('access-control-allow-origin'), ORIGIN);
  assert.equal(await res.text(), logLines(481, 500));
  assert.deepEqual(['x-log-lines', 'x-log-truncated', 'x-log-complete'].map((h) => res.headers.get(h)), ['20', 'true', 'true']);
  assert.equal(Number(res.headers.get('x-log-dropped-bytes')), Buffer.byteLength(logLines(1, 480)));

  const all = await get(mf, '/jobs/logs-done/logs');
  assert.equal(await all.text(), logLines(1, 500), 'without tail: the last 1000 lines, here all of them');
  assert.equal(all.headers.get('x-log-truncated'), 'false');
  const live = await get(mf, '/jobs/logs-live/logs?tail=2');
  assert.equal(await live.text(), logLine(30) + 'half a line', 'a last line without its ending counts');
  assert.equal(live.headers.get('x-log-complete'), 'false');

  for (const tail of ['0', '-1', 'abc', '100001', '1e3']) {
    const bad = await get(mf, `/jobs/logs-done/logs?tail=${tail}`);
    assert.equal(bad.status, 400, tail);
    assert.equal((await bad.json()).error.code, 'BAD_REQUEST');
  }
  const driver = await get(mf, '/jobs/logs-driver/logs');
  assert.equal(driver.status, 400);
  assert.equal((await driver.json()).error.code, 'UNSUPPORTED');
  const missing = await get(mf, '/jobs/nope/logs');
  assert.equal(missing.status, 404);
  const body = await missing.text();
  assert.equal(JSON.parse(body).error.code, 'NOT_FOUND');
  assert.doesNotMatch(body, /127\.0\.0\.1|does not exist/, 'no upstream host or text');

  for (const headers of [{ Authorization: '' }, { Authorization: 'Bearer wrong' }]) {
    const refused = await get(mf, '/jobs/logs-done/logs?tail=5', headers);
    assert.equal(refused.status, 401);
    assert.doesNotMatch(await refused.text(), /step/);
  }
});
