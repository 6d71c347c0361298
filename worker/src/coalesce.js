// Many viewers, one upstream (docs/console.md "Many viewers"): GETs of the same upstream URL share
// one request while it is in flight, and its answer is reused for the cluster's cacheSeconds,
// through the Workers Cache API (shared by the isolates of a data centre) and, for bodies small
// enough to hold, in this isolate. The key is the cluster and the upstream URL only: what is
// shared is what the worker itself fetched with the cluster's credentials, the same for every
// viewer; who may see it was decided before (console.js), for each viewer, on each request.
import { Refusal } from './answers.js';
import { fetchUpstream, upstreamUrl } from './forward.js';
import { lookAgain, SHARE_LIMIT, SharedBody } from './shared-body.js';

/** The named cache of upstream answers; its keys live under this path of the console's own host. */
const CACHE_NAME = 'jobglass:upstream';
const KEY_PATH = '/.jobglass-cache/';
/** When the stored copy was fetched (ms since the epoch), so no copy outlives its interval. */
const FETCHED = 'X-Jobglass-Fetched';
/** An error answer's body kept for its interval: Ray's and ModelArts' error bodies are short. */
const ERROR_BODY_MAX = 64 * 1024;

/** key → Entry: the in-flight request of each upstream URL, and answers kept in this isolate. */
const entries = new Map();

/**
 * How long an answer of `route` may be reused: logs grow while they are read, so they are shared
 * only while in flight (CONTRACT-bound: "logs are coalesced while in flight, not kept").
 */
export function keptSeconds(cluster, route) {
  return /(^|\/)logs(\/|$)/.test(route.path) ? 0 : cluster.cacheSeconds;
}

/** Answers that say the upstream is failing: not stored in the shared cache, held here for the interval. */
const isFailure = (status) => status >= 500 || status === 429;

async function openCache() {
  try {
    return globalThis.caches ? await caches.open(CACHE_NAME) : null;
  } catch {
    return null;
  }
}

/** One upstream URL's answer: its head (status, headers) once known, and a body to share. */
class Entry {
  constructor(keepMs) {
    this.keepMs = keepMs;
    this.expires = Infinity; // set once the answer is whole
    this.head = null; // a promise of {status, statusText, headers, body: SharedBody|null, text} or {refusal}
    // Viewers waiting for the head: each gets a place at the body's first byte as it arrives, so
    // none can find it grown past what may be held before its turn to read comes.
    this.waiting = new Set();
    this.result = null; // what `head` resolves with, for viewers that look rather than await
  }

  /** Whether a viewer arriving now may take this answer. */
  usable(now) {
    return now < this.expires;
  }
}

function settle(key, entry, fetched) {
  if (entry.keepMs <= 0) return forget(key, entry);
  entry.expires = fetched + entry.keepMs;
  const wait = entry.expires - Date.now();
  if (wait <= 0) return forget(key, entry);
  // Also checked on each use (`usable`); the timer only frees the memory sooner.
  setTimeout(() => forget(key, entry), wait);
}

function forget(key, entry) {
  entry.expires = -Infinity;
  if (entries.get(key) === entry) entries.delete(key);
}

