// The job list's Web Worker: it fetches and parses the whole list with jobglass's wasm, keeps the
// rows, and answers the page's filter, search, sort and row-window questions, so the page's
// main thread never holds or walks 100,000 jobs (docs/page.md, "The jobs list").
import { jobRow, devServerRow, query, STATUS_CODE } from './rows.js';
import { asPixels, HISTOGRAM_ABOVE, histogram, rasterPixels, span } from './raster.js';

// Registered before the module's wasm settles (docs/runtimes.md: web workers).
const jobglass = import('jobglass');
const queue = [];
let busy = false;
self.onmessage = (event) => { queue.push(event.data); pump(); };

/**
 * A list body above jobglass's default 16 MiB is normal here: 100,000 Ray jobs are about 57 MB.
 * 128 MiB holds about 220,000 of them (docs/page.md, "The jobs list", says what more needs).
 */
export const LIST_MAX_BODY_BYTES = 128 * 1024 * 1024;
const TIMEOUT_MS = 120000;

let state = null; // { request, engine, rows, byId, query, order }

async function pump() {
  if (busy) return;
  busy = true;
  while (queue.length) {
    const message = queue.shift();
    try {
      await handle(message);
    } catch (e) {
      self.postMessage({ type: 'error', seq: message.seq, during: message.type, error: plainError(e) });
    }
  }
  busy = false;
}

/** A JobglassError as plain data: structured cloning keeps only an Error's name and message. */
function plainError(e) {
  const out = { message: String(e?.message ?? e) };
  for (const k of ['code', 'status', 'serverCode', 'serverMessage', 'requestId', 'url', 'attempts']) {
    if (e?.[k] !== undefined && e?.[k] !== null) out[k] = e[k];
  }
  // The worker ran out of memory holding the list (a RangeError from an array or string too long).
  if (!out.code && (e instanceof RangeError || /out of memory/i.test(out.message))) out.code = 'TOO_LARGE';
  if (!out.code) out.code = 'UNKNOWN';
  return out;
}

async function handle(m) {
  if (m.type === 'load') {
    // Rows of several parts (the console's clusters) are read as jobs; a single part as its own source.
    const { parts } = m.request;
    state = { request: m.request, source: parts.length === 1 ? parts[0].source : 'job', engine: m.engine ?? 'wasm', rows: [], byId: new Map(), query: m.query, order: [], cache: {} };
    const fetched = await fetchAll(state);
    state.rows = fetched.rows;
    state.failed = fetched.failed;
    state.byId = new Map(fetched.rows.map((r) => [r.key ?? r.id, r]));
    post(m, 'load', fetched, []);
  } else if (m.type === 'refresh') {
    if (!state) return;
    const fetched = await fetchAll(state);
    // Changed: a job that is new, or whose status, end, exit code or error differ.
    const changed = [];
    // Ended: a job seen before, not terminal then, terminal now (a watched view's bell, notify.js).
    const ended = [];
    for (const r of fetched.rows) {
      const key = r.key ?? r.id;
      const old = state.byId.get(key);
      if (!old || old.sig !== r.sig) changed.push(key);
      if (old && !old.terminal && r.terminal) ended.push(key);
    }
    state.rows = fetched.rows;
    state.failed = fetched.failed;
    state.byId = new Map(fetched.rows.map((r) => [r.key ?? r.id, r]));
    post(m, 'refresh', fetched, changed, ended);
  } else if (m.type === 'query') {
    if (!state) return;
    state.query = m.query;
    post(m, 'query', null, []);
  } else if (m.type === 'rows') {
    if (!state) return;
    self.postMessage({ type: 'rows', seq: m.seq, view: m.view, from: m.from, rows: rowsIn(m.from, m.to) });
  }
}

function rowsIn(from, to) {
  const out = [];
  const { order, rows } = state;
  for (let i = Math.max(0, from); i < Math.min(to, order.length); i++) {
    const { hay, sig, idKey, nameKey, entryKey, errorKey, ...shown } = rows[order[i]];
    out.push(shown);
  }
  return out;
}

