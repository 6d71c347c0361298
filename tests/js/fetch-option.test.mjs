// `options.fetch` (docs/api.md §2, §10): every call that sends requests sends each of them through
// the caller's function, called exactly as the global `fetch` would be — in Node through the
// package's Node entry (whose own default must then stay unused) against the server doubles, and
// in workerd (miniflare) through the `workerd` entry. The browsers run the same check in the
// shared wasm tests (tests/common/mod.rs, `every_call_sends_through_options_fetch`).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, copyFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';
import { Miniflare } from 'miniflare';
import * as jobglass from '../../pkg/node.js';
import { useDoubles } from '../servers/spawn.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const doubles = useDoubles();
const SEED = '0319470a-7fad-452e-bff0-d3ba3bd83955';
const builtinFetch = globalThis.fetch;

/** A fetch that records `{url, init, arity}` and sends with Node's own fetch. */
function recorder() {
  const calls = [];
  const fetch = function (url, init) {
    calls.push({ url, init, arity: arguments.length });
    return builtinFetch(url, init);
  };
  return { calls, fetch };
}

/** Runs `use` with the global fetch replaced by one that fails the test when called. */
async function withoutGlobalFetch(use) {
  const stray = [];
  globalThis.fetch = (url) => {
    stray.push(String(url));
    return Promise.reject(new TypeError('the global fetch was used'));
  };
  try {
    return await use();
  } finally {
    globalThis.fetch = builtinFetch;
    assert.deepEqual(stray, [], 'requests sent around options.fetch');
  }
}

const post = (path, body) => builtinFetch(`${doubles.url}${path}`, {
  method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body),
}).then((r) => r.json());

test('Node: every call sends each request through options.fetch, as fetch(url, init)', async () => {
  const app = `app-fetch-option-${process.pid}`;
  await post('/oyr/api/jobs', { entrypoint: 'sleep forever', submission_id: app, metadata: { advance: 'manual' } });
  const logJob = `log-fetch-option-${process.pid}`;
  await post('/raylogs/_control/jobs', { id: logJob });
  await post(`/raylogs/_control/jobs/${logJob}/write`, { text: 'one\ntwo\n' });
  await post(`/raylogs/_control/jobs/${logJob}/finish`, { status: 'SUCCEEDED' });
  const ray = `${doubles.url}/ray`; const oyr = `${doubles.url}/oyr`; const logs = `${doubles.url}/raylogs`;
  const ma = `${doubles.url}/modelarts`;
  const token = { authToken: 'good-token' };
  // [call, the requests it must send as "METHOD path" after the double's prefix, what it resolves with]
  const runs = [
    ['fetchJob', (o) => jobglass.fetchJob(ray, 'demo-1', o), ['GET /ray/api/jobs/demo-1'], (v) => v.status === 'SUCCEEDED'],
    ['listJobs', (o) => jobglass.listJobs(ray, o), ['GET /ray/api/jobs/'], (v) => v.length > 0],
    ['watchJob', (o) => jobglass.watchJob(ray, 'demo-1', o), ['GET /ray/api/jobs/demo-1'], (v) => v.terminal],
    ['stopJob', (o) => jobglass.stopJob(oyr, app, o), [`POST /oyr/api/jobs/${app}/stop`], (v) => v === true],
    ['deleteJob', (o) => jobglass.deleteJob(oyr, app, o), [`DELETE /oyr/api/jobs/${app}`], (v) => v === true],
    ['fetchJobLogs', (o) => jobglass.fetchJobLogs(logs, logJob, o),
      [`GET /raylogs/api/jobs/${logJob}`, `GET /raylogs/api/jobs/${logJob}/logs`], (v) => v.text === 'one\ntwo\n' && v.complete],
    ['followJobLogs', (o) => jobglass.followJobLogs(logs, logJob, { ...o, intervalMs: 100 }),
      [`GET /raylogs/api/jobs/${logJob}`, `GET /raylogs/api/jobs/${logJob}/logs`], (v) => v.text === 'one\ntwo\n' && v.complete],
    ['fetchDevServerJob', (o) => jobglass.fetchDevServerJob(ma, 'p-1', SEED, { ...o, ...token }),
      [`GET /modelarts/v1/p-1/dev-servers/jobs/${SEED}`], (v) => v.id === SEED],
    ['watchDevServerJob', (o) => jobglass.watchDevServerJob(ma, 'p-1', SEED, { ...o, ...token }),
      [`GET /modelarts/v1/p-1/dev-servers/jobs/${SEED}`], (v) => v.terminal],
    ['listDevServerJobs', (o) => jobglass.listDevServerJobs(ma, 'p-1', { ...o, ...token }),
      ['GET /modelarts/v1/p-1/dev-servers/jobs'], (v) => v.jobs.length > 0],
  ];
  for (const [name, call, expected, check] of runs) {
    const { calls, fetch } = recorder();
    const value = await withoutGlobalFetch(() => call({ fetch, headers: { 'X-Test': 'yes' } }));
    assert.ok(check(value), `${name}: ${JSON.stringify(value)?.slice(0, 200)}`);
    const sent = calls.map(({ url, init }) => `${init.method} ${url.slice(doubles.url.length)}`);
    assert.deepEqual(sent, expected, name);
    for (const { url, init, arity } of calls) {
      assert.equal(arity, 2, name);
      assert.equal(typeof url, 'string', name);
      assert.ok(init.headers instanceof Headers, name);
      assert.equal(init.headers.get('x-test'), 'yes', name);
      if (name.includes('DevServer')) assert.equal(init.headers.get('x-auth-token'), 'good-token', name);
      assert.ok(init.signal instanceof AbortSignal, name);
      assert.equal(init.body, undefined, name);
    }
  }
});

