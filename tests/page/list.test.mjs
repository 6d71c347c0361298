// The jobs list (`?cluster=NAME&view=list`, docs/api.md §12) in real headless Chromium,
// served by the console (worker/ in workerd) whose clusters are the server doubles: 100,000
// generated Ray jobs (tests/servers/joblists.mjs), a list that changes while the page watches it,
// and ModelArts pages. Expected values come from the generator's own functions, never from the page.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { startDoubles } from '../servers/doubles.mjs';
import { generatedId, generatedStart, generatedStatus, generatedTicket, rayJob } from '../servers/joblists.mjs';
import { PAGED_JOBS } from '../servers/modelarts.mjs';
import { browserName, launch, openPage } from './browser.mjs';
import { startConsole } from './console.mjs';

const shots = new URL('../../target/screenshots/', import.meta.url);
mkdirSync(shots, { recursive: true });
const STATUSES = ['FAILED', 'RUNNING', 'PENDING', 'STOPPED', 'SUCCEEDED', 'UNKNOWN'];
let doubles; let demo; let browser;

before(async () => {
  doubles = await startDoubles(0);
  // One cluster per list the tests read; signed in as the console's own machine (JOBGLASS_AUTH=none).
  const lists = { 'big-100000': 'big/100000', 'big-1000': 'big/1000', 'big-2000': 'big/2000', 'live-refresh': 'live/refresh', 'never-filled': 'live/never-filled', nowhere: 'nowhere' };
  demo = await startConsole({
    JOBGLASS_CLUSTERS: JSON.stringify([
      ...Object.entries(lists).map(([name, path]) => ({ name, kind: 'ray', url: `${doubles.url}/lists/${path}` })),
      { name: 'paged', kind: 'modelarts', url: `${doubles.url}/modelarts`, project: 'paged-project' },
    ]),
    HUAWEICLOUD_SDK_AK: 'test-ak',
    HUAWEICLOUD_SDK_SK: 'test-sk',
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await demo?.stop();
  await doubles?.close();
});

const listUrl = (cluster, extra = '') => `/?cluster=${cluster}&view=list${extra}`;

const open = (path, viewport = { width: 1280, height: 900 }) => openPage(browser, `${demo.url}${path}`, { viewport });

/** Waits for the count to read `text` (an event the page shows, bounded by `timeout`). */
async function countIs(page, text, timeout = 30000) {
  await page.waitForFunction((want) => document.querySelector('[data-testid=job-count]')?.textContent === want, text, { timeout });
}
const fmt = (n) => n.toLocaleString('en');
/** The generated list of `n` jobs, as the page should order it by `sort` ('start' or '-start'). */
function expected(n, { statuses = [], q = '', sort = '-start' } = {}) {
  const jobs = Array.from({ length: n }, (_, i) => rayJob(i, n));
  const words = q.toLowerCase().split(/\s+/).filter(Boolean);
  const hay = (j) => [j.submission_id, j.job_id, j.metadata.job_name, j.entrypoint, j.error_type, j.message, ...Object.values(j.metadata)]
    .filter(Boolean).join('\n').toLowerCase();
  const matching = jobs.filter((j) => words.every((w) => hay(j).includes(w)));
  const shown = matching.filter((j) => !statuses.length || statuses.includes(j.status));
  const dir = sort.startsWith('-') ? -1 : 1;
  shown.sort((a, b) => dir * (a.start_time - b.start_time));
  const counts = Object.fromEntries(STATUSES.map((s) => [s, matching.filter((j) => j.status === s).length]));
  return { ids: shown.map((j) => j.submission_id), counts };
}
/** The rendered rows' ids, top to bottom. */
const renderedIds = (page) => page.evaluate(() => [...document.querySelectorAll('[data-testid=job-row]')]
  .map((el) => ({ id: el.dataset.id, top: Number(/translateY\(([\d.]+)px\)/.exec(el.style.transform)?.[1]) }))
  .sort((a, b) => a.top - b.top).map((r) => r.id));
const chips = (page) => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid=status-filter]')]
  .map((c) => [c.dataset.status, { pressed: c.getAttribute('aria-pressed'), count: Number(c.querySelector('.jl-n').textContent.replace(/\D/g, '')) }])));
