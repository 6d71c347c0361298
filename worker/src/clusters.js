// The clusters the console serves, read from the environment (docs/console.md "Variables"):
// JOBGLASS_CLUSTERS (a JSON array), JOBGLASS_UPSTREAM (cluster `local`), JOBGLASS_MODELARTS_UPSTREAM
// (cluster `modelarts`), else the embedded `samples` cluster. Pure: no I/O, so `make demo` runs the
// same check in Node before start-up (worker/check-config.mjs) and the worker on each isolate.

export const KINDS = ['ray', 'openyuanrong', 'modelarts'];
const NAME = /^[a-z0-9-]{1,40}$/;
const PROJECT = /^[A-Za-z0-9-]{1,64}$/;
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const ENTRY_KEYS = new Set(['name', 'kind', 'url', 'project', 'headers', 'cacheSeconds', 'coalesce', 'timeoutSeconds', 'ak', 'sk']);

/** A configuration the console cannot start with; the message names the entry and what is wrong. */
export class ConfigError extends Error {
  constructor(message) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** `secret:NAME` → the value of env[NAME]; the message names the secret, never a value. */
function resolve(value, env, where) {
  if (typeof value !== 'string') throw new ConfigError(`${where} must be a string`);
  if (!value.startsWith('secret:')) return value;
  const name = value.slice('secret:'.length);
  const secret = env[name];
  if (typeof secret !== 'string' || secret === '') throw new ConfigError(`${where} names the secret ${name}, which is not set`);
  return secret;
}

/** An absolute http(s) URL without credentials, query or fragment, with no trailing slash. */
function upstreamUrl(text, where) {
  if (typeof text !== 'string') throw new ConfigError(`${where}: "url" must be a string`);
  let url;
  try {
    url = new URL(text);
  } catch {
    throw new ConfigError(`${where}: "url" is not a URL`);
  }
  if (!/^https?:$/.test(url.protocol) || url.username || url.password || url.search || url.hash) {
    throw new ConfigError(`${where}: "url" must be an http or https URL without credentials, query or fragment`);
  }
  return url.href.replace(/\/+$/, '');
}

/** One entry of JOBGLASS_CLUSTERS, checked and with its secrets resolved. */
function cluster(entry, env, where) {
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw new ConfigError(`${where} must be an object`);
  const label = typeof entry.name === 'string' ? `${where} ("${entry.name}")` : where;
  const unknown = Object.keys(entry).filter((k) => !ENTRY_KEYS.has(k));
  if (unknown.length) throw new ConfigError(`${label}: unknown key "${unknown[0]}" (known: ${[...ENTRY_KEYS].join(', ')})`);
  if (typeof entry.name !== 'string' || !NAME.test(entry.name)) throw new ConfigError(`${label}: "name" must match [a-z0-9-]{1,40}`);
  if (!KINDS.includes(entry.kind)) throw new ConfigError(`${label}: "kind" must be one of ${KINDS.join(', ')}`);
  const url = upstreamUrl(entry.url, label);
  const headers = {};
  if (entry.headers !== undefined) {
    if (!entry.headers || typeof entry.headers !== 'object' || Array.isArray(entry.headers)) throw new ConfigError(`${label}: "headers" must be an object`);
    for (const [name, value] of Object.entries(entry.headers)) {
      if (!HEADER_NAME.test(name)) throw new ConfigError(`${label}: "${name}" is not a header name`);
      headers[name] = resolve(value, env, `${label} header ${name}`);
    }
  }
  const cacheSeconds = entry.cacheSeconds ?? 2;
  if (!Number.isInteger(cacheSeconds) || cacheSeconds < 0 || cacheSeconds > 3600) throw new ConfigError(`${label}: "cacheSeconds" must be a whole number from 0 to 3600`);
  // Off only to measure what sharing saves (docs/console.md "Many viewers"): each viewer's read
  // and log tail then reaches the upstream on its own.
  const coalesce = entry.coalesce ?? true;
  if (typeof coalesce !== 'boolean') throw new ConfigError(`${label}: "coalesce" must be true or false`);
  const timeoutSeconds = entry.timeoutSeconds ?? 30;
  if (!Number.isInteger(timeoutSeconds) || timeoutSeconds < 1 || timeoutSeconds > 600) throw new ConfigError(`${label}: "timeoutSeconds" must be a whole number from 1 to 600`);
  const result = { name: entry.name, kind: entry.kind, url, headers, cacheSeconds, coalesce, timeoutSeconds };
  if (entry.kind === 'modelarts') {
    if (typeof entry.project !== 'string' || !PROJECT.test(entry.project)) throw new ConfigError(`${label}: "project" must match [A-Za-z0-9-]{1,64}`);
    result.project = entry.project;
    const ak = entry.ak === undefined ? env.HUAWEICLOUD_SDK_AK : resolve(entry.ak, env, `${label} "ak"`);
    const sk = entry.sk === undefined ? env.HUAWEICLOUD_SDK_SK : resolve(entry.sk, env, `${label} "sk"`);
    if (ak && sk) result.keys = { accessKey: ak, secretKey: sk, projectId: entry.project };
    else if (!Object.keys(headers).some((h) => h.toLowerCase() === 'x-auth-token')) {
      throw new ConfigError(`${label}: a ModelArts cluster needs keys (HUAWEICLOUD_SDK_AK and HUAWEICLOUD_SDK_SK, or "ak" and "sk") or an X-Auth-Token header`);
    }
  } else if (entry.project !== undefined || entry.ak !== undefined || entry.sk !== undefined) {
    throw new ConfigError(`${label}: "project", "ak" and "sk" are for kind modelarts only`);
  }
  return result;
}

/**
 * The JSON array in env var `name` (text, or already parsed as wrangler may give it), `[]` when
 * unset or empty; ConfigError naming the variable when it is not JSON or not an array of `what`.
 */
export function jsonArray(env, name, what) {
  const text = env[name];
  if (text === undefined || text === '') return [];
  let entries;
  try {
    entries = typeof text === 'string' ? JSON.parse(text) : text;
  } catch (e) {
    throw new ConfigError(`${name} is not JSON (${e.message})`);
  }
  if (!Array.isArray(entries)) throw new ConfigError(`${name} must be a JSON array of ${what}`);
  return entries;
}

/**
 * The configured clusters in order, as a Map by name; `samples` (kind `samples`) when none is
 * configured. Throws ConfigError for the first bad entry.
 */
export function readClusters(env) {
  const list = jsonArray(env, 'JOBGLASS_CLUSTERS', 'clusters').map((entry, i) => cluster(entry, env, `JOBGLASS_CLUSTERS[${i}]`));
  if (env.JOBGLASS_UPSTREAM) {
    // The library tells openYuanrong from Ray by the answer; Ray's routes are the wider set.
    list.push(cluster({ name: 'local', kind: 'ray', url: env.JOBGLASS_UPSTREAM }, env, 'JOBGLASS_UPSTREAM'));
  }
  if (env.JOBGLASS_MODELARTS_UPSTREAM) {
    const project = env.HUAWEICLOUD_SDK_PROJECT_ID;
    if (!project) throw new ConfigError('JOBGLASS_MODELARTS_UPSTREAM needs HUAWEICLOUD_SDK_PROJECT_ID, the project its cluster serves');
    list.push(cluster({ name: 'modelarts', kind: 'modelarts', url: env.JOBGLASS_MODELARTS_UPSTREAM, project }, env, 'JOBGLASS_MODELARTS_UPSTREAM'));
  }
  const byName = new Map();
  for (const c of list) {
    if (byName.has(c.name)) throw new ConfigError(`the cluster name "${c.name}" is used twice (JOBGLASS_UPSTREAM is "local", JOBGLASS_MODELARTS_UPSTREAM "modelarts")`);
    byName.set(c.name, c);
  }
  if (byName.size === 0) byName.set('samples', { name: 'samples', kind: 'samples', headers: {}, cacheSeconds: 0 });
  return byName;
}

/** What `GET /api/clusters` says of a cluster: never a URL, header or secret. The samples answer as Ray does. */
/**
 * What a viewer may know of a cluster: its name and kind, and for ModelArts the project, which the
 * page needs to build `/c/NAME/v1/{project}/…` (it is in every such URL anyway); never a URL, a
 * header or a secret.
 */
export const publicView = (c) => (c.kind === 'modelarts'
  ? { name: c.name, kind: c.kind, project: c.project }
  : { name: c.name, kind: c.kind === 'samples' ? 'ray' : c.kind });
