// The demo server (`make demo`): Vite serving www/, with a same-origin proxy to the job servers,
// because neither openYuanrong's frontend nor Ray's dashboard sends CORS headers, and ModelArts
// must be signed with keys that never reach the browser. It is for a developer's machine, never
// the internet (README "Security"): any page the user visits can send requests to it, so the
// proxy forwards only what the page itself needs and refuses everything else before it leaves.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import { signRequest } from './pkg/node.js';

const root = fileURLToPath(new URL('.', import.meta.url));
const env = process.env;
const port = Number(env.PORT ?? 8080);
const jobUpstream = env.JOBGLASS_UPSTREAM;
const modelArtsUpstream = env.JOBGLASS_MODELARTS_UPSTREAM
  ?? (env.HUAWEICLOUD_REGION ? `https://modelarts.${env.HUAWEICLOUD_REGION}.myhuaweicloud.com` : undefined);
const keys = env.HUAWEICLOUD_SDK_AK && env.HUAWEICLOUD_SDK_SK
  ? { accessKey: env.HUAWEICLOUD_SDK_AK, secretKey: env.HUAWEICLOUD_SDK_SK }
  : null;
const allowActions = env.JOBGLASS_ALLOW_ACTIONS === '1';
/** `make dev`: the console worker (scripts/dev.sh) that answers the page's /api and /c calls. */
const consoleWorker = env.JOBGLASS_CONSOLE;
/** The origins the page itself is served from. */
const ownOrigins = new Set([`http://127.0.0.1:${port}`, `http://localhost:${port}`]);

// ---- what the proxy forwards ----

/** A path segment that cannot climb or split the path once the upstream decodes it. */
function plainSegment(segment) {
  try {
    const s = decodeURIComponent(segment);
    return s !== '' && s !== '.' && s !== '..' && !/[/\\]/.test(s);
  } catch {
    return false;
  }
}

