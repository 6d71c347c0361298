// The console (worker/) under `wrangler dev` (workerd), bundled by wrangler from the packed
// tarball: a temporary project with the tarball installed, worker/src and its wrangler.toml
// without the repository's alias to pkg/, and the page built into target/console-page/.
// Also a raw HTTP client, because fetch normalizes the paths the tests send (`..`, `%2e%2e`)
// and will not set Host.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

export const freePort = () => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

/** A temporary project holding the console as a user's project would; the caller removes it. */
export function consoleProject(prefix = 'jobglass-console-') {
  execFileSync(join(repo, 'scripts/pack.sh'), { cwd: repo });
  execFileSync('node', [join(repo, 'scripts/console-page.mjs')], { cwd: repo });
  const tarball = join(repo, readdirSync(repo).find((f) => /^jobglass-.*\.tgz$/.test(f)));
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'console', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', '--silent', '--loglevel=error', tarball], { cwd: dir });
  symlinkSync(join(repo, 'node_modules/jose'), join(dir, 'node_modules/jose'));
  cpSync(join(repo, 'worker/src'), join(dir, 'worker/src'), { recursive: true });
  cpSync(join(repo, 'worker/migrations'), join(dir, 'worker/migrations'), { recursive: true });
  cpSync(join(repo, 'www/samples'), join(dir, 'www/samples'), { recursive: true });
  const config = readFileSync(join(repo, 'worker/wrangler.toml'), 'utf8')
    .replace(/\n\[alias\]\njobglass = .*\n/, '\n')
    .replace('directory = "../target/console-page"', `directory = ${JSON.stringify(join(repo, 'target/console-page'))}`);
  if (config.includes('[alias]') || !config.includes('target/console-page')) throw new Error('worker/wrangler.toml changed: update tests/js/lib/console.mjs');
  writeFileSync(join(dir, 'worker/wrangler.toml'), config);
  return dir;
}

/** A .env line whose value wrangler reads back literally. */
const envLine = ([name, value]) => `${name}=${value.includes("'") ? `"${value}"` : `'${value}'`}`;

/**
 * The console of `dir` on a free port with `env` (secrets in a mode-600 env file, as scripts/demo.sh
 * passes them): `{url, port, output(), audits(), lines(key), stop()}` once it answers. Its state
 * (D1, Durable Objects) is kept in `options.state` (default: a new folder in `dir`), the D1 schema
 * applied first with wrangler's own migration command, as scripts/demo.sh does. `options.scheduled`
 * opens wrangler's `/__scheduled` test route, which runs the Cron Trigger's handler (tests only:
 * any page in a browser could call it, docs/notifications.md).
 */
export async function startConsole(dir, env = {}, options = {}) {
  const port = await freePort();
  const state = options.state ?? join(dir, `state-${port}`);
  execFileSync(join(repo, 'node_modules/.bin/wrangler'), ['d1', 'migrations', 'apply', 'JOBGLASS_DB', '--local',
    '--config', join(dir, 'worker/wrangler.toml'), '--persist-to', state], { cwd: dir, env: { ...process.env, WRANGLER_SEND_METRICS: 'false' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const envFile = join(mkdtempSync(join(tmpdir(), 'jobglass-env-')), 'console.env');
  writeFileSync(envFile, Object.entries(env).map(envLine).join('\n') + '\n', { mode: 0o600 });
  const child = spawn(join(repo, 'node_modules/.bin/wrangler'), ['dev', '--config', join(dir, 'worker/wrangler.toml'),
    '--ip', '127.0.0.1', '--port', String(port), '--persist-to', state, '--env-file', envFile,
    '--show-interactive-dev-session=false', ...(options.scheduled ? ['--test-scheduled'] : [])], {
    cwd: dir, env: { ...process.env, WRANGLER_SEND_METRICS: 'false' }, stdio: ['ignore', 'pipe', 'pipe'], detached: true,
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 120000; // a loaded machine can take a minute
  for (;;) {
    try {
      await fetch(`${url}/api/clusters`);
      break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline || child.exitCode !== null) throw new Error(`the console did not start:\n${output}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    port,
    output: () => output,
    /** The audit lines written so far, parsed. */
    audits: () => output.split('\n').filter((l) => l.startsWith('{"audit"')).map((l) => JSON.parse(l)),
    /** The JSON log lines whose first key is `key` (`watch`, `notify`), parsed. */
    lines: (key) => output.split('\n').filter((l) => l.startsWith(`{"${key}"`)).map((l) => JSON.parse(l)),
    stop: async () => {
      rmSync(envFile, { force: true });
      if (child.exitCode === null) {
        const exited = new Promise((resolve) => child.once('exit', resolve));
        process.kill(-child.pid, 'SIGTERM');
        await exited;
      }
      // A workerd left behind by its wrangler would hold its port and CPU: the whole group goes.
      await new Promise((r) => setTimeout(r, 500));
      try { process.kill(-child.pid, 'SIGKILL'); } catch { /* all gone */ }
    },
  };
}

/**
 * One request exactly as given (path not normalized, any Host): `{status, headers, body}`.
 * `body` is a string; headers' names are lower-case.
 */
export function raw(base, method, path, headers = {}, body = undefined) {
  const { hostname, port } = new URL(base);
  return new Promise((resolve, reject) => {
    const req = request({ hostname, port, method, path, headers: { Connection: 'close', ...headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

export { webSocketText } from './follow.mjs';
