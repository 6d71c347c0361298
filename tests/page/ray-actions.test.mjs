// The page's Stop and Delete buttons through the console (worker/ in workerd, token sign-in) to a
// real Ray head (tests/ray/run.sh) as cluster `local`, in headless Chromium, judged by Ray's own
// Python client: an operator stops and deletes a job (Ray refuses a browser's own stop, so this
// passes only because the console sends none of the browser's headers); a viewer is offered
// neither, a stop forced from the page is refused and Ray sees nothing; another site's stop
// reaches nothing. Each action is an audit line (docs/console.md "Roles and audit").
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { launch, openPage } from './browser.mjs';
import { startConsole } from './console.mjs';
import { http, reach, settled, submit, truth } from '../js/lib/ray-actions.mjs';

let demo; let browser;
const OPERATOR = 'operator-page-token-7f3a';
const VIEWER = 'viewer-page-token-2c9e';

before(async () => {
  demo = await startConsole({
    JOBGLASS_CLUSTERS: JSON.stringify([{ name: 'local', kind: 'ray', url: process.env.JOBGLASS_RAY, cacheSeconds: 0 }]),
    JOBGLASS_AUTH: 'token', JOBGLASS_SESSION_SECRET: 'ray-page-actions-secret-0123456789',
    JOBGLASS_OPERATOR_TOKENS: `olga:${OPERATOR}`, JOBGLASS_VIEWER_TOKENS: `vic:${VIEWER}`,
  });
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await demo?.stop();
});

/** A page of its own browser context (its own cookies) at `path`, signed in with `token` through the page's form. */
async function signedIn(path, token) {
  const opened = await openPage(browser, `${demo.url}${path}`);
  await opened.page.fill('[data-testid=signin-token]', token);
  await opened.page.click('[data-testid=signin-submit]');
  return opened;
}

const audits = (id) => demo.audits().filter((a) => a.id === id).map((a) => [a.audit, a.user, a.cluster, a.allowed]);

test('an operator\'s Stop on the page stops a live Ray job, the page shows STOPPED; Delete then removes it', async () => {
  const id = await submit('page-stop', 'python -c "import time; time.sleep(600)"');
  assert.equal(await reach(id, ['RUNNING']), 'RUNNING');
  const { page, problems } = await signedIn(`/?cluster=local&id=${encodeURIComponent(id)}`, OPERATOR);
  await page.waitForSelector('[data-testid=job-status][data-status=RUNNING]');
  await page.click('[data-testid=job-stop]');
  assert.equal(await page.textContent('dialog[open] [data-testid=action-job-id]'), id);
  await page.click('[data-testid=action-confirm]');
  await page.waitForSelector('[data-testid=job-status][data-status=STOPPED]', { timeout: 60000 });
  // Drawn with the STOPPED state itself.
  const said = await page.evaluate(() => [...document.querySelectorAll('[data-testid=action-status], [data-testid=error]')].map((e) => e.textContent));
  assert.deepEqual(said, ['Stopped.'], demo.output());
  assert.equal(await truth('status', id), 'STOPPED');

  await settled(id);
  await page.click('[data-testid=job-delete]');
  await page.click('[data-testid=action-confirm]');
  await page.waitForSelector('[data-testid=job-deleted]');
  assert.equal(await truth('listed', id), false);
  assert.deepEqual(audits(id), [['stop', 'olga', 'local', true], ['delete', 'olga', 'local', true]]);
  const done = demo.audits().filter((a) => a.id === id).map((a) => a.result);
  assert.match(done[0], /^HTTP 200 .*"stopped": true/);
  assert.match(done[1], /^HTTP 200 .*"deleted": true/);
  assert.deepEqual(problems, []);
  await page.context().close();
});

test('a viewer is offered no Stop, and a stop forced from the page is refused: Ray sees nothing, the job runs on', async () => {
  const id = await submit('page-viewer', 'python -c "import time; time.sleep(600)"');
  assert.equal(await reach(id, ['RUNNING']), 'RUNNING');
  const { page, problems } = await signedIn(`/?cluster=local&id=${encodeURIComponent(id)}`, VIEWER);
  await page.waitForSelector('[data-testid=job-status][data-status=RUNNING]');
  assert.equal(await page.locator('[data-testid=job-stop], [data-testid=job-delete]').count(), 0);
  // What the page would send for an operator, sent by hand.
  const forced = await page.evaluate((path) => fetch(path, { method: 'POST', headers: { 'X-Jobglass-Action': '1' } })
    .then(async (r) => ({ status: r.status, body: await r.json() })), `/c/local/api/jobs/${encodeURIComponent(id)}/stop`);
  assert.equal(forced.status, 403);
  assert.equal(forced.body.error.code, 'FORBIDDEN');
  await new Promise((r) => setTimeout(r, 1000));
  assert.equal(await truth('status', id), 'RUNNING');
  assert.deepEqual(audits(id), [['stop', 'vic', 'local', false]]);
  assert.deepEqual(problems, []);
  await page.context().close();
  // Cleaned up the way Ray's own tools stop a job.
  assert.equal((await http('POST', `/api/jobs/${id}/stop`)).status, 200);
});

test('a stop another site sends while an operator is signed in reaches nothing: the job still runs', async () => {
  const id = await submit('page-csrf', 'python -c "import time; time.sleep(600)"');
  assert.equal(await reach(id, ['RUNNING']), 'RUNNING');
  const stop = `${demo.url}/c/local/api/jobs/${id}/stop`;
  // Another site: a fetch and then a form POST to the stop route.
  const evil = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' });
    res.end(`<!doctype html><form method="POST" action="${stop}"><input name="a" value="b"></form>
<script>fetch('${stop}', { method: 'POST', mode: 'no-cors', body: 'x' }).catch(() => {}).then(() => document.forms[0].submit());</script>`);
  });
  await new Promise((r) => evil.listen(0, '127.0.0.1', r));
  const { page } = await signedIn('/', OPERATOR);
  await page.waitForSelector('[data-testid=job-list]');
  try {
    // "localhost" is another site than 127.0.0.1 to the browser: the SameSite=Strict session
    // cookie stays behind, so the console does not know who asks.
    await page.goto(`http://localhost:${evil.address().port}/`);
    await page.waitForURL(stop);
    assert.equal(JSON.parse(await page.textContent('body')).error.code, 'UNAUTHENTICATED');
    // The page's own origin, signed in, without X-Jobglass-Action: refused too.
    await page.goto(`${demo.url}/`);
    assert.equal(await page.evaluate((url) => fetch(url, { method: 'POST' }).then((r) => r.status), stop), 403);
  } finally {
    await page.context().close();
    evil.close();
  }
  assert.equal(await truth('status', id), 'RUNNING');
  // The unsigned ones are refused before they are known as actions; the page's is written.
  assert.deepEqual(audits(id), [['stop', 'olga', 'local', false]]);
  assert.equal((await http('POST', `/api/jobs/${id}/stop`)).status, 200);
});
