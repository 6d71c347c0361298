// Stop and delete from the job page, in real headless Chromium, through the real demo server
// started with JOBGLASS_ALLOW_ACTIONS=1, in front of the openYuanrong replay. Between the demo and
// the replay stands a recording upstream that can hold back a stop (answer `true` and do nothing,
// as Ray does for a job still starting, docs/api.md §10) or give one answer a test scripts, so
// every state of the page is reached on purpose rather than by racing a clock.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { startDoubles } from '../servers/doubles.mjs';
import { launch } from './browser.mjs';
import { startDemo } from './demo.mjs';

const shots = new URL('../../target/screenshots/', import.meta.url);
mkdirSync(shots, { recursive: true });
let doubles; let front; let demo; let off; let browser;

/**
 * Forwards to `target` and records each request; `hold` is the set of job ids whose stop it
 * answers `true` without forwarding, `script` maps `METHOD id` to one `{status, type, body}`.
 */
function startFront(target) {
  const seen = [];
  const hold = new Set();
  const script = new Map();
  const server = createServer((req, res) => {
    seen.push({ method: req.method, url: req.url, headers: req.headers });
    const id = decodeURIComponent(/\/api\/jobs\/([^/?]+)/.exec(req.url)?.[1] ?? '');
    const scripted = script.get(`${req.method} ${id}`);
    if (scripted) {
      script.delete(`${req.method} ${id}`);
      res.writeHead(scripted.status, { 'Content-Type': scripted.type });
      return res.end(scripted.body);
    }
    if (req.method === 'POST' && req.url.endsWith('/stop') && hold.has(id)) {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return res.end('true');
    }
    const out = request(`${target}${req.url}`, { method: req.method, headers: req.headers }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    req.pipe(out);
  });
  server.keepAliveTimeout = 1000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`, seen, hold, script,
    actions: () => seen.filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.url}`),
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  })));
}

const control = (id, advance = false) => fetch(`${doubles.url}/oyr/_control/jobs/${encodeURIComponent(id)}${advance ? '/advance' : ''}`,
  { method: advance ? 'POST' : 'GET' });
