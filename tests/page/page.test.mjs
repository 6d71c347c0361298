// The job details page in real headless Chromium, served by the console (worker/ in workerd) whose
// clusters are the server doubles: samples, live updates, errors, hostile payloads, ModelArts
// signed by the console, state in the URL; and on plain static hosting (tests/page/static.mjs,
// no console), where `source`/`endpoint` URLs read servers directly: credentials that stay with
// their origin. Screenshots for people to look at.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer } from 'node:http';
import { startDoubles } from '../servers/doubles.mjs';
import { launch, openPage, until } from './browser.mjs';
import { startConsole } from './console.mjs';
import { startStatic } from './static.mjs';

const shots = new URL('../../target/screenshots/', import.meta.url);
mkdirSync(shots, { recursive: true });
let doubles; let demo; let plain; let browser; let hostile; let attacker;

// A job server whose every field carries markup, on another origin that allows CORS.
const XSS = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
function startHostile() {
  const job = {
    type: 'SUBMISSION', job_id: null, submission_id: 'xss', driver_info: null, status: 'FAILED',
    entrypoint: `python ${XSS}`, message: `Traceback ${XSS}`, error_type: `Boom ${XSS}`,
    start_time: 1795454150112, end_time: 1795454158068, metadata: { [`key ${XSS}`]: `value ${XSS}` },
    runtime_env: { env_vars: { [XSS]: XSS } }, driver_exit_code: 1,
  };
  const server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json', 'Access-Control-Allow-Origin': '*' });
    res.end(JSON.stringify(job));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`, close: () => new Promise((r) => server.close(r)),
  })));
}

/**
 * A server on another origin that answers everything, preflights included, as permissively as it
 * can, and records every request it receives: a stand-in for a site a crafted link points at.
 */
function startRecorder() {
  const seen = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers });
    res.writeHead(req.method === 'OPTIONS' ? 204 : 200, {
      'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '*',
      'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
      'Content-Type': 'application/json',
    });
    res.end(req.method === 'OPTIONS' ? undefined : '{}');
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`, seen, close: () => new Promise((r) => server.close(r)),
  })));
}

/** What in `seen` carries a credential: a credential header, one asked for in a preflight, or `secret` anywhere. */
function credentialsIn(seen, secret) {
  const names = /^(authorization|x-auth-token|x-auth|cookie)$/;
  return seen.filter(({ url, headers }) => Object.keys(headers).some((n) => names.test(n))
    || /authorization|x-auth/i.test(headers['access-control-request-headers'] ?? '')
    || JSON.stringify({ url, headers }).includes(secret));
}

/** The openYuanrong replay's view of a job: `{status, reads}`; `advance` moves it one step on. */
const control = (id, advance = false) => fetch(`${doubles.url}/oyr/_control/jobs/${encodeURIComponent(id)}${advance ? '/advance' : ''}`,
  { method: advance ? 'POST' : 'GET' }).then((r) => r.json());
const submitManual = async (id, entrypoint) => {
  const res = await fetch(`${doubles.url}/oyr/api/jobs`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ entrypoint, submission_id: id, metadata: { advance: 'manual' } }),
  });
  assert.equal(res.status, 200);
};

before(async () => {
  doubles = await startDoubles(0);
  hostile = await startHostile();
  attacker = await startRecorder();
  // No response cache: the live tests count every read that reaches the replay.
  demo = await startConsole({
    JOBGLASS_CLUSTERS: JSON.stringify([
      { name: 'oyr', kind: 'openyuanrong', url: `${doubles.url}/oyr`, cacheSeconds: 0 },
      { name: 'ma', kind: 'modelarts', url: `${doubles.url}/modelarts`, project: 'proj-1', cacheSeconds: 0 },
      { name: 'hostile', kind: 'ray', url: hostile.url, cacheSeconds: 0 },
    ]),
    HUAWEICLOUD_SDK_AK: 'test-ak',
    HUAWEICLOUD_SDK_SK: 'test-sk',
  });
  // The servers the page on static hosting reads itself are in its connect-src.
  plain = await startStatic({ connect: [doubles.url, attacker.url] });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await demo?.stop();
  await plain?.close();
  await hostile?.close();
  await attacker?.close();
  await doubles?.close();
});

const open = (path, viewport = { width: 1280, height: 800 }) =>
  openPage(browser, `${demo.url}${path}`, { viewport, consoleErrors: true });
/** The page on static hosting, reading servers on other origins itself. */
const openPlain = (path) => openPage(browser, `${plain.url}${path}`, { viewport: { width: 1280, height: 800 } });

