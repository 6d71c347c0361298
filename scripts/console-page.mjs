// The page as the console serves it (worker/wrangler.toml [assets]): `vite build` of www/ into
// target/console-page/, the bundled samples beside it (the page reads /samples/*.json), and a
// `_headers` file giving every page file the security headers vite.config.mjs sets in development.
import { cpSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const root = fileURLToPath(new URL('..', import.meta.url));
const out = `${root}target/console-page`;
const config = `${root}vite.config.mjs`;
const { securityHeaders } = await import(config);

// The list's Web Worker loads the package with a top-level await: an ES module worker.
await build({ configFile: config, logLevel: 'warn', build: { outDir: out, emptyOutDir: true }, worker: { format: 'es' } });
cpSync(`${root}www/samples`, `${out}/samples`, { recursive: true });
const lines = Object.entries(securityHeaders).map(([name, value]) => `  ${name}: ${value}`);
writeFileSync(`${out}/_headers`, ['/*', ...lines, ''].join('\n'));
