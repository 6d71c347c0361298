// The demo server's proxy (vite.config.mjs) as another site would attack it, against the real demo
// (scripts/demo.sh) in front of a recording upstream that forwards to the server doubles: what
// the proxy refuses never reaches the upstream; ModelArts reads are signed exactly as sent
// (the double verifies each signature); the page gets its security headers.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { startDoubles } from '../servers/doubles.mjs';
import { launch } from './browser.mjs';
import { startDemo } from './demo.mjs';

let doubles; let upstream; let demo; let actions; let evil; let browser;

/** Forwards everything to the doubles and records it (upgrades too, which it refuses). */
function startUpstream(target) {
  const seen = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers });
    const out = request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    req.pipe(out);
  });
  server.on('upgrade', (req, socket) => {
    seen.push({ method: 'UPGRADE', url: req.url, headers: req.headers });
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`, seen,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  })));
}

/** A raw request to the demo (node:http sends exactly these headers): `{status, body}`. */
function send(base, method, path, headers = {}, body = undefined) {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, { method, headers }, (res) => {
      let text = '';
      res.on('data', (d) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The answer to a WebSocket upgrade request: its status line. */
function upgrade(base, path, origin) {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${path}`, {
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...(origin ? { Origin: origin } : {}) },
    });
    req.on('response', (res) => { res.resume(); resolve(res.statusCode); });
    req.on('upgrade', (res, socket) => { socket.destroy(); resolve(res.statusCode); });
    req.on('error', reject);
    req.end();
  });
}

const demoEnv = () => ({
  JOBGLASS_UPSTREAM: `${upstream.url}/oyr`,
  JOBGLASS_MODELARTS_UPSTREAM: `${upstream.url}/modelarts`,
  HUAWEICLOUD_SDK_AK: 'test-ak',
  HUAWEICLOUD_SDK_SK: 'test-sk',
});

before(async () => {
  doubles = await startDoubles(0);
  upstream = await startUpstream(doubles.url);
  demo = await startDemo(demoEnv());
  actions = await startDemo({ ...demoEnv(), JOBGLASS_ALLOW_ACTIONS: '1' });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await evil?.close();
  await actions?.stop();
  await demo?.stop();
  await upstream?.close();
  await doubles?.close();
});

/** Runs `attempt` and returns what of it reached the upstream. */
async function reaching(attempt) {
  upstream.seen.length = 0;
  await attempt();
  return upstream.seen.map((r) => `${r.method} ${r.url}`);
}

const JOB = '/proxy/job/api/jobs/app-running-1';
const MA = '/proxy/modelarts/v1/proj-1/dev-servers/jobs';

test('the page is served with its security headers; connect-src is \'self\' when only the proxies are used', async () => {
  for (const path of ['/', '/src/main.js']) {
    const { status, headers } = await send(demo.url, 'GET', path);
    assert.equal(status, 200);
    const csp = headers['content-security-policy'];
    assert.match(csp, /frame-ancestors 'none'/);
    assert.match(csp, /(^|; )connect-src 'self'(;|$)/);
    assert.match(csp, /script-src 'self' 'wasm-unsafe-eval'(;|$)/);
    assert.equal(headers['x-content-type-options'], 'nosniff');
    assert.equal(headers['referrer-policy'], 'no-referrer');
  }
});

test('reads another site asks for are refused and reach nothing; the page\'s own go through', async () => {
  for (const path of [JOB, `${MA}/job-abnormal`]) {
    const refused = await reaching(async () => {
      for (const headers of [{ 'Sec-Fetch-Site': 'cross-site' }, { 'Sec-Fetch-Site': 'same-site' },
        { Origin: 'https://evil.example' }, { Origin: 'null' }, { Origin: 'http://127.0.0.1:1' }]) {
        const { status, body } = await send(demo.url, 'GET', path, headers);
        assert.equal(status, 403, `${path} ${JSON.stringify(headers)}`);
        assert.match(body, /does not forward/);
      }
      assert.equal((await send(demo.url, 'HEAD', path, { 'Sec-Fetch-Site': 'cross-site' })).status, 403);
    });
    assert.deepEqual(refused, []);
    // The page itself (same-origin, or no browser headers at all, like curl) is served.
    const own = await reaching(async () => {
      assert.equal((await send(demo.url, 'GET', path, { 'Sec-Fetch-Site': 'same-origin' })).status, 200);
      assert.equal((await send(demo.url, 'GET', path, { Origin: demo.url, 'Sec-Fetch-Site': 'same-origin' })).status, 200);
      assert.equal((await send(demo.url, 'GET', path)).status, 200);
    });
    assert.equal(own.length, 3);
  }
});

