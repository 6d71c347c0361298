// The scripted servers the tests talk to where no real server can run here: an openYuanrong
// frontend replay (/oyr, /oyr-dashboard, /oyr-auth, /oyr-nocors), Ray's job API replaying
// captured responses (/ray, /ray-auth), Ray's log routes and tail WebSocket for scripted jobs
// (/raylogs), Ray's state API, worker logs and cluster status
// (/rayinside; /rayinside-old without them), a ModelArts Lite Server double (/modelarts) and fault injection (/f/<scenario>;
// /f/_attempts/<scenario>/<id> counts what reached it). Binds 127.0.0.1 only; prints
// `listening <url>` once ready.
import { createServer } from 'node:http';
import { cors, preflight, text } from './http.mjs';
import { faults } from './faults.mjs';
import { jobLists } from './joblists.mjs';
import { rayLogs } from './logs.mjs';
import { modelArts } from './modelarts.mjs';
import { openYuanrong } from './openyuanrong.mjs';
import { ray } from './ray.mjs';
import { rayInside } from './rayinside.mjs';

export function startDoubles(port = 0) {
  const oyr = openYuanrong();
  const rayApi = ray();
  const ma = modelArts();
  const fault = faults();
  const lists = jobLists();
  const logs = rayLogs();
  const inside = rayInside();
  const prefixes = [
    ['/oyr-dashboard', (q, s, rest) => oyr.handle(q, s, rest, 'dashboard')],
    ['/oyr-nocors', (q, s, rest) => oyr.handle(q, s, rest, 'frontend')],
    ['/oyr-auth', (q, s, rest) => oyr.handle(q, s, rest, 'auth')],
    ['/oyr', (q, s, rest) => oyr.handle(q, s, rest, 'frontend')],
    ['/raylogs', (q, s, rest) => logs.handle(q, s, rest)],
    // Inside a Ray job: tasks, actors, worker logs, cluster status (rayinside.mjs).
    ['/rayinside', (q, s, rest) => inside.handle(q, s, rest)],
    ['/rayinside-old', (q, s, rest) => inside.handle(q, s, rest, { stateApi: false })],
    ['/ray-auth', (q, s, rest) => rayApi.handle(q, s, rest, 'auth')],
    ['/ray', (q, s, rest) => rayApi.handle(q, s, rest, 'open')],
    ['/modelarts', (q, s, rest) => ma.handle(q, s, rest)],
    // Generated and changing Ray job lists for the list page (joblists.mjs).
    ['/lists', (q, s, rest) => lists.handle(q, s, rest)],
  ];
  const server = createServer(async (req, res) => {
    const path = req.url;
    const noCors = path.startsWith('/oyr-nocors/');
    if (req.method === 'OPTIONS' && !noCors) return preflight(req, res);
    cors(res, !noCors);
    try {
      const counted = /^\/f\/_attempts\/([^/]+)\/([^/?]+)$/.exec(path);
      if (counted) return text(res, 200, String(fault.count(counted[1], decodeURIComponent(counted[2]))));
      const f = /^\/f\/([^/]+)\/api\/jobs\/([^/?]+)/.exec(path);
      if (f) return await fault.handle(req, res, f[1], decodeURIComponent(f[2]));
      for (const [prefix, handler] of prefixes) {
        if (path === prefix || path.startsWith(prefix + '/') || path.startsWith(prefix + '?')) {
          return await handler(req, res, path.slice(prefix.length) || '/');
        }
      }
      text(res, 404, 'no such double');
    } catch (e) {
      if (!res.headersSent) text(res, 500, `double failed: ${e.message}`);
    }
  });
  // Ray's log tail WebSocket (logs.mjs); any other upgrade is refused.
  server.on('upgrade', (req, socket, head) => {
    if (!(req.url.startsWith('/raylogs/') && logs.upgrade(req, socket, head, req.url.slice('/raylogs'.length)))) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
    }
  });
  // Keep-alive sockets would hold `close()` open for their idle timeout.
  server.keepAliveTimeout = 1000;
  return new Promise((resolve) => {
    server.listen(port, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}`;
      resolve({
        url,
        close: () => new Promise((done) => { oyr.close(); logs.close(); server.closeAllConnections?.(); server.close(done); }),
      });
    });
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { url, close } = await startDoubles(Number(process.env.PORT ?? 0));
  console.log(`listening ${url}`);
  for (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, () => close().then(() => process.exit(0)));
}
