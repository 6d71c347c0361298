// The page as the console serves it (worker/ in workerd, docs/api.md §12), in real headless
// Chromium: sign-in with a token, the cluster picker and `?cluster=` URLs, every cluster's jobs in
// one list with a Cluster column and cluster chips, and Stop/Delete for operators only. Two Ray
// clusters (1,000 and 300 generated jobs, tests/servers/joblists.mjs, so ids repeat across them)
// stand behind a recording front that holds each list answer a moment, so a test can see whether
// the page reads the clusters one after the other or side by side.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { createServer, request } from 'node:http';
import { startDoubles } from '../servers/doubles.mjs';
import { generatedId, generatedStatus } from '../servers/joblists.mjs';
import { launch, openPage, until } from './browser.mjs';
import { startConsole } from './console.mjs';

const shots = new URL('../../target/screenshots/', import.meta.url);
mkdirSync(shots, { recursive: true });
const STATUSES = ['FAILED', 'RUNNING', 'PENDING', 'STOPPED', 'SUCCEEDED', 'UNKNOWN'];
const SIZES = { prod: 1000, dev: 300 };
const HOLD_MS = 400;
const TOKENS = { viewer: 'viewer-token-3b9f0c2e', operator: 'operator-token-77d1a4f0' };
let doubles; let front; let console_; let browser;

/**
 * Forwards `/{cluster}/…` to that cluster's generated list and records each request: when it
 * arrived and when its answer went out. A list answer is held HOLD_MS first.
 */
