// The console (worker/ in workerd, docs/api.md §12) for the page tests, started the way the
// console's own tests start it (tests/js/lib/console.mjs): the packed tarball in a temporary
// project, the page built from www/, `wrangler dev` on a free port. One project per test file,
// removed when the file's process ends.
import { rmSync } from 'node:fs';
import { consoleProject, startConsole as start } from '../js/lib/console.mjs';

let project = null;

/**
 * `{ url, stop, output, audits }` once the console answers; `env` is its configuration
 * (JOBGLASS_* and the secrets the console reads). Without JOBGLASS_AUTH the tests reach it on loopback (`none`).
 */
export async function startConsole(env = {}) {
  if (!project) {
    project = consoleProject('jobglass-page-console-');
    process.once('exit', () => rmSync(project, { recursive: true, force: true }));
  }
  return start(project, env);
}
