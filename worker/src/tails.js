// One upstream log tail per followed job (docs/console.md "Many viewers"): a Durable Object per
// (cluster, job), named `{cluster}/{job}`, opens Ray's `logs/tail` WebSocket once and sends each
// of its text frames to every viewer following that job. The console's rules (sign-in, the page's
// own Origin) are applied by console.js before a viewer reaches it; nothing else can.
//
// Ray's tail sends the log from its first byte on every connect, then what is written, and the
// library's follower (docs/api.md §9) counts on exactly that: so a viewer joining late is sent
// what the tail has carried so far, then the frames that follow, as if it had its own socket.
// A cut upstream socket is opened again once for everyone; Ray resends the log from its start and
// the characters already passed on are skipped, so no viewer sees a byte twice or misses one.
import { API_HEADERS, Refusal, refused } from './answers.js';
import { readClusters } from './clusters.js';
import { forwardSocket, upstreamHeaders, upstreamUrl } from './forward.js';
import { afterSkip, frames } from './tail-text.js';

const TAIL_ROUTE = { method: 'GET', path: 'api/jobs/:id/logs/tail', websocket: true };
/**
 * The log kept for late joiners, in UTF-16 code units (at most twice as many bytes): past it, a
 * late joiner gets an upstream socket of its own rather than this object holding a huge log.
 */
export const HISTORY_LIMIT = 8 * 1024 * 1024;
/** Reopening a cut upstream: attempts without a new byte in between, and the pause before each. */
const REOPENS = 3;
const REOPEN_DELAY_MS = [0, 1000, 3000];
/** How long an ended job's whole log is served from here without asking the upstream again. */
const ENDED_KEEP_MS = 10000;

/** The viewer's socket, from the job's Durable Object (binding JOBGLASS_TAILS). */
export async function followShared(env, cluster, params) {
  const name = `${cluster.name}/${params.id}`;
  const stub = env.JOBGLASS_TAILS.get(env.JOBGLASS_TAILS.idFromName(name));
  return stub.fetch(`https://tail.invalid/${encodeURIComponent(cluster.name)}/${encodeURIComponent(params.id)}`, { headers: { Upgrade: 'websocket' } });
}

export class JobLogTail {
  constructor(state, env) {
    this.env = env;
    this.viewers = new Set();
    this.decoder = new TextDecoder();
    this.reset();
  }

  reset() {
    this.upstream = null;
    this.opening = null;
    this.received = 0; // code units passed on since the first socket opened
    this.skip = 0;
    this.history = '';
    this.historyWhole = true;
    this.reopens = 0;
    this.endedAt = 0;
  }

  async fetch(request) {
    const [clusterName, id] = new URL(request.url).pathname.slice(1).split('/').map(decodeURIComponent);
    let cluster;
    try {
      cluster = readClusters(this.env).get(clusterName);
    } catch {
      cluster = null;
    }
    if (!cluster || !id) return refused(new Refusal(404, 'NOT_FOUND', 'no such log tail'));
    this.cluster = cluster;
    this.id = id;
    if (this.endedAt && Date.now() - this.endedAt > ENDED_KEEP_MS) this.reset();
    if (!this.upstream && !this.endedAt) {
      this.opening ??= this.open().finally(() => { this.opening = null; });
      const failed = await this.opening;
      if (failed) return failed();
    }
    // A log too long to keep: this viewer's own upstream socket, as without sharing.
    if (!this.historyWhole) return forwardSocket(cluster, TAIL_ROUTE, { id }, '');
    const [client, server] = Object.values(new WebSocketPair());
    server.accept();
    for (const part of frames(this.history)) server.send(part);
    if (this.endedAt) {
      server.close(1000, 'job ended');
    } else {
      this.viewers.add(server);
      const leave = () => this.leave(server);
      server.addEventListener('close', leave);
      server.addEventListener('error', leave);
    }
    return new Response(null, { status: 101, webSocket: client });
  }

  /** Opens the upstream socket; null when open, else a function making the refusal's answer. */
  async open() {
    const url = upstreamUrl(this.cluster, TAIL_ROUTE, { id: this.id }, '');
    let answer;
    try {
      answer = await fetch(url, { headers: { ...upstreamHeaders(this.cluster, 'GET', url), Upgrade: 'websocket' } });
    } catch {
      const e = new Refusal(502, 'UPSTREAM_UNREACHABLE', `the cluster "${this.cluster.name}" could not be reached`);
      return () => refused(e);
    }
    if (answer.status !== 101 || !answer.webSocket) {
      // The upstream's own refusal (404 no such job, 400 a DRIVER job), as forwardSocket passes it.
      const text = await answer.text();
      const headers = { ...API_HEADERS, 'Content-Type': answer.headers.get('content-type') ?? 'text/plain' };
      const { status } = answer;
      return () => new Response(text, { status, headers });
    }
    const ws = answer.webSocket;
    ws.accept();
    this.upstream = ws;
    this.skip = this.received;
    ws.addEventListener('message', (e) => this.onText(ws, e.data));
    ws.addEventListener('close', (e) => this.onClose(ws, e.code));
    ws.addEventListener('error', () => this.onClose(ws, 1006));
    return null;
  }

  onText(ws, data) {
    if (ws !== this.upstream) return;
    const whole = typeof data === 'string' ? data : this.decoder.decode(data, { stream: true });
    const [text, skip] = afterSkip(whole, this.skip);
    this.skip = skip;
    if (!text) return;
    this.received += text.length;
    this.reopens = 0;
    if (this.historyWhole) {
      this.history += text;
      if (this.history.length > HISTORY_LIMIT) {
        this.history = '';
        this.historyWhole = false;
      }
    }
    for (const viewer of this.viewers) {
      try { viewer.send(text); } catch { this.viewers.delete(viewer); }
    }
  }

  onClose(ws, code) {
    if (ws !== this.upstream) return;
    this.upstream = null;
    if (this.viewers.size === 0) return this.reset();
    if (code === 1000) {
      // Ray closes the tail in good order when the job has ended.
      this.endAll(1000, 'job ended');
      this.endedAt = Date.now();
      return;
    }
    this.reopen();
  }

  /** The upstream socket was cut: one reopening for every viewer. */
  async reopen() {
    while (this.viewers.size > 0 && !this.upstream) {
      if (this.reopens >= REOPENS) {
        this.endAll(1011, 'the log tail was lost');
        return this.reset();
      }
      await new Promise((r) => setTimeout(r, REOPEN_DELAY_MS[this.reopens] ?? 3000));
      this.reopens++;
      if (this.viewers.size === 0) return this.reset();
      this.opening ??= this.open().finally(() => { this.opening = null; });
      await this.opening;
    }
  }

  endAll(code, reason) {
    for (const viewer of this.viewers) {
      try { viewer.close(code, reason); } catch { /* already gone */ }
    }
    this.viewers.clear();
  }

  leave(viewer) {
    if (!this.viewers.delete(viewer)) return;
    try { viewer.close(1000, 'bye'); } catch { /* already closing */ }
    if (this.viewers.size > 0) return;
    // The last viewer has gone: so does the upstream socket.
    const ws = this.upstream;
    this.reset();
    try { ws?.close(1000, 'no viewers'); } catch { /* already gone */ }
  }
}