/** ModelArts: only the dev-server job reads, `/v1/{project}/dev-servers/jobs[/{id}][?query]`. */
function modelArtsReadable(rest) {
  const m = /^\/v1\/([^/?#]+)\/dev-servers\/jobs(?:\/([^/?#]+))?(?:\?[^#]*)?$/.exec(rest);
  return Boolean(m) && plainSegment(m[1]) && (m[2] === undefined || plainSegment(m[2]));
}

/**
 * The job-server actions the page may ask for when the demo runs with JOBGLASS_ALLOW_ACTIONS=1:
 * stop a job and delete one (README "Security"). Nothing else but GET/HEAD is ever forwarded.
 */
const ACTIONS = [
  ['POST', /^\/proxy\/job\/api\/jobs\/([^/?#]+)\/stop$/],
  ['DELETE', /^\/proxy\/job\/api\/jobs\/([^/?#]+)$/],
];

/** Whether `req` carries the browser's word that it comes from the page itself. */
function fromPage(req) {
  const site = req.headers['sec-fetch-site'];
  return ownOrigins.has(req.headers.origin) && (site === undefined || site === 'same-origin');
}

/** Why the proxy refuses `req` (a path under /proxy/), or null when it may be forwarded. */
export function refusal(req) {
  const { method, headers } = req;
  if (method === 'GET' || method === 'HEAD') {
    // Another site's <img>, <script> or fetch: the browser says so in Sec-Fetch-Site or Origin.
    if (headers['sec-fetch-site'] === 'cross-site' || headers['sec-fetch-site'] === 'same-site') return 'a request from another site';
    if (headers.origin !== undefined && !ownOrigins.has(headers.origin)) return 'a request from another origin';
    // What is signed has an empty body, so what is sent has one too.
    if (Number(headers['content-length'] ?? 0) > 0 || headers['transfer-encoding']) return 'a read with a body';
    if (req.url.startsWith('/proxy/modelarts/') && !modelArtsReadable(req.url.slice('/proxy/modelarts'.length))) {
      return 'a ModelArts path other than the dev-server jobs';
    }
    return null;
  }
  const action = ACTIONS.find(([m, path]) => m === method && path.test(req.url));
  if (!action || !plainSegment(action[1].exec(req.url)[1])) return `${method} ${req.url.split('?')[0]}`;
  if (!allowActions) return 'an action while JOBGLASS_ALLOW_ACTIONS is not 1';
  if (!fromPage(req) || headers['x-jobglass-action'] !== '1') return 'an action that does not come from the page';
  return null;
}

/** `{method, id}` when `req` asks for one of the ACTIONS (allowed or not), else null. */
function actionOf(req) {
  const action = ACTIONS.find(([m, path]) => m === req.method && path.test(req.url));
  if (!action) return null;
  const segment = action[1].exec(req.url)[1];
  let id = segment;
  try { id = decodeURIComponent(segment); } catch { /* logged as sent */ }
  return { method: req.method, id };
}

/**
 * Every action, allowed or refused, goes to the server's console (README "Security"): when, what,
 * which job, from which address, and what the upstream answered.
 */
function audit(req, { method, id }, answer) {
  console.log(`[jobglass action] ${new Date().toISOString()} ${method} job=${JSON.stringify(id)} client=${req.socket.remoteAddress} → ${answer}`);
}

/**
 * What makes a request look like a browser's to Ray, which then refuses any method but GET/HEAD
 * with 405 (docs/api.md §10). Dropped from an action only once the proxy has checked, from
 * these very headers, that the page itself asked.
 */
const BROWSER_HEADERS = /^(origin|referer|sec-fetch-.*|sec-ch-ua.*|access-control-request-.*|x-jobglass-action)$/;

/** `/api/jobs/{id}/logs/tail` (after the proxy's prefix is gone): the page's only WebSocket. */
function logTail(path) {
  const m = /^\/api\/jobs\/([^/?#]+)\/logs\/tail(?:\?[^#]*)?$/.exec(path);
  return Boolean(m) && plainSegment(m[1]);
}

// ---- the page's security headers ----

/**
 * The page talks to its own origin (the proxies, and their WebSockets: 'self' covers ws: on the
 * same host and port). Endpoints typed into the form are reached directly only when
 * JOBGLASS_CONNECT_SRC lists their origins (space-separated), since a server without CORS
 * headers cannot be read from the page anyway.
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

const deny = (res, status, message) => {
  res.writeHead(status, { 'Content-Type': 'application/json' });
  res.end(JSON.stringify(message));
};

const guard = {
  name: 'jobglass-guard',
  configureServer(server) {
    server.middlewares.use((req, res, next) => {
      for (const [name, value] of Object.entries(securityHeaders)) res.setHeader(name, value);
      if (!req.url.startsWith('/proxy/')) return next();
      const why = refusal(req);
      const action = actionOf(req);
      if (why) {
        if (action) audit(req, action, `refused: ${why}`);
        return deny(res, 403, `the demo proxy does not forward ${why} (README "Security")`);
      }
      // Marked here, before Vite rewrites req.url for the upstream.
      if (action) req.jobglassAction = action;
      // Without an upstream, the proxy paths say how to configure one instead of serving the page.
      const missing = req.url.startsWith('/proxy/job/') && !jobUpstream ? 'JOBGLASS_UPSTREAM'
        : req.url.startsWith('/proxy/modelarts/') && !modelArtsUpstream ? 'JOBGLASS_MODELARTS_UPSTREAM or HUAWEICLOUD_REGION'
          : null;
      if (missing) return deny(res, 501, `the demo proxy has no upstream: start it with ${missing} set`);
      next();
    });
  },
};

function proxy(prefix, target, { sign = false, ws = false } = {}) {
  return {
    target,
    changeOrigin: true,
    ws,
    rewrite: (path) => path.slice(prefix.length) || '/',
    configure(server) {
      // Browsers apply no CORS to WebSockets: an upgrade is forwarded only for the page itself,
      // and only to the one socket it opens, Ray's log tail (docs/api.md §9, §13).
      // The socket goes upstream without the browser's compression offer: Ray 2.60's dashboard
      // passes that offer on to its own inner socket, then cannot read the compressed frames and
      // closes the tail after a second without sending one (README "The Logs tab").
      const upgrade = server.ws.bind(server);
      server.ws = (req, socket, head, ...rest) => {
        if (!(ownOrigins.has(req.headers.origin) && logTail(req.url))) return socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
        delete req.headers['sec-websocket-extensions'];
        return upgrade(req, socket, head, ...rest);
      };
      server.on('proxyRes', (answer, incoming) => {
        // A redirect within the upstream (openYuanrong's gin sends /api/jobs/ to /api/jobs) comes
        // back under the proxy's own path, or the browser would follow it off the proxy.
        const location = answer.headers.location;
        const base = new URL(target).pathname.replace(/\/+$/, '');
        if (answer.statusCode >= 300 && answer.statusCode < 400 && location?.startsWith(`${base}/`) && !location.startsWith('//')) {
          answer.headers.location = `${prefix}${location.slice(base.length)}`;
        }
        if (!incoming.jobglassAction) return;
        // The answer is piped to the page as it arrives; the log keeps its first 200 bytes.
        let body = '';
        answer.on('data', (chunk) => { if (body.length < 200) body += chunk; });
        answer.on('end', () => audit(incoming, incoming.jobglassAction, `HTTP ${answer.statusCode} ${body.slice(0, 200).trim()}`));
      });
      server.on('error', (error, incoming) => {
        if (incoming?.jobglassAction) audit(incoming, incoming.jobglassAction, `upstream unreachable: ${error.code ?? error.message}`);
      });
      server.on('proxyReq', (outgoing, incoming) => {
        // Cookies of other apps on this host are not the upstream's business.
        outgoing.removeHeader('cookie');
        if (incoming.jobglassAction) {
          for (const name of outgoing.getHeaderNames()) if (BROWSER_HEADERS.test(name)) outgoing.removeHeader(name);
          if (/^Mozilla/.test(outgoing.getHeader('user-agent') ?? '')) outgoing.setHeader('user-agent', 'jobglass-demo-proxy');
        }
        if (!sign) return;
        // What goes out is exactly what is signed: the method, the final path and query.
        const url = new URL(outgoing.path, target);
        outgoing.path = url.pathname + url.search;
        const projectId = env.HUAWEICLOUD_SDK_PROJECT_ID ?? /\/v1\/([^/]+)\/dev-servers\//.exec(url.pathname)?.[1];
        const headers = signRequest({ method: incoming.method, url: url.href }, { ...keys, projectId });
        for (const [name, value] of Object.entries(headers)) outgoing.setHeader(name, value);
      });
    },
  };
}

/**
 * `make dev`: /api and /c go to the console worker, which applies its own rules (docs/console.md).
 * The page's Origin is Vite's, so it is replaced by the worker's for the page's own requests
 * only; another site's Origin goes on as it came and is refused there.
 */
function toConsole(ws = false) {
  const origin = new URL(consoleWorker).origin;
  const own = (req) => ownOrigins.has(req.headers.origin);
  return {
    target: consoleWorker,
    ws,
    configure(server) {
      server.on('proxyReq', (outgoing, incoming) => { if (own(incoming)) outgoing.setHeader('origin', origin); });
      server.on('proxyReqWs', (outgoing, incoming) => { if (own(incoming)) outgoing.setHeader('origin', origin); });
    },
  };
}

export default defineConfig({
  root: 'www',
  clearScreen: false,
  plugins: [guard],
  resolve: { alias: { jobglass: `${root}pkg/index.js` } },
  define: {
    'import.meta.env.JOBGLASS_PROXIES': JSON.stringify({ job: Boolean(jobUpstream), modelarts: Boolean(modelArtsUpstream) }),
    // Stop and delete are offered only for jobs read through /proxy/job of a server that forwards them.
    'import.meta.env.JOBGLASS_ACTIONS': JSON.stringify(allowActions && Boolean(jobUpstream)),
  },
  server: {
    host: '127.0.0.1',
    port,
    strictPort: true,
    // The page needs no CORS; other origins get none.
    cors: false,
    fs: { allow: [root] },
    proxy: {
      ...(jobUpstream ? { '/proxy/job/': proxy('/proxy/job', jobUpstream, { ws: true }) } : {}),
      ...(modelArtsUpstream ? { '/proxy/modelarts/': proxy('/proxy/modelarts', modelArtsUpstream, { sign: Boolean(keys) }) } : {}),
      ...(consoleWorker ? { '/api/': toConsole(), '/c/': toConsole(true) } : {}),
    },
  },
  build: { target: 'es2022', outDir: `${root}target/www` },
});
