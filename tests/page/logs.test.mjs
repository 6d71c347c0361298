// The Logs tab in headless Chromium (docs/api.md §9, §12), served by the console (worker/ in
// workerd) whose cluster `local` is the Ray log double (tests/servers/logs.mjs): a live job
// followed over the console's tail WebSocket, search, line links across a reload, scrolling up that stops following,
// the phone view, a failed job's last lines, a truncated log downloaded in full.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { spawnDoubles } from '../servers/spawn.mjs';
import { logLine, logLines } from '../servers/logtext.mjs';
import { launch, openPage, until as waitUntil } from './browser.mjs';
import { startConsole } from './console.mjs';

const shots = new URL('../../target/screenshots/', import.meta.url);
mkdirSync(shots, { recursive: true });
let doubles; let demo; let browser;

before(async () => {
  doubles = await spawnDoubles();
  demo = await startConsole({
    JOBGLASS_UPSTREAM: `${doubles.url}/raylogs`,
    JOBGLASS_CLUSTERS: JSON.stringify([{ name: 'oyr', kind: 'openyuanrong', url: `${doubles.url}/oyr` }]),
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await demo?.stop();
  await doubles?.stop();
});

const control = (path, body) => fetch(`${doubles.url}/raylogs/_control/jobs${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) })
  .then(async (r) => { assert.equal(r.status, 200, await r.clone().text()); return r.json(); });
let serial = 0;
const newJob = async (spec) => {
  const id = `log-${++serial}-${Date.now()}`;
  await control('', { id, ...spec });
  return id;
};

const until = (check, what, timeout = 20000) => waitUntil(check, what, timeout);

const open = (path, viewport = { width: 1280, height: 800 }) =>
  openPage(browser, `${demo.url}${path}`, { viewport, acceptDownloads: true, consoleErrors: true });
const logsUrl = (id, hash = '') => `/?cluster=local&id=${encodeURIComponent(id)}&tab=logs${hash}`;

/** What the log view shows: rendered line numbers, the follow toggle, the rows inside the view. */
const seen = (page) => page.evaluate(() => {
  const view = document.querySelector('[data-testid=job-logs]');
  if (!view) return null;
  const box = view.getBoundingClientRect();
  const rows = [...view.querySelectorAll('[data-testid=log-line]')];
  const inside = rows.filter((r) => { const b = r.getBoundingClientRect(); return b.top >= box.top - 1 && b.bottom <= box.bottom + 1; });
  return {
    rendered: rows.length,
    first: Number(inside[0]?.dataset.line ?? 0),
    last: Number(inside.at(-1)?.dataset.line ?? 0),
    follow: document.querySelector('[data-testid=log-follow]').getAttribute('aria-pressed'),
    text: Object.fromEntries(inside.map((r) => [r.dataset.line, r.querySelector('.lt').textContent])),
    state: document.querySelector('[data-testid=log-state]')?.textContent,
  };
});
/** Line n as the page shows it: escapes gone, the line ending (and a CR before it) dropped. */
const shown = (n) => logLine(n).replace(/\x1b\[[0-9;]*m/g, '').replace(/\r?\n$/, ''); // eslint-disable-line no-control-regex

test('the Logs tab follows a live job through the console\'s tail WebSocket, colours as styles, text as text', async () => {
  const id = await newJob({});
  await control(`/${id}/write`, { text: logLines(1, 100) });
  const { page, problems } = await open(logsUrl(id));
  await until(async () => (await seen(page))?.last === 100, 'line 100 in sight');
  assert.equal((await seen(page)).follow, 'true', 'opens at the end, following');
  // The page opened Ray's tail through the console (same origin), not polling.
  const tail = await control(`/${id}`);
  assert.ok(tail.openTails >= 1, 'a tail WebSocket is open through the console');
  assert.equal(tail.tailExtensions, null, 'the console sent the socket upstream without the browser\'s compression offer');

  const hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script>';
  await control(`/${id}/write`, { text: logLines(101, 299) + `\x1b[1;31m${hostile}\x1b[0m\n` });
  await until(async () => (await seen(page)).last === 300, 'line 300 in sight');
  const s = await seen(page);
  assert.ok(s.rendered < 80, `only the lines in sight are in the DOM (${s.rendered})`);
  for (let n = s.first; n < 300; n++) assert.equal(s.text[n], shown(n), `line ${n}`);
  assert.equal(s.text[300], hostile, 'markup in the log is text');
  const styled = await page.evaluate(() => {
    const row = document.querySelector('[data-testid=log-line][data-line="300"]');
    return { cls: row.querySelector('.lt span').className, markup: row.querySelectorAll('img, script').length, pwned: window.__pwned ?? null };
  });
  assert.deepEqual(styled, { cls: 'a-f1 a-bold', markup: 0, pwned: null });
  const red = await page.evaluate(() => getComputedStyle(document.querySelector('[data-testid=log-line][data-line="300"] .lt span')).fontWeight);
  assert.equal(red, '700');

  // docs/page.md's picture of the Logs tab: a running job followed, a search term highlighted in place.
  await page.fill('[data-testid=log-search]', 'error');
  await until(async () => / of \d+$/.test(await page.textContent('[data-testid=log-search-count]')), 'the matches counted');
  await page.click('[data-testid=log-follow]').catch(() => {});
  await until(async () => (await seen(page)).follow === 'true' && (await seen(page)).last === 300, 'following at the end again');
  await page.screenshot({ path: new URL('logs-live.png', shots).pathname });
  await page.fill('[data-testid=log-search]', '');

  // A partial line grows in place; the end of the job ends the follow.
  await control(`/${id}/write`, { text: 'no newline yet' });
  await until(async () => (await seen(page)).text[301] === 'no newline yet', 'the open last line');
  await control(`/${id}/write`, { text: ' — now complete\n' });
  await control(`/${id}/finish`, { status: 'SUCCEEDED' });
  await until(async () => /^Complete/.test((await seen(page)).state ?? ''), 'the log complete');
  assert.equal((await seen(page)).text[301], 'no newline yet — now complete');
  assert.deepEqual(problems, []);
  await page.close();
});

test('search finds and counts matches in a 200,000-line log, highlighted in place with next and previous', async () => {
  const id = await newJob({ status: 'SUCCEEDED', text: logLines(1, 200000) });
  const { page, problems } = await open(logsUrl(id));
  await until(async () => (await seen(page))?.last === 200000, 'the end of the log');
  assert.ok((await seen(page)).rendered < 80, 'virtualized');
  const query = 'NEEDLE-42';
  let expected = 0;
  for (let n = 1; n <= 200000; n++) expected += shown(n).toLowerCase().split(query.toLowerCase()).length - 1;
  assert.ok(expected > 100);
  await page.fill('[data-testid=log-search]', query);
  await page.press('[data-testid=log-search]', 'Enter');
  const count = () => page.textContent('[data-testid=log-search-count]');
  await until(async () => new RegExp(` of ${expected.toLocaleString('en-US')}$`).test(await count()), `"… of ${expected}"`);
  const [k] = (await count()).split(' of ').map((x) => Number(x.replace(/,/g, '')));
  // The match chosen is the last one above the end of the view: the log is read from its end.
  const current = async () => page.evaluate(() => {
    const mark = document.querySelector('[data-testid=job-logs] mark.current');
    return mark && { line: Number(mark.closest('[data-line]').dataset.line), text: mark.textContent, row: mark.closest('.lt').textContent };
  });
  const c1 = await until(current, 'the current match in sight');
  assert.equal(c1.text.toLowerCase(), query.toLowerCase());
  assert.equal(c1.row, shown(c1.line), 'context kept: the whole line around the match');
  await page.click('[data-testid=log-search-next]');
  await until(async () => (await count()).startsWith(`${k === expected ? 1 : k + 1} of`), 'next');
  await page.click('[data-testid=log-search-prev]');
  await page.click('[data-testid=log-search-prev]');
  await until(async () => (await count()).startsWith(`${k - 1} of`), 'previous twice');
  const c2 = await until(async () => { const c = await current(); return c && c.line < c1.line && c; }, 'an earlier match in sight');
  const s = await seen(page);
  assert.ok(c2.line >= s.first && c2.line <= s.last, 'the current match is in sight');
  assert.equal(s.follow, 'false', 'jumping to a match stops following');
  const marks = await page.$$eval('[data-testid=job-logs] mark', (ms) => ms.length);
  assert.ok(marks >= 1);
  assert.deepEqual(problems, []);
  await page.close();
});

test('#L120 and #L120-L140 scroll to and highlight lines, and survive a reload; a line number click sets the link', async () => {
  const id = await newJob({ status: 'SUCCEEDED', text: logLines(1, 2000) });
  const { page, problems } = await open(logsUrl(id, '#L120'));
  const highlighted = () => page.$$eval('[data-testid=log-line].hl', (rs) => rs.map((r) => Number(r.dataset.line)));
  await until(async () => (await highlighted()).join() === '120', 'line 120 highlighted');
  let s = await seen(page);
  assert.ok(s.first <= 120 && s.last >= 120, 'line 120 in sight');
  assert.equal(s.follow, 'false', 'a link to a line does not follow');
  await page.reload();
  await until(async () => (await highlighted()).join() === '120', 'line 120 highlighted after reload');
  s = await seen(page);
  assert.ok(s.first <= 120 && s.last >= 120);

  await page.goto(`${demo.url}${logsUrl(id, '#L1200-L1210')}`);
  await until(async () => (await highlighted()).length === 11, 'a range highlighted');
  assert.deepEqual(await highlighted(), Array.from({ length: 11 }, (_, i) => 1200 + i));
  s = await seen(page);
  assert.ok(s.first <= 1200 && s.last >= 1210);

  await page.click('[data-testid=log-line][data-line="1205"] a.ln');
  await page.click('[data-testid=log-line][data-line="1208"] a.ln', { modifiers: ['Shift'] });
  assert.equal(new URL(page.url()).hash, '#L1205-L1208');
  assert.deepEqual(await highlighted(), [1205, 1206, 1207, 1208]);
  assert.equal(await page.getAttribute('[data-testid=tab-logs]', 'aria-current'), 'page');
  assert.deepEqual(problems, []);
  await page.close();
});

test('scrolling up stops the follow; new text then never moves what is read; Jump to latest resumes', async () => {
  const id = await newJob({});
  await control(`/${id}/write`, { text: logLines(1, 500) });
  const { page, problems } = await open(logsUrl(id));
  await until(async () => (await seen(page))?.last === 500, 'following at line 500');
  await page.hover('[data-testid=job-logs]');
  await page.mouse.wheel(0, -1500);
  await until(async () => (await seen(page)).follow === 'false', 'the follow stopped');
  assert.equal(await page.textContent('[data-testid=log-follow]'), 'Jump to latest');
  const before = await seen(page);
  assert.ok(before.last < 500);
  await control(`/${id}/write`, { text: logLines(501, 900) });
  // The new lines arrive (the view can scroll further) while the lines in sight stay put.
  await until(() => page.evaluate(() => { const v = document.querySelector('[data-testid=job-logs]'); return v.scrollHeight >= 900 * 20; }), 'the new lines');
  const after = await seen(page);
  assert.equal(after.first, before.first);
  assert.equal(after.last, before.last);
  await page.click('[data-testid=log-follow]');
  await until(async () => (await seen(page)).last === 900, 'back at the end');
  assert.equal((await seen(page)).follow, 'true');
  await control(`/${id}/write`, { text: logLines(901, 950) });
  await until(async () => (await seen(page)).last === 950, 'following again');
  // The keyboard reaches the log: Tab focus lands on it and PageUp scrolls it.
  await page.focus('[data-testid=job-logs]');
  await page.keyboard.press('PageUp');
  await until(async () => (await seen(page)).follow === 'false', 'PageUp stopped the follow');
  await control(`/${id}/finish`, { status: 'SUCCEEDED' });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the phone view fits 390 px; role=log is reachable by keyboard', async () => {
  const id = await newJob({});
  await control(`/${id}/write`, { text: logLines(1, 300) + `${'a-very-long-line-'.repeat(40)}\n` });
  const { page, problems } = await open(logsUrl(id), { width: 390, height: 844 });
  await until(async () => (await seen(page))?.last === 301, 'the log');
  const fit = await page.evaluate(() => {
    const out = [...document.querySelectorAll('.logs-panel, .log-tools, .log-tools *, .tabs')]
      .filter((el) => el.getBoundingClientRect().right > window.innerWidth + 0.5).map((el) => el.className || el.tagName);
    const view = document.querySelector('[data-testid=job-logs]');
    // Sideways scroll of the page: none (Firefox's scrollbar takes 12 of the 390 px here).
    return { page: document.documentElement.scrollWidth - document.documentElement.clientWidth, out, role: view.getAttribute('role'), tab: view.tabIndex, wide: view.scrollWidth > view.clientWidth };
  });
  assert.deepEqual(fit, { page: 0, out: [], role: 'log', tab: 0, wide: true });
  // Tab order: the view is reachable from the search box.
  await page.focus('[data-testid=log-search]');
  let focused = '';
  for (let i = 0; i < 8 && focused !== 'job-logs'; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.dataset.testid ?? '');
  }
  assert.equal(focused, 'job-logs');
  await page.screenshot({ path: new URL('logs-phone.png', shots).pathname });
  await control(`/${id}/finish`, { status: 'SUCCEEDED' });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a failed job shows its last 50 log lines in the failure panel, without a click', async () => {
  const id = await newJob({ status: 'FAILED', text: logLines(1, 130) + 'Traceback: boom' });
  const { page, problems } = await open(`/?cluster=local&id=${id}`);
  await page.waitForSelector('[data-testid=failure-log]');
  const text = await page.textContent('[data-testid=failure-log]');
  const want = [...Array.from({ length: 49 }, (_, i) => shown(82 + i)), 'Traceback: boom'].join('\n') + '\n';
  assert.equal(text, want);
  assert.ok(await page.isVisible('[data-testid=failure-log]'));
  await page.click('[data-testid=failure-log-open]');
  await until(async () => (await seen(page))?.last === 131, 'the Logs tab at the end');
  assert.match(page.url(), /&tab=logs/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a truncated log says so and downloads in full, decoded', async () => {
  // 600,000 generated lines: about 35 MB, more than the page keeps (32 MiB).
  const lines = 600000;
  const id = `huge-${lines}`;
  const { page, problems } = await open(logsUrl(id));
  // 35 MB through workerd under `wrangler dev` takes tens of seconds on a busy machine (it streamed
  // at about 1.5 MB/s here with other builds running); the waits bound that, the checks are below.
  const BIG_MS = 180000;
  await page.waitForSelector('[data-testid=log-truncated]:not([hidden])', { timeout: BIG_MS });
  assert.match(await page.textContent('[data-testid=log-truncated]'), /The first .* of this log are not shown/);
  const s = await until(async () => { const v = await seen(page); return v?.last > 0 && v; }, 'the kept end');
  assert.equal(s.text[s.last], shown(lines), 'the last line is the log\'s last line');
  const [download] = await Promise.all([page.waitForEvent('download', { timeout: BIG_MS }), page.click('[data-testid=log-truncated] button')]);
  const saved = readFileSync(await download.path(), 'utf8');
  assert.equal(download.suggestedFilename(), `${id}.log`);
  assert.ok(saved === logLines(1, lines), 'the whole log, byte for byte');
  assert.deepEqual(problems, []);
  await page.close();
});

test('DRIVER jobs and openYuanrong jobs have no Logs tab to open, and the page says why', async () => {
  const id = await newJob({ type: 'DRIVER', status: 'RUNNING' });
  let { page } = await open(logsUrl(id));
  await page.waitForSelector('[data-testid=log-unsupported]');
  assert.match(await page.textContent('[data-testid=log-unsupported]'), /DRIVER job/);
  assert.equal(await page.getAttribute('[data-testid=tab-logs]', 'aria-disabled'), 'true');
  await page.close();
  ({ page } = await open('/?cluster=oyr&id=app-running-1&tab=logs'));
  await page.waitForSelector('[data-testid=log-unsupported]');
  assert.match(await page.textContent('[data-testid=log-unsupported]'), /openYuanrong's frontend serves no job logs/);
  await page.close();
});

/** The status of a WebSocket upgrade through the console (101 when accepted). */
function upgrade(path, origin) {
  return new Promise((resolve, reject) => {
    const req = request(`${demo.url}${path}`, {
      headers: { Connection: 'Upgrade', Upgrade: 'websocket', 'Sec-WebSocket-Version': '13', 'Sec-WebSocket-Key': 'dGhlIHNhbXBsZSBub25jZQ==', ...(origin ? { Origin: origin } : {}) },
    });
    req.on('response', (res) => { res.resume(); resolve(res.statusCode); });
    req.on('upgrade', (res, socket) => { socket.destroy(); resolve(res.statusCode); });
    req.on('error', reject);
    req.end();
  });
}

test('the console upgrades only the log tail, and only for the page\'s own origin', async () => {
  const id = await newJob({});
  const tail = `/c/local/api/jobs/${id}/logs/tail`;
  assert.equal(await upgrade(tail, demo.url), 101);
  await until(async () => (await control(`/${id}`)).tails === 1, 'the upstream saw the one accepted socket');
  assert.equal(await upgrade(tail, 'https://evil.example'), 403);
  assert.equal(await upgrade(tail, undefined), 403);
  // Another route is answered as the plain read it is (no socket), a climbing segment not at all.
  assert.notEqual(await upgrade(`/c/local/api/jobs/${id}`, demo.url), 101, 'not the log tail');
  assert.equal(await upgrade('/c/local/api/jobs/%2E%2E/logs/tail', demo.url), 404, 'a segment that climbs');
  assert.equal((await control(`/${id}`)).tails, 1, 'nothing refused reached the upstream');
  await control(`/${id}/finish`, { status: 'SUCCEEDED' });
});

test('a search typed before the log has arrived lands on its first match once it does, and stops following', async () => {
  const id = await newJob({ status: 'SUCCEEDED', text: logLines(1, 20000) });
  // The log's answer is held back until the search has been entered (a double that delays the log).
  let release;
  const gate = new Promise((r) => { release = r; });
  const { page, problems } = await openPage(browser, `${demo.url}${logsUrl(id)}`, {
    viewport: { width: 1280, height: 800 }, consoleErrors: true,
    setup: (p) => p.route(/\/api\/jobs\/[^/?]+\/logs(\?.*)?$/, async (route) => { await gate; await route.continue(); }),
  });
  await page.waitForSelector('[data-testid=log-search]');
  await page.fill('[data-testid=log-search]', 'step 1234 progress');
  await page.press('[data-testid=log-search]', 'Enter');
  assert.equal(await page.textContent('[data-testid=log-search-count]'), 'No matches');
  assert.equal((await seen(page)).follow, 'true');
  release();
  await until(async () => (await seen(page))?.text['1234'] !== undefined, 'line 1234 in sight');
  const s = await seen(page);
  assert.equal(s.follow, 'false', 'the search left follow mode');
  assert.equal(await page.textContent('[data-testid=log-search-count]'), '1 of 1');
  assert.equal(await page.textContent('[data-testid=log-line][data-line="1234"] mark.current'), 'step 1234 progress');
  assert.deepEqual(problems, []);
  await page.close();
});
