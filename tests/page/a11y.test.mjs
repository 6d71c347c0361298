// Every view of the page in both languages (docs/page.md "Languages", "Accessibility"), in real
// headless Chromium, served by the console (worker/ in workerd) over the server doubles: each
// sample job, the jobs list (with its bell and history switch), the list that failed, the Logs
// tab, a failed job's last lines, the Tasks tab, search all logs, why a job waits, the stop and
// delete dialogs and the sign-in card. For each view, in each language:
// - no visible text of the other language: no English words left in the Chinese page, no Chinese in
//   the English one. The job's own data is exempt (marked translate="no", or code/pre/q, or text
//   the library wrote, marked lang="en"), and so are names and codes (Ray, ModelArts, FAILED, ids).
// - axe-core finds no WCAG 2.1 A/AA violation, in light and dark, at 1280 and 390 px.
// One browser page is reused for every view; only the URL, the viewport and the colour scheme change.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { startDoubles } from '../servers/doubles.mjs';
import { logLines } from '../servers/logtext.mjs';
import { launch, openPage, playwrightsOwn } from './browser.mjs';
import { startConsole } from './console.mjs';
import { startStatic } from './static.mjs';

const axeSource = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const samples = JSON.parse(readFileSync(new URL('../../www/samples/index.json', import.meta.url), 'utf8')).map((s) => s.name);
const LANGS = ['en', 'zh-CN'];
let doubles; let demo; let signin; let plain; let browser; let page; const problems = [];

const control = (path, body) => fetch(`${doubles.url}/raylogs/_control/jobs${path}`, { method: 'POST', body: JSON.stringify(body) })
  .then(async (r) => { assert.equal(r.status, 200, await r.clone().text()); return r.json(); });

before(async () => {
  doubles = await startDoubles(0);
  demo = await startConsole({
    JOBGLASS_UPSTREAM: `${doubles.url}/raylogs`,
    JOBGLASS_ALLOW_ACTIONS: '1',
    JOBGLASS_CLUSTERS: JSON.stringify([
      // Cluster names are identifiers, as operators write them.
      { name: 'ray-300', kind: 'ray', url: `${doubles.url}/lists/big/300` },
      { name: 'no-list', kind: 'ray', url: `${doubles.url}/lists/nowhere` },
      { name: 'ray-3000', kind: 'ray', url: `${doubles.url}/lists/big/3000` },
      { name: 'inside', kind: 'ray', url: `${doubles.url}/rayinside` },
    ]),
  });
  signin = await startConsole({
    JOBGLASS_CLUSTERS: JSON.stringify([{ name: 'ray-300', kind: 'ray', url: `${doubles.url}/lists/big/300` }]),
    JOBGLASS_AUTH: 'token', JOBGLASS_SESSION_SECRET: 'a11y-session-secret-0123456789abcdef', JOBGLASS_VIEWER_TOKENS: 'vera:viewer-token-5e1d',
  });
  await control('', { id: 'a11y-done', status: 'SUCCEEDED', text: logLines(1, 400) });
  await control('', { id: 'a11y-failed', status: 'FAILED', text: logLines(1, 80) });
  await control('', { id: 'a11y-running', status: 'RUNNING', text: logLines(1, 10) });
  plain = await startStatic();
  browser = await launch();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => { if (!playwrightsOwn(e.message)) problems.push(e.message); });
});

after(async () => {
  await browser?.close();
  await demo?.stop();
  await signin?.stop();
  await plain?.close();
  await doubles?.close();
});

