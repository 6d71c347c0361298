// The Logs tab in headless Chromium, served by the console (worker/ in workerd) whose cluster
// `local` is a real Ray head (tests/ray/run.sh starts it): a running job's log followed live over
// Ray's tail WebSocket, which the console opens for its page (docs/console.md "Security rules"),
// ends with exactly the lines Ray's own Python client reports.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { endpoint, reach, submit } from '../js/lib/ray-actions.mjs';
import { launch, until as waitUntil } from './browser.mjs';
import { startConsole } from './console.mjs';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'jobglass-ray-page-logs-'));
const shots = new URL('../../target/screenshots/', import.meta.url);
mkdirSync(shots, { recursive: true });
let demo; let browser;

before(async () => {
  demo = await startConsole({ JOBGLASS_UPSTREAM: endpoint });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await demo?.stop();
  rmSync(dir, { recursive: true, force: true });
});

const until = (check, what, timeout = 120000) => waitUntil(check, what, timeout);

test('the Logs tab follows a running Ray job live through the console\'s WebSocket to the log Ray reports', async () => {
  const lines = 4000;
  const id = await submit('page-logs', `python -u ${repo}tests/ray/chatty.py ${lines} 80`);
  assert.equal(await reach(id, ['RUNNING']), 'RUNNING');
  const page = await browser.newPage({ viewport: { width: 1200, height: 820 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  const sockets = [];
  page.on('websocket', (ws) => { if (ws.url().includes('/logs/tail')) sockets.push(ws.url()); });
  await page.goto(`${demo.url}/?cluster=local&id=${encodeURIComponent(id)}&tab=logs`);
  const last = () => page.evaluate(() => Number([...document.querySelectorAll('[data-testid=log-line]')].at(-1)?.dataset.line ?? 0));
  // Seen growing while the job runs, with the follow on.
  const status = () => page.getAttribute('[data-testid=job-status]', 'data-status').catch(() => null);
  const follow = () => page.getAttribute('[data-testid=log-follow]', 'aria-pressed').catch(() => null);
  await until(async () => (await last()) > 200 && (await status()) === 'RUNNING' && (await follow()) === 'true', 'lines arriving while the job runs');
  await page.screenshot({ path: new URL('ray-logs-live.png', shots).pathname });
  await until(async () => /^Complete/.test(await page.textContent('[data-testid=log-state]').catch(() => '')), 'the log complete');
  assert.ok(sockets.length >= 1, 'the page opened the tail WebSocket');
  for (const u of sockets) assert.equal(new URL(u).pathname, `/c/local/api/jobs/${id}/logs/tail`);

  const file = join(dir, 'truth.log');
  await run(`${repo}.venv/bin/python`, [`${repo}tests/ray/logs_truth.py`, endpoint, id, file]);
  const want = readFileSync(file, 'utf8').split('\n').map((l) => l.replace(/\x1b\[[0-9;]*m/g, '')); // eslint-disable-line no-control-regex
  if (want.at(-1) === '') want.pop();
  assert.equal(await last(), want.length);
  const rows = await page.$$eval('[data-testid=log-line]', (rs) => rs.map((r) => [Number(r.dataset.line), r.querySelector('.lt').textContent]));
  assert.ok(rows.length > 10 && rows.length < 100);
  for (const [n, text] of rows) assert.equal(text, want[n - 1], `line ${n}`);
  assert.deepEqual(problems, []);
  await page.close();
});
