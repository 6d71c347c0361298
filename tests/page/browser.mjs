// Headless Chromium for the page tests, with the flags that work on a machine without network.
import { chromium } from 'playwright-core';

export function launch() {
  // playwright gives each browser a fresh temporary profile of its own.
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
}
