// The package's Node entry with no options (docs/api.md §10): its requests go through node:http
// (npm/node-http.js) and carry nothing that makes Ray take them for a browser's, and they behave as
// fetch's do — timeouts, the caller's signal, streamed bodies, compressed bodies, redirects. The
// fault and log suites also run through it (JOBGLASS_FETCH=node, scripts/test.sh); the real Ray
// head checks it in tests/js/ray-actions.test.mjs.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { gzipSync } from 'node:zlib';
import * as jobglass from '../../pkg/node.js';
import { nodeFetch } from '../../pkg/node-http.js';

const builtinFetch = globalThis.fetch;
/** What Ray takes for a browser (REFERENCE.md §2): it refuses such a stop or delete with 405. */
const looksLikeBrowser = (headers) => /^Mozilla/.test(headers['user-agent'] ?? '')
  || Object.keys(headers).some((n) => /^(origin|referer|sec-fetch-.*|access-control-request-.*)$/.test(n));
const rayJob = (id) => ({
  type: 'SUBMISSION', job_id: null, submission_id: id, driver_info: null, status: 'RUNNING', entrypoint: 'python x.py',
  message: '', error_type: null, start_time: 1795454150112, end_time: null, metadata: {}, runtime_env: null,
});

let server; let base; const seen = [];
const open = new Set();
before(async () => {
  server = createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers });
    const json = (status, body, headers = {}) => {
      res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
      res.end(typeof body === 'string' ? body : JSON.stringify(body));
    };
    const path = req.url;
    // A Ray dashboard's job routes, with its browser rule.
    let m = /^\/ray\/api\/jobs\/([^/]+)(\/stop)?$/.exec(path);
    if (m) {
      if (req.method !== 'GET' && looksLikeBrowser(req.headers)) {
        res.writeHead(405, { 'Content-Type': 'text/plain' });
        return res.end(`'${req.method}' method not allowed for browser traffic.`);
      }
      if (m[2]) return json(200, { stopped: true });
      if (req.method === 'DELETE') return json(200, { deleted: true });
      return json(200, rayJob(m[1]));
    }
    if (path === '/gzip/api/jobs/z') {
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      return res.end(gzipSync(JSON.stringify(rayJob('z'))));
    }
    // A redirect to another origin (127.0.0.2 is not 127.0.0.1 to an origin check).
    if (path === '/moved/api/jobs/r') {
      res.writeHead(307, { Location: `http://localhost:${server.address().port}/ray/api/jobs/r` });
      return res.end();
    }
    if (path === '/same/api/jobs/r') {
      res.writeHead(302, { Location: '/ray/api/jobs/r' });
      return res.end();
    }
    // Headers at once, then the body never ends: only a timeout or the signal ends the call.
    if (path.startsWith('/stall/')) {
      open.add(res);
      res.on('close', () => open.delete(res));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.write('{"submission_id": "');
    }
    // A log body of `n` MiB, written as fast as the client reads it.
    m = /^\/biglog\/api\/jobs\/([^/]+)(\/logs)?$/.exec(path);
    if (m) {
      if (!m[2]) return json(200, { ...rayJob(m[1]), status: 'SUCCEEDED', end_time: 1795454158068 });
      const mib = Number(m[1]);
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const line = `${'x'.repeat(1023)}\\n`;
      const chunk = Buffer.from(line.repeat(1024));
      let left = mib;
      res.write('{"logs": "');
      const pump = () => {
        while (left > 0) {
          left--;
          if (!res.write(chunk)) return res.once('drain', pump);
        }
        res.end('"}');
      };
      return pump();
    }
    res.writeHead(404, { 'Content-Type': 'text/plain' });
    res.end('Job x does not exist');
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;
});
after(async () => {
  for (const res of open) res.destroy();
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

test('no options: stop and delete reach a Ray-like server that refuses browsers, with no browser header', async () => {
  seen.length = 0;
  assert.equal(await jobglass.stopJob(`${base}/ray`, 'a'), true);
  assert.equal(await jobglass.deleteJob(`${base}/ray`, 'a'), true);
  assert.equal((await jobglass.fetchJob(`${base}/ray`, 'a')).status, 'RUNNING');
  assert.deepEqual(seen.map((s) => s.method), ['POST', 'DELETE', 'GET']);
  for (const { headers } of seen) assert.equal(looksLikeBrowser(headers), false, JSON.stringify(headers));
  // The check above can fail: Node's own fetch, passed as options.fetch, is refused as a browser.
  const e = await jobglass.stopJob(`${base}/ray`, 'a', { fetch: builtinFetch }).catch((err) => err);
  assert.equal(e.code, 'BAD_REQUEST');
  assert.equal(e.status, 405);
  assert.equal(looksLikeBrowser(seen.at(-1).headers), true);
});

test('the caller\'s headers are sent as given, with a plain user agent', async () => {
  seen.length = 0;
  await jobglass.stopJob(`${base}/ray`, 'h', { headers: { Authorization: 'Bearer t-1', 'X-Trace': 'abc' } });
  const [{ headers }] = seen;
  assert.equal(headers.authorization, 'Bearer t-1');
  assert.equal(headers['x-trace'], 'abc');
  assert.equal(headers['user-agent'], 'jobglass');
  assert.equal(headers['content-length'], '0');
});

test('a global fetch installed in place of Node\'s own is used by the default', async () => {
  const used = [];
  globalThis.fetch = (url, init) => {
    used.push(init.method);
    return builtinFetch(url, init);
  };
  try {
    assert.equal((await jobglass.fetchJob(`${base}/ray`, 'g')).status, 'RUNNING');
  } finally {
    globalThis.fetch = builtinFetch;
  }
  assert.deepEqual(used, ['GET']);
});

test('timeouts: a body that stalls is TIMEOUT after timeoutMs, exactly as through Node\'s fetch', async () => {
  const outcome = async (options) => {
    const started = performance.now();
    const e = await jobglass.fetchJob(`${base}/stall`, 'x', { timeoutMs: 300, retries: 1, ...options }).catch((err) => err);
    return { code: e.code, attempts: e.attempts, took: performance.now() - started };
  };
  const ours = await outcome({});
  const theirs = await outcome({ fetch: builtinFetch });
  assert.deepEqual([ours.code, ours.attempts], [theirs.code, theirs.attempts]);
  assert.equal(ours.code, 'TIMEOUT');
  assert.ok(ours.took >= 290 && ours.took < 2000, `took ${ours.took}`);
});

test('the caller\'s signal aborts a body being read: ABORTED at once', async () => {
  const controller = new AbortController();
  setTimeout(() => controller.abort(), 200);
  const started = performance.now();
  const e = await jobglass.fetchJob(`${base}/stall`, 'y', { signal: controller.signal, timeoutMs: 0 }).catch((err) => err);
  assert.equal(e.code, 'ABORTED', e.message);
  assert.ok(performance.now() - started < 1500);
  // The connection was closed, not left open.
  await new Promise((r) => setTimeout(r, 100));
  assert.equal(open.size, 0);
});

test('a 256 MiB log streams through: memory stays far below the body\'s size', async () => {
  // Holding the body would take at least its 256 MiB; garbage from the chunks read may linger
  // until the collector runs, so the bound is half of that, not the 1 MiB kept.
  globalThis.gc?.();
  const before = process.memoryUsage().rss;
  const logs = await jobglass.fetchJobLogs(`${base}/biglog`, '256', { maxLogBytes: 1 << 20, timeoutMs: 120000 });
  const grew = process.memoryUsage().rss - before;
  assert.equal(logs.truncated, true);
  assert.equal(logs.droppedBytes, 256 * 1024 * 1024 - (1 << 20));
  assert.ok(logs.text.length <= 1 << 20);
  assert.ok(grew < 128 << 20, `rss grew ${grew >> 20} MiB`);
});

test('a gzip body is decoded, as fetch decodes it', async () => {
  assert.equal((await jobglass.fetchJob(`${base}/gzip`, 'z')).submissionId, 'z');
});

test('redirects are followed; one to another origin drops the credential headers', async () => {
  seen.length = 0;
  const headers = { Authorization: 'Bearer secret-1', 'X-Auth': 'secret-2', 'X-Trace': 'kept' };
  assert.equal((await jobglass.fetchJob(`${base}/same`, 'r', { headers })).submissionId, 'r');
  assert.equal(seen.at(-1).headers.authorization, 'Bearer secret-1');
  assert.equal((await jobglass.fetchJob(`${base}/moved`, 'r', { headers })).submissionId, 'r');
  const last = seen.at(-1);
  assert.equal(last.headers.host, `localhost:${server.address().port}`);
  assert.equal(last.headers.authorization, undefined);
  assert.equal(last.headers['x-auth'], undefined);
  assert.equal(last.headers['x-trace'], 'kept');
});

test('nodeFetch answers as fetch does: a Response, its status, headers and streamed body', async () => {
  const res = await nodeFetch(`${base}/ray/api/jobs/n`, { headers: { 'X-A': '1' } });
  assert.ok(res instanceof Response);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/json');
  assert.equal(res.url, `${base}/ray/api/jobs/n`);
  assert.equal((await res.json()).submission_id, 'n');
  const missing = await nodeFetch(`${base}/nothing`);
  assert.equal(missing.status, 404);
  assert.equal(await missing.text(), 'Job x does not exist');
  await assert.rejects(nodeFetch('http://127.0.0.1:9/'), (e) => e instanceof TypeError && /ECONNREFUSED/.test(e.message));
  const aborted = AbortSignal.abort();
  await assert.rejects(nodeFetch(`${base}/ray/api/jobs/n`, { signal: aborted }), (e) => e.name === 'AbortError');
  await assert.rejects(nodeFetch(`${base}/ray/api/jobs/n`, { method: 'GET', body: 'x' }), TypeError);
});
