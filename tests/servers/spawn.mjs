// Runs doubles.mjs as a child process for one node:test file, so the servers' timers never share
// an event loop with the client under test; stopped after the file's tests, also when they fail.
import { spawn } from 'node:child_process';
import { after, before } from 'node:test';

const START_MS = 10000;

/** Starts the doubles on a free port; resolves `{ url, stop }`. */
export function spawnDoubles() {
  const child = spawn(process.execPath, [new URL('./doubles.mjs', import.meta.url).pathname], {
    env: { ...process.env, PORT: '0' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  // A test process that dies without running `after` must not leave the server behind.
  const onExit = () => child.kill('SIGKILL');
  process.once('exit', onExit);
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  const stop = async () => {
    process.off('exit', onExit);
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    let out = '';
    const fail = async (why) => { await stop(); reject(new Error(`${why}; stderr: ${stderr}`)); };
    const timer = setTimeout(() => fail(`the doubles did not start within ${START_MS} ms`), START_MS);
    const early = (code) => { clearTimeout(timer); fail(`the doubles exited with ${code}`); };
    child.once('exit', early);
    child.stdout.on('data', (d) => {
      out += d;
      const m = /^listening (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (!m) return;
      clearTimeout(timer);
      child.stdout.removeAllListeners('data');
      child.stdout.resume();
      child.off('exit', early);
      resolve({ url: m[1], stop });
    });
  });
}

/** `{ url }` filled in before the file's tests run; the child is stopped after them. */
export function useDoubles() {
  const doubles = { url: '' };
  let stop;
  before(async () => {
    ({ url: doubles.url, stop } = await spawnDoubles());
  });
  after(() => stop?.());
  return doubles;
}
