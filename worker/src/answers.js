// The console's own answers: JSON with `{error: {code, message}}` for refusals, never cached,
// and never an upstream URL, header or secret in them (docs/console.md "Security rules").

/** A refusal the worker decides on itself: status, code, our words, extra headers. */
export class Refusal extends Error {
  constructor(status, code, message, headers = {}) {
    super(message);
    Object.assign(this, { status, code, headers });
  }
}

/** Headers every API answer carries: private, not sniffed, not framed, no scripts if opened. */
export const API_HEADERS = {
  'Cache-Control': 'private, no-store',
  'X-Content-Type-Options': 'nosniff',
  'Content-Security-Policy': "default-src 'none'; frame-ancestors 'none'",
  'Referrer-Policy': 'no-referrer',
};

export function json(body, status = 200, headers = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...API_HEADERS, ...headers },
  });
}

export function refused(e) {
  return json({ error: { code: e.code, message: e.message } }, e.status, e.headers);
}
