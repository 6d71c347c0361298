// The fetch the Node entry sends jobglass's requests with: node:http and node:https, which send the
// headers given and nothing else. Node's global fetch adds `Sec-Fetch-Mode: cors`, and Ray's
// dashboard refuses every method but GET from anything that looks like a browser, so through it
// stopJob and deleteJob always failed with 405 (docs/api.md §10).
//
// It has the global fetch's signature and answers as fetch does: a real Response whose body
// streams as it arrives (backpressure reaches the socket), the signal aborting the request or the
// body being read with the signal's reason, gzip/deflate/br bodies decoded, redirects followed.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { Readable, pipeline } from 'node:stream';
import { constants, createBrotliDecompress, createGunzip, createInflate } from 'node:zlib';

const MAX_REDIRECTS = 20;
const REDIRECT = new Set([301, 302, 303, 307, 308]);
// Answers that have no body, whatever the server sends.
const NULL_BODY = new Set([101, 103, 204, 205, 304]);
// Headers that carry credentials (docs/api.md §7): not sent on to another origin by a redirect.
const CREDENTIAL = /token|auth|secret|key|password|signature|cookie/i;
const BODY_HEADERS = ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location'];

const failed = (cause) => new TypeError(`fetch failed: ${cause?.message ?? cause}`, { cause });

/** The request body as bytes (or null), as fetch takes it. */
async function bytesOf(body, headers) {
  if (body === undefined || body === null) return null;
  if (typeof body === 'string') return Buffer.from(body);
  if (body instanceof ArrayBuffer) return Buffer.from(body);
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  if (body instanceof URLSearchParams) {
    if (!headers.has('content-type')) headers.set('content-type', 'application/x-www-form-urlencoded;charset=UTF-8');
    return Buffer.from(body.toString());
  }
  if (typeof Blob !== 'undefined' && body instanceof Blob) {
    if (body.type && !headers.has('content-type')) headers.set('content-type', body.type);
    return Buffer.from(await body.arrayBuffer());
  }
  if (typeof body.getReader === 'function') return Buffer.from(await new Response(body).arrayBuffer());
  return Buffer.from(String(body));
}

/**
 * `fetch(input, init)` over node:http/node:https.
 * @param {string | URL | Request} input
 * @param {RequestInit} [init]
 * @returns {Promise<Response>}
 */
export async function nodeFetch(input, init = {}) {
  init ??= {};
  const request = typeof Request !== 'undefined' && input instanceof Request ? input : null;
  let url = new URL(request ? request.url : String(input));
  let method = (init.method ?? request?.method ?? 'GET').toUpperCase();
  const headers = new Headers(init.headers ?? request?.headers ?? undefined);
  const signal = init.signal ?? request?.signal ?? null;
  let body = init.body !== undefined ? await bytesOf(init.body, headers)
    : request?.body ? Buffer.from(await request.arrayBuffer()) : null;
  if (body && (method === 'GET' || method === 'HEAD')) {
    throw new TypeError('Request with GET/HEAD method cannot have body.');
  }
  const redirect = init.redirect ?? request?.redirect ?? 'follow';
  if (!headers.has('accept')) headers.set('accept', '*/*');
  if (!headers.has('accept-encoding')) headers.set('accept-encoding', 'gzip, deflate, br');
  if (!headers.has('user-agent')) headers.set('user-agent', 'jobglass');
  for (let redirects = 0; ; redirects++) {
    if (url.protocol !== 'http:' && url.protocol !== 'https:') {
      throw failed(new Error(`the URL scheme "${url.protocol}" is not supported`));
    }
    const res = await exchange(url, method, headers, body, signal);
    const location = REDIRECT.has(res.statusCode) ? res.headers.location : undefined;
    if (location === undefined || redirect === 'manual') return response(res, url, method, signal, redirects > 0);
    res.resume();
    if (redirect === 'error') throw failed(new Error(`redirected to ${location}, and redirect is "error"`));
    if (redirects >= MAX_REDIRECTS) throw failed(new Error('too many redirects'));
    const next = new URL(location, url);
    if ((res.statusCode === 303 && method !== 'HEAD') || ((res.statusCode === 301 || res.statusCode === 302) && method === 'POST')) {
      method = 'GET';
      body = null;
      for (const name of BODY_HEADERS) headers.delete(name);
    }
    if (next.origin !== url.origin) {
      for (const [name] of [...headers]) if (CREDENTIAL.test(name)) headers.delete(name);
    }
    url = next;
  }
}

