// The headless browser for the page tests: Chromium, with the flags that work on a machine without
// network, or with env JOBGLASS_BROWSER=firefox stock Firefox (firefox-esr) through WebDriver BiDi.
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { chromium, firefox } from 'playwright-core';

/** 'chromium' or 'firefox': the browser `launch()` starts. */
export const browserName = process.env.JOBGLASS_BROWSER ?? 'chromium';
if (!['chromium', 'firefox'].includes(browserName)) throw new Error(`JOBGLASS_BROWSER=${browserName}: expected chromium or firefox`);

export function launch() {
  // playwright gives each browser a fresh temporary profile of its own.
  if (browserName === 'firefox') {
    // Playwright's BiDi backend with the distribution's Firefox; firefox-bidi.mjs starts it and
    // does the emulation this Firefox lacks (prefers-color-scheme). No network: no updates, no
    // telemetry, no remote settings.
    return firefox.launch({
      channel: 'moz-firefox',
      executablePath: new URL('./firefox-bidi.mjs', import.meta.url).pathname,
      headless: true,
    });
  }
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

// Before a screenshot Playwright appends <style>body {}</style> to the page from its own script
// world (to settle animations). Chromium exempts that world from the page's CSP; Firefox applies
// the page's `style-src 'self'`, blocks it and reports it as a page error. Only that one style, by
// its hash, is not the page's problem.
const screenshotStyle = `'sha256-${createHash('sha256').update('body {}').digest('base64')}'`;

/** Whether the page error `message` is about Playwright itself, not the page. */
export function playwrightsOwn(message) {
  return browserName === 'firefox' && /blocked an inline style \(style-src-elem\)/.test(message) && message.includes(screenshotStyle);
}

/**
 * A new page of `browser` at `url`, and `problems`: its uncaught errors (with `consoleErrors`, also
 * console errors other than failed loads) for a test to find empty. `setup(page)` runs before the
 * page loads. Other options go to `browser.newPage`.
 */
export async function openPage(browser, url, { consoleErrors = false, setup, ...options } = {}) {
  const page = await browser.newPage(options);
  const problems = [];
  page.on('pageerror', (e) => { if (!playwrightsOwn(e.message)) problems.push(e.message); });
  if (consoleErrors) {
    page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text()) && !playwrightsOwn(m.text())) problems.push(m.text()); });
  }
  await setup?.(page);
  await page.goto(url);
  return { page, problems };
}

/**
 * Resolves with `check()`'s value once it is truthy: the wait is for an event, `timeout` (ms)
 * only bounds it.
 */
export async function until(check, what, timeout = 15000) {
  const deadline = Date.now() + timeout;
  for (;;) {
    const value = await check();
    if (value) return value;
    if (Date.now() > deadline) assert.fail(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}
