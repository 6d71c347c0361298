// examples/edge-worker in real workerd (through miniflare), bundled from the packed tarball the
// way wrangler bundles it, against local upstreams: a counting Ray-style server and the
// ModelArts double, which checks the worker's signatures.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Miniflare } from 'miniflare';
import * as esbuild from 'esbuild';
import { startDoubles } from '../servers/doubles.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const ORIGIN = 'https://dashboard.example.com';
const SEED = '0319470a-7fad-452e-bff0-d3ba3bd83955';
let dir; let doubles; let upstream; let hits = 0; let workers = [];

const rayJob = (id, status) => ({
  type: 'SUBMISSION', job_id: null, submission_id: id, driver_info: null, status, entrypoint: 'python x.py',
  message: '', error_type: null, start_time: 1795454150112, end_time: status === 'RUNNING' ? null : 1795454158068,
  metadata: {}, runtime_env: null, driver_exit_code: status === 'RUNNING' ? null : 0,
});

before(async () => {
  execFileSync(join(repo, 'scripts/pack.sh'), { cwd: repo });
  const tarball = join(repo, readdirSync(repo).find((f) => /^jobglass-.*\.tgz$/.test(f)));
  dir = mkdtempSync(join(tmpdir(), 'jobglass-edge-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'edge', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', '--silent', tarball], { cwd: dir });
  cpSync(join(repo, 'examples/edge-worker/src'), join(dir, 'src'), { recursive: true });
  // As wrangler does: the workerd export condition, and .wasm imports left as modules.
  await esbuild.build({
    entryPoints: [join(dir, 'src/worker.js')], bundle: true, format: 'esm', outdir: join(dir, 'dist'),
    conditions: ['workerd', 'worker', 'browser'], external: ['*.wasm'], logLevel: 'silent',
  });
  cpSync(join(dir, 'node_modules/jobglass/jobglass_bg.wasm'), join(dir, 'dist/jobglass_bg.wasm'));

  doubles = await startDoubles(0);
  upstream = createServer((req, res) => {
    hits++;
    const id = decodeURIComponent(req.url.split('/').pop());
    if (id === 'done-1' || id === 'live-1') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end(JSON.stringify(rayJob(id, id === 'done-1' ? 'SUCCEEDED' : 'RUNNING')));
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

function worker(secretKey = 'test-sk') {
  const mf = new Miniflare({
    modules: true,
    scriptPath: join(dir, 'dist/worker.js'),
    modulesRoot: join(dir, 'dist'),
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }],
    compatibilityDate: '2026-04-01',
    bindings: {
      JOB_UPSTREAM: `http://127.0.0.1:${upstream.address().port}`,
      MODELARTS_ENDPOINT: `${doubles.url}/modelarts`,
      ALLOWED_ORIGIN: ORIGIN,
      HUAWEICLOUD_SDK_AK: 'test-ak',
      HUAWEICLOUD_SDK_SK: secretKey,
    },
  });
  workers.push(mf);
  return mf;
}

test('GET /jobs/:id serves the normalized job; a terminal one is cached', async () => {
  const mf = worker();
  const before = hits;
  const first = await mf.dispatchFetch('http://edge.test/jobs/done-1', { headers: { Origin: ORIGIN } });
  assert.equal(first.status, 200);
  assert.equal(first.headers.get('access-control-allow-origin'), ORIGIN);
  assert.equal(first.headers.get('x-cache'), 'miss');
  const job = await first.json();
  assert.equal(job.kind, 'job');
  assert.equal(job.status, 'SUCCEEDED');
  assert.equal(job.durationMs, 7956);
  const second = await mf.dispatchFetch('http://edge.test/jobs/done-1');
  assert.equal(second.headers.get('x-cache'), 'hit');
  assert.equal((await second.json()).submissionId, 'done-1');
  assert.equal(hits - before, 1, 'the upstream was asked once');
});

test('a live job is fetched afresh every time', async () => {
  const mf = worker();
  const before = hits;
  for (let i = 0; i < 2; i++) {
    const res = await mf.dispatchFetch('http://edge.test/jobs/live-1');
    assert.equal(res.headers.get('cache-control'), 'no-store');
    assert.equal((await res.json()).status, 'RUNNING');
  }
  assert.equal(hits - before, 2);
});

test('JobglassError codes become HTTP statuses with a JSON body', async () => {
  const mf = worker();
  const missing = await mf.dispatchFetch('http://edge.test/jobs/nope');
  assert.equal(missing.status, 404);
  const { error } = await missing.json();
  assert.equal(error.code, 'NOT_FOUND');
  assert.equal(error.upstreamStatus, 404);
  const bad = await mf.dispatchFetch(`http://edge.test/jobs/${'x'.repeat(513)}`);
  assert.equal(bad.status, 400);
  assert.equal((await bad.json()).error.code, 'INVALID_ARGUMENT');
  const route = await mf.dispatchFetch('http://edge.test/elsewhere');
  assert.equal(route.status, 404);
});

test('CORS preflights are answered for the configured origin only', async () => {
  const mf = worker();
  const ok = await mf.dispatchFetch('http://edge.test/jobs/done-1', { method: 'OPTIONS', headers: { Origin: ORIGIN, 'Access-Control-Request-Method': 'GET' } });
  assert.equal(ok.status, 204);
  assert.equal(ok.headers.get('access-control-allow-origin'), ORIGIN);
  assert.match(ok.headers.get('access-control-allow-methods'), /GET/);
  const other = await mf.dispatchFetch('http://edge.test/jobs/done-1', { method: 'OPTIONS', headers: { Origin: 'https://evil.example' } });
  assert.equal(other.status, 403);
  assert.equal(other.headers.get('access-control-allow-origin'), null);
});

test('GET /devserver/:project/:id is signed with the worker\'s keys, which never leave it', async () => {
  const res = await worker().dispatchFetch(`http://edge.test/devserver/proj-1/${SEED}`);
  assert.equal(res.status, 200);
  const job = await res.json();
  assert.equal(job.kind, 'devServerJob');
  assert.equal(job.status, 'SUCCEEDED');
  const last = await (await fetch(`${doubles.url}/modelarts/_last-request`)).json();
  assert.ok(last.headers.includes('authorization') && last.headers.includes('x-project-id'));

  const wrong = await worker('not-the-secret').dispatchFetch(`http://edge.test/devserver/proj-1/${SEED}`);
  assert.equal(wrong.status, 502);
  const text = await wrong.text();
  assert.equal(JSON.parse(text).error.code, 'UNAUTHORIZED');
  assert.ok(!text.includes('not-the-secret') && !text.includes('Signature='));
});