const timeline = (page) => page.evaluate(() => {
  const c = document.querySelector('[data-testid=job-timeline]');
  return { bars: c.timelineData.bars, attr: Number(c.dataset.bars), ids: c.timelineData.ids };
});

test('100,000 jobs load in a worker, count per status, filter and search, with only visible rows in the DOM', async () => {
  const n = 100000;
  const { page, problems } = await open(listUrl(`big-${n}`));
  await countIs(page, `${fmt(n)} of ${fmt(n)} jobs`, 180000);
  const want = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  for (let i = 0; i < n; i++) want[generatedStatus(i)]++;
  const seen = await chips(page);
  for (const s of STATUSES) assert.equal(seen[s].count, want[s], s);
  const rows = await page.locator('[data-testid=job-row]').count();
  assert.ok(rows > 5 && rows < 100, `only the visible rows are in the DOM (${rows})`);
  assert.equal((await timeline(page)).bars, n);

  await page.click('[data-testid=status-filter][data-status=FAILED]');
  await countIs(page, `${fmt(want.FAILED)} of ${fmt(n)} jobs`);
  assert.equal((await chips(page)).FAILED.pressed, 'true');
  assert.equal(new URL(page.url()).searchParams.get('status'), 'FAILED');
  const statuses = await page.$$eval('[data-testid=job-row]', (els) => [...new Set(els.map((e) => e.dataset.status))]);
  assert.deepEqual(statuses, ['FAILED']);
  const t = await timeline(page);
  assert.equal(t.bars, want.FAILED, 'the timeline follows the filter');
  assert.equal(t.attr, want.FAILED);

  // A metadata value (the `ticket` of job 4242, a failed one) finds exactly that job.
  const i = 4240; // 4240 % 20 === 0: FAILED
  assert.equal(generatedStatus(i), 'FAILED');
  await page.fill('[data-testid=job-search]', generatedTicket(i));
  await countIs(page, `1 of ${fmt(n)} jobs`);
  assert.deepEqual(await renderedIds(page), [generatedId(i)]);
  assert.deepEqual((await timeline(page)).ids, [generatedId(i)]);
  assert.equal(new URL(page.url()).searchParams.get('q'), generatedTicket(i));
  assert.deepEqual(problems, []);
  await page.close();
});

test('sort by start both ways, and every column sorts', async () => {
  const n = 1000;
  const { page } = await open(listUrl(`big-${n}`));
  await countIs(page, `${fmt(n)} of ${fmt(n)} jobs`);
  const newest = expected(n, { sort: '-start' }).ids;
  assert.deepEqual((await renderedIds(page)).slice(0, 10), newest.slice(0, 10));
  assert.equal(await page.getAttribute('[role=columnheader][data-col=start]', 'aria-sort'), 'descending');

  await page.click('[role=columnheader][data-col=start] button');
  await page.waitForFunction(() => new URL(location.href).searchParams.get('sort') === 'start');
  const oldest = expected(n, { sort: 'start' }).ids;
  await page.waitForFunction((id) => document.querySelector('[data-testid=job-row]') && [...document.querySelectorAll('[data-testid=job-row]')]
    .some((el) => el.dataset.id === id && el.style.transform === 'translateY(0px)'), oldest[0]);
  assert.deepEqual((await renderedIds(page)).slice(0, 10), oldest.slice(0, 10));
  assert.equal(await page.getAttribute('[role=columnheader][data-col=start]', 'aria-sort'), 'ascending');
  assert.deepEqual((await timeline(page)).ids.slice(0, 50), oldest.slice(0, 50));

  // Every column header sorts, and says which way.
  for (const col of ['status', 'id', 'name', 'entrypoint', 'type', 'duration', 'exit', 'error']) {
    await page.click(`[role=columnheader][data-col=${col}] button`);
    await page.waitForFunction((c) => new URL(location.href).searchParams.get('sort')?.replace('-', '') === c, col);
    assert.match(await page.getAttribute(`[role=columnheader][data-col=${col}]`, 'aria-sort'), /^(ascending|descending)$/);
  }
  await page.close();
});