test('a form POST, a fetch with a foreign Origin and any other method are refused and reach nothing', async () => {
  const seen = await reaching(async () => {
    const form = { 'Content-Type': 'application/x-www-form-urlencoded', Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' };
    for (const path of [`${JOB}/stop`, '/proxy/job/api/jobs', MA, `${MA}/job-abnormal`]) {
      assert.equal((await send(demo.url, 'POST', path, form, 'a=b')).status, 403, path);
    }
    const foreign = { Origin: 'https://evil.example', 'Content-Type': 'application/json', 'X-Jobglass-Action': '1' };
    assert.equal((await send(demo.url, 'POST', `${JOB}/stop`, foreign, '{}')).status, 403);
    assert.equal((await send(demo.url, 'DELETE', JOB, foreign)).status, 403);
    for (const method of ['PUT', 'PATCH', 'DELETE', 'OPTIONS', 'POST']) {
      assert.equal((await send(demo.url, method, `${MA}/job-abnormal`, { Origin: demo.url, 'X-Jobglass-Action': '1' })).status, 403, method);
    }
    // A read may not smuggle a body past the signature.
    assert.equal((await send(demo.url, 'GET', `${MA}/job-abnormal`, { 'Content-Length': '2' }, '{}')).status, 403);
  });
  assert.deepEqual(seen, []);
});

test('in Chromium, another site\'s <img>, <script>, fetch and form POST reach nothing', async () => {
  const html = `<!doctype html><title>evil</title>
<img id="img" src="${demo.url}${MA}/job-abnormal">
<script src="${demo.url}${JOB}"></script>
<form method="POST" action="${demo.url}${JOB}/stop"><input name="a" value="b"></form>
<script>
  const img = document.getElementById('img');
  Promise.all([
    new Promise((r) => { if (img.complete) r(); else img.onload = img.onerror = r; }),
    fetch('${demo.url}${JOB}/stop', { method: 'POST', mode: 'no-cors', body: 'x' }).catch(() => {}),
    fetch('${demo.url}${MA}', { mode: 'no-cors' }).catch(() => {}),
    fetch('${demo.url}${JOB}', { headers: { 'X-Jobglass-Action': '1' } }).catch(() => {}),
  ]).then(() => document.forms[0].submit());
</script>`;
  const server = createServer((req, res) => { res.writeHead(200, { 'Content-Type': 'text/html' }); res.end(html); });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  evil = { close: () => new Promise((r) => server.close(r)) };
  const seen = await reaching(async () => {
    const page = await browser.newPage();
    // "localhost" is another site than 127.0.0.1 to the browser.
    await page.goto(`http://localhost:${server.address().port}/`);
    await page.waitForURL(`${demo.url}${JOB}/stop`);
    assert.match(await page.textContent('body'), /does not forward/);
    await page.close();
  });
  assert.deepEqual(seen, []);
});

test('the ModelArts proxy forwards only GET/HEAD of the dev-server jobs, signed as sent', async () => {
  const refused = await reaching(async () => {
    for (const path of ['/proxy/modelarts/v1/proj-1/dev-servers', '/proxy/modelarts/v1/proj-1/dev-servers/jobs/a/b',
      '/proxy/modelarts/v2/proj-1/dev-servers/jobs', '/proxy/modelarts/v1/proj-1/notebooks', `${MA}/..`, `${MA}/%2e%2e`,
      `${MA}/..%2F..%2Fnotebooks`, '/proxy/modelarts/v1/%2e%2e/dev-servers/jobs', '/proxy/modelarts/v1/proj-1/dev-servers/jobs/x/../../../y',
      '/proxy/modelarts/', `${MA}/%zz`]) {
      assert.equal((await send(demo.url, 'GET', path)).status, 403, path);
    }
  });
  assert.deepEqual(refused, []);
  const allowed = await reaching(async () => {
    const one = await send(demo.url, 'GET', `${MA}/job-abnormal`);
    assert.equal(one.status, 200, one.body);
    assert.equal(JSON.parse(one.body).id, 'job-abnormal');
    assert.equal((await send(demo.url, 'HEAD', `${MA}/job-abnormal`)).status, 200);
    // The double verifies the signature over the query it received: the filter applies.
    const list = await send(demo.url, 'GET', `${MA}?status=FINISHED&name=log-collect&x=a%20b`);
    assert.equal(list.status, 200, list.body);
    assert.deepEqual(JSON.parse(list.body).data.map((j) => j.id), ['job-abnormal']);
  });
  assert.deepEqual(allowed, [
    'GET /modelarts/v1/proj-1/dev-servers/jobs/job-abnormal',
    'HEAD /modelarts/v1/proj-1/dev-servers/jobs/job-abnormal',
    'GET /modelarts/v1/proj-1/dev-servers/jobs?status=FINISHED&name=log-collect&x=a%20b',
  ]);
  // Nor does the user's cookie for this host travel upstream.
  const cookies = await reaching(() => send(demo.url, 'GET', JOB, { Cookie: 'session=other-app' }));
  assert.equal(cookies.length, 1);
  assert.equal(upstream.seen[0].headers.cookie, undefined);
});

test('a WebSocket upgrade is forwarded only for the page\'s own origin', async () => {
  const tail = '/proxy/job/api/jobs/app-running-1/logs/tail';
  const refused = await reaching(async () => {
    assert.equal(await upgrade(demo.url, tail, 'https://evil.example'), 403);
    assert.equal(await upgrade(demo.url, tail, `http://localhost:${Number(new URL(demo.url).port) + 1}`), 403);
    assert.equal(await upgrade(demo.url, tail, undefined), 403);
  });
  assert.deepEqual(refused, []);
  const own = await reaching(() => upgrade(demo.url, tail, demo.url));
  assert.deepEqual(own, ['UPGRADE /oyr/api/jobs/app-running-1/logs/tail']);
});

test('actions (stop, delete) only with JOBGLASS_ALLOW_ACTIONS=1, from the page, with X-Jobglass-Action', async () => {
  const id = `app-action-${Date.now()}`;
  const submitted = await fetch(`${doubles.url}/oyr/api/jobs`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ entrypoint: 'python serve.py', submission_id: id, metadata: { advance: 'manual' } }),
  });
  assert.equal(submitted.status, 200);
  const stop = `/proxy/job/api/jobs/${id}/stop`;
  const page = (base) => ({ Origin: base, 'Sec-Fetch-Site': 'same-origin', 'X-Jobglass-Action': '1' });
  const refused = await reaching(async () => {
    // Off by default, even for the page itself.
    assert.equal((await send(demo.url, 'POST', stop, page(demo.url))).status, 403);
    // On: still not for anyone else, nor without the header, nor for other paths or methods.
    const { Origin, ...noOrigin } = page(actions.url);
    for (const headers of [noOrigin, { ...page(actions.url), 'X-Jobglass-Action': '0' }, { Origin: actions.url },
      { ...page(actions.url), Origin: 'https://evil.example' }, { ...page(actions.url), 'Sec-Fetch-Site': 'cross-site' }]) {
      assert.equal((await send(actions.url, 'POST', stop, headers)).status, 403, JSON.stringify(headers));
    }
    assert.equal((await send(actions.url, 'POST', '/proxy/job/api/jobs', page(actions.url), '{}')).status, 403);
    assert.equal((await send(actions.url, 'PUT', `/proxy/job/api/jobs/${id}`, page(actions.url))).status, 403);
    assert.equal((await send(actions.url, 'POST', `/proxy/job/api/jobs/..%2Fx/stop`, page(actions.url))).status, 403);
    assert.equal((await send(actions.url, 'POST', '/proxy/modelarts/v1/p/dev-servers/jobs/x/stop', page(actions.url))).status, 403);
  });
  assert.deepEqual(refused, []);
  const done = await reaching(async () => {
    const res = await send(actions.url, 'POST', stop, page(actions.url));
    assert.equal(res.status, 200, res.body);
    // Sec-Fetch-Site may be absent when the Origin is the page's own.
    const { 'Sec-Fetch-Site': _, ...noSite } = page(actions.url);
    assert.notEqual((await send(actions.url, 'DELETE', `/proxy/job/api/jobs/${id}`, noSite)).status, 403);
  });
  assert.deepEqual(done, [`POST /oyr/api/jobs/${id}/stop`, `DELETE /oyr/api/jobs/${id}`]);
  // Stopped, then deleted: the job is gone.
  assert.equal((await fetch(`${doubles.url}/oyr/_control/jobs/${id}`)).status, 404);
});

