// Huawei Cloud SDK-HMAC-SHA256, recomputed independently with node:crypto from the
// description in huaweicloudsdkcore's signer.py, to check the signatures jobglass sends.
import { createHash, createHmac } from 'node:crypto';

const quote = (s) =>
  Array.from(Buffer.from(s, 'utf8'))
    .map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : '%' + b.toString(16).toUpperCase().padStart(2, '0')))
    .join('');
const unquote = (s) => { try { return decodeURIComponent(s); } catch { return s; } };
const sha256 = (data) => createHash('sha256').update(data).digest('hex');

/** The signature the request should carry, given the header names it claims to have signed. */
export function expectedSignature({ method, path, query, headers, body }, signedNames, sk, date) {
  let uri = unquote(path).split('/').map(quote).join('/');
  if (!uri.endsWith('/')) uri += '/';
  const pairs = query
    .split('&')
    .filter(Boolean)
    .map((p) => { const i = p.indexOf('='); return i < 0 ? [unquote(p), ''] : [unquote(p.slice(0, i)), unquote(p.slice(i + 1))]; })
    .sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0));
  const canonicalQuery = pairs.map(([k, v]) => `${quote(k)}=${quote(v)}`).join('&');
  const canonicalHeaders = signedNames.map((n) => `${n}:${String(headers[n] ?? '').trim()}\n`).join('');
  const canonical = [method.toUpperCase(), uri, canonicalQuery, canonicalHeaders, signedNames.join(';'), body ? sha256(body) : sha256('')].join('\n');
  const toSign = `SDK-HMAC-SHA256\n${date}\n${sha256(canonical)}`;
  return createHmac('sha256', sk).update(toSign).digest('hex');
}

/** Whether `req` carries a valid signature by `ak`/`sk`; never throws. */
export function verify(req, url, body, keys) {
  const auth = req.headers.authorization || '';
  const m = /^SDK-HMAC-SHA256 Access=([^,]+), SignedHeaders=([^,]+), Signature=([0-9a-f]{64})$/.exec(auth);
  if (!m || keys[m[1]] === undefined) return false;
  const signed = m[2].split(';');
  if (!signed.includes('host') || !signed.includes('x-sdk-date')) return false;
  const expected = expectedSignature(
    { method: req.method, path: url.pathname, query: url.search.slice(1), headers: req.headers, body },
    signed, keys[m[1]], req.headers['x-sdk-date'],
  );
  return expected === m[3];
}
