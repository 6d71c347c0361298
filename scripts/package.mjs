// Finishes pkg/ after wasm-pack: copies the per-runtime entry points from npm/ and writes the
// package.json whose export conditions pick one for each runtime (docs/runtimes.md).
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
// The folder to finish (scripts/build.sh's OUT), relative to the repository.
const out = `${(process.argv[2] ?? 'pkg').replace(/\/+$/, '')}/`;
const cargo = readFileSync(new URL('Cargo.toml', root), 'utf8');
const field = (name) => new RegExp(`^${name} = "(.*)"`, 'm').exec(cargo)?.[1];
const entries = ['index.js', 'node.js', 'node-http.js', 'workerd.js', 'require.cjs'];
// The same entry points serve `jobglass` and the parse-only `jobglass/parse` in parse/.
for (const dir of [out, `${out}parse/`]) {
  for (const file of entries) copyFileSync(new URL(`npm/${file}`, root), new URL(dir + file, root));
  rmSync(new URL(`${dir}.gitignore`, root), { force: true });
  // The exports' documentation lives in jobglass.d.ts, where editors read it (for JavaScript too);
  // wasm-bindgen also copies it into the glue, where it would only be bytes to download.
  const glue = new URL(`${dir}jobglass.js`, root);
  writeFileSync(glue, readFileSync(glue, 'utf8').replace(/^\/\*\*\n(?: \*.*\n)*? \*\/\n(?=export function )/gm, ''));
}
// The package's own README (npm/README.md) and the documents it and the type declarations cite,
// so every link in the package resolves inside it. tests/js/readme.test.mjs checks that.
copyFileSync(new URL('npm/README.md', root), new URL(`${out}README.md`, root));
const shippedDocs = ['api.md', 'runtimes.md', 'fields.md', 'errors.md', 'design.md', 'security.md'];
mkdirSync(new URL(`${out}docs/`, root), { recursive: true });
for (const doc of shippedDocs) copyFileSync(new URL(`docs/${doc}`, root), new URL(`${out}docs/${doc}`, root));

const types = './jobglass.d.ts';
/** The export conditions for the module in `dir` ('.' or './parse'). */
const conditions = (dir) => ({
  types: `${dir}/jobglass.d.ts`,
  workerd: `${dir}/workerd.js`,
  deno: `${dir}/node.js`,
  node: { import: `${dir}/node.js`, require: `${dir}/require.cjs` },
  browser: `${dir}/index.js`,
  import: `${dir}/index.js`,
  require: `${dir}/require.cjs`,
  default: `${dir}/index.js`,
});
// snippets/ holds the JavaScript that jobglass.js imports from the crate (src/js/tape.js).
const moduleFiles = ['jobglass.js', 'jobglass_bg.wasm', 'jobglass.d.ts', 'jobglass_bg.wasm.d.ts', 'snippets/', ...entries];
const pkg = {
  name: 'jobglass',
  version: field('version'),
  description: field('description'),
  license: field('license'),
  repository: { type: 'git', url: `git+${field('repository')}.git` },
  keywords: ['ray', 'openyuanrong', 'modelarts', 'jobs', 'dashboard', 'wasm', 'webassembly', 'edge'],
  type: 'module',
  engines: { node: '>=18' },
  files: [...moduleFiles, ...moduleFiles.map((f) => `parse/${f}`), 'README.md', 'docs/'],
  // Loading the package sets up the module; bundlers must keep the entry files.
  sideEffects: entries.flatMap((f) => [`./${f}`, `./parse/${f}`]),
  types,
  main: './node.js',
  browser: './index.js',
  exports: {
    '.': conditions('.'),
    // The parsers, isJobglassError and signRequest alone: a smaller module for code that fetches
    // for itself.
    './parse': conditions('./parse'),
    // The bare wasm-bindgen module: call `init()` or `initSync()` yourself.
    './init': { types, default: './jobglass.js' },
    './jobglass_bg.wasm': './jobglass_bg.wasm',
    './package.json': './package.json',
  },
};
writeFileSync(new URL(`${out}package.json`, root), JSON.stringify(pkg, null, 2) + '\n');
