// The job details page in headless Chromium, served by the console (worker/ in workerd) whose
// cluster `local` is a real Ray head (tests/ray/run.sh starts it): what the page shows through
// /c/local agrees with Ray's own Python client.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launch } from './browser.mjs';
import { startConsole } from './console.mjs';
import { startStatic } from './static.mjs';
import { expectedFrom } from '../js/lib/ray-expected.mjs';

const truth = JSON.parse(readFileSync(process.env.JOBGLASS_RAY_TRUTH, 'utf8'));
let demo; let browser; let pkg;

before(async () => {
  // No response cache: the list is compared with what Ray listed just before the page read it.
  demo = await startConsole({ JOBGLASS_CLUSTERS: JSON.stringify([{ name: 'local', kind: 'ray', url: process.env.JOBGLASS_RAY, cacheSeconds: 0 }]) });
  // The package as built (pkg/), for the page to import and call itself below.
  pkg = await startStatic({ extra: { '/pkg/': fileURLToPath(new URL('../../pkg/', import.meta.url)) } });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await demo?.stop();
  await pkg?.close();
});

for (const [name, { id, info }] of Object.entries(truth)) {
  test(`${name}: the page shows what Ray reports`, async () => {
    const want = expectedFrom(info);
    // The console page's CSP would not let it import the package from another origin: the
    // browser does not apply it here, and the package's requests go to the console's own origin.
    const page = await browser.newPage({ bypassCSP: true });
    await page.goto(`${demo.url}/?cluster=local&id=${encodeURIComponent(id)}`);
    await page.waitForSelector(`[data-testid=job-status][data-status=${want.status}]`);
    assert.equal(await page.textContent('[data-testid=job-id]'), want.submissionId ?? want.jobId);
    const iso = (ms) => (ms === null ? null : new Date(ms).toISOString());
    assert.equal(await page.getAttribute('[data-testid=job-start]', 'datetime'), iso(want.startTime));
    assert.equal(await page.getAttribute('[data-testid=job-end]', 'datetime'), iso(want.endTime));
    assert.equal(await page.textContent('[data-testid=job-exit-code]'), want.driverExitCode === null ? '—' : String(want.driverExitCode));
    assert.equal(await page.textContent('[data-testid=job-error]'), want.errorType ?? '—');

    // The package itself, in the page, through the same route of the console.
    const job = await page.evaluate(async ([path, jobId]) => {
      const { fetchJob } = await import(path);
      return fetchJob('/c/local', jobId);
    }, [`${pkg.url}/pkg/index.js`, id]);
    for (const [k, v] of Object.entries(want)) assert.deepEqual(job[k], v, k);
    await page.close();
  });
}

/** Ray's own answer, from its Python client: `{ id: status }` for every job `list_jobs` returns. */
function rayList() {
  const script = [
    'import json, sys',
    'from ray.job_submission import JobSubmissionClient',
    'jobs = JobSubmissionClient(sys.argv[1]).list_jobs()',
    'print(json.dumps({(j.submission_id or j.job_id): str(j.status.value) for j in jobs}))',
  ].join('\n');
  const python = fileURLToPath(new URL('../../.venv/bin/python', import.meta.url));
  return JSON.parse(execFileSync(python, ['-c', script, process.env.JOBGLASS_RAY], { encoding: 'utf8' }));
}

test('the jobs list shows the jobs JobSubmissionClient.list_jobs returns, with the same statuses', async () => {
  const page = await browser.newPage({ viewport: { width: 1280, height: 2000 } });
  // Other suites may submit jobs to this head meanwhile: finished jobs are compared, and the
  // page's count is checked to lie between what Ray listed before and after the page read.
  const before = rayList();
  await page.goto(`${demo.url}/?cluster=local&view=list`);
  await page.waitForFunction(() => /^\d[\d,]* of \d[\d,]* jobs$/.test(document.querySelector('[data-testid=job-count]')?.textContent ?? ''));
  const after = rayList();
  const total = Number((await page.textContent('[data-testid=job-count]')).split(' of ')[1].replace(/[^\d]/g, ''));
  assert.ok(total >= Object.keys(before).length && total <= Object.keys(after).length, `${total} jobs shown`);
  const shown = await page.evaluate(() => document.querySelector('[data-testid=job-timeline]').timelineData.ids);
  const rows = await page.$$eval('[data-testid=job-row]', (els) => Object.fromEntries(els.map((e) => [e.dataset.id, e.dataset.status])));
  // A job deleted meanwhile (the actions suite deletes some) is in one list and not the other.
  const finished = Object.entries(before)
    .filter(([id, status]) => ['SUCCEEDED', 'FAILED', 'STOPPED'].includes(status) && id in after);
  assert.ok(finished.length >= Object.keys(truth).length, 'the comparison jobs are among them');
  for (const [id, status] of finished) {
    assert.ok(shown.includes(id), `${id} is listed`);
    if (id in rows) assert.equal(rows[id], status, id);
  }
  for (const { id } of Object.values(truth)) assert.equal(rows[id], before[id], `${id} is shown as Ray says`);
  await page.close();
});