/** Recomputes the shown rows and sends the page what it draws: counts, the timeline, a window. */
function post(m, reason, fetched, changed, ended = []) {
  const t0 = performance.now();
  const { order, unranged, counts, clusterCounts } = query(state.rows, state.source, state.query, state.cache);
  state.order = order;
  const n = order.length;
  const start = new Float64Array(n);
  const end = new Float64Array(n);
  const status = new Uint8Array(n);
  const ids = new Array(n);
  for (let k = 0; k < n; k++) {
    const r = state.rows[order[k]];
    start[k] = r.start ?? NaN;
    end[k] = r.end ?? NaN;
    status[k] = STATUS_CODE[r.status] ?? 5;
    ids[k] = r.key ?? r.id;
  }
  // The first visible row before a refresh keeps its place on screen after it.
  // The timeline's picture, when bars share pixel rows, is drawn here rather than on the page.
  let raster = null;
  // Many jobs: counts per time bucket over the whole filtered list (the range only narrows the
  // rows), drawn by the page as one rectangle per bucket and series.
  let hist = null;
  if (unranged.length > HISTOGRAM_ABOVE) {
    const u = unranged.length;
    const all = { start: new Float64Array(u), end: new Float64Array(u), status: new Uint8Array(u) };
    for (let k = 0; k < u; k++) {
      const r = state.rows[unranged[k]];
      all.start[k] = r.start ?? NaN;
      all.end[k] = r.end ?? NaN;
      all.status[k] = STATUS_CODE[r.status] ?? 5;
    }
    hist = histogram(all, Date.now());
  } else if (m.raster && asPixels(n)) {
    const now = Date.now();
    raster = rasterPixels({ start, end, status }, { ...span({ start, end, status }, now), ...m.raster, now });
  }
  const anchorIndex = m.anchor !== undefined && m.anchor !== null ? ids.indexOf(m.anchor) : -1;
  let { from = 0, to = 60 } = m.window ?? {};
  if (anchorIndex >= 0) { const span = to - from; from = Math.max(0, anchorIndex - (m.anchorOffset ?? 0) - 10); to = from + span + 10; }
  self.postMessage({
    type: 'view', seq: m.seq, view: m.view, reason,
    total: state.rows.length, shown: n, counts, clusterCounts, changed, ended, anchorIndex,
    failedParts: fetched?.failed ?? state.failed ?? [],
    ids: ids.join('\n'), start, end, status, raster, histogram: hist,
    rows: { from, list: rowsIn(from, to) },
    fetched: fetched && { at: Date.now(), ...fetched.timing, pages: fetched.pages },
    queryMs: performance.now() - t0,
  }, [start.buffer, end.buffer, status.buffer, ...(raster ? [raster.px.buffer] : [])]);
}

// ---- fetching ----

const absolute = (endpoint) => new URL(endpoint, self.location.href).href.replace(/\/+$/, '');

/** When the last byte of the newest response for `part` arrived, in epoch ms (resource timing). */
function lastByte(part) {
  const entries = performance.getEntriesByType('resource').filter((e) => e.name.includes(part));
  performance.clearResourceTimings();
  const last = entries.at(-1);
  return last ? performance.timeOrigin + last.responseEnd : null;
}

/**
 * Every part's rows. One part is the list of one server; several (the console's every-cluster
 * list) are read at the same time, each row marked with its cluster and keyed `cluster/id`. A
 * cluster that cannot be read leaves the others' rows shown (`failed` says which); only when
 * every one fails does the list fail.
 */
async function fetchAll(s) {
  const fetched = await fetchLists(s);
  if (s.request.history) await addHistory(s, fetched);
  return fetched;
}

/**
 * The console's remembered jobs of the listed cluster(s) that the lists no longer hold, marked
 * `history` (docs/notifications.md "History"). History that cannot be read leaves the list as is.
 */
async function addHistory(s, fetched) {
  const { parseDevServerJob, parseJob } = await jobglass;
  let entries;
  try {
    const res = await fetch(`/api/history?cluster=${encodeURIComponent(s.request.history)}`, { headers: { Accept: 'application/json' }, cache: 'no-store' });
    if (!res.ok) return;
    entries = await res.json();
  } catch {
    return;
  }
  const several = s.request.parts.length > 1;
  const sourceOf = new Map(s.request.parts.map((p) => [p.cluster, p.source]));
  const listed = new Set(fetched.rows.map((r) => r.key ?? r.id));
  for (const e of entries) {
    if (!sourceOf.has(e.cluster)) continue;
    const key = several ? `${e.cluster}/${e.id}` : e.id;
    if (listed.has(key)) continue;
    let r;
    try {
      r = sourceOf.get(e.cluster) === 'devserver' ? devServerRow(parseDevServerJob(e.job)) : jobRow(parseJob(e.job));
    } catch {
      continue;
    }
    r.history = true;
    r.cluster = e.cluster;
    r.sig += '|history';
    if (several) { r.key = key; r.hay += `\n${e.cluster}`; }
    fetched.rows.push(r);
  }
}

