// Inside a real Ray job on the page, in headless Chromium through the console (worker/ in
// workerd) whose cluster `local` is the Ray head tests/ray/run.sh starts, judged by Ray's own
// state API client (tests/ray/inside_truth.py): the job of tests/ray/inside.py (tasks on several
// workers, an actor, one task that raises, each printing lines only it prints) shows its failing
// task's row and error; a link to the actor's log opens the file Ray's client found its line in;
// "search all logs" finds the line only the actor printed and the one only the failing task
// printed, in the right file at the right line; and a job asking for a GPU the head lacks says why.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { endpoint, http, reach, submit } from '../js/lib/ray-actions.mjs';
import { launch, until as waitUntil } from './browser.mjs';
import { startConsole } from './console.mjs';

const run = promisify(execFile);
const repo = fileURLToPath(new URL('../../', import.meta.url));
const python = `${repo}.venv/bin/python`;
const tag = `p${Date.now().toString(36)}`;
const ACTOR_LINE = `jg-actor-only-${tag}`;
const BOOM_LINE = `jg-boom-only-${tag}`;
let demo; let browser; let id; let truth;

const until = (check, what, timeout = 120000) => waitUntil(check, what, timeout);

before(async () => {
  demo = await startConsole({ JOBGLASS_UPSTREAM: endpoint });
  browser = await launch();
  // A head just started answers 500 "No available agent" for a few seconds.
  for (const deadline = Date.now() + 60000; ;) {
    try {
      id = await submit('page-inside', `${python} -u ${repo}tests/ray/inside.py ${tag}`);
      break;
    } catch (e) {
      if (!/No available agent/.test(e.message) || Date.now() > deadline) throw e;
      await new Promise((r) => setTimeout(r, 500));
    }
  }
  assert.equal(await reach(id, ['SUCCEEDED', 'FAILED', 'STOPPED'], 180000), 'SUCCEEDED');
  const jobId = (await http('GET', `/api/jobs/${id}`)).body.job_id;
  const { stdout } = await run(python, [`${repo}tests/ray/inside_truth.py`, endpoint, jobId, ACTOR_LINE, BOOM_LINE],
    { timeout: 180000, maxBuffer: 64 << 20 });
  truth = JSON.parse(stdout.trim().split('\n').pop());
});
after(async () => {
  await browser?.close();
  await demo?.stop();
});

const jobUrl = (rest) => `${demo.url}/?cluster=local&id=${encodeURIComponent(id)}${rest}`;
const fileOf = (line) => { const [w] = truth.found[line]; return { name: `${w.node_id}.${w.filename}`, line: w.line, text: w.text }; };
const logText = (page) => page.$$eval('[data-testid=log-line]', (els) => els.map((e) => e.querySelector('.lt').textContent));

async function newPage(url) {
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(url);
  return { page, problems };
}

test('Tasks: the failing task first with Ray\'s error, every task of list_tasks counted by state', async () => {
  const { page, problems } = await newPage(jobUrl('&tab=tasks'));
  await page.waitForSelector('[data-testid=task-row]', { timeout: 60000 });
  const summary = {};
  for (const t of truth.tasks) summary[t.state] = (summary[t.state] ?? 0) + 1;
  assert.deepEqual(await page.$$eval('[data-testid=task-state-filter]', (els) => Object.fromEntries(els.map((e) => [e.dataset.state, Number(e.dataset.count)]))), summary);
  const boom = truth.tasks.find((t) => t.name === 'boom');
  const top = await page.$$eval('[data-testid=task-row]', (els) => els.map((e) => ({ id: e.dataset.id, top: e.getBoundingClientRect().top, error: e.querySelector('.tc-error').textContent }))
    .sort((a, b) => a.top - b.top)[0]);
  assert.equal(top.id, boom.task_id);
  assert.match(top.error, new RegExp(`ValueError: jg-boom-${tag} raised on purpose`));
  assert.equal(await page.$$eval('[data-testid=task-row]', (els) => els.length), truth.tasks.length);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the actor\'s task links to the actor\'s log, which holds the line only the actor printed', async () => {
  const { page, problems } = await newPage(jobUrl('&tab=tasks'));
  const hello = truth.tasks.find((t) => t.name === 'Keeper.hello');
  const link = `[data-testid=task-row][data-id="${hello.task_id}"] [data-testid=task-log-link]`;
  await page.waitForSelector(link, { timeout: 60000 });
  await page.click(link);
  await page.waitForSelector('[data-testid=tab-logs][aria-selected=true]');
  const actor = fileOf(ACTOR_LINE);
  assert.equal(new URL(page.url()).searchParams.get('file'), actor.name);
  await until(async () => (await logText(page))[actor.line - 1] === actor.text, `line ${actor.line} of the actor's log`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('search all logs finds the line only the actor printed and the one only the failing task printed, at the right file and line', async () => {
  const { page, problems } = await newPage(jobUrl('&tab=logs'));
  for (const line of [ACTOR_LINE, BOOM_LINE]) {
    await page.waitForSelector('[data-testid=log-search-all]:not([disabled])', { timeout: 60000 });
    await page.fill('[data-testid=log-search-all]', line);
    await page.press('[data-testid=log-search-all]', 'Enter');
    await until(() => page.$eval('[data-testid=log-search-progress]', (e) => e.dataset.done !== undefined && !/^[A-Z_]+$/.test(e.dataset.done)), `the search for ${line}`);
    const results = await page.$$eval('[data-testid=log-search-result]', (els) => els.map((e) => ({ file: e.dataset.file, line: Number(e.dataset.line) })));
    const want = fileOf(line);
    // The driver's log also has it, copied there by Ray as `(Keeper pid=…) …`.
    assert.deepEqual(results.filter((r) => r.file !== 'driver'), [{ file: want.name, line: want.line }], line);
    await page.click(`[data-testid=log-search-result][data-file="${want.name}"]`);
    await page.waitForSelector(`[data-testid=log-line][data-line="${want.line}"].hl`, { timeout: 60000 });
    assert.equal(await page.$eval(`[data-testid=log-line][data-line="${want.line}"] .lt`, (e) => e.textContent), want.text);
    assert.equal(new URL(page.url()).hash, `#L${want.line}`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('a job asking for a GPU the head lacks says why it waits', async () => {
  const gpu = await submit('page-gpu', `${python} -u ${repo}tests/ray/gpu.py`);
  try {
    assert.equal(await reach(gpu, ['RUNNING'], 120000), 'RUNNING');
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(`${demo.url}/?cluster=local&id=${encodeURIComponent(gpu)}`);
    await page.waitForSelector('[data-testid=pending-reason]', { timeout: 90000 });
    assert.match(await page.textContent('[data-testid=pending-reason]'), /1 task waits for \{CPU: 1, GPU: 1\}: the cluster has no GPU\./);
    await page.close();
  } finally {
    await http('POST', `/api/jobs/${gpu}/stop`);
  }
});
