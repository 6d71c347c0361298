// The page's Stop and Delete buttons through the demo proxy (started with JOBGLASS_ALLOW_ACTIONS=1)
// to a real Ray head (tests/ray/run.sh), in headless Chromium, judged by Ray's own Python client:
// the proxy removes the browser's headers Ray would refuse (docs/api.md §10) only for the page's
// own actions, and writes each to its console.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { launch, openPage } from './browser.mjs';
import { startDemo } from './demo.mjs';
import { http, reach, settled, submit, truth } from '../js/lib/ray-actions.mjs';

let demo; let browser;

before(async () => {
  demo = await startDemo({ JOBGLASS_UPSTREAM: process.env.JOBGLASS_RAY, JOBGLASS_ALLOW_ACTIONS: '1' });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await demo?.stop();
});

test('Stop on the page stops a live Ray job, the page shows STOPPED; Delete then removes it', async () => {
  const id = await submit('page-stop', 'python -c "import time; time.sleep(600)"');
  assert.equal(await reach(id, ['RUNNING']), 'RUNNING');
  const { page, problems } = await openPage(browser, `${demo.url}/?source=job&endpoint=/proxy/job&id=${encodeURIComponent(id)}`);
  await page.waitForSelector('[data-testid=job-status][data-status=RUNNING]');
  await page.click('[data-testid=job-stop]');
  assert.equal(await page.textContent('dialog[open] [data-testid=action-job-id]'), id);
  await page.click('[data-testid=action-confirm]');
  await page.waitForSelector('[data-testid=job-status][data-status=STOPPED]', { timeout: 60000 });
  // Drawn with the STOPPED state itself.
  const said = await page.evaluate(() => [...document.querySelectorAll('[data-testid=action-status], [data-testid=error]')].map((e) => e.textContent));
  assert.deepEqual(said, ['Stopped.'], demo.output());
  assert.equal(await truth('status', id), 'STOPPED');
  assert.match(demo.output(), new RegExp(`POST job="${id}" client=\\S+ → HTTP 200 \\{"stopped": true\\}`));

  await settled(id);
  await page.click('[data-testid=job-delete]');
  await page.click('[data-testid=action-confirm]');
  await page.waitForSelector('[data-testid=job-deleted]');
  assert.equal(await truth('listed', id), false);
  assert.match(demo.output(), new RegExp(`DELETE job="${id}" client=\\S+ → HTTP 200 \\{"deleted": true\\}`));
  assert.deepEqual(problems, []);
  await page.close();
});

test('a stop another site sends through the proxy is refused: Ray sees nothing, the job still runs', async () => {
  const id = await submit('page-csrf', 'python -c "import time; time.sleep(600)"');
  assert.equal(await reach(id, ['RUNNING']), 'RUNNING');
  const stop = `${demo.url}/proxy/job/api/jobs/${id}/stop`;
  // Another site: a fetch and then a form POST to the stop route.
  const evil = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(`<!doctype html><form method="POST" action="${stop}"><input name="a" value="b"></form>
<script>fetch('${stop}', { method: 'POST', mode: 'no-cors', body: 'x' }).catch(() => {}).then(() => document.forms[0].submit());</script>`);
  });
  await new Promise((r) => evil.listen(0, '127.0.0.1', r));
  const page = await browser.newPage();
  try {
    // "localhost" is another site than 127.0.0.1 to the browser.
    await page.goto(`http://localhost:${evil.address().port}/`);
    await page.waitForURL(stop);
    assert.match(await page.textContent('body'), /does not forward/);
    // The page's own origin without X-Jobglass-Action: refused too.
    await page.goto(`${demo.url}/`);
    assert.equal(await page.evaluate((url) => fetch(url, { method: 'POST' }).then((r) => r.status), stop), 403);
  } finally {
    await page.close();
    evil.close();
  }
  assert.equal(await truth('status', id), 'RUNNING');
  const refused = demo.output().split('\n').filter((l) => l.includes(`POST job="${id}"`));
  assert.equal(refused.length, 3, refused.join('\n'));
  for (const line of refused) assert.match(line, /→ refused: /);
  // Cleaned up the way Ray's own tools stop a job.
  assert.equal((await http('POST', `/api/jobs/${id}/stop`)).status, 200);
});
