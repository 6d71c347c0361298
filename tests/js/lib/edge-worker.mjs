// worker/ (the console and its edge routes) bundled the way wrangler bundles it, from the packed
// tarball: the `workerd` export condition, and .wasm imports left as modules beside the bundle.
// The worker's other imports (jose, the samples in www/samples/) come from this repository.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const repo = fileURLToPath(new URL('../../../', import.meta.url));

/** A new temporary folder whose `dist/` holds `worker.js` and its wasm; the caller removes it. */
export async function bundleEdgeWorker(prefix) {
  execFileSync(join(repo, 'scripts/pack.sh'), { cwd: repo });
  const tarball = join(repo, readdirSync(repo).find((f) => /^jobglass-.*\.tgz$/.test(f)));
  const dir = mkdtempSync(join(tmpdir(), prefix));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'edge', private: true, type: 'module' }));
  execFileSync('npm', ['install', '--no-audit', '--no-fund', '--offline', '--silent', tarball], { cwd: dir });
  cpSync(join(repo, 'worker/src'), join(dir, 'worker/src'), { recursive: true });
  cpSync(join(repo, 'www/samples'), join(dir, 'www/samples'), { recursive: true });
  await esbuild.build({
    entryPoints: [join(dir, 'worker/src/worker.js')], bundle: true, format: 'esm', outdir: join(dir, 'dist'),
    conditions: ['workerd', 'worker', 'browser'], external: ['*.wasm'], logLevel: 'silent',
    nodePaths: [join(repo, 'node_modules')],
  });
  cpSync(join(dir, 'node_modules/jobglass/jobglass_bg.wasm'), join(dir, 'dist/jobglass_bg.wasm'));
  return dir;
}