/** A job of the replay that moves only when the test says, advanced `steps` times (1: RUNNING). */
async function job(name, steps, entrypoint = 'python train.py --epochs 50') {
  const id = `app-${name}-${Date.now()}`;
  const res = await fetch(`${doubles.url}/oyr/api/jobs`, {
    method: 'POST', headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ entrypoint, submission_id: id, metadata: { advance: 'manual' } }),
  });
  assert.equal(res.status, 200);
  for (let i = 0; i < steps; i++) assert.equal((await control(id, true)).status, 200);
  return id;
}
/** Resolves once `check()` is true; the wait is for an event, `timeout` only bounds it. */
async function until(check, what, timeout = 15000) {
  const deadline = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

before(async () => {
  doubles = await startDoubles(0);
  front = await startFront(`${doubles.url}/oyr`);
  demo = await startDemo({
    JOBGLASS_UPSTREAM: front.url, JOBGLASS_ALLOW_ACTIONS: '1',
    // So a job read straight from a server (not through the proxy) can be shown too.
    JOBGLASS_CONNECT_SRC: doubles.url,
  });
  off = await startDemo({ JOBGLASS_UPSTREAM: front.url });
  browser = await launch();
  // Warm both servers: a first visit may reload the page once Vite has optimized its imports.
  for (const server of [demo, off]) {
    const page = await browser.newPage();
    await page.goto(`${server.url}/?source=job&endpoint=/proxy/job&id=app-stopped-1`);
    await page.waitForSelector('[data-testid=job-status]');
    await page.close();
  }
});

after(async () => {
  await browser?.close();
  await off?.stop();
  await demo?.stop();
  await front?.close();
  await doubles?.close();
});

async function open(server, id, { clock = false, endpoint = '/proxy/job' } = {}) {
  const page = await browser.newPage();
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  if (clock) await page.clock.install();
  await page.goto(`${server.url}/?source=job&endpoint=${encodeURIComponent(endpoint)}&id=${encodeURIComponent(id)}`);
  await page.waitForSelector('[data-testid=job-status]');
  return { page, problems };
}
const statusOf = (page) => page.getAttribute('[data-testid=job-status]', 'data-status');
const waitStatus = (page, status) => page.waitForSelector(`[data-testid=job-status][data-status=${status}]`);
const actionText = (page) => page.textContent('[data-testid=action-status]');
/** Opens the dialog with the button `testid` and confirms it. */
async function confirm(page, testid) {
  await page.click(`[data-testid=${testid}]`);
  await page.click('[data-testid=action-confirm]');
}

test('without JOBGLASS_ALLOW_ACTIONS the page offers neither Stop nor Delete, and the route is 403', async () => {
  const running = await job('off-running', 1);
  for (const id of [running, 'app-stopped-1']) {
    const { page } = await open(off, id);
    assert.equal(await page.locator('[data-testid=job-stop], [data-testid=job-delete]').count(), 0, id);
    await page.close();
  }
  // The page's own request, as it would send it, is refused and reaches nothing.
  const { page } = await open(off, running);
  const before = front.actions().length;
  const status = await page.evaluate((id) => fetch(`/proxy/job/api/jobs/${id}/stop`, { method: 'POST', headers: { 'X-Jobglass-Action': '1' } })
    .then((r) => r.status), running);
  assert.equal(status, 403);
  assert.equal(front.actions().length, before);
  assert.equal((await (await control(running)).json()).status, 'RUNNING');
  await page.close();
});

test('with actions on: Stop on a running job, Delete on a finished one, none for samples or a job read without the proxy', async () => {
  const running = await job('shown-running', 1);
  let { page } = await open(demo, running);
  assert.equal(await page.locator('[data-testid=job-stop]').count(), 1);
  assert.equal(await page.locator('[data-testid=job-delete]').count(), 0);
  await page.close();
  ({ page } = await open(demo, 'app-failed-1'));
  assert.equal(await page.locator('[data-testid=job-delete]').count(), 1);
  assert.equal(await page.locator('[data-testid=job-stop]').count(), 0);
  await page.close();
  // Straight from the server: the demo's proxy would not be the one asked, so nothing is offered.
  ({ page } = await open(demo, running, { endpoint: `${doubles.url}/oyr` }));
  assert.equal(await statusOf(page), 'RUNNING');
  assert.equal(await page.locator('[data-testid=job-stop], [data-testid=job-delete]').count(), 0);
  await page.goto(`${demo.url}/?sample=${encodeURIComponent('ray-running')}`);
  await page.waitForSelector('[data-testid=job-status]');
  assert.equal(await page.locator('[data-testid=job-stop], [data-testid=job-delete]').count(), 0);
  await page.close();
});

test('Stop, by keyboard: the dialog names the job, Escape sends nothing, confirming stops it; "Stopping…" until STOPPED', async () => {
  const id = await job('stop-keys', 1, 'python train.py --epochs 50');
  // The server accepts the first stop and acts on it later (the test decides when).
  front.hold.add(id);
  const { page, problems } = await open(demo, id);
  const before = front.actions().length;

  await page.focus('[data-testid=job-stop]');
  await page.keyboard.press('Enter');
  const dialog = page.locator('dialog[open][data-testid=action-dialog]');
  await dialog.waitFor();
  assert.equal(await dialog.locator('[data-testid=action-job-id]').textContent(), id);
  assert.equal(await dialog.locator('[data-testid=action-job-entrypoint]').textContent(), 'python train.py --epochs 50');
  assert.match(await dialog.textContent(), /Stop this job\?.*ends as STOPPED/s);
  // The safe choice has the focus; Escape closes without a request, back on the Stop button.
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Cancel');
  await page.screenshot({ path: new URL('action-confirm-stop.png', shots).pathname });
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'job-stop');
  assert.equal(front.actions().length, before, 'nothing sent');

  await page.keyboard.press('Enter');
  await dialog.waitFor();
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'action-confirm');
  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=action-status][data-phase=stopping]');
  assert.match(await actionText(page), /^Stopping…/);
  assert.equal(await page.textContent('[data-testid=job-stop]'), 'Stopping…');
  assert.ok(await page.isDisabled('[data-testid=job-stop]'));
  assert.deepEqual(front.actions().slice(before), [`POST /api/jobs/${id}/stop`]);
  // The page keeps watching meanwhile.
  const reads = front.seen.length;
  await until(() => front.seen.length > reads, 'a read while stopping');
  assert.equal(await statusOf(page), 'RUNNING');

  // The server acts on the stop now: the watch sees STOPPED and the page says so.
  assert.equal((await fetch(`${doubles.url}/oyr/api/jobs/${id}/stop`, { method: 'POST' })).status, 200);
  await waitStatus(page, 'STOPPED');
  assert.equal(await actionText(page), 'Stopped.');
  assert.equal(await page.locator('[data-testid=job-stop]').count(), 0);
  assert.equal(await page.locator('[data-testid=job-delete]').count(), 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a stop the server accepted but that has not happened after 30 s is said so, and can be tried again', async () => {
  const id = await job('stop-slow', 1);
  front.hold.add(id);
  const { page } = await open(demo, id, { clock: true });
  await confirm(page, 'job-stop');
  await page.waitForSelector('[data-testid=action-status][data-phase=stopping]');
  await page.clock.runFor(29000);
  assert.equal(await page.getAttribute('[data-testid=action-status]', 'data-phase'), 'stopping');
  await page.clock.runFor(1500);
  await page.waitForSelector('[data-testid=action-status][data-phase=slow]');
  assert.match(await actionText(page), /has not ended 30 s after the server accepted the stop/);
  assert.equal(await statusOf(page), 'RUNNING');

  // This time the server stops it.
  front.hold.delete(id);
  const before = front.actions().length;
  await page.click('[data-testid=action-retry]');
  await until(() => front.actions().length > before, 'the second stop');
  assert.deepEqual(front.actions().slice(before), [`POST /api/jobs/${id}/stop`]);
  await until(async () => { await page.clock.runFor(2100); return (await statusOf(page)) === 'STOPPED'; }, 'STOPPED on the page');
  await page.waitForFunction(() => document.querySelector('[data-testid=action-status]')?.textContent === 'Stopped.');
  await page.close();
});