test('the URL round trip restores filter, search and sort', async () => {
  const n = 1000;
  const path = listUrl(`big-${n}`, '&status=FAILED,STOPPED&q=resnet&sort=start');
  const { page } = await open(path);
  const want = expected(n, { statuses: ['FAILED', 'STOPPED'], q: 'resnet', sort: 'start' });
  const check = async () => {
    await countIs(page, `${fmt(want.ids.length)} of ${fmt(n)} jobs`);
    const c = await chips(page);
    assert.deepEqual(STATUSES.filter((s) => c[s].pressed === 'true'), ['FAILED', 'STOPPED']);
    for (const s of STATUSES) assert.equal(c[s].count, want.counts[s], `${s} among the jobs matching "resnet"`);
    assert.equal(await page.inputValue('[data-testid=job-search]'), 'resnet');
    assert.equal(await page.getAttribute('[role=columnheader][data-col=start]', 'aria-sort'), 'ascending');
    assert.deepEqual((await timeline(page)).ids, want.ids);
  };
  await check();
  await page.reload();
  await check();

  // Changed on the page, then reloaded: the new state comes back.
  await page.click('[data-testid=status-filter][data-status=STOPPED]');
  await page.fill('[data-testid=job-search]', 'gpt');
  await page.click('[role=columnheader][data-col=start] button');
  const next = expected(n, { statuses: ['FAILED'], q: 'gpt', sort: '-start' });
  await countIs(page, `${fmt(next.ids.length)} of ${fmt(n)} jobs`);
  const q = new URL(page.url()).searchParams;
  assert.deepEqual([q.get('status'), q.get('q'), q.get('sort')], ['FAILED', 'gpt', '-start']);
  await page.reload();
  await countIs(page, `${fmt(next.ids.length)} of ${fmt(n)} jobs`);
  assert.deepEqual((await timeline(page)).ids, next.ids);
  await page.close();
});

test('live refresh adds a job and changes a status in place: scroll, focus and search box stay', async () => {
  const control = (what, body) => fetch(`${doubles.url}/lists/live/refresh/_control/${what}`, { method: 'POST', body: JSON.stringify(body ?? {}) });
  await control('reset?n=300');
  const { page } = await open(listUrl('live-refresh'));
  await countIs(page, '300 of 300 jobs');
  await page.fill('[data-testid=job-search]', 'train');
  // Every job matches, so the count does not change: wait for the search's answer itself, which
  // brings the list back to its top and would undo a scroll made before it.
  await page.waitForSelector('[data-testid=job-list]:not([aria-busy])');
  await countIs(page, '300 of 300 jobs');
  // Scroll well into the list and put the keyboard on a row there.
  await page.$eval('.jl-scroll', (s) => { s.scrollTop = 40 * 120 + 13; });
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=job-row]')].some((el) => el.style.transform === `translateY(${40 * 125}px)`));
  const focusId = await page.evaluate(() => {
    const el = [...document.querySelectorAll('[data-testid=job-row]')].find((e) => e.style.transform === `translateY(${40 * 125}px)`);
    el.click();
    return el.dataset.id;
  });
  await page.waitForFunction((id) => document.activeElement?.dataset?.id === id, focusId);
  const screenTop = (id) => page.evaluate((x) => {
    const el = [...document.querySelectorAll('[data-testid=job-row]')].find((e) => e.dataset.id === x);
    return el.getBoundingClientRect().top;
  }, id);
  const before = await screenTop(focusId);
  const reads = async () => (await (await fetch(`${doubles.url}/lists/live/refresh/_control/reads`)).json()).reads;
  const readsBefore = await reads();

  await control('add', { id: 'raysubmit_new_one', status: 'RUNNING' });
  await control('set', { id: focusId, status: 'FAILED' });
  // The next refresh shows both: one more job, and the focused row now failed, marked as changed.
  await countIs(page, '301 of 301 jobs', 30000);
  await page.waitForFunction((id) => document.querySelector(`[data-testid=job-row][data-id="${id}"]`)?.dataset.status === 'FAILED', focusId);
  assert.ok(await reads() > readsBefore);
  assert.equal(await page.getAttribute(`[data-testid=job-row][data-id="${focusId}"]`, 'class').then((c) => c.includes('changed')), true);
  assert.equal(await screenTop(focusId), before, 'the focused row did not move on screen');
  assert.equal(await page.evaluate(() => document.activeElement?.dataset?.id), focusId, 'focus stayed on the row');
  assert.equal(await page.inputValue('[data-testid=job-search]'), 'train');
  assert.match(await page.textContent('[data-testid=list-updated]'), /^updated \d+ s ago$/);
  // The new job is first (newest start) when scrolled back up.
  await page.$eval('.jl-scroll', (s) => { s.scrollTop = 0; });
  await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=job-row]')].some((el) => el.dataset.id === 'raysubmit_new_one' && el.style.transform === 'translateY(0px)'));
  await page.close();
});