const status = (page) => page.getAttribute('[data-testid=job-status]', 'data-status');

test('a sample renders on request, times as <time datetime>', async () => {
  // In the console the page opens on the clusters' jobs list; a sample is one link away.
  const { page, problems } = await open('/?sample=openyuanrong-seed');
  await page.waitForSelector('[data-testid=job-status]');
  assert.equal(await status(page), 'SUCCEEDED');
  assert.equal(await page.textContent('[data-testid=job-id]'), 'app-fe4ee1e5-d24f-4236-be15-7654e3c2229b');
  assert.equal(await page.getAttribute('[data-testid=job-start]', 'datetime'), new Date(1755484077000).toISOString());
  assert.equal(await page.getAttribute('[data-testid=job-end]', 'datetime'), new Date(1755484140000).toISOString());
  assert.equal(await page.textContent('[data-testid=job-duration]'), '1m 3s');
  assert.match(await page.title(), /app-fe4ee1e5.* · SUCCEEDED/);
  await page.screenshot({ path: new URL('sample-desktop.png', shots).pathname, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('every sample renders; the failed ones lead with the failure', async () => {
  const { page, problems } = await open('/?sample=openyuanrong-seed');
  await page.waitForSelector('[data-testid=job-status]');
  const names = await page.$$eval('select[name=sample] option', (os) => os.map((o) => o.value));
  assert.ok(names.length >= 12);
  for (const name of names) {
    await page.goto(`${demo.url}/?sample=${name}`);
    await page.waitForSelector('[data-testid=job-status]');
  }
  await page.goto(`${demo.url}/?sample=ray-failed`);
  await page.waitForSelector('[data-testid=job-status]');
  assert.equal(await status(page), 'FAILED');
  assert.equal(await page.textContent('[data-testid=job-exit-code]'), '3');
  assert.equal(await page.textContent('[data-testid=job-error]'), 'JOB_ENTRYPOINT_COMMAND_ERROR');
  const firstCard = await page.$eval('main .card', (el) => el.getAttribute('aria-label'));
  assert.equal(firstCard, 'Failure');
  await page.goto(`${demo.url}/?sample=repairs`);
  await page.waitForSelector('[data-testid=warning]');
  assert.ok((await page.$$('[data-testid=warning]')).length >= 3);
  assert.deepEqual(problems, []);
  await page.close();
});

test('live mode follows a job PENDING → RUNNING → SUCCEEDED through the console', async () => {
  const id = `app-live-${Date.now()}`;
  await submitManual(id, 'python train.py');
  const { page, problems } = await open(`/?cluster=oyr&id=${id}`);
  const seen = [];
  // The job moves on only once the page has shown each state.
  for (const want of ['PENDING', 'RUNNING', 'SUCCEEDED']) {
    await page.waitForSelector(`[data-testid=job-status][data-status=${want}]`, { timeout: 15000 });
    seen.push(want);
    if (want === 'RUNNING') {
      assert.equal(await page.textContent('[data-testid=live-state]'), 'Live');
      assert.equal(await page.textContent('[data-testid=job-exit-code]'), '—');
      await page.screenshot({ path: new URL('live-running.png', shots).pathname, fullPage: true });
    }
    await control(id, true);
  }
  assert.deepEqual(seen, ['PENDING', 'RUNNING', 'SUCCEEDED']);
  // A screen reader hears the change of status, from a polite region outside the redrawn view.
  await page.waitForFunction(() => document.getElementById('announce').textContent === 'The job is now Succeeded.');
  assert.equal(await page.getAttribute('main', 'aria-live'), null, 'the view itself is not a live region');
  assert.equal(await page.textContent('[data-testid=job-exit-code]'), '0');
  assert.notEqual(await page.textContent('[data-testid=live-state]'), 'Live');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the live toggle stops refreshing: no request reaches the server while it is off', async () => {
  const id = `app-toggle-${Date.now()}`;
  await submitManual(id, 'python serve.py');
  const reads = async () => (await control(id)).reads;
  const page = await browser.newPage();
  // The page's timers run on a clock the test advances, so "no request in 30 s" takes no 30 s.
  await page.clock.install();
  // The same view by its library address: the console's route for the cluster.
  await page.goto(`${demo.url}/?source=job&endpoint=/c/oyr&id=${id}`);
  await page.waitForSelector('[data-testid=live-toggle]');
  await until(async () => (await reads()) >= 1, 'the first read');
  // Live: time passing brings requests (so the count below can see them).
  const live = await reads();
  await page.clock.runFor(2500);
  await until(async () => (await reads()) > live, 'a refresh while live');

  await page.uncheck('[data-testid=live-toggle]');
  await page.waitForFunction(() => document.querySelector('[data-testid=live-state]')?.textContent === 'live updates off');
  const off = await reads();
  await page.clock.runFor(30000);
  // A barrier: any request the page started while off was sent before this one is answered.
  await page.evaluate(() => fetch('/c/oyr/api/jobs/app-running-1').then((r) => r.text()));
  assert.equal(await reads(), off, 'no request while live updates are off');

  await page.check('[data-testid=live-toggle]');
  await until(async () => (await reads()) > off, 'a refresh once turned back on');
  await page.close();
});

test('NOT_FOUND names the id and the cluster, or the endpoint', async () => {
  const { page } = await open('/?cluster=oyr&id=app-missing');
  await page.waitForSelector('[data-testid=error][data-code=NOT_FOUND]');
  const text = await page.textContent('[data-testid=error]');
  assert.match(text, /No job "app-missing" at cluster oyr/);
  assert.match(text, /not found app, submissionId: app-missing/);
  await page.goto(`${demo.url}/?source=job&endpoint=/c/oyr&id=app-missing`);
  await page.waitForSelector('[data-testid=error][data-code=NOT_FOUND]');
  assert.match(await page.textContent('[data-testid=error]'), /No job "app-missing" at \/c\/oyr/);
  await page.close();
});

test('NETWORK explains CORS and the console', async () => {
  // Outside the console: a server without CORS headers, read by the page itself.
  const { page } = await openPlain(`/?source=job&endpoint=${encodeURIComponent(`${doubles.url}/oyr-nocors`)}&id=app-failed-1`);
  await page.waitForSelector('[data-testid=error][data-code=NETWORK]', { timeout: 15000 });
  const text = await page.textContent('[data-testid=error]');
  assert.match(text, /CORS/);
  assert.match(text, /console/);
  assert.match(text, /JOBGLASS_UPSTREAM/);
  assert.doesNotMatch(text, /\/proxy\//);
  // It keeps trying, and does not call itself live until an answer arrives.
  assert.match(await page.textContent('[data-testid=live-state]'), /^retrying in \d+ s$/);
  await page.waitForFunction(() => document.querySelector('[data-testid=live-state]')?.textContent === 'reconnecting', null, { timeout: 10000, polling: 'raf' });
  await page.screenshot({ path: new URL('error-network.png', shots).pathname, fullPage: true });
  await page.close();
});

test('UNAUTHORIZED says which credential is missing', async () => {
  const { page } = await open('/?cluster=ma&id=nope');
  // The console signs, so the project and job are checked: a missing job is NOT_FOUND on HTTP 400.
  await page.waitForSelector('[data-testid=error][data-code=NOT_FOUND]');
  await page.close();
  // Outside the console, ModelArts read with no credential.
  const plainPage = (await openPlain(`/?source=devserver&endpoint=${encodeURIComponent(`${doubles.url}/modelarts`)}&project=proj-1&id=job-abnormal`)).page;
  await plainPage.waitForSelector('[data-testid=error][data-code=UNAUTHORIZED]');
  const text = await plainPage.textContent('[data-testid=error]');
  assert.match(text, /IAM token .* AK\/SK/);
  assert.match(text, /console/);
  await plainPage.close();
});

test('hostile text in every field renders as inert text', async () => {
  const { page, problems } = await open('/?cluster=hostile&id=xss');
  await page.waitForSelector('[data-testid=job-status][data-status=FAILED]');
  await page.evaluate(() => document.querySelectorAll('details').forEach((d) => { d.open = true; }));
  await new Promise((r) => setTimeout(r, 300));
  assert.equal(await page.evaluate(() => window.__pwned), undefined);
  assert.equal(await page.$$eval('main img, main script', (els) => els.length), 0);
  const text = await page.textContent('main');
  for (const expected of [`python ${XSS}`, `Boom ${XSS}`, `key ${XSS}`, `value ${XSS}`, `Traceback ${XSS}`]) {
    assert.ok(text.includes(expected), `shown as text: ${expected}`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('a ModelArts job signed by the console: task table and summary', async () => {
  const { page, problems } = await open('/?cluster=ma&id=job-abnormal');
  await page.waitForSelector('[data-testid=job-status][data-status=FAILED]');
  const rows = await page.$$eval('[data-testid=task-row]', (trs) => trs.map((tr) => tr.querySelector('[data-testid=task-status]').dataset.status));
  assert.deepEqual(rows, ['FAILED', 'SKIPPED', 'SUCCEEDED']);
  assert.match(await page.textContent('[data-testid=task-summary]'), /3 total · 0 running · 1 succeeded · 1 failed · 1 skipped/);
  await page.screenshot({ path: new URL('modelarts-desktop.png', shots).pathname, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('in the console, the URL round-trips the cluster and the job', async () => {
  const { page } = await open('/?sample=openyuanrong-seed');
  await page.waitForSelector('[data-testid=job-status]');
  await page.selectOption('[data-testid=cluster-picker]', 'oyr');
  await page.waitForSelector('[data-testid=job-list]');
  await page.fill('input[name=id]', 'app-failed-1');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=job-status][data-status=FAILED]');
  assert.deepEqual(Object.fromEntries(new URL(page.url()).searchParams), { cluster: 'oyr', id: 'app-failed-1' });
  await page.reload();
  await page.waitForSelector('[data-testid=job-status][data-status=FAILED]');
  assert.equal(await page.textContent('[data-testid=job-id]'), 'app-failed-1');
  assert.equal(await page.inputValue('input[name=id]'), 'app-failed-1');
  assert.equal(await page.inputValue('[data-testid=cluster-picker]'), 'oyr');
  await page.goto(`${demo.url}/?sample=modelarts-failed`);
  await page.waitForSelector('[data-testid=task-row]');
  assert.equal(await page.inputValue('select[name=sample]'), 'modelarts-failed');
  await page.close();
});

test('outside the console, the URL round-trips the state, and secrets stay out of it', async () => {
  const endpoint = `${doubles.url}/oyr`;
  const { page } = await openPlain('/?sample=openyuanrong-seed');
  await page.waitForSelector('[data-testid=job-status]');
  await page.selectOption('select[name=source]', 'job');
  await page.fill('input[name=endpoint]', endpoint);
  await page.fill('input[name=id]', 'app-failed-1');
  await page.fill('input[name=header]', 'X-Auth: secret-jwt-value');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=job-status][data-status=FAILED]');
  const url = new URL(page.url());
  assert.deepEqual(Object.fromEntries(url.searchParams), { source: 'job', endpoint, id: 'app-failed-1' });
  assert.ok(!page.url().includes('secret'));
  await page.reload();
  await page.waitForSelector('[data-testid=job-status][data-status=FAILED]');
  assert.equal(await page.textContent('[data-testid=job-id]'), 'app-failed-1');
  assert.equal(await page.inputValue('input[name=id]'), 'app-failed-1');
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
  assert.ok(!stored.includes('secret-jwt-value'));
  await page.close();
});

test('outside the console no Stop or Delete is offered, on a job or in the list', async () => {
  // Ray refuses a browser's own stop, and no server of ours checks who asks (docs/page.md).
  const endpoint = encodeURIComponent(`${doubles.url}/oyr`);
  const { page } = await openPlain(`/?source=job&endpoint=${endpoint}&id=app-running-1`);
  await page.waitForSelector('[data-testid=job-status][data-status=RUNNING]');
  assert.equal(await page.locator('[data-testid=job-stop], [data-testid=job-delete]').count(), 0);
  await page.goto(`${plain.url}/?view=list&source=job&endpoint=${endpoint}`);
  await page.waitForSelector('[data-testid=job-row]');
  assert.equal(await page.locator('[data-testid=row-actions]').count(), 0);
  await page.close();
});

test('phone view: nothing overflows at 390 px', async () => {
  for (const path of ['/?sample=openyuanrong-failed', '/?sample=modelarts-failed', '/?sample=ray-running']) {
    const { page } = await open(path, { width: 390, height: 844 });
    await page.waitForSelector('[data-testid=job-status]');
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
    assert.ok(overflow <= 0, `${path} overflows by ${overflow}px`);
    // Nor does any table hide columns behind a sideways scroll.
    const clipped = await page.evaluate(() => [...document.querySelectorAll('.scroll')].filter((el) => el.scrollWidth > el.clientWidth).length);
    assert.equal(clipped, 0, `${path}: ${clipped} table(s) scroll sideways`);
    const name = path.split('=')[1];
    await page.screenshot({ path: new URL(`${name}-phone.png`, shots).pathname, fullPage: true });
    await page.close();
  }
});

// Credentials typed into the page exist only outside the console (in it, the console holds each
// cluster's own): the page on static hosting, ModelArts' double on another origin.
const modelArts = () => encodeURIComponent(`${doubles.url}/modelarts`);

test('a ModelArts token is stored only when the user asks', async () => {
  const { page } = await openPlain(`/?source=devserver&endpoint=${modelArts()}&project=proj-1&id=job-deleted`);
  await page.waitForSelector('[data-testid=job-status], [data-testid=error]');
  const stored = () => page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
  await page.fill('input[name=token]', 'iam-token-value');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=job-status], [data-testid=error]');
  assert.ok(!(await stored()).includes('iam-token-value'));
  await page.check('input[name=remember]');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=job-status], [data-testid=error]');
  assert.ok((await stored()).includes('iam-token-value'));
  assert.ok(!page.url().includes('iam-token-value'));
  await page.close();
});

test('a link to another origin never gets the remembered token', async () => {
  const secret = 'remembered-iam-token';
  const { page } = await openPlain(`/?source=devserver&endpoint=${modelArts()}&project=proj-1&id=job-deleted`);
  await page.waitForSelector('[data-testid=job-status], [data-testid=error]');
  await page.fill('input[name=token]', secret);
  await page.check('input[name=remember]');
  await page.click('button[type=submit]');
  await page.waitForSelector('[data-testid=job-status], [data-testid=error]');
  attacker.seen.length = 0;

  await page.goto(`${plain.url}/?source=devserver&endpoint=${encodeURIComponent(attacker.url)}&project=p&id=x`);
  await page.waitForSelector('[data-testid=job-status], [data-testid=error]');
  assert.ok(attacker.seen.length > 0, 'the view was opened against the link\'s endpoint');
  assert.deepEqual(credentialsIn(attacker.seen, secret), []);
  assert.equal(await page.inputValue('input[name=token]'), '', 'the token is not filled in for another origin');

  // The token still belongs to the origin it was typed for, and comes back there (a link asks
  // before sending it, as that origin is not the page's own: the next test).
  await page.goto(`${plain.url}/?source=devserver&endpoint=${modelArts()}&project=proj-1&id=job-deleted`);
  await page.waitForSelector('[data-testid=link-confirm]');
  assert.equal(await page.getAttribute('[data-testid=link-confirm]', 'data-origin'), doubles.url);
  assert.equal(await page.inputValue('input[name=token]'), secret);
  assert.deepEqual(credentialsIn(attacker.seen, secret), []);
  await page.close();
});

test('a link to the token\'s own origin elsewhere asks first, naming it', async () => {
  const secret = 'token-for-the-other-server';
  const endpoint = encodeURIComponent(attacker.url);
  const { page } = await openPlain(`/?source=devserver&endpoint=${endpoint}&project=p&id=first`);
  await page.waitForSelector('[data-testid=job-status], [data-testid=error]');
  // Typed and remembered by the user for that server: their own submit sends it there.
  await page.fill('input[name=token]', secret);
  await page.check('input[name=remember]');
  await page.click('button[type=submit]');
  await until(() => attacker.seen.some((r) => r.headers['x-auth-token'] === secret), 'the user\'s own request');

  // A link naming that server sends nothing until the user says so.
  await page.goto(`${plain.url}/?source=devserver&endpoint=${endpoint}&project=p&id=second`);
  await page.waitForSelector('[data-testid=link-confirm]');
  assert.equal(await page.getAttribute('[data-testid=link-confirm]', 'data-origin'), attacker.url);
  assert.match(await page.textContent('[data-testid=link-confirm]'), new RegExp(`Send credentials to ${attacker.url}`));
  assert.equal(await page.$('[data-testid=job-status], [data-testid=error]'), null);
  assert.deepEqual(attacker.seen.filter((r) => r.url.includes('/second')), []);
  await page.click('[data-testid=link-send]');
  await until(() => attacker.seen.some((r) => r.headers['x-auth-token'] === secret && r.url.includes('/second')), 'the confirmed request');

  // Declined: the view opens without credentials.
  await page.goto(`${plain.url}/?source=devserver&endpoint=${endpoint}&project=p&id=third`);
  await page.click('[data-testid=link-send-without]');
  await page.waitForSelector('[data-testid=job-status], [data-testid=error]');
  const third = attacker.seen.filter((r) => r.url.includes('/third'));
  assert.ok(third.length > 0);
  assert.deepEqual(credentialsIn(third, secret), []);
  await page.close();
});
