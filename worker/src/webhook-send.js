// One webhook POST, retried with backoff on 5xx and network errors (docs/notifications.md
// "Delivery"). A webhook answers a machine on the console's network, so its answer is never
// trusted: redirects are not followed (a 3xx is a failure, wherever it points), each attempt has
// a deadline, at most a few KiB of the answer are read, and nothing of the URL or the answer
// reaches a log: the outcome names a status or a platform's error code only.

const ATTEMPTS = 4;
const BACKOFF_MS = 250;
const TIMEOUT_MS = 10000;
const ANSWER_BYTES = 4096;

async function readSome(response) {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const chunks = [];
  let size = 0;
  while (size < ANSWER_BYTES) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    size += value.length;
  }
  reader.cancel().catch(() => {});
  return new TextDecoder().decode(new Uint8Array(chunks.flatMap((c) => [...c])).slice(0, ANSWER_BYTES));
}

/**
 * Feishu, DingTalk and WeCom answer 200 with an error code in the body when they refuse a
 * message (a bad signature, a missing keyword): `code`/`errcode`/`StatusCode` not 0 is a refusal.
 */
export function platformRefusal(text) {
  let body;
  try {
    body = JSON.parse(text);
  } catch {
    return null;
  }
  if (!body || typeof body !== 'object') return null;
  for (const key of ['code', 'errcode', 'StatusCode']) {
    if (typeof body[key] === 'number' && body[key] !== 0) return `${key} ${body[key]}`;
  }
  return null;
}

/**
 * POSTs `body` to `url`: `{ok: true, attempts}` or `{ok: false, attempts, reason}`. `options`
 * (tests, the bench): `attempts`, `backoffMs`, `timeoutMs`.
 */
export async function sendWebhook(url, body, options = {}) {
  const attempts = options.attempts ?? ATTEMPTS;
  const backoffMs = options.backoffMs ?? BACKOFF_MS;
  let reason = 'not sent';
  for (let attempt = 1; attempt <= attempts; attempt++) {
    let retry = false;
    try {
      const response = await fetch(url, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'User-Agent': 'jobglass-console' },
        body,
        redirect: 'manual',
        signal: AbortSignal.timeout(options.timeoutMs ?? TIMEOUT_MS),
      });
      const text = await readSome(response);
      if (response.status >= 200 && response.status < 300) {
        const refusal = platformRefusal(text);
        if (!refusal) return { ok: true, attempts: attempt };
        return { ok: false, attempts: attempt, reason: `refused by the platform (${refusal})` };
      }
      reason = `HTTP ${response.status}`;
      if (response.status >= 300 && response.status < 400) return { ok: false, attempts: attempt, reason: `${reason} (redirects are not followed)` };
      retry = response.status >= 500 || response.status === 429;
    } catch (e) {
      reason = e?.name === 'TimeoutError' ? 'no answer in time' : 'network error';
      retry = true;
    }
    if (!retry || attempt === attempts) return { ok: false, attempts: attempt, reason };
    await new Promise((r) => setTimeout(r, backoffMs * 2 ** (attempt - 1) * (0.75 + Math.random() / 2)));
  }
  return { ok: false, attempts, reason };
}
