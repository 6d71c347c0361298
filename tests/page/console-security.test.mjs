// The console (worker/ in workerd) as another site would attack it from a browser, in its most
// trusting set-up: `JOBGLASS_AUTH=none` with `JOBGLASS_ALLOW_ACTIONS=1`, where every request from
// this machine is an operator's. In front of a recording upstream that forwards to the server
// doubles: what the console refuses never reaches the upstream. The rest of its rules are held
// by tests/js/console.test.mjs (the page's security headers; paths that leave the route table;
// ModelArts signed only for the cluster's project and routes; the tail's Origin; actions from the
// page only) and tests/js/console-auth.test.mjs (sign-in and roles).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { startDoubles } from '../servers/doubles.mjs';
import { raw } from '../js/lib/console.mjs';
import { browserName, launch } from './browser.mjs';
import { startConsole } from './console.mjs';

let doubles; let upstream; let demo; let browser;

/** Forwards everything to the doubles and records it (upgrades too, which it refuses). */
function startUpstream(target) {
  const seen = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method, url: req.url });
    const out = request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    req.pipe(out);
  });
  server.on('upgrade', (req, socket) => {
    seen.push({ method: 'UPGRADE', url: req.url });
    socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`, seen,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  })));
}

before(async () => {
  doubles = await startDoubles(0);
  upstream = await startUpstream(doubles.url);
  demo = await startConsole({
    JOBGLASS_CLUSTERS: JSON.stringify([
      { name: 'local', kind: 'openyuanrong', url: `${upstream.url}/oyr`, cacheSeconds: 0 },
      { name: 'ma', kind: 'modelarts', url: `${upstream.url}/modelarts`, project: 'proj-1', cacheSeconds: 0 },
    ]),
    HUAWEICLOUD_SDK_AK: 'test-ak',
    HUAWEICLOUD_SDK_SK: 'test-sk',
    JOBGLASS_ALLOW_ACTIONS: '1',
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
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

/** A job of the openYuanrong replay that runs until told otherwise; its status. */
async function runningJob(name) {
  const id = `app-${name}-${Date.now()}`;
  const res = await fetch(`${doubles.url}/oyr/api/jobs`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ entrypoint: 'python serve.py', submission_id: id, metadata: { advance: 'manual' } }),
  });
  assert.equal(res.status, 200);
  return id;
}
const statusOf = async (id) => (await (await fetch(`${doubles.url}/oyr/_control/jobs/${id}`)).json()).status;

const JOB = '/c/local/api/jobs/app-running-1';
const MA = '/c/ma/v1/proj-1/dev-servers/jobs';

test('reads another site asks for are refused and reach nothing; the page\'s own go through', async () => {
  for (const path of [JOB, `${MA}/job-abnormal`]) {
    const refused = await reaching(async () => {
      for (const headers of [{ 'Sec-Fetch-Site': 'cross-site' }, { 'Sec-Fetch-Site': 'same-site' },
        { Origin: 'https://evil.example' }, { Origin: 'null' }, { Origin: 'http://127.0.0.1:1' }]) {
        const { status, body } = await raw(demo.url, 'GET', path, headers);
        assert.equal(status, 403, `${path} ${JSON.stringify(headers)}`);
        assert.equal(JSON.parse(body).error.code, 'FORBIDDEN');
      }
      // The console forwards GET alone (docs/console.md "Routes"): HEAD is not a read it knows.
      assert.equal((await raw(demo.url, 'HEAD', path, { 'Sec-Fetch-Site': 'cross-site' })).status, 405);
    });
    assert.deepEqual(refused, []);
    // The page itself (same-origin, or no browser headers at all, like curl) is served.
    const own = await reaching(async () => {
      assert.equal((await raw(demo.url, 'GET', path, { 'Sec-Fetch-Site': 'same-origin' })).status, 200);
      assert.equal((await raw(demo.url, 'GET', path, { Origin: demo.url, 'Sec-Fetch-Site': 'same-origin' })).status, 200);
      assert.equal((await raw(demo.url, 'GET', path)).status, 200);
    });
    assert.equal(own.length, 3);
  }
});

test(`in ${browserName === 'firefox' ? 'Firefox' : 'Chromium'}, another site's <img>, <script>, fetch, WebSocket and form POST reach nothing and stop nothing`, async () => {
  const id = await runningJob('hostile');
  const before = await statusOf(id);
  const stop = `${demo.url}/c/local/api/jobs/${id}/stop`;
  const tail = `${demo.url.replace(/^http/, 'ws')}/c/local/api/jobs/${id}/logs/tail`;
  const html = `<!doctype html><title>evil</title>
<img id="img" src="${demo.url}${MA}/job-abnormal">
<script src="${demo.url}${JOB}"></script>
<form method="POST" action="${stop}"><input name="a" value="b"></form>
<script>
  const img = document.getElementById('img');
  const socket = new WebSocket('${tail}');
  Promise.all([
    new Promise((r) => { if (img.complete) r(); else img.onload = img.onerror = r; }),
    new Promise((r) => { socket.onclose = socket.onerror = r; }),
    fetch('${stop}', { method: 'POST', mode: 'no-cors', body: 'x' }).catch(() => {}),
    fetch('${demo.url}${MA}', { mode: 'no-cors' }).catch(() => {}),
    fetch('${demo.url}${JOB}', { headers: { 'X-Jobglass-Action': '1' } }).catch(() => {}),
    fetch('${stop}', { method: 'POST', headers: { 'X-Jobglass-Action': '1' } }).catch(() => {}),
  ]).then(() => document.forms[0].submit());
</script>`;
  const server = createServer((req, res) => { res.writeHead(200, { 'Content-Type': 'text/html' }); res.end(html); });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    const seen = await reaching(async () => {
      const page = await browser.newPage();
      // "localhost" is another site than 127.0.0.1 to the browser.
      await page.goto(`http://localhost:${server.address().port}/`);
      await page.waitForURL(stop);
      assert.equal(JSON.parse(await page.textContent('body')).error.code, 'FORBIDDEN');
      await page.close();
    });
    assert.deepEqual(seen, []);
  } finally {
    await new Promise((r) => { server.closeAllConnections(); server.close(r); });
  }
  assert.equal(await statusOf(id), before);
  // Each stop that got as far as being one is written down, refused: the no-cors fetch and the
  // form (the preflight of the fetch with X-Jobglass-Action is refused by the browser first).
  const audits = demo.audits().filter((a) => a.id === id);
  assert.deepEqual(audits.map((a) => [a.audit, a.user, a.cluster, a.allowed, a.result]),
    [['stop', 'local', 'local', false, 'FORBIDDEN'], ['stop', 'local', 'local', false, 'FORBIDDEN']]);
});
