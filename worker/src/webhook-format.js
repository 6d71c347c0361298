// What each webhook format posts for one announcement (docs/notifications.md "Formats"), and the
// signatures Feishu and DingTalk ask of signed bots. Pure apart from WebCrypto's HMAC: no I/O.
// An announcement holds only the job's cluster, id, name, states, times, error type and link,
// never its entrypoint, metadata or environment, which can carry secrets.

/** The `json` format's body: exactly these fields (docs/notifications.md). */
export const announcementFields = (a) => ({
  cluster: a.cluster,
  id: a.id,
  name: a.name,
  status: a.status,
  previousStatus: a.previousStatus,
  startTime: a.startTime,
  endTime: a.endTime,
  errorType: a.errorType,
  url: a.url,
});

const WORDS = { FAILED: 'failed', STOPPED: 'was stopped', SUCCEEDED: 'succeeded', HUNG: 'seems hung (its log stopped growing)' };

/** One line of plain text: what happened, to which job, where. */
export function headline(a) {
  // Job text on one line: a name cannot start a new paragraph, heading or quote.
  const named = (a.name && a.name !== a.id ? `${a.name} (${a.id})` : a.id).replace(/\s+/g, ' ');
  return `Job ${named} on ${a.cluster} ${WORDS[a.status] ?? a.status}`;
}

function details(a) {
  const lines = [];
  if (a.previousStatus) lines.push(`was ${a.previousStatus}`);
  if (a.errorType) lines.push(`error: ${a.errorType}`);
  if (a.startTime && a.endTime && a.endTime >= a.startTime) lines.push(`ran ${duration(a.endTime - a.startTime)}`);
  return lines;
}

/** 3725000 → "1 h 2 min 5 s". */
export function duration(ms) {
  const s = Math.round(ms / 1000);
  const parts = [[Math.floor(s / 3600), 'h'], [Math.floor((s % 3600) / 60), 'min'], [s % 60, 's']].filter(([n]) => n > 0);
  return parts.length ? parts.map(([n, u]) => `${n} ${u}`).join(' ') : '0 s';
}

/**
 * Job text in DingTalk's and WeCom's markdown, which decode no escapes: brackets and angle
 * brackets (links, HTML, mentions) become look-alikes, line breaks (headings, quotes) spaces.
 */
const MARKUP = { '[': '［', ']': '］', '<': '‹', '>': '›', '`': 'ˋ' };
const plain = (text) => String(text).replace(/[[\]<>`]/g, (c) => MARKUP[c]).replace(/\s+/g, ' ');
const slackEscape = (text) => String(text).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

async function hmacBase64(key, message) {
  const k = await crypto.subtle.importKey('raw', new TextEncoder().encode(key), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', k, new TextEncoder().encode(message)));
  return btoa(String.fromCharCode(...mac));
}

/**
 * Feishu's custom bot: the key is `timestamp + "\n" + secret` (timestamp in seconds) and the
 * message signed is empty; base64 of the HMAC-SHA256 (docs/notifications.md "Feishu").
 */
export const feishuSign = (timestampSeconds, secret) => hmacBase64(`${timestampSeconds}\n${secret}`, '');

/**
 * DingTalk's custom robot: HMAC-SHA256 under the secret of `timestamp + "\n" + secret`
 * (timestamp in milliseconds), base64 (docs/notifications.md "DingTalk"); the caller URL-encodes it.
 */
export const dingtalkSign = (timestampMs, secret) => hmacBase64(secret, `${timestampMs}\n${secret}`);

/**
 * The request for announcement `a` under `rule` at `nowMs`: `{url, body}` (body a JSON string).
 * The URL is the rule's webhook, plus DingTalk's `timestamp` and `sign` when signed.
 */
export async function webhookRequest(rule, a, nowMs) {
  const title = headline(a);
  const more = details(a);
  let url = rule.webhook;
  let body;
  switch (rule.format) {
    case 'json':
      body = announcementFields(a);
      break;
    case 'slack':
      body = {
        text: `${slackEscape(title)}${more.length ? ` — ${slackEscape(more.join(', '))}` : ''}\n<${a.url}|Open in jobglass>`,
      };
      break;
    case 'feishu': {
      body = { msg_type: 'text', content: { text: `${title}${more.length ? `\n${more.join(', ')}` : ''}\n${a.url}` } };
      if (rule.signSecret) {
        const timestamp = String(Math.floor(nowMs / 1000));
        body = { timestamp, sign: await feishuSign(timestamp, rule.signSecret), ...body };
      }
      break;
    }
    case 'dingtalk': {
      // DingTalk's robots can require a keyword in the text: "jobglass" is in every title.
      body = {
        msgtype: 'markdown',
        markdown: { title: `jobglass: ${a.status} ${a.id}`.slice(0, 64), text: `#### jobglass: ${plain(title)}\n\n${more.map((l) => `- ${plain(l)}`).join('\n')}\n\n[Open in jobglass](${a.url})` },
      };
      if (rule.signSecret) {
        const timestamp = String(nowMs);
        const u = new URL(url);
        u.searchParams.set('timestamp', timestamp);
        u.searchParams.set('sign', await dingtalkSign(timestamp, rule.signSecret));
        url = u.href;
      }
      break;
    }
    case 'wecom':
      body = {
        msgtype: 'markdown',
        markdown: { content: `**jobglass: ${plain(title)}**\n${more.map((l) => `> ${plain(l)}`).join('\n')}\n[Open in jobglass](${a.url})` },
      };
      break;
    default:
      throw new Error(`no such webhook format: ${rule.format}`);
  }
  return { url, body: JSON.stringify(body) };
}