function startFront(target) {
  const seen = [];
  const server = createServer((req, res) => {
    const m = /^\/(prod|dev)(\/.*)$/.exec(req.url);
    if (!m) { res.writeHead(404); return res.end(); }
    const entry = { cluster: m[1], method: req.method, path: m[2], arrived: Date.now(), answered: null };
    seen.push(entry);
    const list = m[2] === '/api/jobs/' || m[2] === '/api/jobs';
    setTimeout(() => {
      const out = request(`${target}/lists/big/${SIZES[m[1]]}${m[2]}`, { method: req.method }, (answer) => {
        res.writeHead(answer.statusCode, answer.headers);
        answer.pipe(res);
        answer.on('end', () => { entry.answered = Date.now(); });
      });
      out.end();
    }, list ? HOLD_MS : 0);
  });
  server.keepAliveTimeout = 1000;
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`, seen,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  })));
}

before(async () => {
  doubles = await startDoubles(0);
  front = await startFront(doubles.url);
  console_ = await startConsole({
    JOBGLASS_CLUSTERS: JSON.stringify([
      { name: 'prod', kind: 'ray', url: `${front.url}/prod`, cacheSeconds: 0 },
      { name: 'dev', kind: 'ray', url: `${front.url}/dev`, cacheSeconds: 0 },
    ]),
    JOBGLASS_AUTH: 'token',
    JOBGLASS_SESSION_SECRET: 'test-session-secret-0123456789abcdef',
    JOBGLASS_VIEWER_TOKENS: `vera:${TOKENS.viewer}`,
    JOBGLASS_OPERATOR_TOKENS: `otto:${TOKENS.operator}`,
  });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await console_?.stop();
  await front?.close();
  await doubles?.close();
});

const fmt = (n) => n.toLocaleString('en');
/** A fresh browser context (its own cookies) with a page at `path`. */
async function visit(path, viewport = { width: 1280, height: 900 }) {
  const context = await browser.newContext({ viewport });
  const opened = await openPage(context, `${console_.url}${path}`, { consoleErrors: false });
  return { ...opened, context };
}
async function signIn(page, token) {
  await page.waitForSelector('[data-testid=signin-token]');
  await page.fill('[data-testid=signin-token]', token);
  await page.click('[data-testid=signin-submit]');
}
const sessionStatus = (page) => page.evaluate(() => fetch('/api/session').then((r) => r.status));
const countIs = (page, text, timeout = 30000) =>
  page.waitForFunction((want) => document.querySelector('[data-testid=job-count]')?.textContent === want, text, { timeout });
const clusterChips = (page) => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid=cluster-filter]')]
  .map((c) => [c.dataset.cluster, { pressed: c.getAttribute('aria-pressed'), count: Number(c.querySelector('.jl-n').textContent.replace(/,/g, '')) }])));
const statusChips = (page) => page.evaluate(() => Object.fromEntries([...document.querySelectorAll('[data-testid=status-filter]')]
  .map((c) => [c.dataset.status, Number(c.querySelector('.jl-n').textContent.replace(/,/g, ''))])));
/** Per-status counts of a generated list of `n` jobs. */
function statusCounts(n) {
  const out = Object.fromEntries(STATUSES.map((s) => [s, 0]));
  for (let i = 0; i < n; i++) out[generatedStatus(i)]++;
  return out;
}

test('a signed-out visitor gets the sign-in form, never a 401; a wrong token stays signed out; the right one signs in; sign-out', async () => {
  const { page, problems, context } = await visit('/?cluster=prod&view=list');
  await page.waitForSelector('[data-testid=signin-token]');
  assert.equal(await page.locator('[data-testid=error]').count(), 0, 'no error panel, no raw 401');
  assert.doesNotMatch(await page.textContent('body'), /\b401\b|UNAUTHENTICATED|UNAUTHORIZED/);
  assert.equal(await page.locator('[data-testid=job-list]').count(), 0, 'no jobs before sign-in');
  assert.equal(await page.getAttribute('[data-testid=signin-token]', 'type'), 'password');

  await signIn(page, 'not-a-token');
  await page.waitForSelector('[data-testid=signin-error]:not([hidden])');
  assert.match(await page.textContent('[data-testid=signin-error]'), /did not accept this token/);
  assert.equal(await sessionStatus(page), 401, 'still signed out');
  assert.equal(await page.locator('[data-testid=session]').count(), 0);
  assert.doesNotMatch(page.url(), /token/, 'the token is never in the address');

  await signIn(page, TOKENS.viewer);
  await countIs(page, `${fmt(SIZES.prod)} of ${fmt(SIZES.prod)} jobs`);
  assert.equal(await page.textContent('[data-testid=session-user]'), 'vera');
  assert.equal(await page.textContent('[data-testid=session-role]'), 'viewer');
  assert.equal(await sessionStatus(page), 200);
  assert.equal(new URL(page.url()).searchParams.get('cluster'), 'prod', 'the address the visitor came for');
  // The session is a cookie the page's scripts cannot read.
  assert.equal(await page.evaluate(() => document.cookie), '');
  const cookies = await context.cookies();
  assert.deepEqual(cookies.map((c) => [c.name, c.httpOnly, c.sameSite]), [['jobglass_session', true, 'Strict']]);
  assert.doesNotMatch(await page.content(), new RegExp(TOKENS.viewer), 'the token is not kept in the page');

  await page.click('[data-testid=signout]');
  await page.waitForSelector('[data-testid=signin-token]');
  assert.equal(await sessionStatus(page), 401);
  assert.equal(await page.locator('[data-testid=session]').count(), 0);
  assert.equal(await page.locator('[data-testid=job-list]:visible').count(), 0);
  assert.deepEqual(problems, []);
  await context.close();
});

test('the cluster picker replaces the endpoint field; ?cluster=NAME URLs open a list and a job, and survive a reload', async () => {
  const { page, context } = await visit('/');
  await signIn(page, TOKENS.viewer);
  // Home: every cluster's jobs.
  await countIs(page, `${fmt(SIZES.prod + SIZES.dev)} of ${fmt(SIZES.prod + SIZES.dev)} jobs`);
  assert.equal(await page.isVisible('[data-testid=cluster-picker]'), true);
  assert.equal(await page.isVisible('input[name=endpoint]'), false, 'no endpoint field');
  assert.equal(await page.isVisible('select[name=source]'), false, 'no source picker');
  assert.deepEqual(await page.$$eval('[data-testid=cluster-picker] option', (os) => os.map((o) => o.value)), ['*', 'prod', 'dev']);

  await page.selectOption('[data-testid=cluster-picker]', 'dev');
  await countIs(page, `${fmt(SIZES.dev)} of ${fmt(SIZES.dev)} jobs`);
  let q = new URL(page.url()).searchParams;
  assert.deepEqual([q.get('cluster'), q.get('view')], ['dev', 'list']);
  assert.equal(await page.locator('[data-testid=cluster-filter]').count(), 0, 'one cluster: no cluster chips');

  // A job by id, from the form.
  const id = generatedId(7);
  await page.fill('input[name=id]', id);
  await page.click('#source-form button[type=submit]');
  await page.waitForSelector('[data-testid=job-status]');
  q = new URL(page.url()).searchParams;
  assert.deepEqual([q.get('cluster'), q.get('id'), q.get('endpoint'), q.get('source')], ['dev', id, null, null]);
  assert.equal(await page.textContent('[data-testid=job-id]'), id);
  assert.equal(await page.getAttribute('[data-testid=job-status]', 'data-status'), generatedStatus(7));
  await page.reload();
  await page.waitForSelector('[data-testid=job-status]');
  assert.equal(await page.textContent('[data-testid=job-id]'), id);
  assert.equal(await page.inputValue('[data-testid=cluster-picker]'), 'dev');

  // The list URL with its filters, straight.
  await page.goto(`${console_.url}/?cluster=prod&view=list&status=FAILED`);
  await countIs(page, `${fmt(statusCounts(SIZES.prod).FAILED)} of ${fmt(SIZES.prod)} jobs`);
  // A cluster the console does not serve is said, with the ones it does.
  await page.goto(`${console_.url}/?cluster=nope&id=x`);
  await page.waitForSelector('[data-testid=error][data-code=NO_SUCH_CLUSTER]');
  assert.match(await page.textContent('[data-testid=error]'), /no cluster "nope".*prod, dev/s);
  await context.close();
});

test('?cluster=* lists every cluster\'s jobs with a Cluster column and cluster chips with counts, read side by side', async () => {
  const from = front.seen.length;
  const { page, problems, context } = await visit('/?cluster=*&view=list');
  await signIn(page, TOKENS.viewer);
  const total = SIZES.prod + SIZES.dev;
  await countIs(page, `${fmt(total)} of ${fmt(total)} jobs`);
  // Both lists were asked for before either answer went out: the clusters are read at once, so
  // the whole list takes about as long as one cluster's.
  const lists = front.seen.slice(from).filter((r) => r.path === '/api/jobs/');
  assert.deepEqual(lists.map((r) => r.cluster).sort(), ['dev', 'prod']);
  const [first, second] = lists.sort((a, b) => a.arrived - b.arrived);
  await until(() => first.answered, 'the first answer sent');
  assert.ok(second.arrived < first.answered, `the second cluster was read while the first answered (${second.arrived - first.arrived} ms apart, first answered after ${first.answered - first.arrived} ms)`);

  const chips = await clusterChips(page);
  assert.deepEqual(chips, { prod: { pressed: 'false', count: SIZES.prod }, dev: { pressed: 'false', count: SIZES.dev } });
  const both = statusCounts(SIZES.prod);
  for (const [s, n] of Object.entries(statusCounts(SIZES.dev))) both[s] += n;
  assert.deepEqual(await statusChips(page), both);
  assert.equal(await page.textContent('[role=columnheader][data-col=cluster]'), 'Cluster');
  // The same id in both clusters is two rows, each with its cluster.
  await page.fill('[data-testid=job-search]', generatedId(5));
  await countIs(page, `2 of ${fmt(total)} jobs`);
  const rows = await page.$$eval('[data-testid=job-row]', (els) => els.map((el) => [el.dataset.id, el.dataset.cluster, el.querySelector('[data-label=Cluster]').textContent]).sort());
  assert.deepEqual(rows, [[generatedId(5), 'dev', 'dev'], [generatedId(5), 'prod', 'prod']]);
  await page.fill('[data-testid=job-search]', '');
  await countIs(page, `${fmt(total)} of ${fmt(total)} jobs`);

  // A cluster chip narrows the list, into the URL; status chips then count that cluster's jobs.
  await page.click('[data-testid=cluster-filter][data-cluster=dev]');
  await countIs(page, `${fmt(SIZES.dev)} of ${fmt(total)} jobs`);
  assert.equal((await clusterChips(page)).dev.pressed, 'true');
  assert.equal(new URL(page.url()).searchParams.get('clusters'), 'dev');
  assert.deepEqual(await statusChips(page), statusCounts(SIZES.dev));
  assert.deepEqual(await page.$$eval('[data-testid=job-row]', (els) => [...new Set(els.map((e) => e.dataset.cluster))]), ['dev']);
  // A status chip: the cluster chips count that status in each cluster.
  await page.click('[data-testid=status-filter][data-status=FAILED]');
  await countIs(page, `${fmt(statusCounts(SIZES.dev).FAILED)} of ${fmt(total)} jobs`);
  assert.deepEqual(await clusterChips(page), {
    prod: { pressed: 'false', count: statusCounts(SIZES.prod).FAILED }, dev: { pressed: 'true', count: statusCounts(SIZES.dev).FAILED },
  });
  await page.screenshot({ path: new URL('console-all.png', shots).pathname });
  // Reloaded, the same view comes back.
  await page.reload();
  await countIs(page, `${fmt(statusCounts(SIZES.dev).FAILED)} of ${fmt(total)} jobs`);
  assert.equal((await clusterChips(page)).dev.pressed, 'true');

  // A row opens its own cluster's job, at that cluster's address; Back returns to the list.
  const row = page.locator('[data-testid=job-row]').first();
  const [rowId, rowCluster] = [await row.getAttribute('data-id'), await row.getAttribute('data-cluster')];
  await row.locator('a.jl-id').click();
  await page.waitForSelector('[data-testid=job-status]');
  const q = new URL(page.url()).searchParams;
  assert.deepEqual([q.get('cluster'), q.get('id')], [rowCluster, rowId]);
  assert.equal(await page.textContent('[data-testid=job-id]'), rowId);
  await page.goBack();
  await countIs(page, `${fmt(statusCounts(SIZES.dev).FAILED)} of ${fmt(total)} jobs`);
  assert.deepEqual(problems, []);
  await context.close();
});

test('every cluster\'s list on a 390-px phone: one card per job with its cluster, the picker and who is signed in fit', async () => {
  const { page, problems, context } = await visit('/?cluster=*&view=list', { width: 390, height: 844 });
  await signIn(page, TOKENS.operator);
  await countIs(page, `${fmt(SIZES.prod + SIZES.dev)} of ${fmt(SIZES.prod + SIZES.dev)} jobs`);
  const fit = await page.evaluate(() => {
    const out = { pageOverflow: document.documentElement.scrollWidth - window.innerWidth, cards: 0, bad: [] };
    for (const el of document.querySelectorAll('[data-testid=cluster-picker], [data-testid=session], [data-testid=signout], [data-testid=cluster-filter]')) {
      if (el.getBoundingClientRect().right > window.innerWidth + 0.5) out.bad.push(`${el.dataset.testid} off screen`);
    }
    for (const row of document.querySelectorAll('[data-testid=job-row]')) {
      out.cards++;
      const box = row.getBoundingClientRect();
      if (row.scrollHeight > row.clientHeight + 1) out.bad.push(`${row.dataset.key} overflows`);
      for (const cell of row.querySelectorAll('[role=gridcell]')) {
        const c = cell.getBoundingClientRect();
        if (c.right > box.right + 1 || c.bottom > box.bottom + 1) out.bad.push(`${row.dataset.key} ${cell.dataset.label} outside its card`);
      }
    }
    return out;
  });
  assert.ok(fit.pageOverflow <= 0, `no sideways scrolling (${fit.pageOverflow}px)`);
  assert.ok(fit.cards >= 2);
  assert.deepEqual(fit.bad, []);
  const cell = page.locator('[data-testid=job-row]').first().locator('[data-label=Cluster]');
  assert.match(await cell.textContent(), /^(prod|dev)$/);
  assert.ok(await cell.isVisible(), 'the cluster is on the card');
  await page.screenshot({ path: new URL('console-all-phone.png', shots).pathname });
  assert.deepEqual(problems, []);
  await context.close();
});

test('a viewer sees no Stop or Delete; an operator does; the console\'s 403 is explained', async () => {
  const running = [...Array(SIZES.prod).keys()].find((i) => generatedStatus(i) === 'RUNNING');
  const id = generatedId(running);
  const { page, context } = await visit(`/?cluster=prod&id=${id}`);
  await signIn(page, TOKENS.viewer);
  await page.waitForSelector('[data-testid=job-status][data-status=RUNNING]');
  assert.equal(await page.locator('[data-testid=job-stop], [data-testid=job-delete]').count(), 0);
  await page.goto(`${console_.url}/?cluster=prod&view=list&status=RUNNING`);
  await page.waitForSelector('[data-testid=job-row]');
  assert.equal(await page.locator('[data-testid=row-actions], [data-testid=job-stop], [data-testid=job-delete]').count(), 0);
  // The console itself refuses the viewer's request, as the page would send it.
  const before = front.seen.filter((r) => r.method !== 'GET').length;
  const status = await page.evaluate((x) => fetch(`/c/prod/api/jobs/${x}/stop`, { method: 'POST', headers: { 'X-Jobglass-Action': '1' } }).then((r) => r.status), id);
  assert.equal(status, 403);

  // Signed in as an operator, the same job offers Stop, and the list's rows their menus.
  await page.click('[data-testid=signout]');
  await signIn(page, TOKENS.operator);
  await page.waitForSelector('[data-testid=row-actions]');
  assert.equal(await page.textContent('[data-testid=session-role]'), 'operator');
  await page.goto(`${console_.url}/?cluster=prod&id=${id}`);
  await page.waitForSelector('[data-testid=job-stop]');

  // Meanwhile the same browser signs in as a viewer in another tab (the new session replaces the
  // cookie at once): the console now refuses, and the page says why.
  const other = await context.newPage();
  await other.goto(`${console_.url}/?sample=ray-running`);
  const signedIn = await other.evaluate((token) => fetch('/api/session', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ token }) })
    .then((r) => r.json()), TOKENS.viewer);
  assert.deepEqual(signedIn, { user: 'vera', role: 'viewer' });
  await page.click('[data-testid=job-stop]');
  await page.click('[data-testid=action-confirm]');
  await page.waitForSelector('[data-testid=error][data-action=stop][data-code=FORBIDDEN]');
  assert.match(await page.textContent('[data-testid=error][data-action=stop]'), /Only operators may stop and delete jobs.*signed in as vera, a viewer/s);
  await page.waitForSelector('[data-testid=job-stop]', { state: 'detached' });
  assert.equal(await page.textContent('[data-testid=session-role]'), 'viewer');
  assert.equal(front.seen.filter((r) => r.method !== 'GET').length, before, 'nothing reached the cluster');
  await context.close();
});

/** A JWKS endpoint for one freshly made ES256 key, and tokens signed with it (an identity proxy's). */
async function startIdentity(audience) {
  const { SignJWT, exportJWK, generateKeyPair } = await import('jose');
  const { publicKey, privateKey } = await generateKeyPair('ES256');
  const jwk = { ...(await exportJWK(publicKey)), kid: 'test-key', alg: 'ES256', use: 'sig' };
  const server = createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' });
    res.end(JSON.stringify({ keys: [jwk] }));
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
  return {
    url: `http://127.0.0.1:${server.address().port}/jwks`,
    token: (email) => new SignJWT({ email }).setProtectedHeader({ alg: 'ES256', kid: 'test-key' })
      .setAudience(audience).setIssuedAt().setExpirationTime('10m').sign(privateKey),
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  };
}

