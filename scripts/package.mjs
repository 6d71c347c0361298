// Finishes pkg/ after wasm-pack: copies the per-runtime entry points from npm/ and writes the
// package.json whose export conditions pick one for each runtime (README, "Runtimes").
import { copyFileSync, readFileSync, writeFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const cargo = readFileSync(new URL('Cargo.toml', root), 'utf8');
const field = (name) => new RegExp(`^${name} = "(.*)"`, 'm').exec(cargo)?.[1];
const entries = ['index.js', 'node.js', 'workerd.js', 'require.cjs'];
for (const file of entries) copyFileSync(new URL(`npm/${file}`, root), new URL(`pkg/${file}`, root));
copyFileSync(new URL('README.md', root), new URL('pkg/README.md', root));

const types = './jobglass.d.ts';
const pkg = {
  name: 'jobglass',
  version: field('version'),
  description: field('description'),
  license: field('license'),
  repository: { type: 'git', url: `git+${field('repository')}.git` },
  keywords: ['ray', 'openyuanrong', 'modelarts', 'jobs', 'dashboard', 'wasm', 'webassembly', 'edge'],
  type: 'module',
  engines: { node: '>=18' },
  files: ['jobglass.js', 'jobglass_bg.wasm', 'jobglass.d.ts', 'jobglass_bg.wasm.d.ts', ...entries, 'README.md'],
  // Loading the package sets up the module; bundlers must keep the entry files.
  sideEffects: ['./index.js', './node.js', './workerd.js', './require.cjs'],
  types,
  main: './node.js',
  browser: './index.js',
  exports: {
    '.': {
      types,
      workerd: './workerd.js',
      deno: './node.js',
      node: { import: './node.js', require: './require.cjs' },
      browser: './index.js',
      import: './index.js',
      require: './require.cjs',
      default: './index.js',
    },
    // The bare wasm-bindgen module: call `init()` or `initSync()` yourself.
    './init': { types, default: './jobglass.js' },
    './jobglass_bg.wasm': './jobglass_bg.wasm',
    './package.json': './package.json',
  },
};
writeFileSync(new URL('pkg/package.json', root), JSON.stringify(pkg, null, 2) + '\n');
