// Stop and delete from the job page, in real headless Chromium, through the console (worker/ in
// workerd, docs/api.md §12) started with JOBGLASS_ALLOW_ACTIONS=1, so its own machine's user is an
// operator, in front of the openYuanrong replay. Between the console and the replay stands a
// recording upstream that can hold back a stop (answer `true` and do nothing,
// as Ray does for a job still starting, docs/api.md §10) or give one answer a test scripts, so
// every state of the page is reached on purpose rather than by racing a clock.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { startDoubles } from '../servers/doubles.mjs';
import { launch, openPage, until } from './browser.mjs';
import { startConsole } from './console.mjs';

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

before(async () => {
  doubles = await startDoubles(0);
  front = await startFront(`${doubles.url}/oyr`);
  // Cluster `local`, read afresh on every request (no cacheSeconds), so what a test sees of the
  // upstream right after an action is the upstream's own state.
  const clusters = JSON.stringify([{ name: 'local', kind: 'openyuanrong', url: front.url, cacheSeconds: 0 }]);
  demo = await startConsole({ JOBGLASS_CLUSTERS: clusters, JOBGLASS_ALLOW_ACTIONS: '1' });
  off = await startConsole({ JOBGLASS_CLUSTERS: clusters });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await off?.stop();
  await demo?.stop();
  await front?.close();
  await doubles?.close();
});

/** Job `id` of cluster `local`, or, given `endpoint`, read by that endpoint (a §12 address). */
async function open(server, id, { clock = false, endpoint } = {}) {
  const address = endpoint ? `/?source=job&endpoint=${encodeURIComponent(endpoint)}&id=${encodeURIComponent(id)}` : `/?cluster=local&id=${encodeURIComponent(id)}`;
  const opened = await openPage(browser, `${server.url}${address}`,
    { setup: clock ? (page) => page.clock.install() : undefined });
  await opened.page.waitForSelector('[data-testid=job-status]');
  return opened;
}
const statusOf = (page) => page.getAttribute('[data-testid=job-status]', 'data-status');
const waitStatus = (page, status) => page.waitForSelector(`[data-testid=job-status][data-status=${status}]`);
const actionText = (page) => page.textContent('[data-testid=action-status]');
/** The jobs list of cluster `local`, narrowed by the search `q`, once its rows are drawn. */
async function openList(server, q, viewport = { width: 1280, height: 900 }) {
  const opened = await openPage(browser, `${server.url}/?cluster=local&view=list&q=${encodeURIComponent(q)}`, { viewport });
  await opened.page.waitForSelector('[data-testid=job-row]');
  return opened;
}
const rowOf = (page, id) => page.locator(`[data-testid=job-row][data-id="${id}"]`);
/** Opens the dialog with the button `testid` and confirms it. */
async function confirm(page, testid) {
  await page.click(`[data-testid=${testid}]`);
  await page.click('[data-testid=action-confirm]');
}

test('without JOBGLASS_ALLOW_ACTIONS the console\'s user is a viewer: the page offers neither Stop nor Delete, and the route is 403', async () => {
  const running = await job('off-running', 1);
  for (const id of [running, 'app-stopped-1']) {
    const { page } = await open(off, id);
    assert.equal(await page.locator('[data-testid=job-stop], [data-testid=job-delete]').count(), 0, id);
    await page.close();
  }
  // The page's own request, as it would send it, is refused and reaches nothing.
  const { page } = await open(off, running);
  const before = front.actions().length;
  assert.equal(await page.evaluate(() => fetch('/api/session').then((r) => r.json())).then((s) => s.role), 'viewer');
  const status = await page.evaluate((id) => fetch(`/c/local/api/jobs/${id}/stop`, { method: 'POST', headers: { 'X-Jobglass-Action': '1' } })
    .then((r) => r.status), running);
  assert.equal(status, 403);
  assert.equal(front.actions().length, before);
  assert.equal((await (await control(running)).json()).status, 'RUNNING');
  await page.close();
  // Nor does the jobs list: no row has a menu.
  const list = await openList(off, running);
  await rowOf(list.page, running).waitFor();
  assert.equal(await list.page.locator('[data-testid=row-actions], [data-testid=job-stop], [data-testid=job-delete]').count(), 0);
  await list.page.close();
});