async function fetchLists(s) {
  const { parts } = s.request;
  if (parts.length === 1) {
    const one = await fetchPart(s, parts[0]);
    if (parts[0].cluster) for (const r of one.rows) r.cluster = parts[0].cluster;
    return one;
  }
  const t0 = performance.now();
  const answers = await Promise.allSettled(parts.map((p) => fetchPart(s, p)));
  const rows = [];
  const failed = [];
  let pages = 0;
  let responseEnd = null;
  answers.forEach((a, k) => {
    const { cluster } = parts[k];
    if (a.status === 'rejected') { failed.push({ cluster, error: plainError(a.reason) }); return; }
    pages += a.value.pages;
    responseEnd = Math.max(responseEnd ?? 0, a.value.timing.responseEnd ?? 0) || responseEnd;
    for (const r of a.value.rows) {
      r.cluster = cluster;
      r.key = `${cluster}/${r.id}`;
      r.hay += `\n${cluster}`;
      rows.push(r);
    }
  });
  if (failed.length === parts.length && parts.length) throw Object.assign(new Error(failed[0].error.message), failed[0].error);
  return { rows, pages, failed, timing: { responseEnd, doneAt: performance.timeOrigin + performance.now(), fetchMs: performance.now() - t0 } };
}

async function fetchPart(s, request) {
  const endpoint = absolute(request.endpoint);
  const t0 = performance.now();
  if (request.source === 'devserver') {
    const { jobs, pages } = await fetchDevServerPages(endpoint, request);
    const responseEnd = lastByte('/dev-servers/jobs');
    const rows = jobs.map(devServerRow);
    return { rows, pages, timing: { responseEnd, doneAt: performance.timeOrigin + performance.now(), fetchMs: performance.now() - t0 } };
  }
  let jobs;
  if (s.engine === 'js') {
    // The comparison `make bench` prints: JSON.parse plus a hand-written normalizer.
    const { normalizeJobList } = await import('../../../bench/normalize.mjs');
    let res = await fetch(`${endpoint}/api/jobs/`, { headers: request.headers });
    if (res.status === 404) res = await fetch(`${endpoint}/api/jobs`, { headers: request.headers });
    if (!res.ok) throw Object.assign(new Error(`HTTP ${res.status}`), { code: res.status === 404 ? 'NOT_FOUND' : 'SERVER_ERROR', status: res.status });
    jobs = normalizeJobList(JSON.parse(await res.text()));
  } else {
    const { listJobs } = await jobglass;
    jobs = await listJobs(endpoint, { headers: request.headers, maxBodyBytes: LIST_MAX_BODY_BYTES, timeoutMs: TIMEOUT_MS });
  }
  const responseEnd = lastByte('/api/jobs');
  const rows = new Array(jobs.length);
  for (let i = 0; i < jobs.length; i++) rows[i] = jobRow(jobs[i]);
  return { rows, pages: 1, timing: { responseEnd, doneAt: performance.timeOrigin + performance.now(), fetchMs: performance.now() - t0 } };
}

// ---- ModelArts: every page ----

const PAGE_CONCURRENCY = 4;

/** One list page; `limit`/`offset` are left out of the first request so the server picks its size. */
async function devServerPage(endpoint, request, paging) {
  const { listDevServerJobs } = await jobglass;
  return listDevServerJobs(endpoint, request.project, {
    authToken: request.token || undefined, timeoutMs: TIMEOUT_MS, ...(paging ? { filter: paging } : {}),
  });
}

/**
 * Follows the server's pages until it has them all: the first page says `size` and `total`; the
 * rest are asked for as `limit=size&offset=k·size` (the paging keys of ModelArts' other lists, as
 * the SDK's ListDevServerJobsRequest names none; docs/page.md, "The jobs list"), a few at a time, and
 * merged in page order. A page that repeats jobs already seen ends the walk, so a server that
 * ignores the keys is read once, not forever.
 */
async function fetchDevServerPages(endpoint, request) {
  const first = await devServerPage(endpoint, request, null);
  const jobs = [...first.jobs];
  const seen = new Set(jobs.map((j) => j.id));
  const size = first.size || first.jobs.length;
  const total = first.total ?? jobs.length;
  let pages = 1;
  let offset = jobs.length;
  let stalled = false;
  while (!stalled && size > 0 && offset < total) {
    const batch = [];
    for (let k = 0; k < PAGE_CONCURRENCY && offset + k * size < total; k++) {
      batch.push(devServerPage(endpoint, request, { limit: size, offset: offset + k * size }));
    }
    const answers = await Promise.all(batch);
    for (const page of answers) {
      pages++;
      const fresh = page.jobs.filter((j) => !seen.has(j.id));
      if (!fresh.length) { stalled = true; break; }
      for (const j of fresh) { seen.add(j.id); jobs.push(j); }
    }
    offset += batch.length * size;
  }
  return { jobs, pages };
}