/** Sends one request; resolves with the response's head, its body not yet read. */
function exchange(url, method, headers, body, signal) {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    const head = {};
    for (const [name, value] of headers) head[name] = value;
    if (body === null && !['GET', 'HEAD', 'OPTIONS', 'TRACE', 'CONNECT', 'DELETE'].includes(method)) {
      head['content-length'] = '0';
    }
    let req;
    try {
      req = send(url, { method, headers: head });
    } catch (e) {
      reject(failed(e));
      return;
    }
    let res = null;
    const onAbort = () => {
      const reason = signal.reason;
      req.destroy(reason);
      res?.destroy(reason);
      reject(reason);
    };
    const release = () => signal?.removeEventListener('abort', onAbort);
    signal?.addEventListener('abort', onAbort, { once: true });
    req.on('error', (e) => {
      release();
      reject(failed(e));
    });
    req.on('response', (r) => {
      res = r;
      // Whoever reads the body sees its errors; one nobody reads must not crash the process.
      r.on('error', () => {});
      // The signal keeps watching until the body has been read, or given up.
      r.on('close', release);
      resolve(r);
    });
    req.end(body ?? undefined);
  });
}

/** The response's head and streamed body as a `Response`. */
function response(res, url, method, signal, redirected) {
  const headers = new Headers();
  const raw = res.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    try {
      headers.append(raw[i], raw[i + 1]);
    } catch {
      // A header fetch could not carry either.
    }
  }
  const status = res.statusCode;
  if (status < 200 || status > 599) {
    res.destroy();
    throw failed(new Error(`the server answered with HTTP status ${status}`));
  }
  let body = null;
  if (method === 'HEAD' || NULL_BODY.has(status)) {
    res.resume();
  } else {
    body = Readable.toWeb(decoded(res));
  }
  let statusText = res.statusMessage ?? '';
  let answer;
  try {
    answer = new Response(body, { status, statusText, headers });
  } catch {
    statusText = '';
    answer = new Response(body, { status, headers });
  }
  Object.defineProperty(answer, 'url', { value: url.href, enumerable: true });
  Object.defineProperty(answer, 'redirected', { value: redirected, enumerable: true });
  // Seen as aborted by fetch too: a signal firing before the body is read errors it.
  if (signal?.aborted) res.destroy(signal.reason);
  return answer;
}

/** The body, decoded as its Content-Encoding says (fetch does the same). */
function decoded(res) {
  const codings = (res.headers['content-encoding'] ?? '').toLowerCase().split(',').map((c) => c.trim()).filter(Boolean);
  // Only one coding is decoded, as browsers do; anything else is passed on as sent.
  if (codings.length !== 1) return res;
  // Lenient at the end, as browsers are: a body cut short gives what it had.
  const lenient = { flush: constants.Z_SYNC_FLUSH, finishFlush: constants.Z_SYNC_FLUSH };
  const decoder = codings[0] === 'gzip' || codings[0] === 'x-gzip' ? createGunzip(lenient)
    : codings[0] === 'deflate' ? createInflate(lenient)
      : codings[0] === 'br' ? createBrotliDecompress({ flush: constants.BROTLI_OPERATION_FLUSH, finishFlush: constants.BROTLI_OPERATION_FLUSH })
        : null;
  if (!decoder) return res;
  return pipeline(res, decoder, () => {});
}

/**
 * The Node entry's default fetch: `nodeFetch` while the global `fetch` is still the runtime's own,
 * and the global one once something has been installed in its place (a test double, a tracing
 * wrapper), so that such a replacement is used as before.
 */
export function defaultFetch() {
  const builtin = globalThis.fetch;
  return (input, init) => (globalThis.fetch === builtin || typeof globalThis.fetch !== 'function'
    ? nodeFetch(input, init)
    : globalThis.fetch(input, init));
}
