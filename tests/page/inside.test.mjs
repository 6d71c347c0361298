// Inside a job on the page (docs/page.md "Tabs"), in headless Chromium through the console
// (worker/ in workerd) whose cluster `ray` is the Ray double with the state API
// (tests/servers/rayinside.mjs): Details | Tasks | Logs as a tablist, the failing task first with
// its error and a link to its worker's log, 10,000 tasks in a virtualized table, the log file
// picker and `&file=`, "search all logs" linking to the line, a running job's tasks read again,
// why a job waits; and servers without the state API (a Ray with only its job API, openYuanrong), where
// the tabs say so.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnDoubles } from '../servers/spawn.mjs';
import { ACTOR_LINE, BOOM_LINE } from '../servers/rayinside.mjs';
import { launch, openPage, until } from './browser.mjs';
import { startConsole } from './console.mjs';

let doubles; let demo; let browser;

before(async () => {
  doubles = await spawnDoubles();
  demo = await startConsole({
    JOBGLASS_CLUSTERS: JSON.stringify([
      { name: 'ray', kind: 'ray', url: `${doubles.url}/rayinside` },
      { name: 'plain', kind: 'ray', url: `${doubles.url}/rayinside-old` },
      { name: 'oyr', kind: 'openyuanrong', url: `${doubles.url}/oyr` },
    ]),
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await demo?.stop();
  await doubles?.stop();
});

const open = (path) => openPage(browser, `${demo.url}${path}`, { viewport: { width: 1280, height: 800 }, consoleErrors: true });
const jobUrl = (cluster, id, rest = '') => `/?cluster=${cluster}&id=${encodeURIComponent(id)}${rest}`;
const rows = (page) => page.$$eval('[data-testid=task-row]', (els) => els.map((e) => ({
  id: e.dataset.id, state: e.dataset.state, name: e.querySelector('.tc-name').textContent,
  error: e.querySelector('.tc-error').textContent, top: e.getBoundingClientRect().top,
})).sort((a, b) => a.top - b.top));
const chipCounts = (page) => page.$$eval('[data-testid=task-state-filter]', (els) => Object.fromEntries(els.map((e) => [e.dataset.state, Number(e.dataset.count)])));
const logText = (page) => page.$$eval('[data-testid=log-line]', (els) => els.map((e) => e.querySelector('.lt').textContent));

test('the tabs are a tablist: Details, Tasks, Logs, each a link, arrow keys move between them', async () => {
  const { page, problems } = await open(jobUrl('ray', 'inside-1'));
  await page.waitForSelector('[data-testid=tab-details][aria-selected=true]');
  assert.deepEqual(await page.$$eval('[role=tablist] [role=tab]', (els) => els.map((e) => [e.dataset.testid, e.getAttribute('aria-selected'), e.getAttribute('tabindex')])),
    [['tab-details', 'true', '0'], ['tab-tasks', 'false', '-1'], ['tab-logs', 'false', '-1']]);
  assert.equal(await page.getAttribute('[role=tabpanel]', 'aria-labelledby'), 'tab-details');
  await page.focus('[data-testid=tab-details]');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('[data-testid=tab-tasks][aria-selected=true]');
  assert.equal(new URL(page.url()).searchParams.get('tab'), 'tasks');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.testid), 'tab-tasks');
  assert.equal(await page.getAttribute('[role=tabpanel]', 'id'), 'tabpanel-tasks');
  await page.keyboard.press('ArrowRight');
  await page.waitForSelector('[data-testid=tab-logs][aria-selected=true]');
  await page.keyboard.press('Home');
  await page.waitForSelector('[data-testid=tab-details][aria-selected=true]');
  assert.equal(new URL(page.url()).searchParams.get('tab'), null);
  assert.deepEqual(problems, []);
  await page.close();
});

