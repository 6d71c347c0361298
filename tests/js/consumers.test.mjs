// The packed tarball installed into fresh projects, used as each runtime's users use it:
// Node ESM and CommonJS, Vite, webpack and esbuild builds in headless Chromium (with a dedicated
// worker), Deno, workerd through miniflare (the edge worker example), and tsc --strict.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, execFileSync } from 'node:child_process';
import { promisify } from 'node:util';
import { cpSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { extname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startDoubles } from '../servers/doubles.mjs';
import { launch } from '../page/browser.mjs';

const repo = fileURLToPath(new URL('../../', import.meta.url));
const bin = (name) => join(repo, 'node_modules/.bin', name);
const templates = join(repo, 'tests/consumers');
const projects = [];
let tarball; let doubles; let browser;

before(async () => {
  execFileSync(join(repo, 'scripts/pack.sh'), { cwd: repo });
  tarball = join(repo, readdirSync(repo).find((f) => /^jobglass-.*\.tgz$/.test(f)));
  doubles = await startDoubles(0);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await doubles?.close();
  for (const dir of projects) rmSync(dir, { recursive: true, force: true });
});

/** A fresh project with the tarball installed and `template` copied in. */
function project(template) {
  const dir = mkdtempSync(join(tmpdir(), `jobglass-${template}-`));
  projects.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `consumer-${template}`, private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', '--silent', tarball], { cwd: dir });
  cpSync(join(templates, template), dir, { recursive: true });
  return dir;
}

// Asynchronous: the doubles answer from this very process.
const run = async (cmd, args, cwd) => (await promisify(execFile)(cmd, args, { cwd, encoding: 'utf8' })).stdout.trim();

/** Serves `dir` statically on loopback for the duration of `use`. */
async function served(dir, use) {
  const types = { '.html': 'text/html', '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm' };
  const server = createServer((req, res) => {
    const pathname = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const path = join(dir, pathname.endsWith('/') ? `${pathname}index.html` : pathname);
    try {
      const body = readFileSync(path);
      res.writeHead(200, { 'Content-Type': types[extname(path)] ?? 'application/octet-stream' });
      res.end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  try {
    return await use(`http://127.0.0.1:${server.address().port}`);
  } finally {
    await new Promise((resolve) => server.close(resolve));
  }
}

/** Opens the built page in Chromium and returns what it wrote to #out. */
async function inChromium(url) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => errors.push(m.text()));
  page.on('response', (r) => { if (r.status() >= 400) errors.push(`${r.status()} ${r.url()}`); });
  await page.goto(url, { waitUntil: 'commit' });
  await page.waitForSelector('#out[data-done]', { timeout: 20000 }).catch(() => assert.fail(`no result: ${errors.join('; ')}`));
  const out = JSON.parse(await page.textContent('#out'));
  await page.close();
  return out;
}

test('Node ESM: a plain import, no manual init; jobglass/parse without the fetch client', async () => {
  const dir = project('node');
  const out = JSON.parse(await run('node', ['main.mjs', `${doubles.url}/ray`], dir));
  assert.deepEqual(out, { start: 1755484077000, status: 'SUCCEEDED', missing: 'NOT_FOUND' });
  // require(): the Node entry where this Node can require ES modules, else the message naming the import.
  if (process.features.require_module) {
    assert.deepEqual(JSON.parse(await run('node', ['main.cjs'], dir)), { status: 'RUNNING' });
    assert.match(await run('node', ['--no-experimental-require-module', 'main.cjs'], dir), /ES module.*import \{ fetchJob \} from 'jobglass'/);
  } else {
    assert.match(await run('node', ['main.cjs'], dir), /ES module.*import \{ fetchJob \} from 'jobglass'/);
  }
  const parseOnly = JSON.parse(await run('node', ['parse.mjs'], dir));
  assert.deepEqual(parseOnly, { status: 'FAILED', exitCode: 3, signedAt: '20250101T000000Z', fetches: false });
});

test('Vite production build in Chromium, with a dedicated worker', async () => {
  const dir = project('web');
  const { build } = await import('vite');
  await build({ root: dir, logLevel: 'silent', build: { outDir: join(dir, 'dist'), target: 'es2022' }, worker: { format: 'es' } });
  assert.ok(readdirSync(join(dir, 'dist/assets')).some((f) => f.endsWith('.wasm')), 'the wasm is emitted as an asset');
  const out = await served(join(dir, 'dist'), (url) => inChromium(`${url}/?worker&endpoint=${encodeURIComponent(`${doubles.url}/ray`)}`));
  assert.deepEqual(out, { start: 1755484077000, status: 'SUCCEEDED', worker: 'SUCCEEDED' });
});

test('webpack 5 build in Chromium, with a dedicated worker', async () => {
  const dir = project('web');
  const { default: webpack } = await import('webpack');
  const stats = await new Promise((resolve, reject) => webpack({
    mode: 'production', context: dir, entry: './main.js',
    output: { path: join(dir, 'dist'), publicPath: 'auto' },
  }, (err, s) => (err ? reject(err) : resolve(s))));
  assert.ok(!stats.hasErrors(), stats.toString('errors-only'));
  cpSync(join(dir, 'index.html'), join(dir, 'dist/index.html'));
  writeFileSync(join(dir, 'dist/index.html'), readFileSync(join(dir, 'index.html'), 'utf8').replace('type="module" src="./main.js"', 'src="./main.js"'));
  const out = await served(join(dir, 'dist'), (url) => inChromium(`${url}/?worker&endpoint=${encodeURIComponent(`${doubles.url}/ray`)}`));
  assert.deepEqual(out, { start: 1755484077000, status: 'SUCCEEDED', worker: 'SUCCEEDED' });
});

test('esbuild bundle in Chromium (the wasm copied beside the bundle, as docs/runtimes.md says)', async () => {
  const dir = project('web');
  const esbuild = await import('esbuild');
  await esbuild.build({ entryPoints: [join(dir, 'main.js')], bundle: true, format: 'esm', target: 'es2022', outdir: join(dir, 'dist'), logLevel: 'silent' });
  cpSync(join(dir, 'node_modules/jobglass/jobglass_bg.wasm'), join(dir, 'dist/jobglass_bg.wasm'));
  cpSync(join(dir, 'index.html'), join(dir, 'dist/index.html'));
  const out = await served(join(dir, 'dist'), (url) => inChromium(`${url}/?endpoint=${encodeURIComponent(`${doubles.url}/ray`)}`));
  assert.deepEqual(out, { start: 1755484077000, status: 'SUCCEEDED' });
});

test('Deno: parse, fetch, a log followed over the tail socket, stop and delete', async () => {
  const dir = project('deno');
  const out = JSON.parse(await run(bin('deno'), ['run', '--quiet', '--allow-read', '--allow-net', '--allow-env', '--node-modules-dir=manual', 'main.js', doubles.url], dir));
  assert.deepEqual(out, {
    start: 1755484077000, status: 'SUCCEEDED', lines: 50, complete: true, followedAll: true, bySocket: true,
    stopped: true, deleted: true,
  });
});

test('tsc --strict on a consumer using every exported type; a wrong use fails for that reason only', async () => {
  const dir = project('types');
  const tsc = (file) => run(bin('tsc'), ['--noEmit', '--strict', '--module', 'nodenext', '--moduleResolution', 'nodenext', '--target', 'es2022', '--lib', 'es2022,dom', '--skipLibCheck', 'false', file], dir);
  await tsc('consumer.ts');
  // The same check on a wrong use must fail, with exactly the intended error, so the check
  // above is not vacuous (a missing module or a bad flag would fail differently).
  writeFileSync(join(dir, 'wrong.ts'), "import { parseJob } from 'jobglass';\nconst n: number = parseJob('{}').status;\nvoid n;\n");
  const e = await tsc('wrong.ts').then(() => null, (err) => err);
  assert.ok(e, 'tsc accepted a JobStatus as a number');
  const errors = `${e.stdout}${e.stderr}`.split('\n').filter((l) => /error TS\d+/.test(l));
  assert.equal(errors.length, 1, errors.join('\n'));
  // TypeScript 7 names the status's type by its alias or by what the union widens to.
  assert.match(errors[0], /^wrong\.ts\(2,7\): error TS2322: Type '(JobStatus|string)' is not assignable to type 'number'\./);
});