/** The page's visible text and labels outside the job's own data, as `[where, text]` pairs. */
function visibleText() {
  const skip = 'code, pre, q, kbd, samp, script, style, option, canvas, [translate=no]';
  const lang = document.documentElement.lang;
  const exempt = (el) => el.closest(skip) || (el.closest('[lang]') && el.closest('[lang]').lang !== lang) || !el.checkVisibility?.({ visibilityProperty: true });
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const text = n.textContent.trim();
    if (text && !exempt(n.parentElement)) out.push([n.parentElement.outerHTML.slice(0, 80), text]);
  }
  for (const el of document.querySelectorAll('[placeholder], [title], [aria-label], input[type=submit], dialog')) {
    if (exempt(el) && !el.matches('[lang] select')) continue;
    for (const a of ['placeholder', 'title', 'aria-label']) if (el.getAttribute(a)) out.push([`${el.tagName}@${a}`, el.getAttribute(a)]);
  }
  out.push(['title', document.title]);
  return out;
}

// Names, codes and units that stay as they are in either language (Ray's Chinese documentation
// keeps "Actor" as it is).
const NAMES = /\b(jobglass|openYuanrong|Ray|ModelArts|Lite|Server|WebAssembly|JSON|HTTP|UTC|IAM|AK|SK|CORS|CSP|ID|IP|PID|pip|Shift|Enter|MiB|GiB|KiB|Cloudflare|Access|oauth2-proxy|Pomerium|Cookie|English|false|Actor|ray\.init|make|demo|local|modelarts|headers)\b/g;
/** The English words left in `text` once names, codes, ids, paths and addresses are taken out. */
function englishIn(text) {
  return text
    .replace(/\S+:\/\/\S*/g, ' ') // addresses
    .replace(/\S*[\d_/@-]\S*/g, ' ') // ids, paths, numbers with units
    .replace(/\b[A-Z][A-Z0-9_]+\b/g, ' ') // codes and statuses as sent
    .replace(NAMES, ' ')
    .match(/[A-Za-z]{3,}/g) ?? [];
}

async function checkLanguage(lang, view) {
  const texts = await page.evaluate(visibleText);
  const wrong = texts.filter(([, text]) => (lang === 'zh-CN' ? englishIn(text).length : /\p{Script=Han}/u.test(text)));
  assert.deepEqual(wrong, [], `${view} (${lang}): text in the other language`);
  assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
}