test('Tasks: chips with counts, the failing task first with its error, its link opening its worker\'s log', async () => {
  const { page, problems } = await open(jobUrl('ray', 'inside-1', '&tab=tasks'));
  await page.waitForSelector('[data-testid=task-row]');
  assert.deepEqual(await chipCounts(page), { FAILED: 1, FINISHED: 8 });
  const [first, ...rest] = await rows(page);
  assert.deepEqual([first.name, first.state, first.error], ['boom', 'FAILED', 'ValueError: jg-boom raised on purpose']);
  assert.equal(rest.length, 8);
  assert.ok(rest.every((r) => r.state === 'FINISHED'));
  // Chips filter: FINISHED only, then all again.
  await page.click('[data-testid=task-state-filter][data-state=FINISHED]');
  await until(async () => (await rows(page)).length === 8, 'eight FINISHED rows');
  assert.equal(await page.getAttribute('[data-testid=task-state-filter][data-state=FINISHED]', 'aria-pressed'), 'true');
  await page.click('[data-testid=task-state-filter][data-state=FINISHED]');
  await until(async () => (await rows(page)).length === 9, 'all rows again');
  // The failing task's log: the Logs tab on its worker's file, the line it printed there.
  await page.click(`[data-testid=task-row][data-id="${first.id}"] [data-testid=task-log-link]`);
  await page.waitForSelector('[data-testid=tab-logs][aria-selected=true]');
  const file = new URL(page.url()).searchParams.get('file');
  assert.match(file, /^[0-9a-f]+\.worker-[0-9a-f]+-02000000-31001\.out$/);
  assert.equal(await page.$eval('[data-testid=log-file-picker]', (s) => s.value), file);
  await until(async () => (await logText(page)).includes(BOOM_LINE), 'the failing task\'s line in its worker log');
  assert.deepEqual(problems, []);
  await page.close();
});

test('Logs: the file picker sets &file=, search all logs finds the actor\'s line and links to it', async () => {
  const { page, problems } = await open(jobUrl('ray', 'inside-1', '&tab=logs'));
  await until(() => page.$eval('[data-testid=log-file-picker]', (s) => s.options.length === 9).catch(() => false), 'nine log files');
  assert.deepEqual(await page.$eval('[data-testid=log-file-picker]', (s) => [...s.options].map((o) => o.dataset.kind)),
    ['driver', 'actor', 'actor', 'worker', 'worker', 'worker', 'worker', 'worker', 'worker']);
  // The actor's .out chosen: its text, and the URL names it.
  const actorOut = await page.$eval('[data-testid=log-file-picker]', (s) => [...s.options].find((o) => o.dataset.kind === 'actor' && o.value.endsWith('.out')).value);
  await page.selectOption('[data-testid=log-file-picker]', actorOut);
  await until(async () => new URL(page.url()).searchParams.get('file') === actorOut, 'the file in the URL');
  await until(async () => (await logText(page)).includes(ACTOR_LINE), 'the actor\'s line');
  // Back to the driver: no file in the URL.
  await page.selectOption('[data-testid=log-file-picker]', 'driver');
  await until(async () => !new URL(page.url()).searchParams.has('file'), 'no file for the driver');
  await until(async () => (await logText(page)).includes('jg-driver-done'), 'the driver\'s log');

  await page.fill('[data-testid=log-search-all]', 'JG-ACTOR-ONLY');
  await page.press('[data-testid=log-search-all]', 'Enter');
  await page.waitForSelector('[data-testid=log-search-progress][data-done]');
  const results = await page.$$eval('[data-testid=log-search-result]', (els) => els.map((e) => [e.dataset.file, Number(e.dataset.line), e.querySelector('code').textContent]));
  assert.deepEqual(results, [['driver', 2, `(Keeper pid=31002) ${ACTOR_LINE}`], [actorOut, 4, ACTOR_LINE]]);
  assert.match(await page.textContent('[data-testid=log-search-progress]'), /2 lines found in 9 files/);
  await page.click(`[data-testid=log-search-result][data-file="${actorOut}"]`);
  await until(async () => new URL(page.url()).searchParams.get('file') === actorOut && new URL(page.url()).hash === '#L4', 'the link to the line');
  await page.waitForSelector('[data-testid=log-line][data-line="4"].hl');
  // The address opens the same file at the same line.
  await page.reload();
  await page.waitForSelector('[data-testid=log-line][data-line="4"].hl');
  assert.equal(await page.$eval('[data-testid=log-file-picker]', (s) => s.value), actorOut);
  assert.deepEqual(problems, []);
  await page.close();
});

