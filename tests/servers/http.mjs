// Small response helpers shared by the server doubles.

/** CORS headers on every answer: tests run the browser from another origin. */
export function cors(res, enabled = true) {
  if (!enabled) return;
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', 'X-Request-Id, Retry-After');
}

export function preflight(req, res) {
  res.writeHead(204, {
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Allow-Methods': 'GET, POST, DELETE, OPTIONS',
    // `*` does not cover Authorization, so the requested list is echoed too.
    'Access-Control-Allow-Headers': ['*', req.headers['access-control-request-headers']].filter(Boolean).join(', '),
    'Access-Control-Max-Age': '600',
  });
  res.end();
}

export function send(res, status, body, type = 'application/json; charset=utf-8', headers = {}) {
  const bytes = Buffer.from(body);
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': bytes.length, ...headers });
  res.end(bytes);
}

export const json = (res, status, value, headers) => send(res, status, JSON.stringify(value), undefined, headers);
export const text = (res, status, body) => send(res, status, body, 'text/plain; charset=utf-8');

export async function readBody(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return Buffer.concat(chunks).toString('utf8');
}

export const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