async function checkAxe(view) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) await page.evaluate(axeSource);
  const found = [];
  for (const colorScheme of ['light', 'dark']) {
    for (const width of [1280, 390]) {
      await page.emulateMedia({ colorScheme });
      assert.equal(await page.evaluate(() => matchMedia('(prefers-color-scheme: dark)').matches), colorScheme === 'dark', `${view}: ${colorScheme} in effect`);
      await page.setViewportSize({ width, height: width > 600 ? 900 : 844 });
      const violations = await page.evaluate(async () => {
        const r = await window.axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] } });
        return r.violations.map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(', ')}`);
      });
      found.push(...violations.map((v) => `${colorScheme} ${width}px: ${v}`));
    }
  }
  await page.emulateMedia({ colorScheme: 'light' });
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.deepEqual(found, [], `${view}: axe-core violations`);
}

/** Opens `path` in `lang` (a fresh document each time), waits for `ready`, runs `act`, checks both. */
async function view(name, lang, { origin = demo.url, path, ready, act }) {
  await page.goto(`${origin}${path}${path.includes('?') ? '&' : '?'}lang=${lang}`);
  await page.waitForSelector(ready, { timeout: 30000 });
  await act?.();
  await checkLanguage(lang, name);
  await checkAxe(`${name} (${lang})`);
}

for (const lang of LANGS) {
  test(`every sample job in ${lang}`, async () => {
    for (const s of samples) await view(`sample ${s}`, lang, { path: `/?sample=${s}`, ready: '[data-testid=job-status]' });
    assert.deepEqual(problems, []);
  });

  test(`the jobs list, its histogram, and the list that failed, in ${lang}`, async () => {
    await view('list', lang, { path: '/?cluster=ray-300&view=list', ready: '[data-testid=job-row]' });
    await view('list error', lang, { path: '/?cluster=no-list&view=list', ready: '[data-testid=error]' });
    // Above 2,000 jobs the timeline is a histogram with a time range (here from the URL).
    await view('list histogram', lang, { path: '/?cluster=ray-3000&view=list&from=2026-11-25T00:00:00Z', ready: '[data-testid=job-timeline][data-mode=histogram]' });
    assert.deepEqual(problems, []);
  });

  test(`the Logs tab and a failed job's last lines in ${lang}`, async () => {
    await view('logs', lang, { path: '/?cluster=local&id=a11y-done&tab=logs', ready: '[data-testid=log-line]' });
    await view('failed job', lang, { path: '/?cluster=local&id=a11y-failed', ready: '[data-testid=failure-log]' });
    assert.deepEqual(problems, []);
  });

  test(`inside a job: the Tasks tab, a worker's log, search all logs, why a job waits, in ${lang}`, async () => {
    await view('tasks', lang, { path: '/?cluster=inside&id=inside-1&tab=tasks', ready: '[data-testid=task-row]' });
    await view('search all logs', lang, {
      path: '/?cluster=inside&id=inside-1&tab=logs', ready: '[data-testid=log-search-all]:not([disabled])',
      act: async () => {
        await page.fill('[data-testid=log-search-all]', 'jg-actor-only');
        await page.press('[data-testid=log-search-all]', 'Enter');
        await page.waitForSelector('[data-testid=log-search-progress][data-done]');
        await page.waitForSelector('[data-testid=log-search-result]');
      },
    });
    await view('pending reason', lang, { path: '/?cluster=inside&id=gpu-1', ready: '[data-testid=pending-reason]' });
    assert.deepEqual(problems, []);
  });

  test(`the list with its bell and the "Include history" switch in ${lang}`, async () => {
    await view('list with history', lang, { path: '/?cluster=ray-300&view=list&history=1', ready: '[data-testid=history-toggle]' });
    assert.deepEqual(problems, []);
  });

  test(`the stop and delete dialogs in ${lang}`, async () => {
    await view('stop dialog', lang, {
      path: '/?cluster=local&id=a11y-running', ready: '[data-testid=job-stop]',
      act: async () => { await page.click('[data-testid=job-stop]'); await page.waitForSelector('dialog[open]'); },
    });
    await page.keyboard.press('Escape');
    await view('delete dialog', lang, {
      path: '/?cluster=local&id=a11y-done', ready: '[data-testid=job-delete]',
      act: async () => { await page.click('[data-testid=job-delete]'); await page.waitForSelector('dialog[open]'); },
    });
    await page.keyboard.press('Escape');
    assert.deepEqual(problems, []);
  });

  test(`the sign-in card in ${lang}`, async () => {
    await view('sign-in', lang, { origin: signin.url, path: '/', ready: '[data-testid=signin]' });
    assert.deepEqual(problems, []);
  });
}

test('the switcher changes the language, remembers it, and <html lang> follows', async () => {
  await page.goto(`${demo.url}/?sample=${samples[0]}&lang=en`);
  await page.waitForSelector('[data-testid=job-status]');
  await Promise.all([page.waitForURL(/lang=zh-CN/), page.selectOption('[data-testid=lang-switch]', 'zh-CN')]);
  await page.waitForSelector('[data-testid=job-status]');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  assert.match(await page.textContent('[data-testid=job-status]'), /\p{Script=Han}/u);
  // Remembered: the same page without ?lang= stays in Chinese.
  await page.goto(`${demo.url}/?sample=${samples[0]}`);
  await page.waitForSelector('[data-testid=job-status]');
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'zh-CN');
  await page.evaluate(() => localStorage.removeItem('jobglass.lang'));
  assert.deepEqual(problems, []);
});