test('behind an identity proxy (jwt): no token form but where to sign in; signed in, the user and role show; a cluster that cannot be read is named above the others\' jobs', async () => {
  const identity = await startIdentity('jobglass-test');
  const jwt = await startConsole({
    JOBGLASS_CLUSTERS: JSON.stringify([
      { name: 'prod', kind: 'ray', url: `${front.url}/prod` },
      // Nothing listens on port 9 here: the console cannot reach this cluster.
      { name: 'down', kind: 'ray', url: 'http://127.0.0.1:9' },
    ]),
    JOBGLASS_AUTH: 'jwt', JOBGLASS_JWT_JWKS_URL: identity.url, JOBGLASS_JWT_AUD: 'jobglass-test', JOBGLASS_OPERATORS: '*@ops.example',
  });
  try {
    // No identity token came with the request (the proxy was bypassed, or the sign-in expired).
    let context = await browser.newContext();
    let { page, problems } = await openPage(context, `${jwt.url}/?cluster=*&view=list`);
    await page.waitForSelector('[data-testid=signin][data-auth=jwt]');
    assert.equal(await page.locator('[data-testid=signin-token]').count(), 0, 'no token form under jwt');
    assert.match(await page.textContent('[data-testid=signin]'), /identity proxy in front of it/);
    assert.equal(await page.locator('[data-testid=error]').count(), 0);
    assert.doesNotMatch(await page.textContent('body'), /\b401\b|UNAUTHENTICATED/);
    assert.deepEqual(problems, []);
    await context.close();

    // The proxy adds the header: the user is the token's email, an operator by JOBGLASS_OPERATORS.
    context = await browser.newContext({ extraHTTPHeaders: { 'Cf-Access-Jwt-Assertion': await identity.token('ana@ops.example') } });
    ({ page, problems } = await openPage(context, `${jwt.url}/?cluster=*&view=list`));
    await countIs(page, `${fmt(SIZES.prod)} of ${fmt(SIZES.prod)} jobs`);
    assert.equal(await page.textContent('[data-testid=session-user]'), 'ana@ops.example');
    assert.equal(await page.textContent('[data-testid=session-role]'), 'operator');
    assert.equal(await page.locator('[data-testid=signout]').count(), 0, 'signing out is the identity proxy\'s');
    assert.deepEqual(await clusterChips(page), { prod: { pressed: 'false', count: SIZES.prod }, down: { pressed: 'false', count: 0 } });
    await page.waitForSelector('[data-testid=cluster-error] li[data-cluster=down]');
    assert.match(await page.textContent('[data-testid=cluster-error]'), /Cluster down could not be read/);
    assert.equal(await page.locator('[data-testid=cluster-error] li').count(), 1, 'only the cluster that failed');
    assert.deepEqual(problems, []);
    await context.close();
  } finally {
    await jwt.stop();
    await identity.close();
  }
});