test('an action goes upstream without the browser\'s headers, and the console records each one', async () => {
  const id = `app-audit-${Date.now()}`;
  const submitted = await fetch(`${doubles.url}/oyr/api/jobs`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ entrypoint: 'python serve.py', submission_id: id, metadata: { advance: 'manual' } }),
  });
  assert.equal(submitted.status, 200);
  // What Chromium sends with the page's fetch: everything Ray takes for a browser (docs/api.md §10).
  const browser = {
    Origin: actions.url, Referer: `${actions.url}/?source=job&id=${id}`, 'Sec-Fetch-Site': 'same-origin', 'Sec-Fetch-Mode': 'cors',
    'Sec-Fetch-Dest': 'empty', 'Sec-Ch-Ua': '"Chromium";v="156"', 'User-Agent': 'Mozilla/5.0 (X11; Linux x86_64) Chrome/156',
    'X-Jobglass-Action': '1', Authorization: 'Bearer user-token',
  };
  const refusedAt = actions.output().length;
  assert.equal((await send(actions.url, 'POST', `/proxy/job/api/jobs/${id}/stop`, { ...browser, 'X-Jobglass-Action': '0' })).status, 403);
  const seen = await reaching(async () => {
    const res = await send(actions.url, 'POST', `/proxy/job/api/jobs/${id}/stop`, browser);
    assert.equal(res.status, 200);
    assert.equal(res.body, 'true');
  });
  assert.deepEqual(seen, [`POST /oyr/api/jobs/${id}/stop`]);
  const sent = upstream.seen[0].headers;
  for (const name of Object.keys(sent)) assert.doesNotMatch(name, /^(origin|referer|sec-|x-jobglass-action$)/, name);
  assert.doesNotMatch(sent['user-agent'] ?? '', /^Mozilla/);
  // The caller's own credentials still go where the page sent them.
  assert.equal(sent.authorization, 'Bearer user-token');
  // A read keeps the browser's headers: Ray then redacts env var values, as it should for a page.
  const { 'X-Jobglass-Action': _, ...read } = browser;
  await reaching(() => send(actions.url, 'GET', `/proxy/job/api/jobs/${id}`, read));
  assert.equal(upstream.seen[0].headers['sec-fetch-mode'], 'cors');

  // The console: time, method, job id, client address and the upstream's answer, for both.
  let log = '';
  const line = (pattern) => log.split('\n').find((l) => l.includes('[jobglass action]') && pattern.test(l));
  for (const deadline = Date.now() + 5000; !line(/→ HTTP 200/) && Date.now() < deadline;) {
    log = actions.output().slice(refusedAt);
    await new Promise((r) => setTimeout(r, 25));
  }
  const done = line(/→ HTTP 200/);
  assert.ok(done, log);
  assert.match(done, new RegExp(`\\] \\d{4}-\\d\\d-\\d\\dT[\\d:.]+Z POST job="${id}" client=(::ffff:)?127\\.0\\.0\\.1 → HTTP 200 true$`));
  assert.match(line(/refused/) ?? '', new RegExp(`POST job="${id}" client=\\S+ → refused: an action that does not come from the page`));
  assert.ok(!log.includes('user-token'), 'no credential in the log');
});
