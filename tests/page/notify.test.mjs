// Notifications and history in the page (docs/notifications.md), in headless Chromium, served by
// the console (worker/ in workerd) whose cluster is a Ray-style double the test changes: the
// list's "Include history" switch and a forgotten job's page from the console's D1 history; the
// bell on a job and on a list view, with the Notification permission granted by the test and
// every notification captured by an init script wrapping `window.Notification`.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { consoleProject, startConsole } from '../js/lib/console.mjs';
import { json } from '../servers/http.mjs';
import { launch, openPage, until } from './browser.mjs';

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

    await page.click('[data-testid=job-row][data-id=old-3] a.jl-id');
    await page.waitForSelector('[data-testid=history-note]');
    assert.match(await page.textContent('[data-testid=history-note]'), /From history\..*no longer lists this job.*last known state, SUCCEEDED/);
    assert.match(await page.textContent('#view'), /old-3/);
    assert.deepEqual(problems, []);
    await page.close();
  });
});
