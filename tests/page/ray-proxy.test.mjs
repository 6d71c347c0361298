// The job details page in headless Chromium, through the demo's proxy to a real Ray head
// (tests/ray/run.sh starts it): what the page shows agrees with Ray's own Python client.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launch } from './browser.mjs';
import { startDemo } from './demo.mjs';
import { expectedFrom } from '../js/lib/ray-expected.mjs';

const truth = JSON.parse(readFileSync(process.env.JOBGLASS_RAY_TRUTH, 'utf8'));
let demo; let browser;

before(async () => {
  demo = await startDemo({ JOBGLASS_UPSTREAM: process.env.JOBGLASS_RAY });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await demo?.stop();
});

for (const [name, { id, info }] of Object.entries(truth)) {
  test(`${name}: the page shows what Ray reports`, async () => {
    const want = expectedFrom(info);
    const page = await browser.newPage();
    await page.goto(`${demo.url}/?source=job&endpoint=/proxy/job&id=${encodeURIComponent(id)}`);
    await page.waitForSelector(`[data-testid=job-status][data-status=${want.status}]`);
    assert.equal(await page.textContent('[data-testid=job-id]'), want.submissionId ?? want.jobId);
    const iso = (ms) => (ms === null ? null : new Date(ms).toISOString());
    assert.equal(await page.getAttribute('[data-testid=job-start]', 'datetime'), iso(want.startTime));
    assert.equal(await page.getAttribute('[data-testid=job-end]', 'datetime'), iso(want.endTime));
    assert.equal(await page.textContent('[data-testid=job-exit-code]'), want.driverExitCode === null ? '—' : String(want.driverExitCode));
    assert.equal(await page.textContent('[data-testid=job-error]'), want.errorType ?? '—');

    // The package itself, in the page, through the same proxy.
    const pkg = `/@fs${fileURLToPath(new URL('../../pkg/index.js', import.meta.url))}`;
    const job = await page.evaluate(async ([path, jobId]) => {
      const { fetchJob } = await import(path);
      return fetchJob('/proxy/job', jobId);
    }, [pkg, id]);
    for (const [k, v] of Object.entries(want)) assert.deepEqual(job[k], v, k);
    await page.close();
  });
}
