// Starts the console (worker/, docs/api.md §14) in workerd through `wrangler dev`, the way
// `make demo` runs it, on a free port for a test, and stops it. The page it serves is the one
// scripts/console-page.mjs builds from www/ (built again when www/ or pkg/ is newer).
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));

const freePort = () => new Promise((resolve) => {
  const s = createServer().listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
});

/** The newest modification time under `dir` (0 when it does not exist). */
function newest(dir) {
  let t = 0;
  try {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const p = join(dir, e.name);
      t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
    }
  } catch { /* missing */ }
  return t;
}

/** Builds the page the console serves, unless the build is newer than www/ and pkg/. */
export function buildConsolePage() {
  const built = (() => { try { return statSync(join(repo, 'target/console-page/index.html')).mtimeMs; } catch { return 0; } })();
  if (built > Math.max(newest(join(repo, 'www')), newest(join(repo, 'pkg')))) return;
  execFileSync('node', ['scripts/console-page.mjs'], { cwd: repo, stdio: 'inherit' });
}

/** A dotenv file of `env` (values single-quoted: JSON in them stays as written). */
function envFile(dir, env) {
  const path = join(dir, 'console.env');
  const lines = Object.entries(env).map(([k, v]) => {
    if (String(v).includes("'") || String(v).includes('\n')) throw new Error(`${k}: the test console's env file cannot hold this value`);
    return `${k}='${v}'`;
  });
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/**
 * `{ url, stop, output }` once the console answers. `env` is its configuration (JOBGLASS_* and
 * secrets, docs/api.md §14), handed to the worker as its variables.
 */
export async function startConsole(env = {}) {
  buildConsolePage();
  const [port, inspector] = [await freePort(), await freePort()];
  const dir = mkdtempSync(join(tmpdir(), 'jobglass-console-'));
  const child = spawn(join(repo, 'node_modules/.bin/wrangler'), [
    'dev', '-c', 'worker/wrangler.toml', '--ip', '127.0.0.1', '--port', String(port), '--inspector-port', String(inspector),
    '--persist-to', join(dir, 'state'), '--env-file', envFile(dir, env), '--show-interactive-dev-session=false', '--log-level', 'log',
  ], {
    cwd: repo,
    env: { ...process.env, WRANGLER_SEND_METRICS: 'false', CI: '1', NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  let output = '';
  child.stdout.on('data', (d) => { output += d; });
  child.stderr.on('data', (d) => { output += d; });
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 90000;
  for (;;) {
    try {
      const res = await fetch(`${url}/api/clusters`);
      if (res.status !== 503) break;
    } catch { /* not up yet */ }
    if (Date.now() > deadline || child.exitCode !== null) {
      if (child.exitCode === null) process.kill(-child.pid, 'SIGTERM');
      throw new Error(`the console did not start:\n${output}`);
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    output: () => output,
    stop: () => new Promise((resolve) => {
      const done = () => { rmSync(dir, { recursive: true, force: true }); resolve(); };
      if (child.exitCode !== null) return done();
      child.once('exit', done);
      process.kill(-child.pid, 'SIGTERM');
    }),
  };
}