test('Node: options.fetch is called as the global fetch is (same URL, method, headers, signal)', async () => {
  const seen = {};
  for (const how of ['global', 'option']) {
    const { calls, fetch } = recorder();
    if (how === 'global') {
      globalThis.fetch = fetch;
      try {
        await jobglass.fetchJob(`${doubles.url}/ray`, 'demo-1', { headers: { 'X-Test': 'yes' } });
      } finally {
        globalThis.fetch = builtinFetch;
      }
    } else {
      await jobglass.fetchJob(`${doubles.url}/ray`, 'demo-1', { headers: { 'X-Test': 'yes' }, fetch });
    }
    seen[how] = calls.map(({ url, init, arity }) => ({
      url, arity, keys: Object.keys(init).sort(), method: init.method, headers: [...init.headers],
      signal: init.signal instanceof AbortSignal, aborted: init.signal.aborted,
    }));
  }
  assert.equal(seen.option.length, 1);
  assert.deepEqual(seen.option, seen.global);
});

test('Node: a fetch option that is not a function is INVALID_ARGUMENT for every call, and nothing is sent', async () => {
  const ep = 'http://127.0.0.1:9';
  const calls = [
    (o) => jobglass.fetchJob(ep, 'x', o), (o) => jobglass.listJobs(ep, o), (o) => jobglass.watchJob(ep, 'x', o),
    (o) => jobglass.stopJob(ep, 'x', o), (o) => jobglass.deleteJob(ep, 'x', o), (o) => jobglass.fetchJobLogs(ep, 'x', o),
    (o) => jobglass.followJobLogs(ep, 'x', o), (o) => jobglass.fetchDevServerJob(ep, 'p', 'x', o),
    (o) => jobglass.watchDevServerJob(ep, 'p', 'x', o), (o) => jobglass.listDevServerJobs(ep, 'p', o),
  ];
  for (const bad of ['fetch', 42, {}, true, [], Symbol('fetch')]) {
    for (const call of calls) {
      const e = await withoutGlobalFetch(() => call({ fetch: bad }).then(() => assert.fail('resolved'), (err) => err));
      assert.ok(jobglass.isJobglassError(e));
      assert.equal(e.code, 'INVALID_ARGUMENT');
      assert.equal(e.attempts, 0);
      assert.match(e.message, /fetch must be a function/);
    }
  }
  // undefined and null mean the default, as for every option.
  for (const none of [undefined, null]) {
    const job = await jobglass.fetchJob(`${doubles.url}/ray`, 'demo-1', { fetch: none });
    assert.equal(job.status, 'SUCCEEDED');
  }
});

test('Node: options.fetch wins over the Node entry\'s default, which it never calls', async () => {
  // With the global fetch replaced, the entry's default would hand requests to the replacement:
  // withoutGlobalFetch fails the test if anything but options.fetch sends.
  const answered = [];
  const fetch = async (url, init) => {
    answered.push(init.method);
    return new Response(JSON.stringify({ stopped: true }), { headers: { 'Content-Type': 'application/json' } });
  };
  assert.equal(await withoutGlobalFetch(() => jobglass.stopJob('http://127.0.0.1:9', 'j', { fetch })), true);
  assert.deepEqual(answered, ['POST']);
});

