// The console's watch round (worker/src/watch*.js, docs/notifications.md) under `wrangler dev`
// (workerd, D1 as SQLite on disk): a Ray-style double whose jobs change state, one webhook
// receiver per format (Feishu's and DingTalk's signatures recomputed here with node:crypto), and
// exactly one POST per transition across two overlapping rounds and a restart of the console.
// Rounds are started through wrangler's `/__scheduled` test route (the Cron Trigger's handler);
// one test shows the Durable Object clock of `make demo` running rounds by itself.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { consoleProject, freePort, startConsole } from './lib/console.mjs';
import { startDoubles } from '../servers/doubles.mjs';
import { json, readBody } from '../servers/http.mjs';
import { PAGED_JOBS } from '../servers/modelarts.mjs';

const repo = new URL('../../', import.meta.url).pathname;
const FEISHU_SECRET = 'feishu-sign-secret-7f3a';
const DINGTALK_SECRET = 'SECdingtalk-sign-secret-91be';
const SLACK_PATH = '/slack/T000/B000/slack-url-token-d41d';
const HUNG_MINUTES = 0.02; // 1.2 s: the round after that much quiet calls the job HUNG

let dir; let upstream; let receiver; let state;
/** A loopback port nothing listens on: a webhook there fails with a network error. */
let closedPort;
/** The double's jobs, by id: `{status, errorType, endTime, log, grows}`. */
const jobs = new Map();
/** Every POST the receiver got: `{path, query, body, headers}`. */
const posts = [];
/** Per path: answers to give before 200 (e.g. [500, 500]). */
const scripted = new Map();

const rayJob = (id, j) => ({
  type: 'SUBMISSION', job_id: null, submission_id: id, status: j.status, entrypoint: `python ${id}.py --token=abc`,
  message: '', error_type: j.errorType ?? null, start_time: 1767225600000, end_time: j.endTime ?? null,
  metadata: { job_name: j.name ?? id }, runtime_env: { env_vars: { SECRET_ENV: 'env-value-5150' } },
});

before(async () => {
  dir = consoleProject('jobglass-watch-');
  state = mkdtempSync(join(tmpdir(), 'jobglass-watch-state-'));
  upstream = createServer((req, res) => {
    if (req.url === '/api/jobs/') return json(res, 200, [...jobs].map(([id, j]) => rayJob(id, j)));
    const one = /^\/api\/jobs\/([^/]+)$/.exec(req.url);
    if (one && jobs.has(one[1])) return json(res, 200, rayJob(one[1], jobs.get(one[1])));
    const m = /^\/api\/jobs\/([^/]+)\/logs$/.exec(req.url);
    if (m && jobs.has(m[1])) {
      const j = jobs.get(m[1]);
      if (j.grows) j.log += 'step\n';
      return json(res, 200, { logs: j.log });
    }
    json(res, 404, 'not found');
  });
  receiver = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    const body = await readBody(req);
    posts.push({ path: url.pathname, query: url.searchParams, body: JSON.parse(body), headers: req.headers });
    const queue = scripted.get(url.pathname) ?? [];
    const status = queue.length ? queue.shift() : 200;
    if (status === 302) {
      res.writeHead(302, { Location: `http://127.0.0.1:${receiver.address().port}/json` });
      return res.end();
    }
    json(res, status, url.pathname.startsWith('/feishu') ? { code: 0, msg: 'success' } : { errcode: 0, errmsg: 'ok' });
  });
  await new Promise((r) => upstream.listen(0, '127.0.0.1', r));
  await new Promise((r) => receiver.listen(0, '127.0.0.1', r));
  closedPort = await freePort();
});

