// Headless Chromium for the page tests, with the flags that work on a machine without network.
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';

export function launch() {
  // playwright gives each browser a fresh temporary profile of its own.
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}

/**
 * A new page of `browser` at `url`, and `problems`: its uncaught errors (with `consoleErrors`, also
 * console errors other than failed loads) for a test to find empty. `setup(page)` runs before the
 * page loads. Other options go to `browser.newPage`.
 */
export async function openPage(browser, url, { consoleErrors = false, setup, ...options } = {}) {
  const page = await browser.newPage(options);
  const problems = [];
  page.on('pageerror', (e) => problems.push(e.message));
  if (consoleErrors) {
    page.on('console', (m) => { if (m.type() === 'error' && !/Failed to load resource/.test(m.text())) problems.push(m.text()); });
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
