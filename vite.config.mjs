// Vite for working on the page (`make dev`, scripts/dev.sh): it serves www/ with hot reload and
// sends the page's /api and /c calls to the console worker (worker/, the same one `make demo`
// runs), which applies the console's rules (docs/console.md). Vite reads no job server itself.
// Also the build of the page the console serves (scripts/console-page.mjs), with the page's
// security headers below.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const env = process.env;
const port = Number(env.PORT ?? 8080);
/** `make dev`: the console worker (scripts/dev.sh) that answers the page's /api and /c calls. */
const consoleWorker = env.JOBGLASS_CONSOLE;

// ---- the page's security headers ----

/**
 * The page talks to its own origin (the console's /api and /c routes, and the log tail's
 * WebSocket: 'self' covers ws: on the same host and port). Endpoints typed into the form are
 * reached directly only when JOBGLASS_CONNECT_SRC lists their origins (space-separated) when the
 * page is built or served, since a server without CORS headers cannot be read from the page anyway.
 */
const connectSrc = ["'self'", ...(env.JOBGLASS_CONNECT_SRC ?? '').split(/[\s,]+/).filter(Boolean)];
for (const source of connectSrc.slice(1)) {
  if (!/^https?:\/\/[^\s;,'"/]+$/.test(source)) throw new Error(`JOBGLASS_CONNECT_SRC: "${source}" is not an origin like http://host:8265`);
}
export const securityHeaders = {
  'Content-Security-Policy': [
    "default-src 'self'", "script-src 'self' 'wasm-unsafe-eval'", "style-src 'self'", "img-src 'self' data:",
    `connect-src ${connectSrc.join(' ')}`, "object-src 'none'", "base-uri 'none'", "form-action 'self'", "frame-ancestors 'none'",
  ].join('; '),
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
};

// ---- the server ----

const headers = {
  name: 'jobglass-headers',
  configureServer(server) {
    server.middlewares.use((req, res, next) => {
      for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
      next();
    });
  },
};

/**
 * `make dev`: /api and /c go to the console worker, which applies its own rules (docs/console.md).
 * The Host header goes along unchanged, so the worker takes Vite's origin for its own and the
 * page's requests pass its same-origin checks, while another site's still fail them.
 */
const toConsole = (ws = false) => ({ target: consoleWorker, ws });

export default defineConfig({
  root: 'www',
  clearScreen: false,
  plugins: [headers],
  resolve: { alias: { jobglass: `${root}pkg/index.js` } },
  server: {
    host: '127.0.0.1',
    port,
    strictPort: true,
    // The page needs no CORS; other origins get none.
    cors: false,
    fs: { allow: [root] },
    proxy: consoleWorker ? { '/api/': toConsole(), '/c/': toConsole(true) } : {},
  },
  build: { target: 'es2022', outDir: `${root}target/www` },
});