after(async () => {
  await new Promise((r) => upstream?.close(r));
  await new Promise((r) => receiver?.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (state) rmSync(state, { recursive: true, force: true });
});

const hook = (path) => `http://127.0.0.1:${receiver.address().port}${path}`;
const ENDED = ['FAILED', 'STOPPED', 'SUCCEEDED'];
function env() {
  return {
    JOBGLASS_CLUSTERS: JSON.stringify([{ name: 'local', kind: 'ray', url: `http://127.0.0.1:${upstream.address().port}`, cacheSeconds: 0 }]),
    JOBGLASS_ORIGIN: 'https://jobs.example.com',
    SLACK_URL: hook(SLACK_PATH),
    FEISHU_SECRET,
    DINGTALK_SECRET,
    JOBGLASS_NOTIFY: JSON.stringify([
      { cluster: '*', when: ENDED, webhook: hook('/json'), format: 'json' },
      { cluster: 'local', when: ENDED, webhook: 'secret:SLACK_URL', format: 'slack' },
      { cluster: '*', when: ENDED, webhook: hook('/feishu'), format: 'feishu', signSecret: 'secret:FEISHU_SECRET' },
      { cluster: '*', when: ENDED, webhook: hook('/dingtalk?access_token=dt'), format: 'dingtalk', signSecret: 'secret:DINGTALK_SECRET' },
      { cluster: '*', when: ENDED, webhook: hook('/wecom?key=wc'), format: 'wecom' },
      { cluster: '*', when: ['FAILED'], webhook: hook('/flaky'), format: 'json' },
      { cluster: '*', when: ['FAILED'], webhook: hook('/down'), format: 'json' },
      { cluster: '*', when: ['FAILED'], webhook: hook('/moved'), format: 'json' },
      { cluster: '*', when: ['HUNG'], match: 'quiet', webhook: hook('/hung'), format: 'json', hungMinutes: HUNG_MINUTES },
      { cluster: '*', when: ['FAILED'], webhook: `http://127.0.0.1:${closedPort}/nobody`, format: 'json' },
    ]),
  };
}

/** Runs `n` rounds at once through the Cron Trigger's handler and waits for each to log its end. */
async function rounds(c, n = 1) {
  const before_ = c.lines('watch').filter((l) => l.watch === 'round').length;
  const answers = await Promise.all(Array.from({ length: n }, () => fetch(`${c.url}/__scheduled?cron=*+*+*+*+*`)));
  for (const a of answers) assert.equal(a.status, 200, await a.text());
  for (const deadline = Date.now() + 60000; c.lines('watch').filter((l) => l.watch === 'round').length < before_ + n;) {
    if (Date.now() > deadline) throw new Error(`no round ended:\n${c.output()}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  return c.lines('watch').filter((l) => l.watch === 'round').slice(-n);
}

const postsTo = (path, id, status) => posts.filter((p) => p.path === path && (id === undefined || JSON.stringify(p.body).includes(id))
  && (status === undefined || JSON.stringify(p.body).includes(status)));

describe('the watch round, its webhooks and its history', () => {
  let c;
  after(() => c?.stop());

  test('the first round announces nothing, not even jobs first seen already ended', async () => {
    jobs.set('train-a', { status: 'RUNNING', log: 'a\n' });
    jobs.set('train-b', { status: 'RUNNING', log: 'b\n' });
    jobs.set('old-c', { status: 'SUCCEEDED', endTime: 1767229200000, log: '' });
    jobs.set('gone-d', { status: 'RUNNING', log: '' });
    jobs.set('down-e', { status: 'RUNNING', log: '' });
    jobs.set('quiet-h', { status: 'RUNNING', log: 'then nothing\n', name: 'quiet job' });
    jobs.set('quiet-busy-g', { status: 'RUNNING', log: '', grows: true });
    c = await startConsole(dir, env(), { state, scheduled: true });
    const [round] = await rounds(c);
    assert.equal(round.jobs, 7);
    assert.equal(round.changed, 7);
    assert.equal(posts.length, 0);
  });

  test('a round with nothing changed writes nothing', async () => {
    const [round] = await rounds(c);
    assert.equal(round.changed, 0);
    // The only rows written: the HUNG watch's log lengths of the job whose log grows.
    assert.equal(round.rowsWritten, 1);
    // (HUNG may already be due for the quiet job: its own test counts it.)
    assert.equal(posts.filter((p) => p.path !== '/hung').length, 0);
  });

  test('two overlapping rounds post each transition once per rule, in each platform\'s shape', async () => {
    scripted.set('/flaky', [500, 500]);
    scripted.set('/down', [500, 500, 500, 500, 500, 500]);
    scripted.set('/moved', [302]);
    Object.assign(jobs.get('train-a'), { status: 'FAILED', errorType: 'JOB_SUPERVISOR_ACTOR_DIED', endTime: 1767232800000 });
    Object.assign(jobs.get('train-b'), { status: 'SUCCEEDED', endTime: 1767232800000 });
    await rounds(c, 2);

    for (const path of ['/json', SLACK_PATH, '/feishu', '/dingtalk', '/wecom']) {
      assert.equal(postsTo(path, 'train-a').length, 1, `${path} train-a`);
      assert.equal(postsTo(path, 'train-b').length, 1, `${path} train-b`);
      assert.equal(postsTo(path).length, 2, path);
    }
    const a = postsTo('/json', 'train-a')[0];
    assert.deepEqual(a.body, {
      cluster: 'local', id: 'train-a', name: 'train-a', status: 'FAILED', previousStatus: 'RUNNING',
      startTime: 1767225600000, endTime: 1767232800000, errorType: 'JOB_SUPERVISOR_ACTOR_DIED',
      url: 'https://jobs.example.com/?cluster=local&id=train-a',
    });
    assert.equal(a.headers['content-type'], 'application/json');

    const slack = postsTo(SLACK_PATH, 'train-b')[0].body;
    assert.deepEqual(Object.keys(slack), ['text']);
    assert.match(slack.text, /^Job train-b on local succeeded/);
    assert.match(slack.text, /<https:\/\/jobs\.example\.com\/\?cluster=local&id=train-b\|Open in jobglass>/);

    // Feishu: {timestamp, sign, msg_type: "text", content: {text}}; the key is timestamp + "\n" + secret.
    for (const p of postsTo('/feishu')) {
      assert.equal(p.body.msg_type, 'text');
      assert.match(p.body.content.text, /^Job train-[ab] on local (failed|succeeded)/);
      assert.match(p.body.timestamp, /^\d{10}$/);
      assert.ok(Math.abs(Number(p.body.timestamp) - Date.now() / 1000) < 3600, 'Feishu refuses timestamps an hour off');
      const expected = createHmac('sha256', `${p.body.timestamp}\n${FEISHU_SECRET}`).update('').digest('base64');
      assert.equal(p.body.sign, expected);
    }
    // DingTalk: timestamp (ms) and sign as query parameters, HMAC under the secret of timestamp + "\n" + secret.
    for (const p of postsTo('/dingtalk')) {
      assert.equal(p.query.get('access_token'), 'dt');
      const timestamp = p.query.get('timestamp');
      assert.match(timestamp, /^\d{13}$/);
      const expected = createHmac('sha256', DINGTALK_SECRET).update(`${timestamp}\n${DINGTALK_SECRET}`).digest('base64');
      assert.equal(p.query.get('sign'), expected);
      assert.equal(p.body.msgtype, 'markdown');
      assert.match(p.body.markdown.title, /^jobglass: (FAILED|SUCCEEDED) train-[ab]$/);
      assert.match(p.body.markdown.text, /\[Open in jobglass\]\(https:\/\/jobs\.example\.com\/\?cluster=local&id=train-[ab]\)/);
    }
    for (const p of postsTo('/wecom')) {
      assert.equal(p.query.get('key'), 'wc');
      assert.equal(p.body.msgtype, 'markdown');
      assert.match(p.body.markdown.content, /^\*\*jobglass: Job train-[ab] on local (failed|succeeded)\*\*/);
    }
  });

  test('a 500 is retried until it succeeds; a webhook that keeps failing, cannot be reached or redirects is logged and stops nothing', async () => {
    assert.equal(postsTo('/flaky').length, 3);
    assert.equal(postsTo('/flaky').filter((p) => p.body.id === 'train-a').length, 3);
    assert.equal(postsTo('/down').length, 4);
    // The redirect was not followed: /json got only its own rule's posts (counted above).
    assert.equal(postsTo('/moved').length, 1);
    const failed = c.lines('notify');
    assert.deepEqual(failed.map((l) => [l.rule, l.state, l.reason, l.attempts]).sort(), [
      ['JOBGLASS_NOTIFY[6]', 'FAILED', 'HTTP 500', 4],
      ['JOBGLASS_NOTIFY[7]', 'FAILED', 'HTTP 302 (redirects are not followed)', 1],
      ['JOBGLASS_NOTIFY[9]', 'FAILED', 'network error', 4],
    ]);
  });

  test('no secret, env value, entrypoint or webhook address is in any message or log line', () => {
    const everything = JSON.stringify(posts.map((p) => p.body)) + c.output();
    for (const secret of [FEISHU_SECRET, DINGTALK_SECRET, 'slack-url-token-d41d', 'env-value-5150', '--token=abc', 'access_token', 'key=wc']) {
      assert.ok(!everything.includes(secret), secret);
    }
  });

  test('a running job whose log stops growing is HUNG once; one whose log grows is not', async () => {
    await new Promise((r) => setTimeout(r, HUNG_MINUTES * 60000 + 200));
    await rounds(c);
    await rounds(c);
    assert.deepEqual(postsTo('/hung').map((p) => [p.body.id, p.body.status, p.body.previousStatus]), [['quiet-h', 'HUNG', 'RUNNING']]);
  });

  test('a job ended while the console was down is announced once when it is back; nothing twice', async () => {
    await c.stop();
    const count = posts.length;
    jobs.get('down-e').status = 'STOPPED';
    jobs.delete('gone-d');
    c = await startConsole(dir, env(), { state, scheduled: true });
    await rounds(c, 2);
    await rounds(c);
    const fresh = posts.slice(count).filter((p) => p.path !== '/hung');
    assert.deepEqual(fresh.map((p) => p.path).sort(), ['/dingtalk', '/feishu', '/json', '/wecom', SLACK_PATH].sort());
    assert.ok(fresh.every((p) => JSON.stringify(p.body).includes('down-e')), 'only down-e is announced');
    assert.deepEqual(postsTo('/json', 'down-e')[0].body.previousStatus, 'RUNNING');
  });

  test('a job deleted upstream is still listed, from history, with its last known state', async () => {
    const answer = await fetch(`${c.url}/api/history?cluster=local`);
    assert.equal(answer.status, 200);
    const history = await answer.json();
    assert.deepEqual(history.map((h) => [h.cluster, h.id, h.status]), [['local', 'gone-d', 'RUNNING']]);
    assert.equal(history[0].job.submission_id, 'gone-d');
    assert.equal(typeof history[0].goneAt, 'number');
    assert.deepEqual((await (await fetch(`${c.url}/api/history`)).json()).map((h) => h.id), ['gone-d']);
    // Another site's page reads no history, even on loopback under sign-in `none`.
    assert.equal((await fetch(`${c.url}/api/history`, { headers: { 'Sec-Fetch-Site': 'cross-site' } })).status, 403);
    assert.equal((await fetch(`${c.url}/api/history`, { method: 'POST' })).status, 405);
    assert.equal((await fetch(`${c.url}/api/history?cluster=..%2F`)).status, 400);
  });
});

describe('the clock of make demo', () => {
  test('with JOBGLASS_WATCH_CLOCK=alarm, rounds run by themselves every JOBGLASS_WATCH_SECONDS', async () => {
    const c = await startConsole(dir, { JOBGLASS_WATCH_CLOCK: 'alarm', JOBGLASS_WATCH_SECONDS: '1' });
    try {
      for (const deadline = Date.now() + 60000; c.lines('watch').filter((l) => l.watch === 'round').length < 2;) {
        if (Date.now() > deadline) throw new Error(`no rounds:\n${c.output()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const [first] = c.lines('watch');
      assert.equal(first.clusters, 1); // the samples cluster
      assert.ok(first.jobs >= 9);
      assert.equal((await fetch(`${c.url}/__scheduled`)).status, 404);
    } finally {
      await c.stop();
    }
  });

  test('under the clock, wrangler dev\'s scheduled routes start no round', async () => {
    const c = await startConsole(dir, { JOBGLASS_WATCH_CLOCK: 'alarm', JOBGLASS_WATCH_SECONDS: '3600' }, { scheduled: true });
    try {
      for (const deadline = Date.now() + 60000; c.lines('watch').length < 1;) {
        if (Date.now() > deadline) throw new Error(`no first round:\n${c.output()}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      // Each answers once the scheduled handler has returned: a round would have logged first.
      assert.equal((await fetch(`${c.url}/__scheduled`)).status, 200);
      await fetch(`${c.url}/cdn-cgi/handler/scheduled`);
      await fetch(`${c.url}/cdn-cgi/handler/scheduled?cron=*+*+*+*+*`);
      await fetch(`${c.url}/api/clusters`);
      assert.equal(c.lines('watch').length, 1);
    } finally {
      await c.stop();
    }
  });
});

describe('a ModelArts cluster', () => {
  test('every page of its list is read, signed, so no job of a later page is taken for gone', async () => {
    const doubles = await startDoubles(0);
    const c = await startConsole(dir, {
      JOBGLASS_CLUSTERS: JSON.stringify([{ name: 'paged', kind: 'modelarts', url: `${doubles.url}/modelarts`, project: 'paged-project' }]),
      HUAWEICLOUD_SDK_AK: 'test-ak', HUAWEICLOUD_SDK_SK: 'test-sk',
    }, { scheduled: true });
    try {
      const [first] = await rounds(c);
      assert.equal(first.jobs, PAGED_JOBS);
      assert.equal(first.unread, 0);
      const [second] = await rounds(c);
      assert.deepEqual([second.jobs, second.changed, second.gone, second.rowsWritten], [PAGED_JOBS, 0, 0, 0]);
      assert.deepEqual(await (await fetch(`${c.url}/api/history`)).json(), []);
    } finally {
      await c.stop();
      await doubles.close();
    }
  });
});

describe('the history route', () => {
  test('is signed in like every console route', async () => {
    const c = await startConsole(dir, {
      JOBGLASS_AUTH: 'token', JOBGLASS_VIEWER_TOKENS: 'ann:viewer-token-0123456789', JOBGLASS_SESSION_SECRET: 'session-secret-0123456789abcdef',
    });
    try {
      const answer = await fetch(`${c.url}/api/history`);
      assert.equal(answer.status, 401);
      assert.equal((await answer.json()).error.code, 'UNAUTHENTICATED');
      const signIn = await fetch(`${c.url}/api/session`, {
        method: 'POST', headers: { 'Content-Type': 'application/json', Origin: c.url, 'Sec-Fetch-Site': 'same-origin', 'X-Jobglass-Action': '1' },
        body: JSON.stringify({ token: 'viewer-token-0123456789' }),
      });
      assert.equal(signIn.status, 200, await signIn.text());
      const cookie = signIn.headers.get('set-cookie').split(';')[0];
      const signed = await fetch(`${c.url}/api/history`, { headers: { Cookie: cookie } });
      assert.equal(signed.status, 200);
      assert.deepEqual(await signed.json(), []);
    } finally {
      await c.stop();
    }
  });
});

describe('rules checked at start', () => {
  const check = (extra) => spawnSync('node', [join(repo, 'worker/check-config.mjs')], { env: { PATH: process.env.PATH, ...extra }, encoding: 'utf8' });

  test('a bad rule stops start-up with a message naming it, never a secret or address', () => {
    const cases = [
      [[{ when: ['FAILED'], webhook: 'http://hooks.example.com/x' }], /JOBGLASS_NOTIFY\[0\]: "webhook" must be an https URL/],
      [[{ when: ['DONE'], webhook: 'https://h.example/x' }], /JOBGLASS_NOTIFY\[0\]: "when" must be/],
      [[{ when: ['FAILED'], webhook: 'https://h.example/x', format: 'teams' }], /"format" must be one of json, slack, feishu, dingtalk, wecom/],
      [[{ when: ['FAILED'], webhook: 'secret:NOPE' }], /names the secret NOPE, which is not set/],
      [[{ when: ['FAILED'], webhook: 'https://h.example/x', format: 'slack', signSecret: 'x' }], /"signSecret" is for the feishu and dingtalk formats only/],
      [[{ when: ['HUNG'], webhook: 'https://h.example/x', hungMinutes: 0 }], /"hungMinutes" must be/],
      [[{ cluster: 'prod', when: ['FAILED'], webhook: 'https://h.example/x' }], /"cluster" must be "\*" or a configured cluster \(samples\)/],
      [[{ when: ['FAILED'], webhook: 'https://user:pw-secret@h.example/x' }], /must not hold credentials/],
    ];
    for (const [rules, message] of cases) {
      const r = check({ JOBGLASS_NOTIFY: JSON.stringify(rules), JOBGLASS_ORIGIN: 'https://jobs.example.com' });
      assert.equal(r.status, 1, r.stdout);
      assert.match(r.stderr, message);
      assert.ok(!/h\.example|pw-secret/.test(r.stderr), r.stderr);
    }
    assert.match(check({ JOBGLASS_NOTIFY: '[{"when":["FAILED"],"webhook":"https://h.example/x"}]' }).stderr, /needs JOBGLASS_ORIGIN/);
    assert.match(check({ JOBGLASS_WATCH_SECONDS: '0' }).stderr, /JOBGLASS_WATCH_SECONDS must be a whole number from 1/);
    assert.match(check({ JOBGLASS_HISTORY_DAYS: 'x' }).stderr, /JOBGLASS_HISTORY_DAYS must be a whole number/);
    const good = check({ JOBGLASS_NOTIFY: '[{"when":["FAILED"],"webhook":"http://127.0.0.1:9/x","format":"feishu","signSecret":"secret:S"}]', S: 'sign-value', JOBGLASS_ORIGIN: 'http://127.0.0.1:8080' });
    assert.equal(good.status, 0, good.stderr);
    assert.match(good.stdout, /notify rules: feishu/);
  });
});

describe('message bodies (worker/src/webhook-format.js, in Node)', () => {
  test('job text makes no link, mention or heading in any format', async () => {
    const { webhookRequest } = await import('../../worker/src/webhook-format.js');
    const a = {
      cluster: 'prod', id: 'x', name: '[click](https://evil.example) <@all> <https://evil.example|here>\n# big', status: 'FAILED',
      previousStatus: 'RUNNING', startTime: null, endTime: null, errorType: null, url: 'https://jobs.example.com/?cluster=prod&id=x',
    };
    for (const format of ['slack', 'feishu', 'dingtalk', 'wecom']) {
      const { body } = await webhookRequest({ format, webhook: 'https://h.example/x', signSecret: null }, a, Date.now());
      const text = JSON.stringify(JSON.parse(body));
      if (format === 'feishu') continue; // plain text: Feishu's text messages have no markup
      // Slack makes links only of <url|text>; the markdown formats of [text](url).
      if (format !== 'slack') assert.ok(!text.includes('](https://evil'), `${format}: ${text}`);
      assert.ok(!text.includes('<@all>') && !text.includes('<https://evil'), `${format}: ${text}`);
      assert.ok(!/\\n# big/.test(text), `${format}: ${text}`);
    }
  });
});
