// Ray's job log routes as its dashboard serves them (REFERENCE.md §2, docs/api.md §9), for jobs a
// test scripts: `GET /api/jobs/{id}` (the job), `GET /api/jobs/{id}/logs` (`{"logs": "…"}`, the
// whole file in one JSON string, sent in chunks that cut escapes and characters anywhere) and the
// WebSocket `GET /api/jobs/{id}/logs/tail` (the existing text first, then what is written, closed
// once the job has ended; every new socket starts again from the beginning, as Ray's does).
//
// Control (test side, JSON):
//   POST /_control/jobs {id, status?, type?, text?, drops?, feed?: {lines, batch, everyMs, status}}
//     drops: how many tail sockets are cut mid-frame (no close frame) before one is kept;
//     mute: how many tail sockets are closed in good order without a frame, as Ray 2.60 does to a
//     client that offers compression;
//     feed: writes `batch` lines of tests/servers/logtext.mjs every `everyMs`, then ends the job.
//   POST /_control/jobs/{id}/write {text}    POST /_control/jobs/{id}/finish {status}
//   GET  /_control/jobs/{id} → {status, bytes, lines, tails, openTails, logReads, tailExtensions}
// `huge-<lines>`: a SUCCEEDED job whose log is lines 1..N of logtext.mjs, generated as it is sent
// (a gigabyte costs the server no memory).
import { createHash } from 'node:crypto';
import { json, readBody, text } from './http.mjs';
import { logLine, logLines } from './logtext.mjs';

const CHUNK = 65521; // a prime: chunk edges fall inside escapes and characters
const FRAME_CHARS = 4093;

// ---- a WebSocket server side, by hand (RFC 6455): text frames out, close and ping in ----

function frame(opcode, payload) {
  const n = payload.length;
  const head = n < 126 ? Buffer.from([0x80 | opcode, n])
    : n < 65536 ? Buffer.from([0x80 | opcode, 126, n >> 8, n & 255])
      : Buffer.concat([Buffer.from([0x80 | opcode, 127]), (() => { const b = Buffer.alloc(8); b.writeBigUInt64BE(BigInt(n)); return b; })()]);
  return Buffer.concat([head, payload]);
}

/** Accepts the upgrade; returns `{send(text), close(), cut(), closed}`. */
function acceptSocket(req, socket, head, onGone) {
  const accept = createHash('sha1').update(`${req.headers['sec-websocket-key']}258EAFA5-E914-47DA-95CA-C5AB0DC85B11`).digest('base64');
  socket.write(`HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: ${accept}\r\n\r\n`);
  const ws = { closed: false };
  let pending = head?.length ? Buffer.from(head) : Buffer.alloc(0);
  const gone = () => { if (!ws.closed) { ws.closed = true; onGone(); } };
  socket.on('close', gone);
  socket.on('error', gone);
  socket.on('data', (data) => {
    pending = Buffer.concat([pending, data]);
    // Client frames are masked; only close and ping need an answer.
    while (pending.length >= 2) {
      const opcode = pending[0] & 15;
      let len = pending[1] & 127; let at = 2;
      if (len === 126) { if (pending.length < 4) return; len = pending.readUInt16BE(2); at = 4; }
      else if (len === 127) { if (pending.length < 10) return; len = Number(pending.readBigUInt64BE(2)); at = 10; }
      if (pending.length < at + 4 + len) return;
      const mask = pending.subarray(at, at + 4);
      const body = Buffer.from(pending.subarray(at + 4, at + 4 + len)).map((b, i) => b ^ mask[i % 4]);
      pending = pending.subarray(at + 4 + len);
      if (opcode === 8) { if (!ws.closed) socket.end(frame(8, Buffer.from([3, 232]))); gone(); }
      else if (opcode === 9) socket.write(frame(10, body));
    }
  });
  ws.send = (t) => {
    if (ws.closed) return;
    for (let i = 0; i < t.length;) {
      let j = Math.min(t.length, i + FRAME_CHARS);
      if (j < t.length && /[\ud800-\udbff]/.test(t[j - 1])) j++; // a text frame is whole characters
      socket.write(frame(1, Buffer.from(t.slice(i, j))));
      i = j;
    }
  };
  ws.close = () => { if (!ws.closed) { socket.end(frame(8, Buffer.from([3, 232]))); gone(); } };
  /** Mid-stream: half of a frame, then the connection is gone without a close frame. */
  ws.cut = (t) => {
    if (ws.closed) return;
    const bytes = frame(1, Buffer.from(t || 'x'));
    socket.write(bytes.subarray(0, Math.max(2, bytes.length >> 1)));
    socket.destroy();
    gone();
  };
  return ws;
}

// ---- the jobs ----

const TERMINAL = new Set(['SUCCEEDED', 'FAILED', 'STOPPED']);

function hugeLines(id) {
  const m = /^huge-(\d+)$/.exec(id);
  return m ? Number(m[1]) : null;
}

