// The whole log as a file, however large (docs/api.md §12, "Truncated logs … offer the full file
// as a download"): Ray's `GET /api/jobs/{id}/logs` answers `{"logs": "…"}` (REFERENCE.md §2), so
// the body is read as a stream, the JSON string decoded piece by piece, and the text saved as
// UTF-8 — never held as one string. Pieces are gathered into Blobs, which the browser may keep
// outside the page's memory.

const ESCAPES = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

/** A streaming decoder of the `logs` string of `{"logs": "…"}`: `push(text)` → decoded text. */
export class LogsBodyDecoder {
  constructor() {
    this.state = 'before'; // before the string, in it, after it
    this.pending = ''; // an escape cut by a piece's end
    this.high = ''; // a high surrogate waiting for its pair
  }

  push(chunk) {
    let s = this.pending + chunk;
    this.pending = '';
    let out = '';
    let i = 0;
    if (this.state === 'before') {
      const m = /^\s*\{\s*"logs"\s*:\s*"/.exec(s);
      if (!m) {
        // Only the start of `{"logs": "` so far: wait for more.
        if (s.length < 64 && /^[\s{"logs:]*$/.test(s)) { this.pending = s; return ''; }
        throw new Error('the answer is not {"logs": "…"}');
      }
      i = m[0].length;
      this.state = 'in';
    }
    if (this.state !== 'in') return '';
    while (i < s.length) {
      const q = s.indexOf('"', i);
      const b = s.indexOf('\\', i);
      const stop = q === -1 ? b : b === -1 ? q : Math.min(q, b);
      if (stop === -1) { out += s.slice(i); i = s.length; break; }
      out += s.slice(i, stop);
      if (stop === q) { this.state = 'after'; i = s.length; break; }
      const kind = s[stop + 1];
      if (kind === undefined) { this.pending = s.slice(stop); i = s.length; break; }
      if (kind === 'u') {
        if (stop + 6 > s.length) { this.pending = s.slice(stop); i = s.length; break; }
        out += String.fromCharCode(parseInt(s.slice(stop + 2, stop + 6), 16));
        i = stop + 6;
      } else {
        out += ESCAPES[kind] ?? kind;
        i = stop + 2;
      }
    }
    out = this.high + out;
    this.high = '';
    // A surrogate pair split between pieces is kept whole for the next one.
    const last = out.charCodeAt(out.length - 1);
    if (last >= 0xd800 && last <= 0xdbff && this.state === 'in') { this.high = out.slice(-1); out = out.slice(0, -1); }
    return out;
  }

  get done() { return this.state === 'after'; }
}

/**
 * Saves the whole log of `id` from `endpoint` as `<id>.log`; `progress(bytes)` as it arrives.
 * Resolves with the number of bytes saved.
 */
export async function downloadLog(endpoint, id, { headers = {}, progress = () => {}, signal } = {}) {
  const url = `${endpoint.replace(/\/+$/, '')}/api/jobs/${encodeURIComponent(id)}/logs`;
  const res = await fetch(url, { headers, signal });
  if (!res.ok) throw new Error(`the server answered HTTP ${res.status}`);
  const decoder = new LogsBodyDecoder();
  const utf8 = new TextDecoder('utf-8'); // invalid bytes become U+FFFD, as in fetchJobLogs
  const encoder = new TextEncoder(); // lone surrogates become U+FFFD
  const reader = res.body.getReader();
  let blob = new Blob([]);
  let parts = []; let held = 0; let saved = 0;
  for (;;) {
    const { value, done } = await reader.read();
    const text = decoder.push(done ? utf8.decode() : utf8.decode(value, { stream: true }));
    if (text) {
      const bytes = encoder.encode(text);
      parts.push(bytes); held += bytes.length; saved += bytes.length;
      progress(saved);
    }
    if (held > 8 * 1024 * 1024 || done) { blob = new Blob([blob, ...parts]); parts = []; held = 0; }
    if (done) break;
  }
  if (!decoder.done) throw new Error('the log ended early');
  const href = URL.createObjectURL(new Blob([blob], { type: 'text/plain;charset=utf-8' }));
  const a = Object.assign(document.createElement('a'), { href, download: `${id}.log` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(href), 60000);
  return saved;
}