test('with actions on: Stop on a running job, Delete on a finished one, none for samples or a job read by an endpoint address', async () => {
  const running = await job('shown-running', 1);
  let { page } = await open(demo, running);
  assert.equal(await page.locator('[data-testid=job-stop]').count(), 1);
  assert.equal(await page.locator('[data-testid=job-delete]').count(), 0);
  await page.close();
  ({ page } = await open(demo, 'app-failed-1'));
  assert.equal(await page.locator('[data-testid=job-delete]').count(), 1);
  assert.equal(await page.locator('[data-testid=job-stop]').count(), 0);
  await page.close();
  // Read by an endpoint (a §12 address) rather than as a cluster's job: the page cannot tell
  // which cluster, and so whose rules, apply, so it offers nothing.
  ({ page } = await open(demo, running, { endpoint: '/c/local' }));
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

test('the jobs list: each row\'s menu stops a running job and deletes a finished one, and the list follows', async () => {
  const tag = `rowmenu${Date.now()}`;
  const running = await job(`${tag}-run`, 1, 'python serve.py --port 8000');
  const done = await job(`${tag}-done`, 2, 'python etl.py --day 2026-02-02');
  const { page, problems } = await openList(demo, tag);
  await rowOf(page, running).waitFor();
  await rowOf(page, done).waitFor();
  await page.waitForFunction(() => /^2 of /.test(document.querySelector('[data-testid=job-count]')?.textContent));
  const before = front.actions().length;

  // By keyboard: Tab from the row reaches its menu button, named for the job.
  const runMenu = rowOf(page, running).locator('[data-testid=row-actions]');
  assert.equal(await runMenu.getAttribute('aria-label'), `Actions for ${running}`);
  await rowOf(page, running).click({ position: { x: 20, y: 10 } });
  await page.keyboard.press('Tab'); // the id link
  await page.keyboard.press('Tab'); // the menu button
  assert.equal(await page.evaluate(() => document.activeElement.getAttribute('aria-label')), `Actions for ${running}`);
  // The arrows still move between rows from the button, and Enter opens the menu, not the job.
  const order = await page.evaluate(() => [...document.querySelectorAll('[data-testid=job-row]')]
    .sort((a, b) => a.getAttribute('aria-rowindex') - b.getAttribute('aria-rowindex')).map((el) => el.dataset.id));
  await page.keyboard.press(order[0] === running ? 'ArrowDown' : 'ArrowUp');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.id), order[0] === running ? order[1] : order[0]);
  await runMenu.focus();
  await page.keyboard.press('Enter');
  // The menu offers Stop on the running job, inside its row, and has the focus.
  await rowOf(page, running).locator('[role=menu]').waitFor();
  assert.equal(await rowOf(page, running).locator('[data-testid=job-stop]').count(), 1);
  assert.equal(await rowOf(page, running).locator('[data-testid=job-delete]').count(), 0);
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'job-stop');
  assert.equal(new URL(page.url()).searchParams.get('view'), 'list');
  // Escape closes it, back on the button, nothing sent.
  await page.keyboard.press('Escape');
  await rowOf(page, running).locator('[role=menu]').waitFor({ state: 'detached' });
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'row-actions');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  const dialog = page.locator('dialog[open][data-testid=action-dialog]');
  await dialog.waitFor();
  assert.equal(await dialog.locator('[data-testid=action-job-id]').textContent(), running);
  assert.equal(await dialog.locator('[data-testid=action-job-entrypoint]').textContent(), 'python serve.py --port 8000');
  assert.match(await dialog.textContent(), /Stop this job\?.*ends as STOPPED/s);
  await page.screenshot({ path: new URL('action-list-confirm.png', shots).pathname });
  await page.click('[data-testid=action-confirm]');
  // The list is read afresh and shows the job as the server now has it.
  await page.waitForSelector(`[data-testid=job-row][data-id="${running}"][data-status=STOPPED]`);
  assert.deepEqual(front.actions().slice(before), [`POST /api/jobs/${running}/stop`]);
  assert.equal((await (await control(running)).json()).status, 'STOPPED');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'row-actions');
  // Now ended, the same row's menu offers Delete instead.
  await rowOf(page, running).locator('[data-testid=row-actions]').click();
  assert.equal(await rowOf(page, running).locator('[data-testid=job-delete]').count(), 1);
  assert.equal(await rowOf(page, running).locator('[data-testid=job-stop]').count(), 0);
  await page.keyboard.press('Escape');

  // A refused delete is explained as on the job page, and the job stays.
  front.script.set(`DELETE ${done}`, { status: 200, type: 'application/json', body: 'false' });
  await rowOf(page, done).locator('[data-testid=row-actions]').click();
  await confirm(page, 'job-delete');
  await page.waitForSelector('#list-root [data-testid=error][data-action=delete][data-code=DECLINED]');
  assert.match(await page.textContent('#list-root [data-testid=error]'), /kept the job/);
  assert.equal(await rowOf(page, done).count(), 1);

  // Delete, with the mouse: the row goes, the notice names the job.
  await rowOf(page, done).locator('[data-testid=row-actions]').click();
  assert.equal(await rowOf(page, done).locator('[data-testid=job-stop]').count(), 0);
  await page.click('[data-testid=job-delete]');
  await dialog.waitFor();
  assert.equal(await dialog.locator('[data-testid=action-job-id]').textContent(), done);
  assert.equal(await dialog.locator('[data-testid=action-job-entrypoint]').textContent(), 'python etl.py --day 2026-02-02');
  await page.click('[data-testid=action-confirm]');
  await rowOf(page, done).waitFor({ state: 'detached' });
  // The keyboard's place moves to a row still shown.
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'job-row');
  await page.waitForFunction(() => /^1 of /.test(document.querySelector('[data-testid=job-count]')?.textContent));
  assert.match(await page.textContent('[data-testid=job-deleted]'), new RegExp(`deleted job ${done} \\(python etl.py --day 2026-02-02\\)`));
  assert.equal(await page.locator('#list-root [data-testid=error]').count(), 0);
  assert.deepEqual(front.actions().slice(before), [`POST /api/jobs/${running}/stop`, `DELETE /api/jobs/${done}`, `DELETE /api/jobs/${done}`]);
  assert.equal((await control(done)).status, 404);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the jobs list on a 390-px phone: the row menu fits in each card, and its menu on screen', async () => {
  const tag = `rowphone${Date.now()}`;
  const running = await job(`${tag}-run`, 1, 'python serve.py --port 8000 --workers 4 --a-long-flag-that-wraps=/data/somewhere/far/away');
  const { page, problems } = await openList(demo, tag, { width: 390, height: 844 });
  const row = rowOf(page, running);
  await row.waitFor();
  const card = await row.boundingBox();
  const button = await row.locator('[data-testid=row-actions]').boundingBox();
  assert.ok(button.x >= card.x && button.x + button.width <= card.x + card.width, 'button inside the card, across');
  assert.ok(button.y >= card.y && button.y + button.height <= card.y + card.height, 'button inside the card, down');
  // It does not cover the status badge.
  const badge = await row.locator('.badge').boundingBox();
  assert.ok(badge.x + badge.width <= button.x, 'badge left of the button');
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= 390), 'no sideways scroll');
  await row.locator('[data-testid=row-actions]').click();
  const item = await row.locator('[data-testid=job-stop]').boundingBox();
  assert.ok(item.x >= 0 && item.x + item.width <= 390 && item.y >= 0 && item.y + item.height <= 844, 'menu on screen');
  await page.screenshot({ path: new URL('action-list-phone.png', shots).pathname });
  assert.deepEqual(problems, []);
  await page.close();
});
