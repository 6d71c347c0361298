// What the list says when it cannot be read (docs/page.md "The jobs list"), in headless Chromium:
// a server without the list route, a server that is not a job server, and an endpoint the page's
// own Content-Security-Policy forbids each get their own sentence and what to do, and none that
// cannot heal by itself is asked again on a timer. The page's clock is Playwright's, run forward,
// so "not retried" is seen without waiting.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startDoubles } from '../servers/doubles.mjs';
import { launch, openPage } from './browser.mjs';
import { startConsole } from './console.mjs';
import { startStatic } from './static.mjs';

let doubles; let demo; let plain; let browser;

before(async () => {
  doubles = await startDoubles(0);
  demo = await startConsole({
    JOBGLASS_CLUSTERS: JSON.stringify([
      { name: 'no-list', kind: 'ray', url: `${doubles.url}/lists/nowhere`, cacheSeconds: 0 },
      { name: 'web-site', kind: 'ray', url: `${doubles.url}/lists/html`, cacheSeconds: 0 },
      { name: 'ray-300', kind: 'ray', url: `${doubles.url}/lists/big/300`, cacheSeconds: 0 },
    ]),
  });
  plain = await startStatic();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await plain?.close();
  await demo?.stop();
  await doubles?.close();
});

const misses = async () => (await (await fetch(`${doubles.url}/lists/_control/misses`)).json()).misses;

test('a server without the list route: its own sentence, and no retry on a timer', async () => {
  const { page, problems } = await openPage(browser, `${demo.url}/?cluster=no-list&view=list`, {
    viewport: { width: 1280, height: 900 }, setup: (p) => p.clock.install(),
  });
  await page.waitForSelector('[data-testid=error]');
  const before = await misses();
  assert.equal(await page.getAttribute('[data-testid=error]', 'data-code'), 'NOT_FOUND');
  const text = await page.textContent('[data-testid=error]');
  assert.match(text, /has no job list/);
  assert.match(text, /does not retry/);
  assert.doesNotMatch(text, /No job "/, 'not a job\'s not-found sentence');
  assert.match(await page.textContent('[data-testid=live-state]'), /not retrying/);
  // No list to search: the search box controls nothing while the error stands.
  assert.equal(await page.getAttribute('.jl-search', 'aria-controls'), null);
  // Ten minutes of the page's timers: no request reaches the server again.
  await page.clock.runFor(10 * 60 * 1000);
  assert.equal(await misses(), before);
  // "Try again" asks once more.
  await page.click('[data-testid=error] button');
  await page.waitForSelector('[data-testid=error]');
  for (let n = 0; (await misses()) === before && n < 200; n++) await page.clock.runFor(100);
  // (A read is two requests: the library asks for /api/jobs/ and then /api/jobs.)
  assert.equal(await misses(), 2 * before);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a server that is not a job server says so', async () => {
  const { page, problems } = await openPage(browser, `${demo.url}/?cluster=web-site&view=list&lang=zh-CN`, { viewport: { width: 1280, height: 900 } });
  await page.waitForSelector('[data-testid=error]');
  assert.equal(await page.getAttribute('[data-testid=error]', 'data-code'), 'INVALID_RESPONSE');
  assert.match(await page.textContent('[data-testid=error] h2'), /不是作业服务器/);
  await page.goto(`${demo.url}/?cluster=web-site&view=list&lang=en`);
  await page.waitForSelector('[data-testid=error]');
  assert.match(await page.textContent('[data-testid=error] h2'), /is not a job server/);
  assert.deepEqual(problems, []);
  await page.close();
});

test('an endpoint the page\'s policy forbids is said before any request, for a job and for a list', async () => {
  const forbidden = doubles.url; // another origin than the static page's, not in its connect-src
  const asked = [];
  for (const path of [`/?source=job&endpoint=${encodeURIComponent(forbidden)}/ray&id=raysubmit_1`,
    `/?view=list&source=job&endpoint=${encodeURIComponent(forbidden)}/lists/big/10`]) {
    const { page, problems } = await openPage(browser, `${plain.url}${path}`, { viewport: { width: 1280, height: 900 } });
    page.on('request', (r) => { if (r.url().startsWith(forbidden)) asked.push(r.url()); });
    await page.waitForSelector('[data-testid=error]');
    assert.equal(await page.getAttribute('[data-testid=error]', 'data-code'), 'BLOCKED_BY_POLICY');
    const text = await page.textContent('[data-testid=error]');
    assert.match(text, /may not call .* directly/);
    assert.doesNotMatch(text, /may be down/);
    assert.deepEqual(problems, []);
    await page.close();
  }
  assert.deepEqual(asked, [], 'no request left for the forbidden origin');
});

test('a list larger than the page can hold says so, and is not retried', async () => {
  const local = await startStatic({ connect: [doubles.url] });
  const { page, problems } = await openPage(browser, `${local.url}/?view=list&source=job&endpoint=${encodeURIComponent(`${doubles.url}/lists/huge`)}`, {
    viewport: { width: 1280, height: 900 },
  });
  await page.waitForSelector('[data-testid=error]', { timeout: 60000 });
  assert.equal(await page.getAttribute('[data-testid=error]', 'data-code'), 'TOO_LARGE');
  assert.match(await page.textContent('[data-testid=error] h2'), /too large for this page to hold/);
  assert.match(await page.textContent('[data-testid=live-state]'), /not retrying/);
  assert.deepEqual(problems, []);
  await page.close();
  await local.close();
});

test('the search box controls the grid only once the grid is there, not while the list loads', async () => {
  let release;
  const held = new Promise((r) => { release = r; });
  const { page, problems } = await openPage(browser, `${demo.url}/?cluster=ray-300&view=list`, {
    viewport: { width: 1280, height: 900 },
    // The list's answer is held back, so the loading state can be looked at.
    setup: (p) => p.route(/\/c\/ray-300\/api\/jobs\/?$/, async (route) => { await held; await route.continue(); }),
  });
  await page.waitForSelector('.jl-search');
  assert.equal(await page.$('#jl-grid'), null, 'no grid while loading');
  assert.equal(await page.getAttribute('.jl-search', 'aria-controls'), null);
  release();
  await page.waitForSelector('[data-testid=job-row]');
  assert.equal(await page.getAttribute('.jl-search', 'aria-controls'), 'jl-grid');
  assert.ok(await page.$('#jl-grid'));
  assert.deepEqual(problems, []);
  await page.close();
});
