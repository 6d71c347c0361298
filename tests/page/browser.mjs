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