test('search all logs: results stream in, each file\'s as it is read, while another file is still being read; cancel', async () => {
  const { page, problems } = await open(jobUrl('ray', 'inside-1', '&tab=logs'));
  await page.waitForSelector('[data-testid=log-search-all]:not([disabled])');
  // The failing task's worker's .err answers only when released.
  assert.equal((await fetch(`${doubles.url}/rayinside/_control/hold?file=-31001.err`)).status, 200);
  try {
    await page.fill('[data-testid=log-search-all]', 'jg-actor-only');
    await page.press('[data-testid=log-search-all]', 'Enter');
    // Both matches are in files read before the held one: shown while the search goes on.
    await until(async () => (await page.$$('[data-testid=log-search-result]')).length === 2, 'two results before the end');
    assert.equal(await page.$eval('[data-testid=log-search-progress]', (e) => e.dataset.done), undefined, 'the search has not ended');
    assert.equal(await page.isVisible('[data-testid=log-search-cancel]'), true);
    await page.click('[data-testid=log-search-cancel]');
    await page.waitForSelector('[data-testid=log-search-progress][data-done=ABORTED]');
    assert.match(await page.textContent('[data-testid=log-search-progress]'), /cancelled/);
  } finally {
    await fetch(`${doubles.url}/rayinside/_control/release`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('search all logs: a regex, and a bad regex said as BAD_REQUEST with no result', async () => {
  const { page, problems } = await open(jobUrl('ray', 'inside-1', '&tab=logs'));
  await page.waitForSelector('[data-testid=log-search-all]:not([disabled])');
  await page.check('[data-testid=log-search-regex]');
  await page.fill('[data-testid=log-search-all]', '^jg-boom-only about to ra[a-z]+e$');
  await page.click('[data-testid=log-search-go]');
  await page.waitForSelector('[data-testid=log-search-progress][data-done="1"]');
  const [[file, line]] = await page.$$eval('[data-testid=log-search-result]', (els) => els.map((e) => [e.dataset.file, Number(e.dataset.line)]));
  assert.match(file, /-31001\.out$/);
  assert.equal(line, 5);
  await page.fill('[data-testid=log-search-all]', '(unclosed');
  await page.click('[data-testid=log-search-go]');
  await page.waitForSelector('[data-testid=log-search-progress][data-done=BAD_REQUEST]');
  assert.equal(await page.$$eval('[data-testid=log-search-result]', (els) => els.length), 0);
  assert.deepEqual(problems, []);
  await page.close();
});

test('10,000 tasks: the counts, failures first, only the rows in sight in the DOM, the end reached by scrolling', async () => {
  const { page, problems } = await open(jobUrl('ray', 'many-10000', '&tab=tasks'));
  // 10,000 rows are 12 MB of Ray's JSON: on a loaded machine that takes a while.
  await page.waitForSelector('[data-testid=task-row]', { timeout: 90000 });
  assert.deepEqual(await chipCounts(page), { FAILED: 103, RUNNING: 20, PENDING_NODE_ASSIGNMENT: 5, FINISHED: 9872 });
  assert.deepEqual(await page.$$eval('[data-testid=task-state-filter]', (els) => els.map((e) => e.dataset.state)),
    ['FAILED', 'RUNNING', 'PENDING_NODE_ASSIGNMENT', 'FINISHED']);
  const top = await rows(page);
  assert.ok(top.length < 100, `${top.length} rows in the DOM`);
  assert.ok(top.slice(0, 10).every((r) => r.state === 'FAILED' && /^ValueError: step \d+ failed$/.test(r.error)));
  await page.$eval('.task-scroll', (s) => { s.scrollTop = s.scrollHeight; });
  // The last in order: the FINISHED task that started last (tasks 9975 on run or wait).
  const last = (9974).toString(16).padStart(16, '0');
  await until(async () => (await rows(page)).at(-1)?.id.startsWith(last), 'the last task in sight');
  const bottom = await rows(page);
  assert.ok(bottom.length < 100);
  assert.ok(bottom.every((r) => r.state === 'FINISHED'));
  assert.equal(await page.getAttribute('[role=table]', 'aria-rowcount'), '10001');
  // A running job waits for nothing it cannot have: Ray has not placed five tasks yet.
  assert.match(await page.textContent('[data-testid=pending-reason]'), /5 tasks wait for \{CPU: 1\}, which the cluster has free/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a running job\'s tasks are read again: a new task shows without a reload', async () => {
  const { page, problems } = await open(jobUrl('ray', 'live-1', '&tab=tasks'));
  await page.waitForSelector('[data-testid=tasks-state][data-total="0"]');
  const add = await fetch(`${doubles.url}/rayinside/_control/live-1/add`, { method: 'POST', body: JSON.stringify({ state: 'FAILED' }) });
  assert.equal(add.status, 200);
  await page.waitForSelector('[data-testid=task-row][data-state=FAILED]', { timeout: 20000 });
  assert.deepEqual(await chipCounts(page), { FAILED: 1 });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a job waiting for a GPU says why, on every tab', async () => {
  const { page, problems } = await open(jobUrl('ray', 'gpu-1'));
  await page.waitForSelector('[data-testid=pending-reason]');
  assert.match(await page.textContent('[data-testid=pending-reason]'), /1 task waits for \{CPU: 1, GPU: 1\}: the cluster has no GPU\./);
  await page.click('[data-testid=tab-tasks]');
  await page.waitForSelector('[data-testid=task-row][data-state=PENDING_NODE_ASSIGNMENT]');
  assert.ok(await page.$('[data-testid=pending-reason]'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('without Ray\'s state API, or on openYuanrong, the tabs say what cannot be shown', async () => {
  const plain = await open(jobUrl('plain', 'inside-1', '&tab=tasks'));
  await plain.page.waitForSelector('[data-testid=tasks-unsupported]', { timeout: 60000 });
  assert.match(await plain.page.textContent('[data-testid=tasks-unsupported]'), /cannot list the tasks of a job: this server has no Ray state API/);
  await plain.page.click('[data-testid=tab-logs]');
  await plain.page.waitForSelector('[data-testid=log-files-unsupported]', { timeout: 60000 });
  assert.match(await plain.page.textContent('[data-testid=log-files-unsupported]'), /Only the driver's log can be shown: this server has no Ray state API/);
  assert.equal(await plain.page.$eval('[data-testid=log-search-all]', (i) => i.disabled), true);
  // The driver's log is still there.
  await until(async () => (await logText(plain.page)).includes('jg-driver-done'), 'the driver\'s log');
  assert.deepEqual(plain.problems, []);
  await plain.page.close();

  const [oyrJob] = await (await fetch(`${doubles.url}/oyr/api/jobs/`)).json().catch(() => []);
  const oyrId = oyrJob?.submission_id ?? oyrJob?.key;
  assert.ok(oyrId, 'an openYuanrong job');
  const oyr = await open(jobUrl('oyr', oyrId, '&tab=tasks'));
  await oyr.page.waitForSelector('[data-testid=tasks-unsupported]');
  assert.match(await oyr.page.textContent('[data-testid=tasks-unsupported]'), /openYuanrong's servers have no route for a job's tasks/);
  assert.equal(await oyr.page.getAttribute('[data-testid=tab-tasks]', 'aria-disabled'), 'true');
  assert.deepEqual(oyr.problems, []);
  await oyr.page.close();
});