test('a job that ends otherwise while stopping is shown as it ended', async () => {
  const id = await job('stop-ends', 1);
  front.hold.add(id);
  const { page } = await open(demo, id);
  await confirm(page, 'job-stop');
  await page.waitForSelector('[data-testid=action-status][data-phase=stopping]');
  assert.equal((await control(id, true)).status, 200); // RUNNING → SUCCEEDED
  await waitStatus(page, 'SUCCEEDED');
  assert.equal(await actionText(page), 'The job ended as SUCCEEDED before the stop took effect.');
  await page.close();
});

test('a stop whose answer failed but that took effect ends as "Stopped.", the failure cleared', async () => {
  const id = await job('stop-lost', 1);
  const { page } = await open(demo, id);
  front.script.set(`POST ${id}`, { status: 500, type: 'text/plain', body: 'proxy hiccup' });
  await confirm(page, 'job-stop');
  await page.waitForSelector('[data-testid=error][data-action=stop][data-code=SERVER_ERROR]');
  // The server had acted after all.
  assert.equal((await fetch(`${doubles.url}/oyr/api/jobs/${id}/stop`, { method: 'POST' })).status, 200);
  await waitStatus(page, 'STOPPED');
  assert.equal(await actionText(page), 'Stopped.');
  assert.equal(await page.locator('[data-testid=error]').count(), 0);
  await page.close();
});