// What a new user saw on a fresh clone (docs/page.md "Accessibility"), each checked where it shows.
test('first look: disclosure triangles, one Message heading, codes that wrap at underscores, no backticks', async () => {
  const shots = new URL('../../target/screenshots/', import.meta.url);
  await page.goto(`${demo.url}/?sample=ray-failed&lang=en`);
  await page.waitForSelector('[data-testid=job-status]');
  // A closed section shows its triangle: the summary is a list item, not a flex box.
  assert.deepEqual(await page.$$eval('summary', (els) => [...new Set(els.map((s) => getComputedStyle(s).display))]), ['list-item']);
  // The failed job's error type wraps only after an underscore.
  await page.setViewportSize({ width: 390, height: 844 });
  const lines = await page.$eval('[data-testid=job-error]', (el) => {
    const range = document.createRange();
    const breaks = [];
    for (const node of [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE)) {
      range.selectNodeContents(node);
      breaks.push({ text: node.textContent, rects: range.getClientRects().length });
    }
    return breaks;
  });
  assert.ok(lines.length > 1 && lines.every((l) => l.rects === 1), `each piece on one line: ${JSON.stringify(lines)}`);
  assert.ok(lines.slice(0, -1).every((l) => l.text.endsWith('_')), 'the pieces end at underscores');
  await page.screenshot({ path: new URL('first-look-failed-390.png', shots).pathname, fullPage: true });
  await page.setViewportSize({ width: 1280, height: 900 });

  // A running job's message: one "Message" heading, not a card and a summary both saying it.
  await page.goto(`${demo.url}/?sample=ray-running&lang=en`);
  await page.waitForSelector('[data-testid=job-status]');
  assert.equal(await page.$$eval('h2, h3, summary', (els) => els.filter((e) => e.textContent.trim() === 'Message').length), 1);

  // Warnings name fields as code, never with literal backticks, and point to the card by its title.
  await page.goto(`${demo.url}/?sample=repairs&lang=en`);
  await page.waitForSelector('[data-testid=warning]');
  const warnings = await page.textContent('.card.warn');
  assert.doesNotMatch(warnings, /`/);
  assert.match(warnings, /"Other fields"/);
  assert.ok(await page.$('[data-testid=warning] code'));
  assert.deepEqual(problems, []);
});

test('first look: the job-id placeholder fits at 1280 px; the phone header is compact and the same for every source', async () => {
  // On plain static hosting, where the form has its source picker and fields.
  const { page: p, problems: pageProblems } = await openPage(browser, `${plain.url}/?sample=ray-succeeded&lang=en`, { viewport: { width: 1280, height: 900 } });
  await p.waitForSelector('[data-testid=job-status]');
  const fits = () => p.$eval('input[name=id]', (input) => {
    const style = getComputedStyle(input);
    const ctx = document.createElement('canvas').getContext('2d');
    ctx.font = `${style.fontSize} ${style.fontFamily}`;
    return ctx.measureText(input.placeholder).width <= input.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  });
  await p.selectOption('select[name=source]', 'job');
  assert.ok(await fits(), 'the job-id placeholder is not cut off at 1280 px');
  await p.setViewportSize({ width: 390, height: 844 });
  const heights = {};
  for (const source of ['sample', 'job', 'devserver']) {
    await p.selectOption('select[name=source]', source);
    heights[source] = await p.$eval('header', (el) => el.getBoundingClientRect().height);
    await p.screenshot({ path: new URL(`../../target/screenshots/header-390-${source}.png`, import.meta.url).pathname });
  }
  // A phone's header leaves most of an 844-px screen to the job.
  for (const [source, height] of Object.entries(heights)) assert.ok(height <= 844 / 3, `${source}: header ${height} px`);
  assert.deepEqual(pageProblems, []);
  await p.close();
});

test('screenshot: the jobs list in Chinese (README)', async () => {
  await page.setViewportSize({ width: 1280, height: 760 });
  await page.goto(`${demo.url}/?cluster=ray-300&view=list&status=FAILED,RUNNING,PENDING&lang=zh-CN`);
  await page.waitForSelector('[data-testid=job-row]');
  await page.waitForFunction(() => !document.querySelector('.timeline.jl-waiting'));
  await page.screenshot({ path: new URL('../../target/screenshots/list-zh.png', import.meta.url).pathname });
  await page.setViewportSize({ width: 1280, height: 900 });
  assert.deepEqual(problems, []);
});
