// The watch round's settings (docs/notifications.md "Variables"): JOBGLASS_NOTIFY's rules,
// JOBGLASS_WATCH_SECONDS and JOBGLASS_HISTORY_DAYS. Pure: no I/O, so `make demo` runs the same
// check in Node before start-up (worker/check-config.mjs) and the worker before each round.
// Messages name the rule and the key, never a webhook address or a secret's value.
import { ConfigError, jsonArray } from './clusters.js';

export const FORMATS = ['json', 'slack', 'feishu', 'dingtalk', 'wecom'];
export const STATES = ['FAILED', 'STOPPED', 'SUCCEEDED', 'HUNG'];
const RULE_KEYS = new Set(['cluster', 'when', 'match', 'webhook', 'format', 'signSecret', 'hungMinutes']);
const SIGNED = new Set(['feishu', 'dingtalk']);

/** 127.0.0.0/8, ::1 or localhost: the only hosts a webhook may reach over plain http. */
export function loopbackWebhookHost(hostname) {
  const h = hostname.replace(/^\[|\]$/g, '').toLowerCase();
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/**
 * Whether `text` may be a webhook: https, or http to a loopback host (a receiver on the console's
 * own machine; from Cloudflare's network it reaches nothing), with no credentials in it.
 */
export function webhookUrlProblem(text) {
  let url;
  try {
    url = new URL(text);
  } catch {
    return 'is not a URL';
  }
  if (url.username || url.password) return 'must not hold credentials';
  if (url.protocol === 'https:') return null;
  if (url.protocol === 'http:' && loopbackWebhookHost(url.hostname)) return null;
  return 'must be an https URL (plain http only to 127.0.0.1, ::1 or localhost)';
}

/** `secret:NAME` → env[NAME]; a literal otherwise. The message names the secret, never a value. */
function resolve(value, env, where) {
  if (typeof value !== 'string' || value === '') throw new ConfigError(`${where} must be a non-empty string`);
  if (!value.startsWith('secret:')) return value;
  const name = value.slice('secret:'.length);
  const secret = env[name];
  if (typeof secret !== 'string' || secret === '') throw new ConfigError(`${where} names the secret ${name}, which is not set`);
  return secret;
}

/** FNV-1a, 64 bits, hex: a rule's stable name in D1 from its text as configured (no secret values). */
function ruleKey(text) {
  let h = 0xcbf29ce484222325n;
  for (const c of new TextEncoder().encode(text)) h = BigInt.asUintN(64, (h ^ BigInt(c)) * 0x100000001b3n);
  return h.toString(16).padStart(16, '0');
}

function rule(entry, env, clusterNames, where) {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw new ConfigError(`${where} must be an object`);
  const unknown = Object.keys(entry).filter((k) => !RULE_KEYS.has(k));
  if (unknown.length) throw new ConfigError(`${where}: unknown key "${unknown[0]}" (known: ${[...RULE_KEYS].join(', ')})`);
  const cluster = entry.cluster ?? '*';
  if (cluster !== '*' && !clusterNames.includes(cluster)) {
    throw new ConfigError(`${where}: "cluster" must be "*" or a configured cluster (${clusterNames.join(', ')})`);
  }
  if (!Array.isArray(entry.when) || entry.when.length === 0 || entry.when.some((s) => !STATES.includes(s))) {
    throw new ConfigError(`${where}: "when" must be a non-empty array of ${STATES.join(', ')}`);
  }
  if (entry.match !== undefined && (typeof entry.match !== 'string' || entry.match === '')) throw new ConfigError(`${where}: "match" must be a non-empty string`);
  const format = entry.format ?? 'json';
  if (!FORMATS.includes(format)) throw new ConfigError(`${where}: "format" must be one of ${FORMATS.join(', ')}`);
  const webhook = resolve(entry.webhook, env, `${where} "webhook"`);
  const problem = webhookUrlProblem(webhook);
  // The address may itself be a secret (Slack's and WeCom's carry their key): never echoed.
  if (problem) throw new ConfigError(`${where}: "webhook" ${problem}`);
  let signSecret = null;
  if (entry.signSecret !== undefined) {
    if (!SIGNED.has(format)) throw new ConfigError(`${where}: "signSecret" is for the feishu and dingtalk formats only`);
    signSecret = resolve(entry.signSecret, env, `${where} "signSecret"`);
  }
  const hungMinutes = entry.hungMinutes ?? 30;
  if (typeof hungMinutes !== 'number' || !(hungMinutes > 0) || hungMinutes > 10080) {
    throw new ConfigError(`${where}: "hungMinutes" must be a number of minutes above 0, at most 10080 (a week)`);
  }
  return {
    key: ruleKey(JSON.stringify(entry)),
    label: where,
    cluster,
    when: new Set(entry.when),
    match: entry.match?.toLowerCase() ?? null,
    webhook,
    format,
    signSecret,
    hungMinutes,
  };
}

function wholeNumber(env, name, fallback, min, max) {
  const text = env[name];
  if (text === undefined || text === '') return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min || n > max) throw new ConfigError(`${name} must be a whole number from ${min} to ${max}`);
  return n;
}

/**
 * The round's settings: `{rules, watchSeconds, historyDays, origin}`. `clusterNames` are the
 * configured clusters (readClusters). Throws ConfigError for the first bad setting.
 */
export function readWatchConfig(env, clusterNames) {
  const watchSeconds = wholeNumber(env, 'JOBGLASS_WATCH_SECONDS', 60, 1, 86400);
  const historyDays = wholeNumber(env, 'JOBGLASS_HISTORY_DAYS', 30, 0, 3650);
  const rules = jsonArray(env, 'JOBGLASS_NOTIFY', 'rules').map((entry, i) => rule(entry, env, clusterNames, `JOBGLASS_NOTIFY[${i}]`));
  // Messages link to the job in the console, and the worker of a Cron Trigger has no request to
  // learn its own address from.
  if (rules.length && !env.JOBGLASS_ORIGIN) throw new ConfigError('JOBGLASS_NOTIFY needs JOBGLASS_ORIGIN, the console\'s address that messages link to');
  return { rules, watchSeconds, historyDays, origin: env.JOBGLASS_ORIGIN ? new URL(env.JOBGLASS_ORIGIN).origin : null };
}