export function rayLogs() {
  const jobs = new Map();
  const timers = new Set();

  function create({ id, status = 'RUNNING', type = 'SUBMISSION', text: initial = '', drops = 0, mute = 0, feed = null }) {
    const job = { id, status, type, text: initial, drops, mute, tails: 0, logReads: 0, open: new Set(), started: Date.now() };
    jobs.set(id, job);
    if (feed) {
      let next = 1;
      const timer = setInterval(() => {
        const last = Math.min(feed.lines, next + feed.batch - 1);
        write(job, logLines(next, last));
        next = last + 1;
        if (next > feed.lines) { clearInterval(timer); timers.delete(timer); finish(job, feed.status ?? 'SUCCEEDED'); }
      }, feed.everyMs);
      timers.add(timer);
    }
    return job;
  }

  function find(id) {
    if (jobs.has(id)) return jobs.get(id);
    if (hugeLines(id) !== null) return create({ id, status: 'SUCCEEDED' });
    return null;
  }

  function write(job, more) {
    job.text += more;
    for (const ws of job.open) {
      if (ws.dropping) { ws.cut(more); continue; }
      ws.send(more);
    }
  }

  function finish(job, status) {
    job.status = status;
    job.ended = Date.now();
    for (const ws of job.open) ws.close();
  }

  function info(job) {
    const terminal = TERMINAL.has(job.status);
    return {
      type: job.type, job_id: job.type === 'DRIVER' ? job.id : null, submission_id: job.type === 'DRIVER' ? null : job.id,
      driver_info: null, status: job.status, entrypoint: 'python train.py',
      message: job.status === 'FAILED' ? 'Job entrypoint command failed with exit code 1' : null,
      error_type: job.status === 'FAILED' ? 'JOB_ENTRYPOINT_COMMAND_ERROR' : null,
      start_time: job.started, end_time: terminal ? (job.ended ?? job.started) : null, metadata: {}, runtime_env: {},
      driver_agent_http_address: null, driver_node_id: null,
      driver_exit_code: terminal ? (job.status === 'FAILED' ? 1 : 0) : null,
    };
  }

  /** `{"logs": "…"}`, escaped and cut into CHUNK-byte pieces as it is written. */
  async function sendLog(res, job) {
    res.writeHead(200, { 'Content-Type': 'application/json; charset=utf-8' });
    let carry = Buffer.alloc(0);
    const out = async (s, last = false) => {
      carry = Buffer.concat([carry, Buffer.from(s)]);
      while (carry.length >= CHUNK || (last && carry.length)) {
        const piece = carry.subarray(0, CHUNK);
        carry = carry.subarray(piece.length);
        if (!res.write(piece)) {
          await new Promise((r) => {
            const done = () => { res.off('drain', done); res.off('close', done); r(); };
            res.on('drain', done); res.on('close', done);
          });
        }
        if (res.destroyed) throw new Error('the client went away');
      }
    };
    await out('{"logs": "');
    const n = hugeLines(job.id);
    if (n === null) await out(JSON.stringify(job.text).slice(1, -1));
    else for (let i = 1; i <= n; i += 2000) await out(JSON.stringify(logLines(i, Math.min(n, i + 1999))).slice(1, -1));
    await out('"}', true);
    res.end();
  }

  async function handle(req, res, rest) {
    const path = rest.split('?')[0];
    const control = /^\/_control\/jobs(?:\/([^/]+))?(?:\/(write|finish))?$/.exec(path);
    if (control) {
      const id = control[1] && decodeURIComponent(control[1]);
      if (req.method === 'POST' && !id) return json(res, 200, info(create(JSON.parse(await readBody(req)))));
      const job = id && find(id);
      if (!job) return text(res, 404, 'no such job');
      if (control[2] === 'write') { write(job, JSON.parse(await readBody(req)).text); return json(res, 200, { bytes: Buffer.byteLength(job.text) }); }
      if (control[2] === 'finish') { finish(job, JSON.parse(await readBody(req)).status ?? 'SUCCEEDED'); return json(res, 200, info(job)); }
      return json(res, 200, {
        status: job.status, bytes: Buffer.byteLength(job.text), lines: job.text.split('\n').length - 1,
        tails: job.tails, openTails: job.open.size, logReads: job.logReads,
        // What the last tail socket's request offered (the demo proxy drops compression).
        tailExtensions: job.tailHeaders?.['sec-websocket-extensions'] ?? null,
      });
    }
    if (req.method !== 'GET' && req.method !== 'HEAD') return text(res, 405, `'${req.method}' method not allowed for browser traffic.`);
    const m = /^\/api\/jobs\/([^/]+)(\/logs)?$/.exec(path);
    if (!m) return text(res, 404, '404: Not Found');
    const id = decodeURIComponent(m[1]);
    const job = find(id);
    if (!job) return text(res, 404, `Job ${id} does not exist`);
    if (!m[2]) return json(res, 200, info(job));
    if (job.type === 'DRIVER') return text(res, 400, 'Can only get logs of submission type jobs');
    job.logReads++;
    return sendLog(res, job);
  }

  /** The tail WebSocket; false when the path is not one. */
  function upgrade(req, socket, head, rest) {
    const m = /^\/api\/jobs\/([^/?]+)\/logs\/tail(?:\?.*)?$/.exec(rest);
    if (!m) return false;
    const job = find(decodeURIComponent(m[1]));
    if (!job || job.type === 'DRIVER') {
      socket.end(`HTTP/1.1 ${job ? 400 : 404} Bad Request\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
      return true;
    }
    job.tails++;
    job.tailHeaders = req.headers;
    const ws = acceptSocket(req, socket, head, () => job.open.delete(ws));
    job.open.add(ws);
    if (job.mute > 0) {
      job.mute--;
      ws.close();
      return true;
    }
    if (job.drops > 0) {
      job.drops--;
      ws.dropping = true;
      // Cut after half of what exists; with nothing yet, at the next write.
      if (job.text) { ws.send(job.text.slice(0, job.text.length >> 1).replace(/[\ud800-\udbff]$/, '')); ws.cut(job.text.slice(job.text.length >> 1)); }
      return true;
    }
    if (job.text) ws.send(job.text);
    if (TERMINAL.has(job.status)) ws.close();
    return true;
  }

  return { handle, upgrade, close: () => { for (const t of timers) clearInterval(t); } };
}

export { logLine };
