// Notifications and history in the page (docs/notifications.md), in headless Chromium, served by
// the console (worker/ in workerd) whose cluster is a Ray-style double the test changes: the
// list's "Include history" switch and a forgotten job's page from the console's D1 history; the
// bell on a job and on a list view, with the Notification permission granted by the test and
// every notification captured by an init script wrapping `window.Notification`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { consoleProject, startConsole } from '../js/lib/console.mjs';
import { json } from '../servers/http.mjs';
import { launch, openPage, until } from './browser.mjs';

const shots = new URL('../../target/screenshots/', import.meta.url);
mkdirSync(shots, { recursive: true });
let dir; let upstream; let c; let browser;
/** The double's jobs by id: `{status, endTime}`. */
const jobs = new Map();
const rayJob = (id, j) => ({
  type: 'SUBMISSION', job_id: null, submission_id: id, status: j.status, entrypoint: `python ${id}.py`, message: '',
  error_type: j.status === 'FAILED' ? 'JOB_FAILED' : null, start_time: j.start ?? 1767225600000, end_time: j.endTime ?? null,
  metadata: { job_name: j.name ?? id }, runtime_env: {},
});

before(async () => {
  dir = consoleProject('jobglass-page-notify-');
  upstream = createServer((req, res) => {
    if (req.url === '/api/jobs/') return json(res, 200, [...jobs].map(([id, j]) => rayJob(id, j)));
    const one = /^\/api\/jobs\/([^/]+)$/.exec(req.url);
    if (one && jobs.has(one[1])) return json(res, 200, rayJob(one[1], jobs.get(one[1])));
    if (one) return json(res, 404, `Job ${one[1]} does not exist`);
    json(res, 404, 'not found');
  });
  await new Promise((r) => upstream.listen(0, '127.0.0.1', r));
  jobs.set('train-1', { status: 'RUNNING', name: 'resnet' });
  jobs.set('train-2', { status: 'RUNNING', name: 'bert' });
  jobs.set('old-3', { status: 'SUCCEEDED', endTime: 1767229200000, start: 1767222000000 });
  c = await startConsole(dir, {
    JOBGLASS_CLUSTERS: JSON.stringify([{ name: 'local', kind: 'ray', url: `http://127.0.0.1:${upstream.address().port}`, cacheSeconds: 0 }]),
  }, { scheduled: true });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await c?.stop();
  await new Promise((r) => upstream?.close(r));
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** One watch round through the Cron Trigger's handler, waited for by its log line. */
async function round() {
  const n = c.lines('watch').filter((l) => l.watch === 'round').length;
  assert.equal((await fetch(`${c.url}/__scheduled`)).status, 200);
  await until(() => c.lines('watch').filter((l) => l.watch === 'round').length > n, 'a round', 60000);
}

const rowIds = (page) => page.$$eval('[data-testid=job-row]', (rows) => rows.map((r) => [r.dataset.id, r.dataset.history ?? null]).sort());

describe('history', () => {
  test('a job deleted upstream is listed with "Include history", marked, and its page shows its last known state', async () => {
    await round();
    jobs.delete('old-3');
    await round();
    const { page, problems } = await openPage(browser, `${c.url}/?cluster=local&view=list`, { viewport: { width: 1280, height: 900 } });
    await page.waitForSelector('[data-testid=job-row][data-id=train-1]');
    assert.deepEqual(await rowIds(page), [['train-1', null], ['train-2', null]]);
    await page.click('[data-testid=history-toggle]');
    await page.waitForSelector('[data-testid=job-row][data-id=old-3]');
    assert.deepEqual(await rowIds(page), [['old-3', 'true'], ['train-1', null], ['train-2', null]]);
    assert.match(page.url(), /[?&]history=1\b/);
    // The switch is in the URL: a reload keeps it.
    await page.reload();
    await page.waitForSelector('[data-testid=job-row][data-id=old-3][data-history=true]');
    assert.equal(await page.isChecked('[data-testid=history-toggle]'), true);
    await page.screenshot({ path: new URL('history-list.png', shots).pathname });

    await page.click('[data-testid=job-row][data-id=old-3] a.jl-id');
    await page.waitForSelector('[data-testid=history-note]');
    assert.match(await page.textContent('[data-testid=history-note]'), /From history\..*no longer lists this job.*last known state, SUCCEEDED/);
    assert.match(await page.textContent('#view'), /old-3/);
    assert.deepEqual(problems, []);
    await page.close();
  });
});

/**
 * A browser context whose notifications are captured: `window.__notes` (this load's), and
 * `window.__asked` (permission requests). With `grant`, the test grants the permission as a
 * user would; without, the browser's answer is `denied`.
 */
async function captured(grant) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  if (grant) await context.grantPermissions(['notifications'], { origin: c.url });
  await context.addInitScript(() => {
    const Real = window.Notification;
    window.__notes = [];
    window.__asked = 0;
    let answered = null;
    window.Notification = class {
      constructor(title, options = {}) { window.__notes.push({ title, body: options.body, tag: options.tag }); }
      close() {}
      static get permission() { return answered ?? Real.permission; }
      static requestPermission() { window.__asked += 1; answered = Real.permission === 'granted' ? 'granted' : 'denied'; return Promise.resolve(answered); }
    };
  });
  return context;
}

const notes = (page) => page.evaluate(() => window.__notes);

describe('the bell', () => {
  test('a watched job that ends raises one notification; the tab shows its state; a reload raises none', async () => {
    jobs.set('watch-1', { status: 'RUNNING', name: 'long run' });
    const context = await captured(true);
    const { page, problems } = await openPage(context, `${c.url}/?cluster=local&id=watch-1`);
    await page.waitForSelector('[data-testid=notify-toggle][aria-pressed=false]');
    await page.click('[data-testid=notify-toggle]');
    await page.waitForSelector('[data-testid=notify-toggle][aria-pressed=true]');
    await page.waitForSelector('link[rel=icon][data-status=RUNNING]', { state: 'attached' });
    jobs.get('watch-1').status = 'SUCCEEDED';
    jobs.get('watch-1').endTime = Date.now();
    await until(async () => (await notes(page)).length > 0, 'the notification', 30000);
    const [note] = await notes(page);
    assert.equal(note.title, 'watch-1: SUCCEEDED');
    assert.equal(note.body, 'Job watch-1 on local is now SUCCEEDED.');
    await page.waitForSelector('link[rel=icon][data-status=SUCCEEDED]', { state: 'attached' });
    assert.match(await page.title(), /watch-1 · SUCCEEDED/);
    assert.equal(await page.evaluate(() => window.__asked), 0, 'granted: nothing asked');
    assert.equal((await notes(page)).length, 1);

    await page.reload();
    await page.waitForSelector('link[rel=icon][data-status=SUCCEEDED]', { state: 'attached' });
    assert.equal(await page.getAttribute('[data-testid=notify-toggle]', 'aria-pressed'), 'true', 'remembered');
    assert.deepEqual(await notes(page), []);
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('a watched list view raises one notification for each of its jobs (its search) that ends, none for others, none again after a reload', async () => {
    jobs.set('view-bert', { status: 'RUNNING', name: 'bert-large' });
    jobs.set('view-gpt', { status: 'RUNNING', name: 'gpt-small' });
    const context = await captured(true);
    const { page, problems } = await openPage(context, `${c.url}/?cluster=local&view=list&q=bert-large`);
    await page.waitForSelector('[data-testid=job-row][data-id=view-bert]');
    await page.click('[data-testid=notify-toggle]');
    await page.waitForSelector('[data-testid=notify-toggle][aria-pressed=true]');
    jobs.get('view-bert').status = 'FAILED';
    jobs.get('view-gpt').status = 'FAILED';
    await until(async () => (await notes(page)).length > 0, 'the notification', 30000);
    // Both ended in the same refresh: the view's search leaves out the other one.
    assert.deepEqual((await notes(page)).map((n) => n.title), ['view-bert: FAILED']);

    await page.reload();
    await page.waitForSelector('[data-testid=job-row][data-id=view-bert][data-status=FAILED]');
    const loadedAt = await page.evaluate(() => self.jobglassList.updated);
    await page.waitForFunction((t) => self.jobglassList.updated > t, loadedAt, { timeout: 30000 });
    assert.deepEqual(await notes(page), []);
    assert.equal(await page.getAttribute('[data-testid=notify-toggle]', 'aria-pressed'), 'true', 'remembered for this view');
    // Another view (another search) has its own bell.
    await page.fill('[data-testid=job-search]', 'gpt');
    await page.waitForSelector('[data-testid=notify-toggle][aria-pressed=false]');
    assert.deepEqual(problems, []);
    await context.close();
  });

  test('the permission is asked on the first click, never at load, and a refusal is not asked again', async () => {
    jobs.set('ask-1', { status: 'RUNNING' });
    const context = await captured(false);
    const { page } = await openPage(context, `${c.url}/?cluster=local&id=ask-1`);
    await page.waitForSelector('[data-testid=notify-toggle]');
    assert.equal(await page.evaluate(() => window.__asked), 0);
    await page.click('[data-testid=notify-toggle]');
    await page.waitForSelector('[data-testid=notify-toggle][data-refused=true]');
    assert.equal(await page.evaluate(() => window.__asked), 1);
    assert.equal(await page.getAttribute('[data-testid=notify-toggle]', 'aria-pressed'), 'false');
    await page.click('[data-testid=notify-toggle]');
    await page.reload();
    await page.click('[data-testid=notify-toggle]');
    await page.waitForSelector('[data-testid=notify-toggle][data-refused=true]');
    assert.equal(await page.evaluate(() => window.__asked), 0, 'not asked again after a reload');
    await context.close();
  });
});