test('keyboard: arrows move between rows, Enter opens the job, Escape and Back return to the list where it was', async () => {
  const n = 1000;
  const { page } = await open(listUrl(`big-${n}`));
  await countIs(page, `${fmt(n)} of ${fmt(n)} jobs`);
  const ids = expected(n).ids;
  await page.click(`[data-testid=job-row][data-id="${ids[0]}"] [role=gridcell]:nth-child(3)`);
  for (let k = 0; k < 20; k++) await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowUp');
  await page.waitForFunction((id) => document.activeElement?.dataset?.id === id, ids[19]);
  assert.equal(await page.getAttribute(`[data-testid=job-row][data-id="${ids[19]}"]`, 'aria-selected'), 'true');
  const scrolled = await page.$eval('.jl-scroll', (s) => s.scrollTop);
  assert.ok(scrolled > 0, 'the list scrolled to keep the row in view');

  await page.keyboard.press('Enter');
  await page.waitForSelector('[data-testid=job-status]');
  assert.equal(new URL(page.url()).searchParams.get('id'), ids[19]);
  assert.equal(await page.textContent('[data-testid=job-id]'), ids[19]);
  await page.keyboard.press('Escape');
  await page.waitForFunction((id) => document.activeElement?.dataset?.id === id, ids[19]);
  assert.equal(await page.$eval('.jl-scroll', (s) => s.scrollTop), scrolled);
  assert.equal(new URL(page.url()).searchParams.get('view'), 'list');

  // A click on the id opens the job too; the browser's Back returns the same way.
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction((id) => document.activeElement?.dataset?.id === id, ids[20]);
  // Where the list was when the link was clicked: Playwright first scrolls the link into view, in
  // Chromium only if it is not, in Firefox always to the middle of the list, which moves it.
  await page.$eval('.jl-scroll', (s) => document.addEventListener('click', () => { window.listTopAtClick = s.scrollTop; }, { capture: true, once: true }));
  await page.click(`[data-testid=job-row][data-id="${ids[20]}"] a`);
  await page.waitForSelector('[data-testid=job-status]');
  assert.equal(await page.textContent('[data-testid=job-id]'), ids[20]);
  const atClick = await page.evaluate(() => window.listTopAtClick);
  if (browserName === 'chromium') assert.equal(atClick, scrolled);
  await page.goBack();
  await page.waitForFunction((id) => document.activeElement?.dataset?.id === id, ids[20]);
  assert.equal(await page.$eval('.jl-scroll', (s) => s.scrollTop), atClick);
  await page.close();
});