test('a console with nothing configured shows the samples cluster: its list, a job, and the job\'s log', async () => {
  const samples = await startConsole({});
  const failed = JSON.parse(readFileSync(new URL('../../www/samples/ray-failed.json', import.meta.url), 'utf8'));
  try {
    const { page, problems } = await openPage(browser, `${samples.url}/`);
    // Signed in as this machine's user (JOBGLASS_AUTH=none), a viewer: no actions offered.
    await page.waitForSelector('[data-testid=job-row]');
    assert.equal(await page.textContent('[data-testid=session-role]'), 'viewer');
    assert.equal(await page.locator('[data-testid=signout]').count(), 0, 'no sign-in, so no sign-out');
    assert.deepEqual(await page.$$eval('[data-testid=cluster-picker] option', (os) => os.map((o) => o.value)), ['samples']);
    assert.deepEqual([...new URL(page.url()).searchParams], [], 'the home address stays plain');
    const rows = await page.$$eval('[data-testid=job-row]', (els) => els.map((e) => e.dataset.id));
    assert.ok(rows.includes(failed.submission_id), `the failed Ray sample is listed (${rows.join(', ')})`);
    assert.equal(await page.locator('[data-testid=row-actions]').count(), 0);
    // Its row opens it; its Logs tab reads the sample's log through the console.
    await page.click(`[data-testid=job-row][data-id="${failed.submission_id}"] a.jl-id`);
    await page.waitForSelector('[data-testid=job-status][data-status=FAILED]');
    assert.deepEqual([...new URL(page.url()).searchParams], [['cluster', 'samples'], ['id', failed.submission_id]]);
    await page.click('[data-testid=tab-logs]');
    await page.waitForFunction(() => [...document.querySelectorAll('[data-testid=log-line]')].some((l) => /RuntimeError: sample failure/.test(l.textContent)));
    assert.equal(new URL(page.url()).searchParams.get('tab'), 'logs');
    assert.deepEqual(problems, []);
    await page.close();
  } finally {
    await samples.stop();
  }
});

