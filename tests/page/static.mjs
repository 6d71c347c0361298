// The built page (target/console-page/, scripts/console-page.mjs) on plain static hosting, without
// the console: each file with the headers of its `_headers`, as a static host applies them; any
// other path 404 (so /api/clusters is no JSON and the page keeps its `source`/`endpoint` URLs,
// docs/page.md). `connect` adds origins to the policy's `connect-src`, as a host serving the page
// for those servers would (what JOBGLASS_CONNECT_SRC does when the page is built). `extra` maps
// URL prefixes to more directories, served with CORS for any origin: a test page on another
// origin imports the package (pkg/) from there.
import { readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';

const page = fileURLToPath(new URL('../../target/console-page/', import.meta.url));
const TYPES = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.json': 'application/json', '.wasm': 'application/wasm', '.png': 'image/png', '.svg': 'image/svg+xml' };

/** The `/*` headers of the page's `_headers` file. */
function pageHeaders() {
  const lines = readFileSync(join(page, '_headers'), 'utf8').split('\n').filter((l) => /^\s+\S/.test(l));
  return Object.fromEntries(lines.map((l) => l.trim().split(/:\s(.*)/s).slice(0, 2)));
}

/** A file under `root` for `path`, or null (no `..` leaves it). */
function fileIn(root, path) {
  const file = normalize(join(root, decodeURIComponent(path)));
  if (!file.startsWith(root)) return null;
  try { return statSync(file).isFile() ? file : null; } catch { return null; }
}

/** `{url, close}` once listening; call after the page is built (startConsole builds it). */
export function startStatic({ extra = {}, connect = [] } = {}) {
  const headers = pageHeaders();
  const csp = 'Content-Security-Policy';
  headers[csp] = headers[csp].replace(/connect-src ([^;]*)/, (_, list) => `connect-src ${[list, ...connect].join(' ')}`);
  const server = createServer((req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    const [prefix, dir] = Object.entries(extra).find(([p]) => path.startsWith(p)) ?? [];
    const file = dir ? fileIn(dir, path.slice(prefix.length)) : fileIn(page, path === '/' ? 'index.html' : path);
    if (!file || (!dir && path.startsWith('/_'))) {
      res.writeHead(404, { 'Content-Type': 'text/plain' });
      return res.end('not found');
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', ...(dir ? { 'Access-Control-Allow-Origin': '*' } : headers) });
    res.end(readFileSync(file));
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(r); }),
  })));
}