test('Delete: the dialog names the job; once deleted the page goes back to the list, says so, and the job is gone', async () => {
  const id = await job('delete', 2, 'python etl.py --day 2026-01-01');
  const { page } = await open(demo, id);
  await waitStatus(page, 'SUCCEEDED');
  await page.click('[data-testid=job-delete]');
  const dialog = page.locator('dialog[open][data-testid=action-dialog]');
  await dialog.waitFor();
  assert.equal(await dialog.locator('[data-testid=action-job-id]').textContent(), id);
  assert.equal(await dialog.locator('[data-testid=action-job-entrypoint]').textContent(), 'python etl.py --day 2026-01-01');
  assert.match(await dialog.textContent(), /Delete this job\?.*cannot be undone/s);
  const before = front.actions().length;
  await page.click('[data-testid=action-confirm]');
  await page.waitForSelector('[data-testid=job-deleted]');
  assert.match(await page.textContent('[data-testid=job-deleted]'), new RegExp(`deleted job ${id} \\(python etl.py --day 2026-01-01\\)`));
  assert.deepEqual(front.actions().slice(before), [`DELETE /api/jobs/${id}`]);
  assert.equal((await control(id)).status, 404);
  assert.equal(await page.locator('[data-testid=job-status]').count(), 0);
  // Back on this endpoint's list, which no longer has the job.
  await page.waitForSelector('[data-testid=job-list]');
  assert.equal(new URL(page.url()).searchParams.get('view'), 'list');
  await page.waitForSelector('[data-testid=job-row]');
  assert.equal(await page.locator(`[data-testid=job-row][data-id="${id}"]`).count(), 0);
  await page.screenshot({ path: new URL('action-deleted.png', shots).pathname });
  await page.close();
});

test('failures are explained: already finished, unsupported, not found, refused', async () => {
  const id = await job('failures', 1);
  const { page, problems } = await open(demo, id);
  const cases = [
    // Ray's own answers (docs/api.md §10): a job that had ended, a DRIVER job, a missing job, a refusal.
    [{ status: 200, type: 'application/json', body: '{"stopped": false}' }, 'DECLINED', /did not stop the job.*already ended/s],
    [{ status: 400, type: 'text/plain', body: 'Can only stop submission type jobs' }, 'UNSUPPORTED', /cannot be stopped.*DRIVER job/s],
    [{ status: 404, type: 'text/plain', body: `Job ${id} does not exist` }, 'NOT_FOUND', new RegExp(`no longer on the server.*Job ${id} does not exist`, 's')],
    [{ status: 403, type: 'text/plain', body: 'Forbidden: token lacks permission' }, 'FORBIDDEN', /refused the action.*token lacks permission/s],
  ];
  for (const [answer, code, words] of cases) {
    front.script.set(`POST ${id}`, answer);
    await confirm(page, 'job-stop');
    await page.waitForSelector(`[data-testid=error][data-action=stop][data-code=${code}]`);
    assert.match(await page.textContent('[data-testid=error][data-action=stop]'), words, code);
    // The Stop button is back, so the user can try again.
    assert.ok(await page.isEnabled('[data-testid=job-stop]'));
  }
  assert.equal(await statusOf(page), 'RUNNING');
  await page.screenshot({ path: new URL('action-error.png', shots).pathname });

  // Delete refused by the server (openYuanrong's bare false): said, and the job stays.
  assert.equal((await control(id, true)).status, 200);
  await waitStatus(page, 'SUCCEEDED');
  front.script.set(`DELETE ${id}`, { status: 200, type: 'application/json', body: 'false' });
  await confirm(page, 'job-delete');
  await page.waitForSelector('[data-testid=error][data-action=delete][data-code=DECLINED]');
  assert.match(await page.textContent('[data-testid=error][data-action=delete]'), /kept the job/);
  // Ray 2.60's answer to deleting a job that has not ended, HTTP 500 with its traceback, is the
  // library's false: the same words.
  front.script.set(`DELETE ${id}`, { status: 500, type: 'text/plain', body: `Traceback (most recent call last):\nRuntimeError: Attempted to delete job '${id}', but it is in a non-terminal state RUNNING.\n.` });
  await confirm(page, 'job-delete');
  await page.waitForSelector('[data-testid=error][data-action=delete][data-code=DECLINED]');
  assert.match(await page.textContent('[data-testid=error][data-action=delete]'), /kept the job/);
  assert.equal(await statusOf(page), 'SUCCEEDED');
  assert.equal((await control(id)).status, 200);
  assert.deepEqual(problems, []);
  await page.close();
});