test('in every cluster\'s list an operator\'s row menu acts on that row\'s own cluster', async () => {
  // Job 3 of each generated list is RUNNING; the same id exists in both clusters.
  const id = generatedId(3);
  assert.equal(generatedStatus(3), 'RUNNING');
  const { page, problems, context } = await visit(`/?cluster=*&view=list&q=${id}`);
  await signIn(page, TOKENS.operator);
  await countIs(page, `2 of ${fmt(SIZES.prod + SIZES.dev)} jobs`);
  const before = front.seen.length;
  const row = page.locator(`[data-testid=job-row][data-cluster=dev][data-id="${id}"]`);
  await row.locator('[data-testid=row-actions]').click();
  await row.locator('[data-testid=job-stop]').click();
  assert.equal(await page.textContent('[data-testid=action-job-id]'), id);
  await page.click('[data-testid=action-confirm]');
  // The generated lists have no stop route: the answer is the list server's 404, said as such.
  await page.waitForSelector('#list-root [data-testid=error][data-action=stop][data-code=NOT_FOUND]');
  const sent = front.seen.slice(before).filter((r) => r.method !== 'GET').map((r) => `${r.method} ${r.cluster} ${r.path}`);
  assert.deepEqual(sent, [`POST dev /api/jobs/${id}/stop`], 'only the dev cluster was asked');
  assert.deepEqual(problems, []);
  await context.close();
});