test('workerd: every call sends through options.fetch', async (t) => {
  // A worker bundled from the package's workerd entry; its recording fetch answers each request
  // itself, and the endpoint is a closed port, so a request sent any other way would fail.
  const dir = mkdtempSync(join(tmpdir(), 'jobglass-fetch-option-'));
  t.after(() => rmSync(dir, { recursive: true, force: true }));
  writeFileSync(join(dir, 'worker.js'), `
import * as jobglass from ${JSON.stringify(join(repo, 'pkg/workerd.js'))};
const ray = ${JSON.stringify(await readFixture('ray/demo-1.json'))};
const list = ${JSON.stringify(await readFixture('ray/list-mixed.json'))};
const ma = ${JSON.stringify(await readFixture('modelarts/seed-example.json'))};
const maList = ${JSON.stringify(await readFixture('modelarts/list-page.json'))};
const answers = {
  'GET /api/jobs/demo-1': ray, 'GET /api/jobs/': list, 'POST /api/jobs/demo-1/stop': '{"stopped":true}',
  'DELETE /api/jobs/demo-1': '{"deleted":true}', 'GET /api/jobs/demo-1/logs': '{"logs":"one\\\\ntwo\\\\n"}',
  'GET /v1/p-1/dev-servers/jobs/j-1': ma, 'GET /v1/p-1/dev-servers/jobs': maList,
};
export default {
  async fetch() {
    const ep = 'http://127.0.0.1:9';
    const runs = {
      fetchJob: (o) => jobglass.fetchJob(ep, 'demo-1', o),
      listJobs: (o) => jobglass.listJobs(ep, o),
      watchJob: (o) => jobglass.watchJob(ep, 'demo-1', o),
      stopJob: (o) => jobglass.stopJob(ep, 'demo-1', o),
      deleteJob: (o) => jobglass.deleteJob(ep, 'demo-1', o),
      fetchJobLogs: (o) => jobglass.fetchJobLogs(ep, 'demo-1', o),
      followJobLogs: (o) => jobglass.followJobLogs(ep, 'demo-1', o),
      fetchDevServerJob: (o) => jobglass.fetchDevServerJob(ep, 'p-1', 'j-1', o),
      watchDevServerJob: (o) => jobglass.watchDevServerJob(ep, 'p-1', 'j-1', o),
      listDevServerJobs: (o) => jobglass.listDevServerJobs(ep, 'p-1', o),
    };
    const out = {};
    for (const [name, run] of Object.entries(runs)) {
      const sent = [];
      const fetch = function (url, init) {
        sent.push({ arity: arguments.length, url, method: init.method, header: init.headers?.get('x-test') ?? null,
          signal: init.signal instanceof AbortSignal });
        const body = answers[init.method + ' ' + new URL(url).pathname];
        return Promise.resolve(new Response(body ?? 'no such answer', { status: body ? 200 : 404, headers: { 'Content-Type': 'application/json' } }));
      };
      try {
        const value = await run({ fetch, headers: { 'X-Test': 'yes' }, intervalMs: 100 });
        out[name] = { ok: value !== undefined && value !== null, sent };
      } catch (e) {
        out[name] = { error: e.code + ': ' + e.message, sent };
      }
    }
    const bad = await jobglass.fetchJob(ep, 'x', { fetch: 'no' }).catch((e) => e.code);
    return Response.json({ out, bad });
  },
};
`);
  await esbuild.build({
    entryPoints: [join(dir, 'worker.js')], bundle: true, format: 'esm', outfile: join(dir, 'dist/worker.js'),
    conditions: ['workerd', 'worker', 'browser'], external: ['*.wasm'], logLevel: 'silent',
  });
  copyFileSync(join(repo, 'pkg/jobglass_bg.wasm'), join(dir, 'dist/jobglass_bg.wasm'));
  const mf = new Miniflare({
    modules: true, scriptPath: join(dir, 'dist/worker.js'), modulesRoot: join(dir, 'dist'),
    modulesRules: [{ type: 'CompiledWasm', include: ['**/*.wasm'] }], compatibilityDate: '2026-04-01',
  });
  t.after(() => mf.dispose());
  const { out, bad } = await (await mf.dispatchFetch('http://worker.test/')).json();
  const expected = {
    fetchJob: ['GET /api/jobs/demo-1'], listJobs: ['GET /api/jobs/'], watchJob: ['GET /api/jobs/demo-1'],
    stopJob: ['POST /api/jobs/demo-1/stop'], deleteJob: ['DELETE /api/jobs/demo-1'],
    fetchJobLogs: ['GET /api/jobs/demo-1', 'GET /api/jobs/demo-1/logs'],
    followJobLogs: ['GET /api/jobs/demo-1', 'GET /api/jobs/demo-1/logs'],
    fetchDevServerJob: ['GET /v1/p-1/dev-servers/jobs/j-1'], watchDevServerJob: ['GET /v1/p-1/dev-servers/jobs/j-1'],
    listDevServerJobs: ['GET /v1/p-1/dev-servers/jobs'],
  };
  assert.deepEqual(Object.keys(out), Object.keys(expected));
  for (const [name, requests] of Object.entries(expected)) {
    const { ok, error, sent } = out[name];
    assert.equal(error, undefined, name);
    assert.equal(ok, true, name);
    assert.deepEqual(sent.map((s) => `${s.method} ${new URL(s.url).pathname}`), requests, name);
    for (const s of sent) assert.deepEqual([s.arity, s.header, s.signal], [2, 'yes', true], name);
  }
  assert.equal(bad, 'INVALID_ARGUMENT');
});

async function readFixture(path) {
  const { readFile } = await import('node:fs/promises');
  return readFile(join(repo, 'tests/fixtures', path), 'utf8');
}

before(() => assert.equal(typeof jobglass.fetchJob, 'function'));
after(() => { globalThis.fetch = builtinFetch; });