test('a 390-px phone shows one card per job, nothing cut off', async () => {
  const { page, problems } = await open(listUrl('big-1000'), { width: 390, height: 844 });
  await countIs(page, '1,000 of 1,000 jobs');
  const fit = await page.evaluate(() => {
    const out = { pageOverflow: document.documentElement.scrollWidth - window.innerWidth, cards: 0, bad: [] };
    for (const row of document.querySelectorAll('[data-testid=job-row]')) {
      out.cards++;
      const box = row.getBoundingClientRect();
      if (row.scrollHeight > row.clientHeight + 1 || row.scrollWidth > row.clientWidth + 1) out.bad.push(`${row.dataset.id} overflows`);
      if (getComputedStyle(row).flexDirection !== 'column') out.bad.push(`${row.dataset.id} is not a card`);
      for (const cell of row.querySelectorAll('[role=gridcell]')) {
        const c = cell.getBoundingClientRect();
        if (c.right > box.right + 1 || c.bottom > box.bottom + 1) out.bad.push(`${row.dataset.id} ${cell.dataset.label} outside its card`);
      }
    }
    return out;
  });
  assert.ok(fit.pageOverflow <= 0, `no sideways scrolling (${fit.pageOverflow}px)`);
  assert.ok(fit.cards >= 3);
  assert.deepEqual(fit.bad, []);
  // The id, the status word and the labels are on each card.
  const first = page.locator('[data-testid=job-row]').first();
  assert.match(await first.textContent(), /raysubmit_\d{7}/);
  await page.screenshot({ path: new URL('list-phone.png', shots).pathname, fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the timeline draws one bar per shown job, in the list order', async () => {
  const n = 1000;
  const { page } = await open(listUrl(`big-${n}`, '&status=RUNNING,PENDING'));
  const want = expected(n, { statuses: ['RUNNING', 'PENDING'] });
  await countIs(page, `${fmt(want.ids.length)} of ${fmt(n)} jobs`);
  const t = await timeline(page);
  assert.equal(t.bars, want.ids.length);
  assert.deepEqual(t.ids, want.ids);
  // Hover says which job a bar is; a click opens it.
  const box = await page.locator('[data-testid=job-timeline]').boundingBox();
  const { x, y } = await page.evaluate(() => {
    const c = document.querySelector('[data-testid=job-timeline]');
    const l = window.jobglassList.timeline;
    const g = l.geometry;
    const k = 0;
    const end = Number.isFinite(l.data.end[k]) ? l.data.end[k] : g.now;
    const mid = (l.data.start[k] + end) / 2;
    return { x: 2 + ((mid - g.lo) / (g.hi - g.lo)) * (g.cssW - 4), y: 18 + (k + 0.5) * g.rowH, h: c.clientHeight };
  });
  await page.mouse.move(box.x + x, box.y + y);
  await page.waitForSelector('.tl-tip:not([hidden])');
  assert.match(await page.textContent('.tl-tip'), new RegExp(want.ids[0]));
  await page.mouse.click(box.x + x, box.y + y);
  await page.waitForSelector('[data-testid=job-status]');
  assert.equal(new URL(page.url()).searchParams.get('id'), want.ids[0]);
  await page.close();
});

test('empty, loading and error states say what is going on', async () => {
  const { page } = await open(listUrl('never-filled'));
  await countIs(page, '0 of 0 jobs');
  assert.match(await page.textContent('.jl-empty'), /no jobs yet/);
  await page.goto(`${demo.url}${listUrl('big-1000', '&q=no-such-thing-anywhere')}`);
  await countIs(page, '0 of 1,000 jobs');
  assert.match(await page.textContent('.jl-empty'), /No job matches/);
  await page.click('.jl-empty button');
  await countIs(page, '1,000 of 1,000 jobs');
  assert.equal(await page.inputValue('[data-testid=job-search]'), '');
  await page.goto(`${demo.url}${listUrl('nowhere')}`);
  await page.waitForSelector('[data-testid=error]');
  assert.equal(await page.getAttribute('[data-testid=error]', 'data-code'), 'NOT_FOUND');
  await page.close();
});

test('ModelArts: every page is fetched and merged in order', async () => {
  const before = await (await fetch(`${doubles.url}/modelarts/_list-requests`)).json();
  const { page, problems } = await open(listUrl('paged'));
  await countIs(page, `${PAGED_JOBS} of ${PAGED_JOBS} jobs`);
  const reads = (await (await fetch(`${doubles.url}/modelarts/_list-requests`)).json()).slice(before.length)
    .filter((r) => r.project === 'paged-project').map((r) => r.query);
  // The first page alone, then the rest side by side: they may reach the server in any order.
  assert.equal(reads[0], '');
  assert.deepEqual(reads.slice(1).sort(), ['?limit=10&offset=10', '?limit=10&offset=20']);
  // The server's order (newest first) is the default sort's, so the merged list reads straight through.
  const want = Array.from({ length: PAGED_JOBS }, (_, i) => `paged-${String(i).padStart(3, '0')}`);
  assert.deepEqual((await timeline(page)).ids, want);
  assert.deepEqual((await renderedIds(page)).slice(0, 5), want.slice(0, 5));
  assert.match(await page.textContent(`[data-testid=job-row][data-id="paged-000"]`), /paged-job-0/);
  await page.screenshot({ path: new URL('list-modelarts.png', shots).pathname });
  assert.deepEqual(problems, []);
  await page.close();
});

test('screenshot: the list with its timeline on a desktop', async () => {
  const { page } = await open(listUrl('big-2000', '&status=FAILED,RUNNING,STOPPED'), { width: 1360, height: 1000 });
  await countIs(page, `${fmt(expected(2000, { statuses: ['FAILED', 'RUNNING', 'STOPPED'] }).ids.length)} of 2,000 jobs`);
  await page.screenshot({ path: new URL('list-desktop.png', shots).pathname });
  await page.close();
});

test('100,000 jobs: the timeline counts jobs over time, and a dragged time range filters the list and lives in the URL', async () => {
  const n = 100000;
  const { page, problems } = await open(listUrl(`big-${n}`));
  await countIs(page, `${fmt(n)} of ${fmt(n)} jobs`, 180000);
  const canvas = '[data-testid=job-timeline]';
  assert.equal(await page.getAttribute(canvas, 'data-mode'), 'histogram');
  const jobs = Array.from({ length: n }, (_, i) => rayJob(i, n));
  const hist = await page.evaluate((c) => {
    const h = document.querySelector(c).timelineData.histogram;
    return { failed: [...h.failed].reduce((a, b) => a + b, 0), jobs: h.jobs, buckets: h.buckets };
  }, canvas);
  assert.equal(hist.jobs, jobs.filter((j) => j.start_time !== null).length);
  assert.equal(hist.failed, jobs.filter((j) => j.status === 'FAILED' && j.start_time !== null).length, 'every failed job counted once');

  // Drag across the middle fifth of the picture.
  const box = await page.locator(canvas).boundingBox();
  const y = box.y + box.height / 2;
  await page.mouse.move(box.x + box.width * 0.4, y);
  await page.mouse.down();
  await page.mouse.move(box.x + box.width * 0.5, y, { steps: 4 });
  await page.mouse.move(box.x + box.width * 0.6, y, { steps: 4 });
  await page.mouse.up();
  await page.waitForFunction(() => new URL(location.href).searchParams.has('from'));
  const q = new URL(page.url()).searchParams;
  const from = Date.parse(q.get('from')); const to = Date.parse(q.get('to'));
  assert.match(q.get('from'), /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/, 'ISO 8601 in UTC, to the second');
  assert.ok(from < to);
  const now = Date.now();
  const ended = (j) => j.end_time ?? (['SUCCEEDED', 'FAILED', 'STOPPED'].includes(j.status) ? j.start_time : now);
  const inRange = jobs.filter((j) => j.start_time !== null && j.start_time <= to && ended(j) >= from).length;
  assert.ok(inRange > 0 && inRange < n);
  await countIs(page, `${fmt(inRange)} of ${fmt(n)} jobs`);
  assert.match(await page.textContent('[data-testid=timeline-range]'), /Jobs that ran from/);
  await page.mouse.move(box.x + box.width / 2, box.y - 40);
  await page.waitForSelector('.tl-tip', { state: 'hidden' });
  await page.screenshot({ path: new URL('timeline-100k.png', shots).pathname, clip: { x: 0, y: 0, width: 1280, height: 760 } });

  // The URL alone gives the same list.
  await page.reload();
  await countIs(page, `${fmt(inRange)} of ${fmt(n)} jobs`, 180000);
  // Cleared with its button, and the keyboard chooses a range too.
  await page.click('[data-testid=timeline-range-clear]');
  await countIs(page, `${fmt(n)} of ${fmt(n)} jobs`);
  assert.equal(new URL(page.url()).searchParams.has('from'), false);
  await page.focus(canvas);
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => new URL(location.href).searchParams.has('to'));
  await page.keyboard.press('Escape');
  await countIs(page, `${fmt(n)} of ${fmt(n)} jobs`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('below the threshold the timeline keeps a bar per job', async () => {
  const { page } = await open(listUrl('big-1000'));
  await countIs(page, '1,000 of 1,000 jobs');
  assert.equal(await page.getAttribute('[data-testid=job-timeline]', 'data-mode'), 'bars');
  await page.close();
});