/** The answer from the cache or the upstream, as held by `entry`. */
async function load(key, entry, cluster, method, url, cacheKey, ctx) {
  const cache = entry.keepMs > 0 && cacheKey ? await openCache() : null;
  let answer = null;
  let fetched = Date.now();
  if (cache) {
    const hit = await cache.match(cacheKey).catch(() => undefined);
    const when = Number(hit?.headers.get(FETCHED));
    if (hit && when > 0 && Date.now() - when < entry.keepMs) {
      answer = hit;
      fetched = when;
    } else {
      await hit?.body?.cancel();
    }
  }
  const fromCache = answer !== null;
  if (!answer) {
    try {
      answer = await fetchUpstream(cluster, method, url);
    } catch (e) {
      if (!(e instanceof Refusal)) throw e;
      // Unreachable or silent: every waiting viewer gets this, and it stands for the interval.
      settle(key, entry, fetched);
      return { refusal: e };
    }
  }
  const headers = new Headers(answer.headers);
  headers.delete(FETCHED);
  headers.set('Cache-Control', 'private, no-store');
  if (isFailure(answer.status)) {
    const text = (await answer.text()).slice(0, ERROR_BODY_MAX);
    headers.delete('content-length');
    settle(key, entry, fetched);
    return { status: answer.status, statusText: answer.statusText, headers, text };
  }
  const body = answer.body ? new SharedBody(answer.body, {
    idleMs: (cluster.timeoutSeconds ?? 30) * 1000,
    onClosed: () => forget(key, entry),
    onSettled: () => (body.complete ? settle(key, entry, fetched) : forget(key, entry)),
  }) : null;
  for (const ticket of entry.waiting) ticket.place = body?.reserve();
  entry.waiting.clear();
  // An answer past what may be held is shared while in flight only: as a reader of the shared body
  // the cache write would set every viewer's pace (docs/console.md "Many viewers").
  const length = Number(answer.headers.get('content-length') ?? NaN);
  if (cache && !fromCache && body && length <= SHARE_LIMIT) {
    const stored = new Headers(headers);
    stored.set('Cache-Control', `max-age=${Math.ceil(entry.keepMs / 1000)}`);
    stored.set(FETCHED, String(fetched));
    const copy = body.stream();
    const put = cache.put(cacheKey, new Response(copy, { status: answer.status, statusText: answer.statusText, headers: stored })).catch(() => {});
    ctx?.waitUntil?.(put);
  }
  const result = { status: answer.status, statusText: answer.statusText, headers, body, text: answer.body ? null : '' };
  if (body) {
    // The fetching request stays alive until the body is read (shared-body.js says why).
    ctx?.waitUntil?.(body.pumped);
  } else {
    settle(key, entry, fetched);
  }
  return result;
}

/**
 * A joining viewer's wait for the answer another request is fetching: it looks at the entry on
 * timers of its own (shared-body.js `lookAgain` says why), and is owed an answer within the
 * cluster's timeout even if the request it joined never gives one.
 */
async function waitFor(entry, ticket, cluster) {
  const seconds = cluster.timeoutSeconds ?? 30;
  if (await lookAgain(() => entry.result !== null, Date.now() + (seconds + 1) * 1000)) return entry.result;
  entry.waiting.delete(ticket);
  return { refusal: new Refusal(504, 'UPSTREAM_TIMEOUT', `the cluster "${cluster.name}" did not answer within ${seconds} s`) };
}

/**
 * The answer to a viewer's GET of a route, shared with everyone asking for the same upstream URL.
 * `origin` is the console's own origin (the Cache API's keys use the Worker's own host name).
 */
export async function sharedRead(cluster, route, params, search, { origin, ctx } = {}) {
  const url = upstreamUrl(cluster, route, params, search);
  const key = `${cluster.name} ${url}`;
  const keepMs = keptSeconds(cluster, route) * 1000;
  const cacheKey = origin ? `${origin}${KEY_PATH}${encodeURIComponent(cluster.name)}/${encodeURIComponent(url)}` : null;
  for (let attempt = 0; ; attempt++) {
    let entry = entries.get(key);
    const ticket = {};
    let answer;
    if (!entry || !entry.usable(Date.now())) {
      entry = new Entry(keepMs);
      entries.set(key, entry);
      entry.waiting.add(ticket);
      entry.head = load(key, entry, cluster, route.method, url, cacheKey, ctx).catch((e) => {
        forget(key, entry);
        console.error(`jobglass console: ${e?.stack ?? e}`);
        return { refusal: new Refusal(502, 'UPSTREAM_FAILED', `the answer of the cluster "${cluster.name}" could not be read`) };
      }).then((result) => { entry.result = result; return result; });
      // Finished for the others even if this viewer goes away; they look (waitFor), it awaits.
      ctx?.waitUntil?.(entry.head);
      answer = await entry.head;
    } else {
      entry.waiting.add(ticket);
      answer = await waitFor(entry, ticket, cluster);
    }
    entry.waiting.delete(ticket);
    if (answer.refusal) throw answer.refusal;
    const init = { status: answer.status, statusText: answer.statusText, headers: new Headers(answer.headers) };
    if (!answer.body) return new Response(answer.text, init);
    const whole = answer.body.whole();
    if (whole) {
      if (ticket.place) answer.body.drop(ticket.place);
      return new Response(whole, init);
    }
    const stream = answer.body.stream(ticket.place ?? undefined);
    if (stream) return new Response(stream, init);
    // Grown past what may be held since it was joined: the next entry (or the cache) serves.
    if (entries.get(key) === entry) forget(key, entry);
    if (attempt >= 2) throw new Refusal(503, 'BUSY', 'the answer is too large to share; try again');
  }
}
